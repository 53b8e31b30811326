import Columnar

/// An expression after binding: columns resolved to input positions, every node typed, and
/// implicit casts made explicit — what the vectorized evaluator runs.
public indirect enum BoundExpression: Hashable, Sendable {
    /// Input column `index` of type `type`.
    case column(Int, DataType)
    /// A constant.
    case literal(Value, DataType)
    /// Arithmetic on operands of the result's type family (the binder casts them).
    case arithmetic(ArithmeticOperator, BoundExpression, BoundExpression, DataType)
    /// `-e`.
    case negate(BoundExpression)
    /// A comparison of two operands of one type; boolean.
    case comparison(ComparisonOperator, BoundExpression, BoundExpression)
    /// Three-valued AND.
    case and([BoundExpression])
    /// Three-valued OR.
    case or([BoundExpression])
    /// Three-valued NOT.
    case not(BoundExpression)
    /// `e IS NULL`.
    case isNull(BoundExpression)
    /// `e IS NOT NULL`.
    case isNotNull(BoundExpression)
    /// `e [NOT] IN (constants)`; the constants have `e`'s type.
    case inList(BoundExpression, [Value], negated: Bool)
    /// `e [NOT] LIKE|ILIKE pattern` with a constant pattern.
    case like(BoundExpression, pattern: String, caseInsensitive: Bool, negated: Bool)
    /// `CASE WHEN c THEN v ... ELSE e END`.
    case caseWhen([WhenClause], otherwise: BoundExpression?, DataType)
    /// `CAST(e AS type)` (`isTry`: null instead of an error when a value does not convert).
    case cast(BoundExpression, DataType, isTry: Bool)
    /// A scalar function call.
    case function(ScalarFunction, [BoundExpression], DataType)

    /// One WHEN ... THEN ... branch.
    public struct WhenClause: Hashable, Sendable {
        /// The condition (boolean).
        public var condition: BoundExpression
        /// The value when the condition holds.
        public var result: BoundExpression

        /// Creates a branch.
        public init(_ condition: BoundExpression, _ result: BoundExpression) {
            self.condition = condition
            self.result = result
        }
    }

    /// The result type.
    public var type: DataType {
        switch self {
        case .column(_, let t), .literal(_, let t), .arithmetic(_, _, _, let t), .caseWhen(_, _, let t), .cast(_, let t, _),
             .function(_, _, let t):
            t
        case .negate(let e): e.type
        case .comparison, .and, .or, .not, .isNull, .isNotNull, .inList, .like: .boolean
        }
    }

    /// The input columns the expression reads.
    public var columns: Set<Int> {
        switch self {
        case .column(let i, _): [i]
        case .literal: []
        case .arithmetic(_, let l, let r, _), .comparison(_, let l, let r): l.columns.union(r.columns)
        case .negate(let e), .not(let e), .isNull(let e), .isNotNull(let e), .inList(let e, _, _), .like(let e, _, _, _), .cast(let e, _, _):
            e.columns
        case .and(let es), .or(let es), .function(_, let es, _): es.reduce(into: Set()) { $0.formUnion($1.columns) }
        case .caseWhen(let whens, let otherwise, _):
            whens.reduce(into: otherwise?.columns ?? []) { $0.formUnion($1.condition.columns); $0.formUnion($1.result.columns) }
        }
    }

    /// The expression with column indices renumbered by `map` (old → new).
    public func remapped(_ map: [Int: Int]) -> BoundExpression {
        switch self {
        case .column(let i, let t): .column(map[i] ?? i, t)
        case .literal: self
        case .arithmetic(let op, let l, let r, let t): .arithmetic(op, l.remapped(map), r.remapped(map), t)
        case .negate(let e): .negate(e.remapped(map))
        case .comparison(let op, let l, let r): .comparison(op, l.remapped(map), r.remapped(map))
        case .and(let es): .and(es.map { $0.remapped(map) })
        case .or(let es): .or(es.map { $0.remapped(map) })
        case .not(let e): .not(e.remapped(map))
        case .isNull(let e): .isNull(e.remapped(map))
        case .isNotNull(let e): .isNotNull(e.remapped(map))
        case .inList(let e, let vs, let n): .inList(e.remapped(map), vs, negated: n)
        case .like(let e, let p, let ci, let n): .like(e.remapped(map), pattern: p, caseInsensitive: ci, negated: n)
        case .caseWhen(let whens, let otherwise, let t):
            .caseWhen(whens.map { WhenClause($0.condition.remapped(map), $0.result.remapped(map)) }, otherwise: otherwise?.remapped(map), t)
        case .cast(let e, let t, let isTry): .cast(e.remapped(map), t, isTry: isTry)
        case .function(let f, let args, let t): .function(f, args.map { $0.remapped(map) }, t)
        }
    }
}

/// Arithmetic operators.
public enum ArithmeticOperator: String, Hashable, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%", integerDivide = "div"
}

/// Comparison operators.
public enum ComparisonOperator: String, Hashable, Sendable {
    case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    /// `<=>`: NULL equals NULL, never null.
    case nullSafeEqual = "<=>"
}
