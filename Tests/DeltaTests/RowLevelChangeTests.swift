import Columnar
import Foundation
import Testing
@testable import Delta

@Suite struct RowLevelChangeTests {
    static let schema = Schema([Field("id", .int64), Field("day", .string)])

    static func table(_ dir: TempDirectory, cdf: Bool = false) throws -> DeltaTable {
        let table = DeltaTable(path: dir.path)
        var options = WriteOptions()
        options.partitionBy = ["day"]
        if cdf { options.tableProperties = ["delta.enableChangeDataFeed": "true"] }
        try TableWriter(table: table).write([Rows.batch(schema, (1...6).map { [.int(Int64($0)), .string($0 <= 3 ? "a" : "b")] })], options: options)
        return table
    }

    @Test func rewritesCommitRemovesAddsAndChangeFiles() throws {
        let dir = TempDirectory()
        let table = try Self.table(dir, cdf: true)
        let change = try RowLevelChange(table: table, snapshot: try table.snapshot(), operation: "DELETE", lanes: 2)
        #expect(change.recordsChanges)
        let (files, _) = try change.candidateFiles(try ExpressionParser.parse("day = 'a'"))
        #expect(files.count == 1)
        let batch = try change.reader(files[0]).readRowGroup(0).batch
        try change.write(ScanFileReader.take(batch, [0, 2]), lane: 1)
        try change.recordChanges(ScanFileReader.take(batch, [1]), .delete, lane: 0)
        try change.remove(files[0].add, rowsRecorded: true)
        #expect { try change.remove(files[0].add, rowsRecorded: true) } throws: { ($0 as? DeltaError)?.message.contains("twice") == true }
        let summary = try change.finish()
        #expect(summary.filesAdded == 1 && summary.filesRemoved == 1 && summary.changeFilesAdded == 1 && summary.rowsWritten == 2)
        let commit = try #require(try change.commit(parameters: ["predicate": "[\"id = 2\"]"], metrics: ["numDeletedRows": "1"], readPredicate: nil, readWholeTable: true))
        #expect(commit.version == 1)
        #expect(try Rows.read(table) == ["id=1, day=a", "id=3, day=a", "id=4, day=b", "id=5, day=b", "id=6, day=b"])
        let cdc = try ChangeDataFeed(table: table, startVersion: 1).collect()
        #expect(cdc.count == 1 && cdc.column(named: "_change_type")?.value(at: 0) == .string("delete"))
        #expect(cdc.column(named: "day")?.value(at: 0) == .string("a"))
        let log = try String(contentsOfFile: dir.path + "/_delta_log/00000000000000000001.json", encoding: .utf8)
        #expect(log.contains("\"cdc\":{\"path\":\"_change_data/day=a/cdc-00000-") && log.contains("\"operation\":\"DELETE\""))
    }

    @Test func wholeFileRemovalsNeedNoChangeDataUnlessOtherChangesDo() throws {
        let dir = TempDirectory()
        let table = try Self.table(dir, cdf: true)
        var change = try RowLevelChange(table: table, snapshot: try table.snapshot(), operation: "DELETE")
        let files = try change.candidateFiles(nil).files
        let a = try #require(files.first { $0.add.partitionValues["day"] == "a" })
        let b = try #require(files.first { $0.add.partitionValues["day"] == "b" })
        try change.remove(a.add, rowsRecorded: false)
        #expect(try change.finish().changeFilesAdded == 0)
        try change.commit(parameters: [:], metrics: [:], readPredicate: nil, readWholeTable: true)
        #expect(try ChangeDataFeed(table: table, startVersion: 1).collect().count == 3)  // from the remove
        // With other change data in the commit, the unread file's rows are recorded as deletes too.
        change = try RowLevelChange(table: table, snapshot: try table.snapshot(), operation: "DELETE")
        let batch = try change.reader(b).readRowGroup(0).batch
        try change.write(ScanFileReader.take(batch, [0, 1]))
        try change.recordChanges(ScanFileReader.take(batch, [2]), .delete)
        try change.remove(b.add, rowsRecorded: true)
        try change.commit(parameters: [:], metrics: [:], readPredicate: nil, readWholeTable: true)
        let feed = try ChangeDataFeed(table: table, startVersion: 2).collect()
        #expect(feed.count == 1)
    }

