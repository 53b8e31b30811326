/// One `SELECT` block: `SELECT [DISTINCT] items [FROM ...] [WHERE ...] [GROUP BY ...]
/// [HAVING ...] [WINDOW ...] [QUALIFY ...]`.
public struct Select: Hashable, Sendable, CustomStringConvertible {
    /// `SELECT DISTINCT`.
    public var isDistinct: Bool
    /// The select list.
    public var items: [SelectItem]
    /// The `FROM` items, comma-separated (an implicit cross join); empty without `FROM`.
    public var from: [TableExpression]
    /// `WHERE` condition.
    public var whereClause: Expression?
    /// `GROUP BY`.
    public var groupBy: GroupBy?
    /// `HAVING` condition.
    public var having: Expression?
    /// `WINDOW name AS (...)` definitions; empty when absent.
    public var windows: [NamedWindow]
    /// `QUALIFY` condition (Databricks: filter on window function results).
    public var qualify: Expression?
    /// Where `SELECT` is.
    public var position: SourcePosition

    /// Creates a select block.
    public init(
        isDistinct: Bool = false, items: [SelectItem], from: [TableExpression] = [], whereClause: Expression? = nil,
        groupBy: GroupBy? = nil, having: Expression? = nil, windows: [NamedWindow] = [], qualify: Expression? = nil,
        position: SourcePosition = .unknown
    ) {
        self.isDistinct = isDistinct
        self.items = items
        self.from = from
        self.whereClause = whereClause
        self.groupBy = groupBy
        self.having = having
        self.windows = windows
        self.qualify = qualify
        self.position = position
    }

    /// The block as SQL.
    public var description: String {
        var s = isDistinct ? "SELECT DISTINCT " : "SELECT "
        s += items.map(\.description).joined(separator: ", ")
        if !from.isEmpty { s += " FROM " + from.map(\.description).joined(separator: ", ") }
        if let whereClause { s += " WHERE \(whereClause)" }
        if let groupBy { s += " GROUP BY \(groupBy)" }
        if let having { s += " HAVING \(having)" }
        if !windows.isEmpty { s += " WINDOW " + windows.map(\.description).joined(separator: ", ") }
        if let qualify { s += " QUALIFY \(qualify)" }
        return s
    }
}

/// An item of a select list.
public enum SelectItem: Hashable, Sendable, CustomStringConvertible {
    /// `*`, `t.*`, `* EXCEPT (a, b)`.
    case wildcard(Wildcard)
    /// `expr [[AS] alias]`.
    case expression(Expression, alias: Identifier?)

    /// Where the item starts.
    public var position: SourcePosition {
        switch self {
        case .wildcard(let w): return w.position
        case .expression(let e, _): return e.position
        }
    }

    /// The item as SQL.
    public var description: String {
        switch self {
        case .wildcard(let w): return w.description
        case .expression(let e, let alias):
            guard let alias else { return e.description }
            return "\(e) AS \(alias)"
        }
    }
}

/// `*`, `qualifier.*`, optionally `EXCEPT (columns)` (Databricks).
public struct Wildcard: Hashable, Sendable, CustomStringConvertible {
    /// `t` in `t.*`; nil for a bare `*`.
    public var qualifier: QualifiedName?
    /// Columns left out: `* EXCEPT (a, b.c)`; empty when absent.
    public var except: [QualifiedName]
    /// Where the wildcard (or its qualifier) starts.
    public var position: SourcePosition

    /// Creates a wildcard.
    public init(qualifier: QualifiedName? = nil, except: [QualifiedName] = [], position: SourcePosition = .unknown) {
        self.qualifier = qualifier
        self.except = except
        self.position = position
    }

    /// The wildcard as SQL.
    public var description: String {
        var s = qualifier.map { $0.description + ".*" } ?? "*"
        if !except.isEmpty { s += " EXCEPT (" + except.map(\.description).joined(separator: ", ") + ")" }
        return s
    }
}

/// The `GROUP BY` clause.
public enum GroupBy: Hashable, Sendable, CustomStringConvertible {
    /// `GROUP BY a, b + 1, 2` (ordinals are integer literals; the binder interprets them).
    case expressions([Expression])
    /// `GROUP BY ALL` (Databricks: every non-aggregate select item).
    case all

    /// The clause as SQL, without `GROUP BY`.
    public var description: String {
        switch self {
        case .expressions(let es): return es.map(\.description).joined(separator: ", ")
        case .all: return "ALL"
        }
    }
}

/// `name AS (specification)` in a `WINDOW` clause.
public struct NamedWindow: Hashable, Sendable, CustomStringConvertible {
    /// The window's name.
    public var name: Identifier
    /// Its definition.
    public var specification: WindowSpecification

    /// Creates a named window.
    public init(name: Identifier, specification: WindowSpecification) {
        self.name = name
        self.specification = specification
    }

    /// The definition as SQL.
    public var description: String { "\(name) AS (\(specification))" }
}
