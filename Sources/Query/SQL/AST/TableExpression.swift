/// An item of a `FROM` clause (or the source of `MERGE`): a table, a subquery, a table-valued
/// function, or a join of two of them.
public indirect enum TableExpression: Hashable, Sendable, CustomStringConvertible {
    /// A named table or a file path, with time travel and alias.
    case table(TableReference)
    /// `(query) [AS] alias[(columns)]`; also `VALUES ... [AS] alias` in `FROM`.
    case subquery(DerivedTable)
    /// `name(args) [[AS] alias[(columns)]]`: `range(10)`, `table_changes('t', 1)`, `read_files(...)`.
    case function(TableFunction)
    /// `left JOIN right ...`.
    case join(Join)

    /// Where the item starts (for a join: the join keyword).
    public var position: SourcePosition {
        switch self {
        case .table(let t): return t.position
        case .subquery(let d): return d.position
        case .function(let f): return f.position
        case .join(let j): return j.position
        }
    }

    /// The item as SQL.
    public var description: String {
        switch self {
        case .table(let t): return t.description
        case .subquery(let d): return d.description
        case .function(let f): return f.description
        case .join(let j): return j.description
        }
    }
}

/// What a table reference names: a catalog table or a file path read in a given format.
public enum TableSource: Hashable, Sendable, CustomStringConvertible {
    /// `t`, `schema.t`, `catalog.schema.t`.
    case name(QualifiedName)
    /// ``delta.`/path/to/t` ``, ``parquet.`/data/*.parquet` ``, ``csv.`f.csv` ``, ``json.`...` ``:
    /// the format as written (compare case-insensitively) and the path (globs kept verbatim).
    /// A version suffix written inside the path (`@v12`) is moved to the reference's time travel.
    case path(format: Identifier, path: String)

    /// Where the source starts.
    public var position: SourcePosition {
        switch self {
        case .name(let n): return n.position
        case .path(let format, _): return format.position
        }
    }

    /// The source as SQL.
    public var description: String {
        switch self {
        case .name(let n): return n.description
        case .path(let format, let path): return format.description + "." + SQLFormat.quoted(path)
        }
    }

    /// The formats whose `format.`path`` references are read as paths (lowercase).
    public static let pathFormats: Set<String> = ["delta", "parquet", "csv", "json", "orc", "avro", "text", "binaryfile"]
}

/// A table (or path) in `FROM`: `source [time travel] [[AS] alias[(columns)]]`.
public struct TableReference: Hashable, Sendable, CustomStringConvertible {
    /// The table or path.
    public var source: TableSource
    /// `VERSION AS OF`, `TIMESTAMP AS OF` or an `@v12` / `@yyyyMMddHHmmssSSS` suffix.
    public var timeTravel: TimeTravel?
    /// The alias.
    public var alias: TableAlias?
    /// Where the reference starts.
    public var position: SourcePosition

    /// Creates a reference.
    public init(source: TableSource, timeTravel: TimeTravel? = nil, alias: TableAlias? = nil, position: SourcePosition = .unknown) {
        self.source = source
        self.timeTravel = timeTravel
        self.alias = alias
        self.position = position
    }

    /// The reference as SQL.
    public var description: String {
        var s = source.description
        if let timeTravel { s += " " + timeTravel.description }
        if let alias { s += " AS " + alias.description }
        return s
    }
}

/// Delta time travel: which version of a table to read.
public enum TimeTravel: Hashable, Sendable, CustomStringConvertible {
    /// `VERSION AS OF n` (also `FOR VERSION AS OF`, and the `@v<n>` suffix).
    case version(Expression)
    /// `TIMESTAMP AS OF expr` (also `FOR TIMESTAMP AS OF`, and the `@yyyyMMddHHmmssSSS` suffix,
    /// which becomes the string `'yyyy-MM-dd HH:mm:ss.SSS'`).
    case timestamp(Expression)

    /// The clause as SQL.
    public var description: String {
        switch self {
        case .version(let e): return "VERSION AS OF " + SQLFormat.operand(e, minimumPrecedence: SQLFormat.additivePrecedence)
        case .timestamp(let e): return "TIMESTAMP AS OF " + SQLFormat.operand(e, minimumPrecedence: SQLFormat.additivePrecedence)
        }
    }
}