    @Test func everyRowMatchesByPartitionAndStatistics() throws {
        let dir = TempDirectory()
        let table = try Self.table(dir)
        let change = try RowLevelChange(table: table, snapshot: try table.snapshot(), operation: "DELETE")
        let files = try change.candidateFiles(nil).files.sorted { ($0.add.partitionValues["day"] ?? "") ?? "" < ($1.add.partitionValues["day"] ?? "") ?? "" }
        let p = { (text: String) in try ExpressionParser.parse(text) }
        #expect(try change.everyRowMatches(p("day = 'a'"), files[0]))
        #expect(try !change.everyRowMatches(p("day = 'a'"), files[1]))
        #expect(try change.everyRowMatches(p("id <= 3"), files[0]))
        #expect(try !change.everyRowMatches(p("id < 3"), files[0]))
        #expect(try change.everyRowMatches(p("id >= 4 AND day = 'b'"), files[1]))
        #expect(try !change.everyRowMatches(p("id != 2"), files[0]))
        #expect(try !change.everyRowMatches(p("id IN (1, 2, 3, NULL)"), files[0]))
    }

    @Test func abortDeletesTheFilesWrittenAndAppendOnlyRefusesRemoves() throws {
        let dir = TempDirectory()
        let table = try Self.table(dir)
        let change = try RowLevelChange(table: table, snapshot: try table.snapshot(), operation: "UPDATE")
        try change.write(Rows.batch(Self.schema, [[.int(9), .string("c")]]))
        _ = try change.finish()
        #expect(FileManager.default.fileExists(atPath: dir.path + "/day=c"))
        change.abort()
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path + "/day=c")
        #expect(left.isEmpty)
        #expect(try table.latestVersion() == 0)

        let dir2 = TempDirectory()
        let appendOnly = DeltaTable(path: dir2.path)
        var options = WriteOptions()
        options.tableProperties = ["delta.appendOnly": "true"]
        try TableWriter(table: appendOnly).write([Rows.batch(Self.schema, [[.int(1), .string("a")]])], options: options)
        let refused = try RowLevelChange(table: appendOnly, snapshot: try appendOnly.snapshot(), operation: "DELETE")
        #expect { try refused.remove(try appendOnly.snapshot().files[0], rowsRecorded: false) } throws: {
            ($0 as? DeltaError)?.message.contains("append-only") == true
        }
    }

    @Test func twoChangesRemovingTheSameFileConflict() throws {
        let dir = TempDirectory()
        let table = try Self.table(dir)
        let snapshot = try table.snapshot()
        let first = try RowLevelChange(table: table, snapshot: snapshot, operation: "DELETE")
        let second = try RowLevelChange(table: table, snapshot: snapshot, operation: "UPDATE")
        let file = snapshot.files[0]
        try first.remove(file, rowsRecorded: false)
        try second.write(Rows.batch(Self.schema, [[.int(1), .string("a")]]))
        try second.remove(file, rowsRecorded: true)
        try first.commit(parameters: [:], metrics: [:], readPredicate: nil, readWholeTable: true)
        #expect { try second.commit(parameters: [:], metrics: [:], readPredicate: nil, readWholeTable: true) } throws: {
            ($0 as? DeltaError)?.code == .concurrentModification
        }
        #expect(try table.latestVersion() == 1)
        // The loser's files are gone: nothing references them.
        let written = try FileManager.default.contentsOfDirectory(atPath: dir.path + "/day=a").filter { $0.hasSuffix(".parquet") }
        #expect(written.count == 1)
    }

    @Test func schemaEvolutionAddsColumnsAndOldRowsReadAsNull() throws {
        let dir = TempDirectory()
        let table = try Self.table(dir)
        let snapshot = try table.snapshot()
        let evolved = Schema(snapshot.schema.fields + [Field("note", .string)])
        let change = try RowLevelChange(table: table, snapshot: snapshot, operation: "MERGE", evolvedSchema: evolved)
        try change.write(Rows.batch(Self.schema, [[.int(7), .string("a")]]))
        try change.write(Rows.batch(evolved, [[.int(8), .string("b"), .string("hi")]]))
        try change.commit(parameters: [:], metrics: [:], readPredicate: nil, readWholeTable: true)
        #expect(try table.snapshot().schema == evolved)
        let rows = try Rows.read(table)
        #expect(rows.contains("id=1, day=a, note=NULL") && rows.contains("id=7, day=a, note=NULL") && rows.contains("id=8, day=b, note=hi"))
    }
}
