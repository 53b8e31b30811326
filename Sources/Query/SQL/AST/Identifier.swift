/// A name as written in SQL: a column, table, alias, schema or function name part.
///
/// Backquoted identifiers are stored without their quotes (`` `a``b` `` is stored as ``a`b``).
/// Case is preserved; SQL resolution is case-insensitive, which is the binder's business.
/// Printing quotes the name when it is not a plain word or when it is a keyword.
public struct Identifier: Hashable, Sendable, CustomStringConvertible {
    /// The name, unquoted, in the case it was written.
    public var name: String
    /// Where the name starts in the SQL text.
    public var position: SourcePosition

    /// Creates an identifier.
    public init(_ name: String, position: SourcePosition = .unknown) {
        self.name = name
        self.position = position
    }

    /// The identifier as SQL, backquoted when needed.
    public var description: String { SQLFormat.identifier(name) }
}

/// A dotted name: `t`, `schema.t`, `catalog.schema.t`, `t.column`, `s.fn`, `a.b.c`.
///
/// For column references, the binder decides which parts are qualifiers and which are struct
/// fields. `parts` is never empty when produced by the parser.
public struct QualifiedName: Hashable, Sendable, CustomStringConvertible {
    /// The parts, outermost first.
    public var parts: [Identifier]

    /// Creates a name from its parts.
    public init(_ parts: [Identifier]) {
        self.parts = parts
    }

    /// Creates a name from plain strings (convenience for code and tests).
    public init(_ names: String...) {
        self.parts = names.map { Identifier($0) }
    }

    /// Where the name starts: the position of its first part.
    public var position: SourcePosition { parts.first?.position ?? .unknown }

    /// The last part's name (the table or column name proper), or "" when empty.
    public var last: String { parts.last?.name ?? "" }

    /// The names of the parts, unquoted.
    public var names: [String] { parts.map(\.name) }

    /// The name as SQL: parts backquoted when needed, joined by dots.
    public var description: String { parts.map(\.description).joined(separator: ".") }
}
