/// `DROP TABLE [IF EXISTS] name`.
public struct DropTable: Hashable, Sendable, CustomStringConvertible {
    /// `IF EXISTS`.
    public var ifExists: Bool
    /// The table.
    public var name: TableSource
    /// Where `DROP` is.
    public var position: SourcePosition

    /// Creates a statement.
    public init(ifExists: Bool = false, name: TableSource, position: SourcePosition = .unknown) {
        self.ifExists = ifExists
        self.name = name
        self.position = position
    }

    /// The statement as SQL.
    public var description: String { "DROP TABLE " + (ifExists ? "IF EXISTS " : "") + name.description }
}
