/// `DROP SCHEMA|DATABASE [IF EXISTS] name [CASCADE|RESTRICT]`.
public struct DropSchema: Hashable, Sendable, CustomStringConvertible {
    /// `IF EXISTS`.
    public var ifExists: Bool
    /// The schema.
    public var name: QualifiedName
    /// `CASCADE` (drop the tables too); `RESTRICT` or nothing is false.
    public var cascade: Bool
    /// Where `DROP` is.
    public var position: SourcePosition

    /// Creates a statement.
    public init(ifExists: Bool = false, name: QualifiedName, cascade: Bool = false, position: SourcePosition = .unknown) {
        self.ifExists = ifExists
        self.name = name
        self.cascade = cascade
        self.position = position
    }

    /// The statement as SQL.
    public var description: String {
        "DROP SCHEMA " + (ifExists ? "IF EXISTS " : "") + name.description + (cascade ? " CASCADE" : "")
    }
}
