import Foundation
import Lakehouse
import Testing

/// The README's embedding example, compiled and run here; the test also checks that the README
/// shows exactly this code.
@Suite struct ReadmeExampleTests {
    func example(directory: String) throws {
        // BEGIN README EXAMPLE
        let table = DeltaTable(path: directory + "/events")
        let schema = Schema([Field("id", .int64), Field("kind", .string), Field("day", .date)])
        let batch = RecordBatch(schema: schema, columns: [
            Column(.int64, [.int(1), .int(2), .int(3)]),
            Column(.string, [.string("click"), .string("view"), .string("click")]),
            Column(.date, [.date(19723), .date(19724), .date(19724)]),
        ])
        var options = WriteOptions()
        options.partitionBy = ["day"]
        let result = try TableWriter(table: table).write([batch], options: options)
        print("committed version", result.commit?.version ?? -1)

        // Read a version back: projection and a predicate pushed down to the files.
        let snapshot = try table.snapshot()  // or snapshot(version: 0), snapshot(timestamp: millis)
        let scan = try Scan(
            snapshot: snapshot, storage: table.storage, columns: ["id", "kind"],
            predicate: try ExpressionParser.parse("day >= '2024-01-02' AND kind = 'click'"))
        var batches = try scan.batches()
        while let found = try batches.next() {
            print(RowWriter.string([found], format: .table, schema: found.schema))
        }
        for entry in try table.history() {
            print(entry.version, entry.commitInfo.operation ?? "")
        }

        // SQL over the same table, and the builder API over the same plans.
        let engine = QueryEngine(warehouse: directory)
        let perDay = try engine.sql("SELECT day, count(*) AS n FROM delta.`\(directory)/events` GROUP BY day ORDER BY day")
        print(RowWriter.string(perDay.batches, format: .table, schema: perDay.schema))
        let clicks = try engine.table("delta.`\(directory)/events`").filter("kind = 'click'").select("id", "day")
        print(try clicks.count(), "clicks;", try clicks.explain())

        // Plain Parquet files, without a table.
        let writer = try ParquetFileWriter(path: directory + "/events.parquet", schema: schema)
        try writer.write(batch)
        try writer.close()
        let reader = try ParquetFileReader(path: directory + "/events.parquet")
        print(reader.rowCount, "rows in", reader.rowGroupCount, "row group(s)")
        // END README EXAMPLE
    }

    @Test func runs() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("readme-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try example(directory: dir)
        let table = DeltaTable(path: dir + "/events")
        #expect(try table.snapshot().files.count == 2)
        let scan = try Scan(snapshot: try table.snapshot(), storage: table.storage, predicate: try ExpressionParser.parse("day >= '2024-01-02'"))
        #expect(try scan.plan().files.count == 1)
    }

    @Test func readmeShowsThisCode() throws {
        let source = try String(contentsOfFile: #filePath, encoding: .utf8)
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        let start = lines.firstIndex { $0.contains("// BEGIN README EXAMPLE") }! + 1
        let end = lines.firstIndex { $0.contains("// END README EXAMPLE") }!
        let code = lines[start..<end].map { $0.count >= 8 ? String($0.dropFirst(8)) : "" }.joined(separator: "\n")
        let readmePath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md").path
        let readme = try String(contentsOfFile: readmePath, encoding: .utf8)
        #expect(readme.contains("```swift\nimport Lakehouse\n\n" + code + "\n```"))
    }
}
