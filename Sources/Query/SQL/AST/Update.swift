/// `UPDATE name [[AS] alias] SET col = expr, ... [WHERE cond]`.
public struct Update: Hashable, Sendable, CustomStringConvertible {
    /// The table.
    public var table: TableSource
    /// The alias the expressions may use.
    public var alias: Identifier?
    /// The assignments, in order.
    public var assignments: [Assignment]
    /// The rows to update; nil updates all.
    public var whereClause: Expression?
    /// Where `UPDATE` is.
    public var position: SourcePosition

    /// Creates a statement.
    public init(table: TableSource, alias: Identifier? = nil, assignments: [Assignment], whereClause: Expression? = nil, position: SourcePosition = .unknown) {
        self.table = table
        self.alias = alias
        self.assignments = assignments
        self.whereClause = whereClause
        self.position = position
    }

    /// The statement as SQL.
    public var description: String {
        var s = "UPDATE \(table)"
        if let alias { s += " AS \(alias)" }
        s += " SET " + SQLFormat.list(assignments)
        if let whereClause { s += " WHERE \(whereClause)" }
        return s
    }
}