/// `alias` or `alias(c1, c2)`.
public struct TableAlias: Hashable, Sendable, CustomStringConvertible {
    /// The alias name.
    public var name: Identifier
    /// Column aliases; empty when absent.
    public var columns: [Identifier]

    /// Creates an alias.
    public init(name: Identifier, columns: [Identifier] = []) {
        self.name = name
        self.columns = columns
    }

    /// The alias as SQL (without `AS`).
    public var description: String {
        columns.isEmpty ? name.description : name.description + "(" + columns.map(\.description).joined(separator: ", ") + ")"
    }
}

/// `(query) [AS] alias`: a subquery in `FROM`.
public struct DerivedTable: Hashable, Sendable, CustomStringConvertible {
    /// The query.
    public var query: QueryExpression
    /// The alias (Spark allows it to be omitted).
    public var alias: TableAlias?
    /// Where `(` is (or `VALUES`).
    public var position: SourcePosition

    /// Creates a derived table.
    public init(query: QueryExpression, alias: TableAlias? = nil, position: SourcePosition = .unknown) {
        self.query = query
        self.alias = alias
        self.position = position
    }

    /// The subquery as SQL.
    public var description: String {
        var s = "(" + query.description + ")"
        if let alias { s += " AS " + alias.description }
        return s
    }
}

/// `name(args) [[AS] alias]`: a table-valued function in `FROM`.
public struct TableFunction: Hashable, Sendable, CustomStringConvertible {
    /// The function name.
    public var name: QualifiedName
    /// The arguments (may include ``Expression/Kind/namedArgument(_:_:)``).
    public var arguments: [Expression]
    /// The alias.
    public var alias: TableAlias?
    /// Where the name starts.
    public var position: SourcePosition

    /// Creates a table function reference.
    public init(name: QualifiedName, arguments: [Expression] = [], alias: TableAlias? = nil, position: SourcePosition = .unknown) {
        self.name = name
        self.arguments = arguments
        self.alias = alias
        self.position = position
    }

    /// The call as SQL.
    public var description: String {
        var s = SQLFormat.functionName(name) + "(" + arguments.map(\.description).joined(separator: ", ") + ")"
        if let alias { s += " AS " + alias.description }
        return s
    }
}

/// `left [kind] JOIN right [ON cond | USING (cols)]`.
public struct Join: Hashable, Sendable, CustomStringConvertible {
    /// The join type.
    public var kind: Kind
    /// The left input.
    public var left: TableExpression
    /// The right input.
    public var right: TableExpression
    /// `ON` or `USING`; nil when absent (always for `CROSS JOIN`; Spark also allows an inner
    /// join without condition).
    public var condition: JoinCondition?
    /// Where the join keywords start.
    public var position: SourcePosition

    /// Join types.
    public enum Kind: String, Hashable, Sendable {
        /// `[INNER] JOIN`.
        case inner = "JOIN"
        /// `LEFT [OUTER] JOIN`.
        case left = "LEFT JOIN"
        /// `RIGHT [OUTER] JOIN`.
        case right = "RIGHT JOIN"
        /// `FULL [OUTER] JOIN`.
        case full = "FULL JOIN"
        /// `CROSS JOIN`.
        case cross = "CROSS JOIN"
        /// `[LEFT] SEMI JOIN`.
        case leftSemi = "LEFT SEMI JOIN"
        /// `[LEFT] ANTI JOIN`.
        case leftAnti = "LEFT ANTI JOIN"
    }

    /// Creates a join.
    public init(kind: Kind, left: TableExpression, right: TableExpression, condition: JoinCondition? = nil, position: SourcePosition = .unknown) {
        self.kind = kind
        self.left = left
        self.right = right
        self.condition = condition
        self.position = position
    }

    /// The join as SQL (a join on the right is parenthesized).
    public var description: String {
        var r = right.description
        if case .join = right { r = "(" + r + ")" }
        var s = "\(left) \(kind.rawValue) \(r)"
        if let condition { s += " " + condition.description }
        return s
    }
}

/// The condition of a join.
public enum JoinCondition: Hashable, Sendable, CustomStringConvertible {
    /// `ON expr`.
    case on(Expression)
    /// `USING (a, b)`.
    case using([Identifier])

    /// The condition as SQL.
    public var description: String {
        switch self {
        case .on(let e): return "ON \(e)"
        case .using(let cols): return "USING (" + cols.map(\.description).joined(separator: ", ") + ")"
        }
    }
}
