import Columnar
import Foundation
import LakeJSON
import Testing
@testable import Delta

@Suite struct RestoreTests {
    static let schema = Schema([Field("id", .int64)])

    static func batch(_ ids: Range<Int>) -> RecordBatch { Rows.batch(schema, ids.map { [.int(Int64($0))] }) }

    /// v0: 0..<3; v1: append 3..<5; v2: overwrite with 10..<12.
    static func table(_ dir: TempDirectory) throws -> DeltaTable {
        let table = DeltaTable(path: dir.path)
        try TableWriter(table: table).write([batch(0..<3)])
        try TableWriter(table: table).write([batch(3..<5)])
        var options = WriteOptions()
        options.mode = .overwrite
        try TableWriter(table: table).write([batch(10..<12)], options: options)
        return table
    }

    @Test func restoresAVersionWithDeltasMetrics() throws {
        let dir = TempDirectory()
        let table = try Self.table(dir)
        let v1 = try table.snapshot(version: 1)
        let v2 = try table.snapshot(version: 2)
        let metrics = try table.restore(version: 1)
        #expect(metrics.commit.version == 3 && metrics.restoredVersion == 1)
        #expect(metrics.numRestoredFiles == 2 && metrics.numRemovedFiles == 1)
        #expect(metrics.restoredFilesSize == v1.sizeInBytes && metrics.removedFilesSize == v2.sizeInBytes)
        #expect(metrics.numOfFilesAfterRestore == 2 && metrics.tableSizeAfterRestore == v1.sizeInBytes)
        #expect(try Rows.read(table) == Rows.read(table, version: 1))
        let batch = metrics.resultBatch
        #expect(batch.schema.fields.map(\.name) == ["table_size_after_restore", "num_of_files_after_restore", "num_removed_files", "num_restored_files", "removed_files_size", "restored_files_size"])
        let info = try table.history(limit: 1)[0].commitInfo.fields
        #expect(info["operation"]?.stringValue == "RESTORE")
        #expect(info["operationParameters"]?["version"]?.stringValue == "1")
        #expect(info["operationMetrics"]?["numRestoredFiles"]?.stringValue == "2")
        #expect(info["operationMetrics"]?["tableSizeAfterRestore"]?.stringValue == String(v1.sizeInBytes))
        // Restoring again (to the version before the restore) brings v2 back.
        try table.restore(version: 2)
        #expect(try Rows.read(table) == ["id=10", "id=11"])
    }

    @Test func restoresMetadataAndKeepsTheProtocol() throws {
        let dir = TempDirectory()
        let table = try Self.table(dir)
        var options = WriteOptions()
        options.mergeSchema = true
        try TableWriter(table: table).write([Rows.batch(Schema([Field("id", .int64), Field("extra", .string)]), [[.int(20), .string("x")]])], options: options)
        let p = Protocol(minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ["timestampNtz"], writerFeatures: ["timestampNtz"])
        let upgrade = Transaction(table: table, readSnapshot: try table.snapshot(), operation: "UPGRADE PROTOCOL")
        upgrade.add(.protocol(p))
        try upgrade.commit()
        try table.restore(version: 0)
        let after = try table.snapshot()
        #expect(after.schema.fields.map(\.name) == ["id"])
        #expect(after.protocol.minReaderVersion == 3 && after.protocol.minWriterVersion == 7)
        #expect(after.protocol.readerFeatures == ["timestampNtz"])
        #expect(Set(after.protocol.writerFeatures ?? []).isSuperset(of: ["timestampNtz", "appendOnly", "invariants"]))
        #expect(try Rows.read(table) == ["id=0", "id=1", "id=2"])
    }

    @Test func restoreByTimestamp() throws {
        let dir = TempDirectory()
        let table = try Self.table(dir)
        let commits = try table.commitTimestamps()
        try table.restore(timestamp: commits[1].timestamp)
        #expect(try Rows.read(table).count == 5)
        #expect(try table.history(limit: 1)[0].commitInfo.fields["operationParameters"]?["timestamp"] != nil)
        #expect { try table.restore(timestamp: commits[0].timestamp - 60_000) } throws: { ($0 as? DeltaError)?.code == .versionNotFound }
    }

    @Test func refusesTheLatestAndVacuumedVersions() throws {
        let dir = TempDirectory()
        let table = try Self.table(dir)
        #expect { try table.restore(version: 2) } throws: {
            ($0 as? DeltaError)?.message == "Version to restore (2) should be less than the last available version (2)"
        }
        #expect { try table.restore(version: 7) } throws: { ($0 as? DeltaError)?.code == .invalidArgument }
        var options = VacuumOptions()
        options.retentionHours = 0
        options.enforceRetentionDuration = false
        options.now = Clock.nowMillis() + 1000
        try table.vacuum(options)
        let version = try table.latestVersion()
        #expect { try table.restore(version: 0) } throws: {
            let e = $0 as? DeltaError
            return e?.code == .dataFile && e?.message.contains("Not all files from version 0 are available in file system. Missed files (top 100 files): part-") == true
        }
        #expect(try table.latestVersion() == version, "a failed restore commits nothing")
    }
}
