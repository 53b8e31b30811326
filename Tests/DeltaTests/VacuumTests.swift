import Columnar
import Foundation
import LakeJSON
import Testing
@testable import Delta

@Suite struct VacuumTests {
    static let schema = Schema([Field("p", .string), Field("id", .int64)])
    static let day: Int64 = 86_400_000

    static func batch(_ p: String, _ ids: Range<Int>) -> RecordBatch {
        Rows.batch(schema, ids.map { [.string(p), .int(Int64($0))] })
    }

    /// v0: partitions a and b; v1: overwrite with partition c only (a and b become tombstones).
    static func table(_ dir: TempDirectory) throws -> (DeltaTable, removed: [String]) {
        let table = DeltaTable(path: dir.path)
        var options = WriteOptions()
        options.partitionBy = ["p"]
        try TableWriter(table: table).write([batch("a", 0..<3), batch("b", 3..<6)], options: options)
        let removed = try table.snapshot().files.map { PathEncoding.decode($0.path) }
        options.mode = .overwrite
        try TableWriter(table: table).write([batch("c", 6..<9)], options: options)
        return (table, removed)
    }

    func exists(_ dir: TempDirectory, _ path: String) -> Bool { FileManager.default.fileExists(atPath: dir.path + "/" + path) }

    @Test func defaultRetentionKeepsRecentlyRemovedFiles() throws {
        let dir = TempDirectory()
        let (table, removed) = try Self.table(dir)
        let result = try table.vacuum()
        #expect(result.paths.isEmpty && result.numDeletedFiles == 0 && result.retentionMillis == 7 * Self.day)
        #expect(removed.allSatisfy { exists(dir, $0) })
        #expect(try Rows.read(table, version: 0).count == 6)
        let history = try table.history(limit: 2)
        #expect(history.map { $0.commitInfo.operation } == ["VACUUM END", "VACUUM START"])
    }

