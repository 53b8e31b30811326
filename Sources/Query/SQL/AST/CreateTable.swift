/// `CREATE [OR REPLACE] TABLE [IF NOT EXISTS] name [(columns and constraints)] [USING format]
/// [PARTITIONED BY (cols)] [CLUSTER BY (cols)] [LOCATION 'path'] [COMMENT '...']
/// [TBLPROPERTIES (...)] [[AS] query]`.
///
/// The clauses after `USING` may come in any order, each at most once. A `REPLACE TABLE`
/// statement is not supported.
public struct CreateTable: Hashable, Sendable, CustomStringConvertible {
    /// `OR REPLACE`.
    public var orReplace: Bool
    /// `IF NOT EXISTS`.
    public var ifNotExists: Bool
    /// The table (a path for ``delta.`/path` ``).
    public var name: TableSource
    /// Column definitions; empty when absent (`CREATE TABLE t AS SELECT ...`).
    public var columns: [ColumnDefinition]
    /// `CONSTRAINT name CHECK (expr)` entries of the column list.
    public var constraints: [CheckConstraint]
    /// `USING format` (`DELTA`, `PARQUET`, ...), as written.
    public var using: Identifier?
    /// `PARTITIONED BY (cols)`; empty when absent.
    public var partitionedBy: [Identifier]
    /// `CLUSTER BY (cols)` (liquid clustering); empty when absent.
    public var clusterBy: [Identifier]
    /// `LOCATION 'path'`.
    public var location: String?
    /// `COMMENT '...'`.
    public var comment: String?
    /// `TBLPROPERTIES (...)`; empty when absent.
    public var properties: [TableProperty]
    /// `AS query`.
    public var query: QueryExpression?
    /// Where `CREATE` is.
    public var position: SourcePosition

    /// Creates a statement.
    public init(
        orReplace: Bool = false, ifNotExists: Bool = false, name: TableSource, columns: [ColumnDefinition] = [],
        constraints: [CheckConstraint] = [], using: Identifier? = nil, partitionedBy: [Identifier] = [],
        clusterBy: [Identifier] = [], location: String? = nil, comment: String? = nil,
        properties: [TableProperty] = [], query: QueryExpression? = nil, position: SourcePosition = .unknown
    ) {
        self.orReplace = orReplace
        self.ifNotExists = ifNotExists
        self.name = name
        self.columns = columns
        self.constraints = constraints
        self.using = using
        self.partitionedBy = partitionedBy
        self.clusterBy = clusterBy
        self.location = location
        self.comment = comment
        self.properties = properties
        self.query = query
        self.position = position
    }

    /// The statement as SQL.
    public var description: String {
        var s = "CREATE "
        if orReplace { s += "OR REPLACE " }
        s += "TABLE "
        if ifNotExists { s += "IF NOT EXISTS " }
        s += name.description
        let elements = columns.map(\.description) + constraints.map(\.description)
        if !elements.isEmpty { s += " (" + elements.joined(separator: ", ") + ")" }
        if let using { s += " USING \(using)" }
        if !partitionedBy.isEmpty { s += " PARTITIONED BY (" + SQLFormat.list(partitionedBy) + ")" }
        if !clusterBy.isEmpty { s += " CLUSTER BY (" + SQLFormat.list(clusterBy) + ")" }
        if let location { s += " LOCATION " + SQLFormat.string(location) }
        if let comment { s += " COMMENT " + SQLFormat.string(comment) }
        if !properties.isEmpty { s += " TBLPROPERTIES (" + SQLFormat.list(properties) + ")" }
        if let query { s += " AS \(query)" }
        return s
    }
}

/// A column of `CREATE TABLE` or `ALTER TABLE ... ADD COLUMNS`:
/// `name type [NOT NULL] [DEFAULT expr] [GENERATED ALWAYS AS (expr)] [COMMENT '...']`
/// (the options in any order).
public struct ColumnDefinition: Hashable, Sendable, CustomStringConvertible {
    /// The column name.
    public var name: Identifier
    /// The column type.
    public var type: TypeName
    /// `NOT NULL`.
    public var notNull: Bool
    /// `DEFAULT expr`.
    public var defaultValue: Expression?
    /// `GENERATED ALWAYS AS (expr)` (a Delta generated column).
    public var generatedAs: Expression?
    /// `COMMENT '...'`.
    public var comment: String?

    /// Creates a column definition.
    public init(
        name: Identifier, type: TypeName, notNull: Bool = false, defaultValue: Expression? = nil,
        generatedAs: Expression? = nil, comment: String? = nil
    ) {
        self.name = name
        self.type = type
        self.notNull = notNull
        self.defaultValue = defaultValue
        self.generatedAs = generatedAs
        self.comment = comment
    }

    /// Where the column name is.
    public var position: SourcePosition { name.position }

    /// The definition as SQL.
    public var description: String {
        var s = "\(name) \(type)"
        if notNull { s += " NOT NULL" }
        if let defaultValue { s += " DEFAULT " + SQLFormat.operand(defaultValue, minimumPrecedence: SQLFormat.additivePrecedence) }
        if let generatedAs { s += " GENERATED ALWAYS AS (\(generatedAs))" }
        if let comment { s += " COMMENT " + SQLFormat.string(comment) }
        return s
    }
}

/// `CONSTRAINT name CHECK (expr)`.
public struct CheckConstraint: Hashable, Sendable, CustomStringConvertible {
    /// The constraint name.
    public var name: Identifier
    /// The condition every row must satisfy.
    public var check: Expression

    /// Creates a constraint.
    public init(name: Identifier, check: Expression) {
        self.name = name
        self.check = check
    }

    /// Where the constraint name is.
    public var position: SourcePosition { name.position }

    /// The constraint as SQL.
    public var description: String { "CONSTRAINT \(name) CHECK (\(check))" }
}

/// `'key' = 'value'` in `TBLPROPERTIES`. Keys may be written as strings or dotted names
/// (`delta.appendOnly = true`); values as strings, numbers, booleans or names. Both are kept
/// as text.
public struct TableProperty: Hashable, Sendable, CustomStringConvertible {
    /// The key.
    public var key: String
    /// The value; nil only in `UNSET TBLPROPERTIES`.
    public var value: String?

    /// Creates a property.
    public init(key: String, value: String?) {
        self.key = key
        self.value = value
    }

    /// The property as SQL.
    public var description: String {
        guard let value else { return SQLFormat.string(key) }
        return SQLFormat.string(key) + " = " + SQLFormat.string(value)
    }
}
