/// `USE [SCHEMA|DATABASE] name`: change the current schema.
public struct Use: Hashable, Sendable, CustomStringConvertible {
    /// The schema (`s` or `catalog.s`).
    public var schema: QualifiedName
    /// Where `USE` is.
    public var position: SourcePosition

    /// Creates a statement.
    public init(schema: QualifiedName, position: SourcePosition = .unknown) {
        self.schema = schema
        self.position = position
    }

    /// The statement as SQL.
    public var description: String { "USE SCHEMA \(schema)" }
}
