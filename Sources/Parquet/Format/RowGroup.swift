/// A horizontal slice of the file: one column chunk per leaf column.
public struct RowGroup: Hashable, Sendable {
    /// One chunk per leaf, in schema order.
    public var columns: [ColumnChunk]
    /// Total uncompressed byte size of all column data.
    public var totalByteSize: Int64
    /// Number of rows.
    public var numRows: Int64
    /// Sort order of the rows, when known.
    public var sortingColumns: [SortingColumn]?
    /// Offset of the first page of the first column.
    public var fileOffset: Int64?
    /// Total compressed size of all column chunks.
    public var totalCompressedSize: Int64?
    /// Position of the row group in the file.
    public var ordinal: Int16?

    /// Creates a row group.
    public init(
        columns: [ColumnChunk], totalByteSize: Int64, numRows: Int64, sortingColumns: [SortingColumn]? = nil,
        fileOffset: Int64? = nil, totalCompressedSize: Int64? = nil, ordinal: Int16? = nil
    ) {
        self.columns = columns
        self.totalByteSize = totalByteSize
        self.numRows = numRows
        self.sortingColumns = sortingColumns
        self.fileOffset = fileOffset
        self.totalCompressedSize = totalCompressedSize
        self.ordinal = ordinal
    }
}
