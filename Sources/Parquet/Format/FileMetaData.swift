/// The footer of a Parquet file.
public struct FileMetaData: Hashable, Sendable {
    /// Format version (1 or 2).
    public var version: Int32
    /// The schema, flattened depth-first; element 0 is the root.
    public var schema: [SchemaElement]
    /// Number of rows in the file.
    public var numRows: Int64
    /// The row groups.
    public var rowGroups: [RowGroup]
    /// File key-value metadata.
    public var keyValueMetadata: [KeyValue]?
    /// The writer, as `name version X.Y.Z (build H)`.
    public var createdBy: String?
    /// Sort order of each leaf column's statistics.
    public var columnOrders: [ColumnOrder]?

    /// Creates file metadata.
    public init(
        version: Int32, schema: [SchemaElement], numRows: Int64, rowGroups: [RowGroup],
        keyValueMetadata: [KeyValue]? = nil, createdBy: String? = nil, columnOrders: [ColumnOrder]? = nil
    ) {
        self.version = version
        self.schema = schema
        self.numRows = numRows
        self.rowGroups = rowGroups
        self.keyValueMetadata = keyValueMetadata
        self.createdBy = createdBy
        self.columnOrders = columnOrders
    }
}
