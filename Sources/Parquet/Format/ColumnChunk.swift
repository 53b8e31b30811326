/// One leaf column's data within a row group.
public struct ColumnChunk: Hashable, Sendable {
    /// External file holding the chunk (never written; refused when set).
    public var filePath: String?
    /// Deprecated offset of the chunk's metadata.
    public var fileOffset: Int64
    /// The chunk metadata.
    public var metaData: ColumnMetaData?
    /// Offset of the page offset index.
    public var offsetIndexOffset: Int64?
    /// Length of the page offset index.
    public var offsetIndexLength: Int32?
    /// Offset of the column index.
    public var columnIndexOffset: Int64?
    /// Length of the column index.
    public var columnIndexLength: Int32?

    /// Creates a column chunk.
    public init(
        filePath: String? = nil, fileOffset: Int64, metaData: ColumnMetaData?, offsetIndexOffset: Int64? = nil,
        offsetIndexLength: Int32? = nil, columnIndexOffset: Int64? = nil, columnIndexLength: Int32? = nil
    ) {
        self.filePath = filePath
        self.fileOffset = fileOffset
        self.metaData = metaData
        self.offsetIndexOffset = offsetIndexOffset
        self.offsetIndexLength = offsetIndexLength
        self.columnIndexOffset = columnIndexOffset
        self.columnIndexLength = columnIndexLength
    }
}
