/// `column = value` in `UPDATE ... SET` and `MERGE ... UPDATE SET`. The column may be
/// qualified by the table alias or name a struct field (`t.a`, `s.f.g`).
public struct Assignment: Hashable, Sendable, CustomStringConvertible {
    /// The column to set.
    public var column: QualifiedName
    /// The new value.
    public var value: Expression

    /// Creates an assignment.
    public init(column: QualifiedName, value: Expression) {
        self.column = column
        self.value = value
    }

    /// Where the column name is.
    public var position: SourcePosition { column.position }

    /// The assignment as SQL.
    public var description: String { "\(column) = \(value)" }
}
