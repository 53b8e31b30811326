/// `RESTORE [TABLE] name [TO] VERSION AS OF n` or `... TIMESTAMP AS OF expr`.
public struct Restore: Hashable, Sendable, CustomStringConvertible {
    /// The table.
    public var table: TableSource
    /// The version or timestamp to restore.
    public var target: TimeTravel
    /// Where `RESTORE` is.
    public var position: SourcePosition

    /// Creates a statement.
    public init(table: TableSource, target: TimeTravel, position: SourcePosition = .unknown) {
        self.table = table
        self.target = target
        self.position = position
    }

    /// The statement as SQL.
    public var description: String { "RESTORE TABLE \(table) TO \(target)" }
}
