/// `CREATE SCHEMA|DATABASE [IF NOT EXISTS] name [COMMENT '...'] [LOCATION 'path']`.
public struct CreateSchema: Hashable, Sendable, CustomStringConvertible {
    /// `IF NOT EXISTS`.
    public var ifNotExists: Bool
    /// The schema name (`s` or `catalog.s`).
    public var name: QualifiedName
    /// `COMMENT '...'`.
    public var comment: String?
    /// `LOCATION 'path'`.
    public var location: String?
    /// Where `CREATE` is.
    public var position: SourcePosition

    /// Creates a statement.
    public init(ifNotExists: Bool = false, name: QualifiedName, comment: String? = nil, location: String? = nil, position: SourcePosition = .unknown) {
        self.ifNotExists = ifNotExists
        self.name = name
        self.comment = comment
        self.location = location
        self.position = position
    }

    /// The statement as SQL.
    public var description: String {
        var s = "CREATE SCHEMA " + (ifNotExists ? "IF NOT EXISTS " : "") + name.description
        if let comment { s += " COMMENT " + SQLFormat.string(comment) }
        if let location { s += " LOCATION " + SQLFormat.string(location) }
        return s
    }
}
