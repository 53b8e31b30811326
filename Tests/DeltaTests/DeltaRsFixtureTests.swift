import Columnar
import Foundation
import Testing
@testable import Delta

/// Every table delta-rs wrote in fixtures/delta/tables (see fixtures/delta/README.md) reads at
/// every version to exactly the rows delta-rs reads, in the jsonl convention.
@Suite struct DeltaRsFixtureTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures/delta")

    static var tables: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("tables").path)) ?? []).sorted()
    }

    static func jsonl(_ batch: RecordBatch) -> [String] {
        let text = RowWriter.string([batch], format: .jsonl, schema: batch.schema)
        return text.split(separator: "\n").map(String.init)
    }

    @Test func fixturesArePresent() {
        #expect(Self.tables.count >= 20)
    }

    @Test(arguments: tables)
    func readsEveryVersionLikeDeltaRs(_ name: String) throws {
        let table = DeltaTable(path: Self.root.appendingPathComponent("tables/\(name)").path)
        let expectedDir = Self.root.appendingPathComponent("expected/\(name)")
        let versions = try FileManager.default.contentsOfDirectory(atPath: expectedDir.path)
            .filter { $0.hasPrefix("v") && $0.hasSuffix(".jsonl") }
            .compactMap { Int64($0.dropFirst().dropLast(6)) }.sorted()
        #expect(!versions.isEmpty)
        for v in versions {
            let expected = try String(contentsOf: expectedDir.appendingPathComponent("v\(v).jsonl"), encoding: .utf8)
                .split(separator: "\n").map(String.init).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            let snapshot = try table.snapshot(version: v)
            let actual = Self.jsonl(try Scan(snapshot: snapshot, storage: table.storage).collect())
                .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            #expect(actual == expected, "\(name) version \(v)")
        }
    }
}
