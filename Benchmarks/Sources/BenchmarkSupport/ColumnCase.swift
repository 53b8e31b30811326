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
    /// Whether the file's data pages are re-encoded as DELTA_BINARY_PACKED after writing (see
    /// ``DeltaBinaryPackedFile``); decode only.
    public let deltaBinaryPacked: Bool
    private let makeColumn: @Sendable () -> Column

    /// A one-column case.
    public init(_ name: String, nullable: Bool = false, dictionary: Bool, compression: CompressionCodec = .uncompressed,
                deltaBinaryPacked: Bool = false, column: @escaping @Sendable () -> Column) {
        self.name = name
        self.nullable = nullable
        var options = ParquetWriterOptions()
        options.dictionaryEnabled = dictionary && !deltaBinaryPacked
        options.compression = deltaBinaryPacked ? .uncompressed : compression
        self.options = options
        self.deltaBinaryPacked = deltaBinaryPacked
        expectedEncoding = deltaBinaryPacked ? .deltaBinaryPacked : dictionary ? .rleDictionary : .plain
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
        let batch = makeBatch()
        let bytes = try deltaBinaryPacked ? DeltaBinaryPackedFile.make(batch.columns[0]) : write(batch).bytes
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
        // What the file decodes to must be what was written.
        let decoded = try reader.readRowGroup(0).columns[0]
        let written = batch.columns[0]
        guard decoded.count == written.count,
              written.validity != nil || (decoded.values == written.values && decoded.offsets == written.offsets)
        else {
            throw CaseError("\(name): the file does not decode to the column written")
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
        ColumnCase("INT32 dictionary (1000 distinct)", dictionary: true) { BenchmarkColumns.int32(distinct: 1000) },
    ]

    /// Whether the case's CPU time is bimodal from one run to the next on this machine, and so
    /// gated on its malloc count only: PLAIN INT64/DOUBLE, where the time is mostly copying
    /// 8 MiB into fresh pages (seen: encode INT64 PLAIN at 6 ms in one run, 20 ms in the next),
    /// and the same column SNAPPY- or ZSTD-compressed, which (random data, incompressible) is
    /// stored nearly as is (seen: decode INT64 PLAIN SNAPPY at 1.7 ms, then 6.5 ms under load);
    /// an uncompressed column, and strings (offsets and bytes copied into fresh buffers: 11 ms,
    /// then 22 ms on a quiet machine). Their CPU time depends on whether the allocator hands
    /// back touched or fresh pages, not on our code.
    public var copyBound: Bool {
        ["INT64 PLAIN", "DOUBLE PLAIN", "INT64 PLAIN SNAPPY", "INT64 PLAIN ZSTD"].contains(name)
            || name.hasPrefix("STRING") || name.hasSuffix("UNCOMPRESSED")
    }

    /// Cases only the decode target measures.
    ///
    /// RLE/bit-packed hybrid decoding per bit width: the decoder of that encoding is internal,
    /// so it is measured through dictionary indices, whose bit width is the dictionary size's:
    /// an INT32 column drawn at random from 2^w values has its indices bit-packed at width w
    /// (and the gather behind it is a 4-byte load per value). `runs of 1000` makes the same
    /// indices RLE runs instead.
    ///
    /// DELTA_BINARY_PACKED: files built by ``DeltaBinaryPackedFile``.
    ///
    /// Decompression per codec: the same compressible INT64 column (random values below 2^16,
    /// so six of every eight PLAIN bytes are zero) under each codec; compare with its
    /// UNCOMPRESSED row for the codec's share.
    public static let decodeOnly: [ColumnCase] = bitWidthCases + [
        ColumnCase("RLE bit width 8, runs of 1000 (INT32 dictionary)", dictionary: true) {
            BenchmarkColumns.int32(distinct: 256, runLength: 1000)
        },
        ColumnCase("INT64 DELTA_BINARY_PACKED (timestamps, steps < 2000)", dictionary: false, deltaBinaryPacked: true) {
            BenchmarkColumns.timestamps()
        },
        ColumnCase("INT32 DELTA_BINARY_PACKED (random < 2^20)", dictionary: false, deltaBinaryPacked: true) {
            BenchmarkColumns.boundedInt32(bound: 1 << 20)
        },
    ] + codecCases

    /// One case per bit width: an INT32 column drawn from 2^w distinct values.
    static let bitWidthCases: [ColumnCase] = [1, 2, 4, 8, 12, 16].map { w in
        ColumnCase("RLE bit width \(w) (INT32 dictionary, \(1 << w) distinct)", dictionary: true) {
            BenchmarkColumns.int32(distinct: 1 << w, seed: UInt64(100 + w))
        }
    }

    /// The compressible INT64 column under each codec.
    static let codecCases: [ColumnCase] = [
        ("UNCOMPRESSED", CompressionCodec.uncompressed), ("SNAPPY", .snappy), ("GZIP", .gzip),
        ("LZ4_RAW", .lz4Raw), ("ZSTD", .zstd), ("BROTLI", .brotli),
    ].map { name, codec in
        ColumnCase("compressible INT64 PLAIN \(name)", dictionary: false, compression: codec) {
            BenchmarkColumns.boundedInt64(bound: 1 << 16)
        }
    }
}

/// A setup failure: the written file is not what the benchmark claims to measure.
public struct CaseError: Error, CustomStringConvertible {
    /// What was wrong.
    public let description: String
    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}
