/// `SHOW SCHEMAS|DATABASES [[LIKE] 'pattern']`.
public struct ShowSchemas: Hashable, Sendable, CustomStringConvertible {
    /// The name pattern, as written.
    public var pattern: String?
    /// Where `SHOW` is.
    public var position: SourcePosition

    /// Creates a statement.
    public init(pattern: String? = nil, position: SourcePosition = .unknown) {
        self.pattern = pattern
        self.position = position
    }

    /// The statement as SQL.
    public var description: String {
        "SHOW SCHEMAS" + (pattern.map { " LIKE " + SQLFormat.string($0) } ?? "")
    }
}
