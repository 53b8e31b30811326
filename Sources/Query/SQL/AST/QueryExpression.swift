/// A complete query: `[WITH ctes] body [ORDER BY ...] [LIMIT n] [OFFSET m]`.
///
/// Used for top-level queries, subqueries (scalar, `IN`, `EXISTS`, `FROM (...)`), CTE bodies,
/// the source of `INSERT` and `CREATE TABLE ... AS`. `ORDER BY`/`LIMIT`/`OFFSET` apply to the
/// whole body (after any set operation).
public struct QueryExpression: Hashable, Sendable, CustomStringConvertible {
    /// `WITH name [(columns)] AS (query), ...`; empty when absent.
    public var with: [CommonTableExpression]
    /// The `SELECT`, `VALUES`, set operation or parenthesized query.
    public var body: QueryBody
    /// `ORDER BY` items; empty when absent.
    public var orderBy: [OrderItem]
    /// `LIMIT n` (`LIMIT ALL` is stored as nil).
    public var limit: Expression?
    /// `OFFSET m`.
    public var offset: Expression?
    /// Where the query starts (`WITH`, `SELECT`, `VALUES` or `(`).
    public var position: SourcePosition

    /// Creates a query.
    public init(
        with: [CommonTableExpression] = [], body: QueryBody, orderBy: [OrderItem] = [],
        limit: Expression? = nil, offset: Expression? = nil, position: SourcePosition = .unknown
    ) {
        self.with = with
        self.body = body
        self.orderBy = orderBy
        self.limit = limit
        self.offset = offset
        self.position = position
    }

    /// The query as SQL.
    public var description: String {
        var parts: [String] = []
        if !with.isEmpty { parts.append("WITH " + with.map(\.description).joined(separator: ", ")) }
        parts.append(body.description)
        if !orderBy.isEmpty { parts.append("ORDER BY " + orderBy.map(\.description).joined(separator: ", ")) }
        if let limit { parts.append("LIMIT \(limit)") }
        if let offset { parts.append("OFFSET \(offset)") }
        return parts.joined(separator: " ")
    }
}

/// A named subquery of a `WITH` clause: `name [(columns)] AS (query)`.
public struct CommonTableExpression: Hashable, Sendable, CustomStringConvertible {
    /// The name queries refer to it by.
    public var name: Identifier
    /// Column aliases; empty when absent.
    public var columns: [Identifier]
    /// The query.
    public var query: QueryExpression

    /// Creates a CTE.
    public init(name: Identifier, columns: [Identifier] = [], query: QueryExpression) {
        self.name = name
        self.columns = columns
        self.query = query
    }

    /// Where the CTE starts (its name).
    public var position: SourcePosition { name.position }

    /// The CTE as SQL.
    public var description: String {
        var s = name.description
        if !columns.isEmpty { s += "(" + columns.map(\.description).joined(separator: ", ") + ")" }
        return s + " AS (" + query.description + ")"
    }
}

/// The body of a query, before `ORDER BY`/`LIMIT`.
public indirect enum QueryBody: Hashable, Sendable, CustomStringConvertible {
    /// `SELECT ...`.
    case select(Select)
    /// `VALUES (...), (...)`.
    case values(Values)
    /// `left UNION|INTERSECT|EXCEPT [ALL|DISTINCT] right`.
    case setOperation(SetOperation)
    /// `(query)`: a parenthesized query, which may have its own `WITH`/`ORDER BY`/`LIMIT`.
    case nested(QueryExpression)

    /// Where the body starts (for a set operation: its operator).
    public var position: SourcePosition {
        switch self {
        case .select(let s): return s.position
        case .values(let v): return v.position
        case .setOperation(let op): return op.position
        case .nested(let q): return q.position
        }
    }

    /// The body as SQL.
    public var description: String {
        switch self {
        case .select(let s): return s.description
        case .values(let v): return v.description
        case .setOperation(let op): return op.description
        case .nested(let q): return "(" + q.description + ")"
        }
    }
}

/// A set operation between two query bodies. `INTERSECT` binds tighter than `UNION` and
/// `EXCEPT` (as in Spark); all are left-associative.
public struct SetOperation: Hashable, Sendable, CustomStringConvertible {
    /// The operator.
    public var op: Operator
    /// `ALL` was written (keep duplicates); otherwise `DISTINCT` (written or implied).
    public var isAll: Bool
    /// The left input.
    public var left: QueryBody
    /// The right input.
    public var right: QueryBody
    /// The position of the operator keyword.
    public var position: SourcePosition

    /// Set operators.
    public enum Operator: String, Hashable, Sendable {
        /// `UNION`.
        case union = "UNION"
        /// `INTERSECT`.
        case intersect = "INTERSECT"
        /// `EXCEPT` (also written `MINUS`).
        case except = "EXCEPT"

        /// Binding strength: INTERSECT binds tighter.
        var precedence: Int { self == .intersect ? 2 : 1 }
    }

    /// Creates a set operation.
    public init(op: Operator, isAll: Bool, left: QueryBody, right: QueryBody, position: SourcePosition = .unknown) {
        self.op = op
        self.isAll = isAll
        self.left = left
        self.right = right
        self.position = position
    }

    /// The operation as SQL (operands parenthesized where precedence needs it).
    public var description: String {
        func side(_ body: QueryBody, right: Bool) -> String {
            if case .setOperation(let inner) = body {
                let p = inner.op.precedence
                if p < op.precedence || (right && p == op.precedence) { return "(" + body.description + ")" }
            }
            return body.description
        }
        return "\(side(left, right: false)) \(op.rawValue)\(isAll ? " ALL" : "") \(side(right, right: true))"
    }
}

/// `VALUES (a, b), (c, d)`: an inline table. Rows are not checked for equal width here.
public struct Values: Hashable, Sendable, CustomStringConvertible {
    /// The rows, each a list of expressions.
    public var rows: [[Expression]]
    /// Where `VALUES` is.
    public var position: SourcePosition

    /// Creates a `VALUES` body.
    public init(rows: [[Expression]], position: SourcePosition = .unknown) {
        self.rows = rows
        self.position = position
    }

    /// The body as SQL.
    public var description: String {
        "VALUES " + rows.map { "(" + $0.map(\.description).joined(separator: ", ") + ")" }.joined(separator: ", ")
    }
}
