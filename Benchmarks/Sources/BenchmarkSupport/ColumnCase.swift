import Columnar
import Parquet

/// One benchmarked column: how to build its data and the writer options that pick its
/// encoding and codec. The data is built in a benchmark's setup, never at registration, so a
/// benchmark process holds only the column it measures.
public struct ColumnCase: Sendable {
    /// The benchmark name's suffix, e.g. "INT64 PLAIN".
    public let name: String
    /// Whether the column may hold nulls (an OPTIONAL rather than REQUIRED column).
    public let nullable: Bool
    /// Writer options: dictionary on or off, the codec.
    public let options: ParquetWriterOptions
    /// The encoding the column's data pages must use (checked after writing).
    public let expectedEncoding: Encoding
    private let makeColumn: @Sendable () -> Column

    /// A one-column case.
    public init(_ name: String, nullable: Bool = false, dictionary: Bool, compression: CompressionCodec = .uncompressed,
                column: @escaping @Sendable () -> Column) {
        self.name = name
        self.nullable = nullable
        var options = ParquetWriterOptions()
        options.dictionaryEnabled = dictionary
        options.compression = compression
        self.options = options
        expectedEncoding = dictionary ? .rleDictionary : .plain
        makeColumn = column
    }

    /// Builds the one-column batch.
    public func makeBatch() -> RecordBatch {
        let column = makeColumn()
        return RecordBatch(schema: Schema([Field("c", column.type, nullable: nullable)]), columns: [column])
    }

    /// Writes `batch` to an in-memory Parquet file with ``options``.
    public func write(_ batch: RecordBatch) throws -> ParquetFileWriter {
        let writer = try ParquetFileWriter(schema: batch.schema, options: options)
        try writer.write(batch)
        try writer.close()
        return writer
    }

    /// Builds the column and writes it, checking that the file holds one row group whose data
    /// pages use ``expectedEncoding`` and ``options``' codec, so a benchmark measures what its
    /// name says.
    public func makeFile() throws -> [UInt8] {
        let bytes = try write(makeBatch()).bytes
        let reader = try ParquetFileReader(bytes: bytes)
        guard reader.rowGroupCount == 1, let meta = reader.metadata.rowGroups[0].columns[0].metaData else {
            throw CaseError("\(name): expected one row group with column metadata, got \(reader.rowGroupCount) row groups")
        }
        guard meta.codec == options.compression else {
            throw CaseError("\(name): the chunk uses \(meta.codec), expected \(options.compression)")
        }
        let dataEncodings = meta.encodingStats?.filter { $0.pageType != .dictionaryPage }.map(\.encoding) ?? meta.encodings
        guard dataEncodings.allSatisfy({ $0 == expectedEncoding || $0 == .rle }) else {
            throw CaseError("\(name): data pages use \(dataEncodings), expected \(expectedEncoding)")
        }
        return bytes
    }

    /// The columns both benchmark targets use: 1 Mi rows each, UNCOMPRESSED unless named.
    public static let all: [ColumnCase] = [
        ColumnCase("INT64 PLAIN", dictionary: false) { BenchmarkColumns.int64() },
        ColumnCase("DOUBLE PLAIN", dictionary: false) { BenchmarkColumns.double() },
        ColumnCase("INT64 dictionary (1000 distinct)", dictionary: true) { BenchmarkColumns.int64(distinct: 1000) },
        ColumnCase("DOUBLE dictionary (1000 distinct)", dictionary: true) { BenchmarkColumns.double(distinct: 1000) },
        ColumnCase("INT32 PLAIN", dictionary: false) { BenchmarkColumns.int32() },
        ColumnCase("STRING dictionary (100 distinct)", dictionary: true) {
            BenchmarkColumns.strings(length: 8...24, distinct: 100)
        },
        ColumnCase("STRING PLAIN (8-24 chars)", dictionary: false) { BenchmarkColumns.strings(length: 8...24) },
        ColumnCase("INT64 PLAIN nullable (10% null)", nullable: true, dictionary: false) {
            BenchmarkColumns.nullableInt64(nullFraction: 0.1)
        },
        ColumnCase("INT64 PLAIN ZSTD", dictionary: false, compression: .zstd) { BenchmarkColumns.int64() },
        ColumnCase("INT64 PLAIN SNAPPY", dictionary: false, compression: .snappy) { BenchmarkColumns.int64() },
    ]
}

/// A setup failure: the written file is not what the benchmark claims to measure.
public struct CaseError: Error, CustomStringConvertible {
    /// What was wrong.
    public let description: String
    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}
