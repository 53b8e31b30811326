/// The Thrift header in front of every page.
public struct PageHeader: Hashable, Sendable {
    /// The page kind.
    public var type: PageType
    /// Payload size after decompression (for v2 pages: levels plus decompressed values).
    public var uncompressedPageSize: Int32
    /// Payload size as stored.
    public var compressedPageSize: Int32
    /// CRC32 of the stored payload.
    public var crc: Int32?
    /// Set for DATA_PAGE.
    public var dataPageHeader: DataPageHeader?
    /// Set for DICTIONARY_PAGE.
    public var dictionaryPageHeader: DictionaryPageHeader?
    /// Set for DATA_PAGE_V2.
    public var dataPageHeaderV2: DataPageHeaderV2?

    /// Creates a page header.
    public init(
        type: PageType, uncompressedPageSize: Int32, compressedPageSize: Int32, crc: Int32? = nil,
        dataPageHeader: DataPageHeader? = nil, dictionaryPageHeader: DictionaryPageHeader? = nil,
        dataPageHeaderV2: DataPageHeaderV2? = nil
    ) {
        self.type = type
        self.uncompressedPageSize = uncompressedPageSize
        self.compressedPageSize = compressedPageSize
        self.crc = crc
        self.dataPageHeader = dataPageHeader
        self.dictionaryPageHeader = dictionaryPageHeader
        self.dataPageHeaderV2 = dataPageHeaderV2
    }
}

/// Header fields of a v1 data page.
public struct DataPageHeader: Hashable, Sendable {
    /// Number of values including nulls.
    public var numValues: Int32
    /// Encoding of the values.
    public var encoding: Encoding
    /// Encoding of the definition levels.
    public var definitionLevelEncoding: Encoding
    /// Encoding of the repetition levels.
    public var repetitionLevelEncoding: Encoding
    /// Page statistics.
    public var statistics: Statistics?

    /// Creates the header.
    public init(numValues: Int32, encoding: Encoding, definitionLevelEncoding: Encoding, repetitionLevelEncoding: Encoding, statistics: Statistics? = nil) {
        self.numValues = numValues
        self.encoding = encoding
        self.definitionLevelEncoding = definitionLevelEncoding
        self.repetitionLevelEncoding = repetitionLevelEncoding
        self.statistics = statistics
    }
}

/// Header fields of a v2 data page.
public struct DataPageHeaderV2: Hashable, Sendable {
    /// Number of values including nulls.
    public var numValues: Int32
    /// Number of nulls.
    public var numNulls: Int32
    /// Number of rows (records) in the page.
    public var numRows: Int32
    /// Encoding of the values.
    public var encoding: Encoding
    /// Byte length of the definition levels (stored uncompressed, no length prefix).
    public var definitionLevelsByteLength: Int32
    /// Byte length of the repetition levels (stored uncompressed, no length prefix).
    public var repetitionLevelsByteLength: Int32
    /// Whether the values section is compressed (default true).
    public var isCompressed: Bool
    /// Page statistics.
    public var statistics: Statistics?

    /// Creates the header.
    public init(
        numValues: Int32, numNulls: Int32, numRows: Int32, encoding: Encoding, definitionLevelsByteLength: Int32,
        repetitionLevelsByteLength: Int32, isCompressed: Bool = true, statistics: Statistics? = nil
    ) {
        self.numValues = numValues
        self.numNulls = numNulls
        self.numRows = numRows
        self.encoding = encoding
        self.definitionLevelsByteLength = definitionLevelsByteLength
        self.repetitionLevelsByteLength = repetitionLevelsByteLength
        self.isCompressed = isCompressed
        self.statistics = statistics
    }
}

/// Header fields of a dictionary page.
public struct DictionaryPageHeader: Hashable, Sendable {
    /// Number of dictionary entries.
    public var numValues: Int32
    /// Encoding of the entries (PLAIN or PLAIN_DICTIONARY).
    public var encoding: Encoding
    /// Whether the entries are sorted.
    public var isSorted: Bool?

    /// Creates the header.
    public init(numValues: Int32, encoding: Encoding, isSorted: Bool? = nil) {
        self.numValues = numValues
        self.encoding = encoding
        self.isSorted = isSorted
    }
}
