/// `INSERT INTO [TABLE] name [(cols)] [REPLACE WHERE cond] query` or
/// `INSERT OVERWRITE [TABLE] name [(cols)] [REPLACE WHERE cond] query`, where the query is
/// typically `SELECT ...` or `VALUES (...), (...)`.
public struct Insert: Hashable, Sendable, CustomStringConvertible {
    /// The target table.
    public var table: TableSource
    /// `OVERWRITE` rather than `INTO`.
    public var overwrite: Bool
    /// The target columns; empty when not listed (all columns, in order).
    public var columns: [Identifier]
    /// `REPLACE WHERE cond` (Delta: atomically replace the rows matching `cond`).
    public var replaceWhere: Expression?
    /// The rows to insert.
    public var query: QueryExpression
    /// Where `INSERT` is.
    public var position: SourcePosition

    /// Creates a statement.
    public init(
        table: TableSource, overwrite: Bool = false, columns: [Identifier] = [], replaceWhere: Expression? = nil,
        query: QueryExpression, position: SourcePosition = .unknown
    ) {
        self.table = table
        self.overwrite = overwrite
        self.columns = columns
        self.replaceWhere = replaceWhere
        self.query = query
        self.position = position
    }

    /// The statement as SQL.
    public var description: String {
        var s = (overwrite ? "INSERT OVERWRITE TABLE " : "INSERT INTO ") + table.description
        if !columns.isEmpty { s += " (" + SQLFormat.list(columns) + ")" }
        if let replaceWhere { s += " REPLACE WHERE \(replaceWhere)" }
        return s + " " + query.description
    }
}
