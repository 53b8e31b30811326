/// `SHOW TABLES [IN|FROM schema] [[LIKE] 'pattern']`.
public struct ShowTables: Hashable, Sendable, CustomStringConvertible {
    /// The schema to list; nil for the current one.
    public var schema: QualifiedName?
    /// The name pattern (`*` any characters, `|` alternatives), as written.
    public var pattern: String?
    /// Where `SHOW` is.
    public var position: SourcePosition

    /// Creates a statement.
    public init(schema: QualifiedName? = nil, pattern: String? = nil, position: SourcePosition = .unknown) {
        self.schema = schema
        self.pattern = pattern
        self.position = position
    }

    /// The statement as SQL.
    public var description: String {
        var s = "SHOW TABLES"
        if let schema { s += " IN \(schema)" }
        if let pattern { s += " LIKE " + SQLFormat.string(pattern) }
        return s
    }
}
