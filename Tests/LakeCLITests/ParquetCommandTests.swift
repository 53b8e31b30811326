import Foundation
import Testing

@Suite struct ParquetCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures/parquet")

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent("\(name).parquet").path }

    static var anyFixture: String {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? []
        return fixtures.appendingPathComponent(names.filter { $0.hasSuffix(".parquet") && !$0.contains("empty") }.sorted()[0]).path
    }

    func jsonLines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test(arguments: ["schema", "meta", "cat", "rewrite"])
    func subcommandHelp(_ name: String) throws {
        let r = try LakeBinary.run(["parquet", name, "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("USAGE: lake parquet \(name)"))
    }

    @Test func catJSONLinesWithLimit() throws {
        let r = try LakeBinary.run(["parquet", "cat", Self.anyFixture, "--format", "jsonl", "--limit", "3"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try jsonLines(r.stdout).count == 3)
    }

    @Test func catTableShowsTypesAndRowCount() throws {
        let r = try LakeBinary.run(["parquet", "cat", Self.anyFixture, "--limit", "2"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("2 rows"))
    }

    @Test func catProjectsColumnsAndRejectsUnknownOnes() throws {
        let schema = try LakeBinary.run(["parquet", "schema", Self.anyFixture, "--format", "jsonl"])
        let first = try #require(try jsonLines(schema.stdout).first?["column"] as? String)
        let r = try LakeBinary.run(["parquet", "cat", Self.anyFixture, "--format", "jsonl", "--columns", first, "--limit", "1"])
        #expect(try jsonLines(r.stdout).first.map { Array($0.keys) } == [first])
        let bad = try LakeBinary.run(["parquet", "cat", Self.anyFixture, "--columns", "no_such_column"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("no_such_column"))
    }

    @Test func schemaPrintsTheParquetMessage() throws {
        let r = try LakeBinary.run(["parquet", "schema", Self.anyFixture])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("message "))
    }

    @Test func metaListsEveryColumnChunk() throws {
        let r = try LakeBinary.run(["parquet", "meta", Self.anyFixture, "--format", "jsonl"])
        #expect(r.status == 0)
        let rows = try jsonLines(r.stdout)
        #expect(!rows.isEmpty)
        #expect(rows.allSatisfy { $0["codec"] != nil && $0["encodings"] != nil && $0["column"] != nil })
    }

    @Test(arguments: ["none", "snappy", "gzip", "zstd", "lz4", "brotli"])
    func rewriteKeepsTheRows(_ codec: String) throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("lake-rewrite-\(codec)-\(UUID().uuidString).parquet").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try LakeBinary.run(["parquet", "rewrite", Self.anyFixture, out, "--compression", codec, "--page-version", "2", "--row-group-rows", "50"])
        #expect(r.status == 0, "\(r.stderr)")
        let before = try LakeBinary.run(["parquet", "cat", Self.anyFixture, "--format", "jsonl"]).stdout
        let after = try LakeBinary.run(["parquet", "cat", out, "--format", "jsonl"]).stdout
        #expect(before == after)
        let meta = try jsonLines(try LakeBinary.run(["parquet", "meta", out, "--format", "jsonl"]).stdout)
        let expectedCodec = ["none": "UNCOMPRESSED", "lz4": "LZ4_RAW"][codec] ?? codec.uppercased()
        #expect(meta.allSatisfy { $0["codec"] as? String == expectedCodec })
    }

    @Test func badInputFailsWithTheFileName() throws {
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("lake-bad-\(UUID().uuidString).parquet").path
        defer { try? FileManager.default.removeItem(atPath: bad) }
        try Data("PAR1 this is not parquet PAR1".utf8).write(to: URL(fileURLWithPath: bad))
        let r = try LakeBinary.run(["parquet", "cat", bad])
        #expect(r.status == 1)
        #expect(r.stderr.contains(bad))
        let missing = try LakeBinary.run(["parquet", "meta", "/nonexistent/file.parquet"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("/nonexistent/file.parquet"))
    }
}
