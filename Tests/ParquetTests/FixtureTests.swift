import Columnar
import Foundation
import Testing
@testable import Parquet

/// Every committed fixture (written by pyarrow and by parquet-java through Spark, listed in
/// fixtures/README.md) reads to exactly the rows pyarrow reads, in the jsonl convention.
@Suite struct FixtureTests {
    static let names = Fixtures.parquetFiles.map { $0.deletingPathExtension().lastPathComponent }

    static func jsonl(_ url: URL) throws -> String {
        let reader = try ParquetFileReader(path: url.path)
        var out = ""
        var writer = RowWriter(format: .jsonl, schema: reader.schema.schema, textOutput: { out += $0 })
        var batches = reader.batches()
        while let batch = try batches.next() { writer.write(batch) }
        writer.finish()
        return out
    }

    @Test(arguments: names)
    func readsLikePyArrow(_ name: String) throws {
        let url = Fixtures.parquet(name)
        let expected = try String(contentsOf: url.deletingPathExtension().appendingPathExtension("jsonl"), encoding: .utf8)
        let actual = try Self.jsonl(url)
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(a.count == e.count, "\(name): \(a.count - 1) rows, expected \(e.count - 1)")
        if let i = zip(e, a).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
            Issue.record("\(name) row \(i):\n expected \(e[i])\n actual   \(a[i])")
        }
    }

    /// Our writer re-encodes every fixture (each codec, both page versions) to the same rows.
    @Test(arguments: names)
    func rewritesToTheSameRows(_ name: String) throws {
        let url = Fixtures.parquet(name)
        let original = try Self.jsonl(url)
        let reader = try ParquetFileReader(path: url.path)
        let codecs: [CompressionCodec] = [.zstd, .snappy, .gzip, .lz4Raw, .uncompressed, .brotli, .lz4]
        var options = ParquetWriterOptions()
        options.compression = codecs[name.utf8.reduce(0) { $0 + Int($1) } % codecs.count]
        options.dataPageVersion = name.count % 2 + 1
        options.rowGroupRowLimit = 37
        options.dataPageRowLimit = 11
        let writer = try ParquetFileWriter(schema: reader.schema.schema, options: options)
        var batches = reader.batches()
        while let batch = try batches.next() { try writer.write(batch) }
        try writer.close()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString).parquet")
        try Data(writer.bytes).write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        #expect(try Self.jsonl(path) == original, "\(name) with \(options.compression), v\(options.dataPageVersion)")
    }
}
