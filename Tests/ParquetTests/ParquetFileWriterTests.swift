import Columnar
import Testing
@testable import Parquet

@Suite struct ParquetFileWriterTests {
    static let codecs: [CompressionCodec] = [.uncompressed, .snappy, .gzip, .zstd, .lz4Raw, .lz4, .brotli]

    func roundTrip(_ batch: RecordBatch, _ options: ParquetWriterOptions) throws -> (RecordBatch, ParquetFileReader) {
        let writer = try ParquetFileWriter(schema: batch.schema, options: options)
        try writer.write(batch)
        try writer.close()
        let reader = try ParquetFileReader(bytes: writer.bytes)
        var batches: [RecordBatch] = []
        var it = reader.batches()
        while let b = try it.next() { batches.append(b) }
        let columns = batch.schema.fields.indices.map { i in Column.concatenate(batches.map { $0.columns[i] }) }
        return (RecordBatch(schema: reader.schema.schema, columns: columns, count: batches.reduce(0) { $0 + $1.count }), reader)
    }

    func expectEqual(_ a: RecordBatch, _ b: RecordBatch, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a.count == b.count, sourceLocation: sourceLocation)
        for i in a.columns.indices {
            let x = a.columns[i].boxedValues, y = b.columns[i].boxedValues
            if x != y {
                let first = zip(x, y).enumerated().first { $0.element.0 != $0.element.1 }
                Issue.record("column \(a.schema.fields[i].name) differs at row \(first?.offset ?? -1): \(String(describing: first?.element))", sourceLocation: sourceLocation)
            }
        }
    }

    @Test(arguments: codecs, [1, 2])
    func flatTypesRoundTrip(codec: CompressionCodec, pageVersion: Int) throws {
        let batch = TestData.batch(Schema(TestData.flatFields), rows: 700, seed: 1)
        for dictionary in [true, false] {
            var options = ParquetWriterOptions()
            options.compression = codec
            options.dataPageVersion = pageVersion
            options.dictionaryEnabled = dictionary
            options.dataPageRowLimit = 128
            options.rowGroupRowLimit = 300
            let (back, reader) = try roundTrip(batch, options)
            #expect(reader.rowGroupCount == 3)
            expectEqual(batch, back)
        }
    }

    @Test(arguments: [1, 2])
    func nestedTypesRoundTrip(pageVersion: Int) throws {
        let batch = TestData.batch(Schema(TestData.nestedFields), rows: 500, seed: 2, nullRate: 0.2)
        var options = ParquetWriterOptions()
        options.dataPageVersion = pageVersion
        options.dataPageRowLimit = 64
        options.rowGroupRowLimit = 200
        let (back, _) = try roundTrip(batch, options)
        expectEqual(batch, back)
    }

    @Test func dictionaryFallsBackToPlainMidChunk() throws {
        let schema = Schema([Field("s", .string)])
        let rows = (0..<5000).map { Value.string("value-\($0 % 2500)-" + String(repeating: "x", count: $0 % 50)) }
        let batch = RecordBatch(schema: schema, columns: [Column(.string, rows)])
        var options = ParquetWriterOptions()
        options.dictionaryPageByteLimit = 16 * 1024
        options.dataPageRowLimit = 500
        let (back, reader) = try roundTrip(batch, options)
        expectEqual(batch, back)
        let meta = reader.metadata.rowGroups[0].columns[0].metaData!
        let encodings = Set(meta.encodingStats!.map(\.encoding))
        #expect(encodings.contains(.rleDictionary) && encodings.contains(.plain))
        #expect(meta.dictionaryPageOffset != nil)
    }

    @Test func emptyFileHasSchemaAndNoRowGroups() throws {
        let schema = Schema(TestData.nestedFields)
        let writer = try ParquetFileWriter(schema: schema)
        let meta = try writer.close()
        #expect(meta.rowGroups.isEmpty)
        let reader = try ParquetFileReader(bytes: writer.bytes)
        #expect(reader.schema.schema == schema)
        #expect(reader.rowCount == 0)
    }

    @Test func allNullColumn() throws {
        let schema = Schema([Field("n", .int64), Field("s", .string)])
        let batch = RecordBatch(schema: schema, columns: [Column(.int64, Array(repeating: .null, count: 100)), Column(.string, Array(repeating: .null, count: 100))])
        let (back, reader) = try roundTrip(batch, ParquetWriterOptions())
        expectEqual(batch, back)
        let stats = reader.metadata.rowGroups[0].columns[0].metaData!.statistics!
        #expect(stats.nullCount == 100)
        #expect(stats.minValue == nil && stats.maxValue == nil)
    }

    @Test func statisticsAreWrittenInPhysicalEncoding() throws {
        let schema = Schema([
            Field("i8", .int8), Field("u32", .uint32), Field("d", .decimal(precision: 25, scale: 2)),
            Field("s", .string), Field("f", .float64), Field("ts", .timestamp),
        ])
        let batch = RecordBatch(schema: schema, columns: [
            Column(.int8, [.int(-5), .int(7), .null]),
            Column(.uint32, [.uint(1), .uint(4_000_000_000), .null]),
            Column(.decimal(precision: 25, scale: 2), [.decimal(-12345), .decimal(99), .null]),
            Column(.string, [.string("b"), .string("ab"), .null]),
            Column(.float64, [.double(.nan), .double(-0.0), .double(3.5)]),
            Column(.timestamp, [.timestamp(5), .timestamp(-5), .null]),
        ])
        let (_, reader) = try roundTrip(batch, ParquetWriterOptions())
        let chunks = reader.metadata.rowGroups[0].columns
        func minMax(_ i: Int) -> (Value?, Value?) {
            let s = chunks[i].metaData!.statistics!
            let d = reader.schema.leaves[i]
            return (s.minValue.flatMap { d.statisticValue($0) }, s.maxValue.flatMap { d.statisticValue($0) })
        }
        #expect(minMax(0) == (.int(-5), .int(7)))
        #expect(minMax(1) == (.uint(1), .uint(4_000_000_000)))
        #expect(minMax(2) == (.decimal(-12345), .decimal(99)))
        #expect(minMax(3) == (.string("ab"), .string("b")))
        #expect(minMax(4) == (.double(-0.0), .double(3.5)))
        #expect(minMax(5) == (.timestamp(-5), .timestamp(5)))
        #expect(chunks[1].metaData!.statistics!.min == nil, "unsigned columns carry no signed-order legacy min")
        #expect(chunks[0].metaData!.statistics!.nullCount == 1)
    }

    @Test func footerHasWhatStrictReadersDemand() throws {
        let batch = TestData.batch(Schema(TestData.flatFields), rows: 50, seed: 3)
        let (_, reader) = try roundTrip(batch, ParquetWriterOptions())
        let meta = reader.metadata
        #expect(meta.createdBy?.hasPrefix("lake version ") == true)
        #expect(meta.columnOrders?.count == reader.schema.leaves.count)
        for chunk in meta.rowGroups[0].columns {
            let m = chunk.metaData!
            #expect(!m.pathInSchema.isEmpty)
            #expect(m.encodingStats?.isEmpty == false)
            #expect(chunk.filePath == nil)
        }
        #expect(meta.rowGroups[0].fileOffset == 4)
        let decimal = meta.schema.first { $0.name.hasPrefix("c13_") }!
        #expect(decimal.type == .fixedLenByteArray && decimal.convertedType == .decimal && decimal.precision == 30)
    }

    @Test func schemaMismatchIsRefused() throws {
        let writer = try ParquetFileWriter(schema: Schema([Field("a", .int64)]))
        let wrong = RecordBatch(schema: Schema([Field("a", .int32)]), columns: [Column(.int32, [.int(1)])])
        #expect(throws: ParquetError.self) { try writer.write(wrong) }
    }
}
