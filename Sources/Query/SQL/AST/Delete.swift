/// `DELETE FROM name [[AS] alias] [WHERE cond]`.
public struct Delete: Hashable, Sendable, CustomStringConvertible {
    /// The table.
    public var table: TableSource
    /// The alias the condition may use.
    public var alias: Identifier?
    /// The rows to delete; nil deletes all.
    public var whereClause: Expression?
    /// Where `DELETE` is.
    public var position: SourcePosition

    /// Creates a statement.
    public init(table: TableSource, alias: Identifier? = nil, whereClause: Expression? = nil, position: SourcePosition = .unknown) {
        self.table = table
        self.alias = alias
        self.whereClause = whereClause
        self.position = position
    }

    /// The statement as SQL.
    public var description: String {
        var s = "DELETE FROM \(table)"
        if let alias { s += " AS \(alias)" }
        if let whereClause { s += " WHERE \(whereClause)" }
        return s
    }
}