    @Test func shortRetentionIsRefusedUnlessAllowed() throws {
        let dir = TempDirectory()
        let (table, removed) = try Self.table(dir)
        var options = VacuumOptions()
        options.retentionHours = 0
        #expect { try table.vacuum(options) } throws: {
            let e = $0 as? DeltaError
            return e?.code == .invalidArgument
                && e?.message.contains("Are you sure you would like to vacuum files with such a low retention period?") == true
                && e?.message.contains("spark.databricks.delta.retentionDurationCheck.enabled = false") == true
                && e?.message.contains("please use a value not less than \"168 hours\"") == true
        }
        options.retentionHours = -1
        options.enforceRetentionDuration = false
        #expect { try table.vacuum(options) } throws: { ($0 as? DeltaError)?.message == "Retention for Vacuum can't be less than 0." }
        #expect(removed.allSatisfy { exists(dir, $0) })
        #expect(try table.latestVersion() == 1, "a refused VACUUM commits nothing")
    }

    @Test func dryRunListsWithoutDeletingOrCommitting() throws {
        let dir = TempDirectory()
        let (table, removed) = try Self.table(dir)
        var options = VacuumOptions()
        options.dryRun = true
        options.now = Clock.nowMillis() + 8 * Self.day
        let result = try table.vacuum(options)
        #expect(Set(result.paths) == Set(removed + ["p=a/", "p=b/"]))
        #expect(result.bytes > 0 && result.numDeletedFiles == 0)
        #expect(removed.allSatisfy { exists(dir, $0) })
        #expect(try table.latestVersion() == 1)
        let rows = result.resultBatch(tableRoot: dir.path)
        #expect(rows.count == 4 && rows.columns[0].string(at: 0).hasPrefix(dir.path + "/p="))
    }

    @Test func deletesExpiredFilesAndKeepsEverythingElse() throws {
        let dir = TempDirectory()
        let (table, removed) = try Self.table(dir)
        // Files VACUUM must never touch, however old: hidden ones and the log.
        let fm = FileManager.default
        try fm.createDirectory(atPath: dir.sub("_hidden"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: dir.sub("_hidden/file.parquet")))
        try Data("x".utf8).write(to: URL(fileURLWithPath: dir.sub(".checkpoint.crc")))
        try Data("x".utf8).write(to: URL(fileURLWithPath: dir.sub("p=c/.part.crc")))
        // An untracked data file (a failed writer's leftover).
        try Data("x".utf8).write(to: URL(fileURLWithPath: dir.sub("stray.parquet")))
        let logBefore = try fm.contentsOfDirectory(atPath: dir.sub("_delta_log")).sorted()

        var options = VacuumOptions()
        options.now = Clock.nowMillis() + 8 * Self.day
        let result = try table.vacuum(options)
        #expect(Set(result.paths) == Set(removed + ["stray.parquet", "p=a/", "p=b/"]))
        #expect(result.numDeletedFiles == removed.count + 3)
        #expect(!removed.contains { exists(dir, $0) } && !exists(dir, "stray.parquet") && !exists(dir, "p=a") && !exists(dir, "p=b"))
        for kept in ["_hidden/file.parquet", ".checkpoint.crc", "p=c/.part.crc"] { #expect(exists(dir, kept), "\(kept)") }
        #expect(try table.snapshot().files.allSatisfy { exists(dir, PathEncoding.decode($0.path)) })
        #expect(try Rows.read(table).count == 3)
        // The old version's files are gone: reading it fails, naming the file.
        #expect { try Rows.read(table, version: 0) } throws: {
            let e = $0 as? DeltaError
            return e?.code == .dataFile && removed.contains { e?.message.contains($0) == true }
        }
        // The log kept every file and gained VACUUM START / END.
        let logAfter = try fm.contentsOfDirectory(atPath: dir.sub("_delta_log")).sorted()
        #expect(Set(logBefore).isSubset(of: Set(logAfter)))
        let history = try table.history(limit: 2)
        let start = history[1].commitInfo.fields, end = history[0].commitInfo.fields
        #expect(start["operation"]?.stringValue == "VACUUM START" && end["operation"]?.stringValue == "VACUUM END")
        #expect(start["operationMetrics"]?["numFilesToDelete"]?.stringValue == String(removed.count + 3))
        #expect(start["operationParameters"]?["defaultRetentionMillis"]?.stringValue == String(7 * Self.day))
        #expect(end["operationMetrics"]?["numDeletedFiles"]?.stringValue == String(removed.count + 3))
        #expect(end["operationParameters"]?["status"]?.stringValue == "COMPLETED")
        // A second VACUUM finds nothing.
        #expect(try table.vacuum(options).paths.isEmpty)
    }

    @Test func zeroRetentionKeepsOnlyTheLatestVersion() throws {
        let dir = TempDirectory()
        let (table, removed) = try Self.table(dir)
        var options = VacuumOptions()
        options.retentionHours = 0
        options.enforceRetentionDuration = false
        options.now = Clock.nowMillis() + 1000
        let result = try table.vacuum(options)
        #expect(Set(result.paths).isSuperset(of: Set(removed)))
        #expect(try Rows.read(table) == ["p=c, id=6", "p=c, id=7", "p=c, id=8"])
    }

    @Test func tableRetentionPropertyAndDeletionVectorFiles() throws {
        let dir = TempDirectory()
        let table = DeltaTable(path: dir.path)
        var options = WriteOptions()
        options.tableProperties["delta.deletedFileRetentionDuration"] = "interval 1 hours"
        try TableWriter(table: table).write([Self.batch("a", 0..<10)], options: options)
        // A live file's deletion vector is kept; an orphan one is not.
        let dvName = "deletion_vector_61d16c75-6994-46b7-a15b-8b538852e50e.bin"
        try FileManager.default.copyItem(atPath: DeletionVectorDescriptorTests.smallTableFile, toPath: dir.sub(dvName))
        try FileManager.default.copyItem(atPath: DeletionVectorDescriptorTests.smallTableFile, toPath: dir.sub("deletion_vector_00000000-0000-0000-0000-000000000000.bin"))
        let snapshot = try table.snapshot()
        var withDV = snapshot.files[0]
        withDV.deletionVector = DeletionVectorDescriptorTests.smallTableVector
        let t = Transaction(table: table, readSnapshot: snapshot, operation: "DELETE")
        t.add([.remove(RemoveFile(removing: snapshot.files[0], at: Clock.nowMillis())), .add(withDV)])
        try t.commit()
        var vacuum = VacuumOptions()
        vacuum.retentionHours = 2  // longer than the table's hour: allowed
        vacuum.now = Clock.nowMillis() + 3 * 3_600_000
        let result = try table.vacuum(vacuum)
        #expect(result.paths == ["deletion_vector_00000000-0000-0000-0000-000000000000.bin"])
        #expect(exists(dir, dvName))
        #expect(try Rows.read(table).count == 8)
        vacuum.retentionHours = 0.4  // rounds to 0 hours, shorter than the table's 1 hour
        #expect { try table.vacuum(vacuum) } throws: { ($0 as? DeltaError)?.message.contains("not less than \"1 hours\"") == true }
    }
}
