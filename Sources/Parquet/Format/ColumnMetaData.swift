/// Metadata of one column chunk: where its pages are and how they are encoded.
public struct ColumnMetaData: Hashable, Sendable {
    /// Physical type.
    public var type: PhysicalType
    /// Every encoding used in the chunk (values and levels).
    public var encodings: [Encoding]
    /// Path from the root to the leaf.
    public var pathInSchema: [String]
    /// Compression codec of all pages.
    public var codec: CompressionCodec
    /// Number of values including nulls (and, for nested columns, level entries).
    public var numValues: Int64
    /// Total uncompressed size of all pages including headers.
    public var totalUncompressedSize: Int64
    /// Total compressed size of all pages including headers.
    public var totalCompressedSize: Int64
    /// Column key-value metadata.
    public var keyValueMetadata: [KeyValue]?
    /// Offset of the first data page.
    public var dataPageOffset: Int64
    /// Offset of the (unused) index page.
    public var indexPageOffset: Int64?
    /// Offset of the dictionary page, when there is one.
    public var dictionaryPageOffset: Int64?
    /// Chunk statistics.
    public var statistics: Statistics?
    /// Pages per (type, encoding).
    public var encodingStats: [PageEncodingStats]?
    /// Offset of the bloom filter.
    public var bloomFilterOffset: Int64?
    /// Length of the bloom filter.
    public var bloomFilterLength: Int32?

    /// Creates column metadata.
    public init(
        type: PhysicalType, encodings: [Encoding], pathInSchema: [String], codec: CompressionCodec, numValues: Int64,
        totalUncompressedSize: Int64, totalCompressedSize: Int64, keyValueMetadata: [KeyValue]? = nil,
        dataPageOffset: Int64, indexPageOffset: Int64? = nil, dictionaryPageOffset: Int64? = nil,
        statistics: Statistics? = nil, encodingStats: [PageEncodingStats]? = nil,
        bloomFilterOffset: Int64? = nil, bloomFilterLength: Int32? = nil
    ) {
        self.type = type
        self.encodings = encodings
        self.pathInSchema = pathInSchema
        self.codec = codec
        self.numValues = numValues
        self.totalUncompressedSize = totalUncompressedSize
        self.totalCompressedSize = totalCompressedSize
        self.keyValueMetadata = keyValueMetadata
        self.dataPageOffset = dataPageOffset
        self.indexPageOffset = indexPageOffset
        self.dictionaryPageOffset = dictionaryPageOffset
        self.statistics = statistics
        self.encodingStats = encodingStats
        self.bloomFilterOffset = bloomFilterOffset
        self.bloomFilterLength = bloomFilterLength
    }
}
