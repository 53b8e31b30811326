import Columnar
import Foundation
import Parquet
import Testing
@testable import Delta

/// The Delta Acceptance Tests (delta-incubator/dat): Spark-written tables in
/// `../shared/fixtures/dat`, each with its expected rows per version. Skipped where that
/// folder is absent.
@Suite struct AcceptanceTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/fixtures/dat")

    static var cases: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).filter {
            FileManager.default.fileExists(atPath: root.appendingPathComponent("\($0)/delta").path)
        }.sorted()
    }

    /// Rows of a batch as sorted text lines, in the expected file's column order.
    static func lines(_ batch: RecordBatch, columns: [String]) -> [String] {
        (0..<batch.count).map { r in
            columns.map { name in
                let i = batch.schema.index(of: name)!
                return "\(name)=\(batch.columns[i].value(at: r).text(as: batch.schema.fields[i].type))"
            }.joined(separator: ", ")
        }.sorted()
    }

    @Test(.enabled(if: !cases.isEmpty, "../shared/fixtures/dat is not present"), arguments: cases)
    func readsEveryVersionAsExpected(_ name: String) throws {
        let base = Self.root.appendingPathComponent(name)
        let table = DeltaTable(path: base.appendingPathComponent("delta").path)
        let versions = try FileManager.default.contentsOfDirectory(atPath: base.appendingPathComponent("expected").path).sorted()
        #expect(!versions.isEmpty)
        for v in versions {
            let dir = base.appendingPathComponent("expected/\(v)")
            let meta = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("table_version_metadata.json"))) as! [String: Any]
            let version = (meta["version"] as! NSNumber).int64Value
            let snapshot = try table.snapshot(version: v == "latest" ? nil : version)
            #expect(snapshot.version == version, "\(name) \(v)")
            #expect(snapshot.protocol.minReaderVersion == (meta["min_reader_version"] as! NSNumber).intValue)
            #expect(snapshot.protocol.minWriterVersion == (meta["min_writer_version"] as! NSNumber).intValue)
            let expectedReader = try ParquetFileReader(path: dir.appendingPathComponent("table_content.parquet").path)
            var parts: [RecordBatch] = []
            for g in 0..<expectedReader.rowGroupCount { parts.append(try expectedReader.readRowGroup(g)) }
            let columns = expectedReader.schema.schema.fields.map(\.name)
            let expected = parts.flatMap { Self.lines($0, columns: columns) }.sorted()
            let actual = Self.lines(try Scan(snapshot: snapshot, storage: table.storage).collect(), columns: columns)
            #expect(actual == expected, "\(name) \(v)")
        }
    }
}
