import Columnar

/// Settings of a ``ParquetFileWriter``. The defaults suit lakehouse tables: ZSTD, data page
/// v1, dictionary encoding with PLAIN fallback, 1 MiB pages, row groups of up to 1 Mi rows or
/// 128 MiB of encoded data, statistics on every column.
public struct ParquetWriterOptions: Sendable {
    /// Page compression.
    public var compression: CompressionCodec = .zstd
    /// Codec-specific level; nil uses the codec's default.
    public var compressionLevel: Int32?
    /// Data page format: 1 (`DATA_PAGE`, what every reader supports) or 2 (`DATA_PAGE_V2`).
    public var dataPageVersion: Int = 1
    /// A row group is closed once it holds this many rows.
    public var rowGroupRowLimit: Int = 1 << 20
    /// A row group is closed once its encoded pages reach about this many bytes.
    public var rowGroupByteLimit: Int = 128 << 20
    /// A data page is closed once its encoded values reach about this many bytes.
    public var dataPageByteLimit: Int = 1 << 20
    /// A data page is closed once it holds this many rows.
    public var dataPageRowLimit: Int = 20_000
    /// Whether to dictionary-encode columns (booleans never are).
    public var dictionaryEnabled: Bool = true
    /// A column falls back to PLAIN for the rest of its chunk once its dictionary grows past this.
    public var dictionaryPageByteLimit: Int = 1 << 20
    /// Whether to write min/max statistics (null counts are always written).
    public var statisticsEnabled: Bool = true
    /// File key-value metadata.
    public var keyValueMetadata: [KeyValue] = []
    /// The writer named in the footer, in the `name version X.Y.Z (build H)` form readers parse.
    public var createdBy: String = LakeVersion.parquetCreatedBy

    /// Default options.
    public init() {}
}
