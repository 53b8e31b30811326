import Columnar

/// A predicate or scalar expression over a table's columns, as the scan and the transaction
/// use it: partition pruning, file skipping from statistics, row-group skipping, and row
/// filtering (replaceWhere). Three-valued: a comparison with null is unknown, and unknown never
/// skips a file.
public indirect enum Expression: Hashable, Sendable, CustomStringConvertible {
    /// A column by name (nested fields dotted: `a.b`).
    case column(String)
    /// A constant of a type (``Columnar/Value/null`` for NULL).
    case literal(Value, DataType)
    /// `left op right`.
    case comparison(ComparisonOperator, Expression, Expression)
    /// All must hold.
    case and([Expression])
    /// Any must hold.
    case or([Expression])
    /// Negation.
    case not(Expression)
    /// `e IS NULL`.
    case isNull(Expression)
    /// `e IS NOT NULL`.
    case isNotNull(Expression)
    /// `e IN (v, ...)` (with `negated`: NOT IN).
    case inList(Expression, [Expression], negated: Bool)

    /// Comparison operators.
    public enum ComparisonOperator: String, Hashable, Sendable {
        case equal = "="
        case notEqual = "!="
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
        /// `<=>`: equality where NULL equals NULL.
        case nullSafeEqual = "<=>"

        /// The operator with its operands swapped (`a < b` ⇔ `b > a`).
        public var swapped: ComparisonOperator {
            switch self {
            case .less: .greater
            case .lessOrEqual: .greaterOrEqual
            case .greater: .less
            case .greaterOrEqual: .lessOrEqual
            default: self
            }
        }
    }

    /// `a AND b`, flattened.
    public static func && (a: Expression, b: Expression) -> Expression {
        switch (a, b) {
        case (.and(let x), .and(let y)): .and(x + y)
        case (.and(let x), _): .and(x + [b])
        case (_, .and(let y)): .and([a] + y)
        default: .and([a, b])
        }
    }

    /// The columns the expression reads.
    public var columns: Set<String> {
        switch self {
        case .column(let c): [c]
        case .literal: []
        case .comparison(_, let l, let r): l.columns.union(r.columns)
        case .and(let es), .or(let es): es.reduce(into: Set()) { $0.formUnion($1.columns) }
        case .not(let e), .isNull(let e), .isNotNull(let e): e.columns
        case .inList(let e, let list, _): list.reduce(e.columns) { $0.union($1.columns) }
        }
    }

    /// SQL text of the expression.
    public var description: String {
        switch self {
        case .column(let c): return c.contains(where: { !$0.isLetter && !$0.isNumber && $0 != "_" && $0 != "." }) ? "`\(c)`" : c
        case .literal(let v, let t): return Self.literalText(v, t)
        case .comparison(let op, let l, let r): return "\(l) \(op.rawValue) \(r)"
        case .and(let es): return es.map { Self.wrap($0) }.joined(separator: " AND ")
        case .or(let es): return es.map { Self.wrap($0) }.joined(separator: " OR ")
        case .not(let e): return "NOT \(Self.wrap(e))"
        case .isNull(let e): return "\(e) IS NULL"
        case .isNotNull(let e): return "\(e) IS NOT NULL"
        case .inList(let e, let list, let negated): return "\(e) \(negated ? "NOT IN" : "IN") (\(list.map(\.description).joined(separator: ", ")))"
        }
    }

    static func wrap(_ e: Expression) -> String {
        switch e {
        case .and, .or: "(\(e))"
        default: e.description
        }
    }

    /// SQL text of a constant of type `t`.
    public static func literalText(_ v: Value, _ t: DataType) -> String {
        switch (v, t) {
        case (.null, _): return "NULL"
        case (.string(let s), _): return "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
        case (.date, _): return "DATE '\(v.text(as: t))'"
        case (.timestamp, .timestampNTZ): return "TIMESTAMP_NTZ '\(v.text(as: t))'"
        case (.timestamp, _): return "TIMESTAMP '\(v.text(as: t))'"
        default: return v.text(as: t)
        }
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = self[...]
        while let r = rest.range(of: target) {
            out += rest[rest.startIndex..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}

extension Substring {
    func range(of target: String) -> Range<Substring.Index>? {
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(target) { return i..<index(i, offsetBy: target.count) }
            i = index(after: i)
        }
        return nil
    }
}
