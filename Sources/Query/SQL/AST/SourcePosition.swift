/// A place in SQL text: the 1-based line and column of a token's first character.
///
/// Columns count Unicode scalars, so a tab or an `é` is one column.
///
/// Positions are carried by every AST node so that later stages (binder, planner) can point
/// their errors at the text the user wrote, but they **never take part in equality or hashing**:
/// two nodes that differ only in where they were written compare equal. That makes a printed
/// and re-parsed AST equal to the original, and lets the binder use expressions as dictionary
/// keys (to match a `GROUP BY` expression with a select item, say) regardless of position.
public struct SourcePosition: Hashable, Sendable, CustomStringConvertible {
    /// 1-based line; 0 when the node was not parsed from text.
    public var line: Int
    /// 1-based column (in Unicode scalars); 0 when the node was not parsed from text.
    public var column: Int

    /// Creates a position.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The position of nodes built in code rather than parsed.
    public static let unknown = SourcePosition(line: 0, column: 0)

    /// Whether this position came from parsed text.
    public var isKnown: Bool { line > 0 }

    /// Always `true`: positions do not distinguish nodes (see the type's documentation).
    public static func == (lhs: SourcePosition, rhs: SourcePosition) -> Bool { true }

    /// Hashes nothing, consistently with ``==(_:_:)``.
    public func hash(into hasher: inout Hasher) {}

    /// `line L, column C`.
    public var description: String { "line \(line), column \(column)" }
}
