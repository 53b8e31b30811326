import Columnar

/// What is known about one column over a set of rows (a partition, a file, a row group).
public enum ColumnFacts: Sendable {
    /// Every row holds this value (a partition column).
    case exact(Value)
    /// Bounds and counts from statistics; nil members are unknown. `max` must be an upper
    /// bound and `min` a lower bound (truncated statistics qualify).
    case range(min: Value?, max: Value?, nullCount: Int64?, rowCount: Int64?)
    /// Nothing is known.
    case unknown
}

extension Expression {
    /// Whether any row described by `facts` could satisfy the (bound) predicate. False means
    /// certainly none — the rows can be skipped; unknown always counts as "could".
    public func mightMatch(_ facts: (String) -> ColumnFacts) -> Bool {
        switch negationNormalForm {
        case .and(let es): return es.allSatisfy { $0.mightMatch(facts) }
        case .or(let es): return es.contains { $0.mightMatch(facts) }
        case .literal(.boolean(let b), _): return b
        case .literal: return false
        case .comparison(let op, .column(let c), .literal(let v, _)): return Self.mightMatch(op, facts(c), v)
        case .comparison(let op, .literal(let v, _), .column(let c)): return Self.mightMatch(op.swapped, facts(c), v)
        case .comparison(let op, .literal(let a, _), .literal(let b, _)):
            return Self.mightMatch(op, .exact(a), b)
        case .isNull(.column(let c)):
            switch facts(c) {
            case .exact(let v): return v.isNull
            case .range(_, _, let nulls, _): return nulls.map { $0 > 0 } ?? true
            case .unknown: return true
            }
        case .isNotNull(.column(let c)):
            switch facts(c) {
            case .exact(let v): return !v.isNull
            case .range(_, _, let nulls, let rows): return nulls.flatMap { n in rows.map { n < $0 } } ?? true
            case .unknown: return true
            }
        case .inList(.column(let c), let list, false):
            let f = facts(c)
            return list.contains { if case .literal(let v, _) = $0 { Self.mightMatch(.equal, f, v) } else { true } }
        case .inList(.column(let c), let list, true):
            let f = facts(c)
            return list.allSatisfy { if case .literal(let v, _) = $0 { Self.mightMatch(.notEqual, f, v) } else { true } }
        default:
            return true
        }
    }

    static func mightMatch(_ op: ComparisonOperator, _ facts: ColumnFacts, _ v: Value) -> Bool {
        switch facts {
        case .unknown:
            return !(v.isNull && op != .nullSafeEqual)
        case .exact(let x):
            if op == .nullSafeEqual { return x.isNull && v.isNull || (!x.isNull && !v.isNull && x.compare(v) == 0) }
            guard !x.isNull, !v.isNull, let c = x.compare(v) else { return x.isNull || v.isNull ? false : true }
            switch op {
            case .equal: return c == 0
            case .notEqual: return c != 0
            case .less: return c < 0
            case .lessOrEqual: return c <= 0
            case .greater: return c > 0
            case .greaterOrEqual: return c >= 0
            case .nullSafeEqual: return c == 0
            }
        case .range(let lo, let hi, let nulls, let rows):
            if v.isNull { return op == .nullSafeEqual ? (nulls.map { $0 > 0 } ?? true) : false }
            if let nulls, let rows, nulls >= rows, rows > 0 { return false }  // every row is null
            if let rows, rows == 0 { return false }
            func c(_ bound: Value?) -> Int? { bound.flatMap { $0.isNull ? nil : $0.compare(v) } }
            switch op {
            case .equal, .nullSafeEqual: return (c(lo).map { $0 <= 0 } ?? true) && (c(hi).map { $0 >= 0 } ?? true)
            case .notEqual: return !(c(lo) == 0 && c(hi) == 0)
            case .less: return c(lo).map { $0 < 0 } ?? true
            case .lessOrEqual: return c(lo).map { $0 <= 0 } ?? true
            case .greater: return c(hi).map { $0 > 0 } ?? true
            case .greaterOrEqual: return c(hi).map { $0 >= 0 } ?? true
            }
        }
    }

    /// The expression with NOT pushed down to the leaves (three-valued-safe for selection).
    public var negationNormalForm: Expression {
        switch self {
        case .and(let es): return .and(es.map(\.negationNormalForm))
        case .or(let es): return .or(es.map(\.negationNormalForm))
        case .not(let e): return e.negated
        default: return self
        }
    }

    var negated: Expression {
        switch self {
        case .not(let e): return e.negationNormalForm
        case .and(let es): return .or(es.map(\.negated))
        case .or(let es): return .and(es.map(\.negated))
        case .comparison(let op, let l, let r):
            switch op {
            case .equal: return .comparison(.notEqual, l, r)
            case .notEqual: return .comparison(.equal, l, r)
            case .less: return .comparison(.greaterOrEqual, l, r)
            case .lessOrEqual: return .comparison(.greater, l, r)
            case .greater: return .comparison(.lessOrEqual, l, r)
            case .greaterOrEqual: return .comparison(.less, l, r)
            case .nullSafeEqual: return .not(self)
            }
        case .isNull(let e): return .isNotNull(e)
        case .isNotNull(let e): return .isNull(e)
        case .inList(let e, let list, let negated): return .inList(e, list, negated: !negated)
        case .literal(.boolean(let b), let t): return .literal(.boolean(!b), t)
        case .literal: return self
        case .column: return .comparison(.equal, self, .literal(.boolean(false), .boolean))
        }
    }
}
