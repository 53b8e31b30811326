/// `OPTIMIZE name [WHERE cond] [ZORDER BY (cols)]`.
public struct Optimize: Hashable, Sendable, CustomStringConvertible {
    /// The table.
    public var table: TableSource
    /// Limits compaction to matching partitions.
    public var whereClause: Expression?
    /// `ZORDER BY` columns; empty when absent.
    public var zorderBy: [QualifiedName]
    /// Where `OPTIMIZE` is.
    public var position: SourcePosition

    /// Creates a statement.
    public init(table: TableSource, whereClause: Expression? = nil, zorderBy: [QualifiedName] = [], position: SourcePosition = .unknown) {
        self.table = table
        self.whereClause = whereClause
        self.zorderBy = zorderBy
        self.position = position
    }

    /// The statement as SQL.
    public var description: String {
        var s = "OPTIMIZE \(table)"
        if let whereClause { s += " WHERE \(whereClause)" }
        if !zorderBy.isEmpty { s += " ZORDER BY (" + SQLFormat.list(zorderBy) + ")" }
        return s
    }
}
