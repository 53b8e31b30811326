/// A column the rows of a row group are sorted by.
public struct SortingColumn: Hashable, Sendable {
    /// Leaf column index.
    public var columnIndex: Int32
    /// Descending order.
    public var descending: Bool
    /// Nulls before values.
    public var nullsFirst: Bool

    /// Creates an entry.
    public init(columnIndex: Int32, descending: Bool, nullsFirst: Bool) {
        self.columnIndex = columnIndex
        self.descending = descending
        self.nullsFirst = nullsFirst
    }
}
