import Columnar
import Foundation
import LakeJSON
import Testing
@testable import Delta

@Suite struct LogSegmentTests {
    static let schema = Schema([Field("id", .int64)])

    static func table(commits: Int, _ dir: TempDirectory, properties: [String: String] = [:]) throws -> DeltaTable {
        let table = DeltaTable(path: dir.path)
        var options = WriteOptions()
        options.tableProperties = properties
        for i in 0..<commits { try TableWriter(table: table).write([Rows.batch(schema, [[.int(Int64(i))]])], options: options) }
        return table
    }

    @Test func gapsAndMissingTablesAreReported() throws {
        let dir = TempDirectory()
        let table = try Self.table(commits: 4, dir, properties: ["delta.checkpointInterval": "100"])
        try FileManager.default.removeItem(atPath: dir.sub("_delta_log/" + LogFile.commitName(2)))
        #expect { try table.snapshot() } throws: {
            let e = $0 as? DeltaError
            return e?.code == .corruptLog && e?.message.contains("00000000000000000002.json is missing") == true
        }
        #expect(try Rows.read(table, version: 1).count == 2)
        #expect { try DeltaTable(path: dir.sub("nothing")).snapshot() } throws: { ($0 as? DeltaError)?.code == .tableNotFound }
    }

    @Test func badLastCheckpointIsIgnored() throws {
        let dir = TempDirectory()
        let table = try Self.table(commits: 12, dir)
        try table.storage.put(LastCheckpoint.path, Array(#"{"version":999,"size":1}"#.utf8))
        #expect(try table.snapshot().logSegment.checkpointVersion == 10)
        try table.storage.put(LastCheckpoint.path, Array("garbage".utf8))
        #expect(try Rows.read(table).count == 12)
    }

    @Test func truncatedCheckpointIsACleanError() throws {
        let dir = TempDirectory()
        let table = try Self.table(commits: 11, dir)
        let path = dir.sub("_delta_log/" + LogFile.checkpointName(10))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))
        #expect { try table.snapshot() } throws: {
            let e = $0 as? DeltaError
            return e?.code == .corruptLog && e?.message.contains("checkpoint") == true
        }
    }

    @Test func multiPartCheckpointsAreReadWhenComplete() throws {
        let dir = TempDirectory()
        let table = try Self.table(commits: 11, dir)
        // Split the classic checkpoint into two parts (each part is a valid checkpoint file
        // holding some of the actions; we reuse the whole file as part 1 and an empty one as 2).
        let log = dir.sub("_delta_log/")
        let classic = log + LogFile.checkpointName(10)
        let part1 = log + "00000000000000000010.checkpoint.0000000001.0000000002.parquet"
        let part2 = log + "00000000000000000010.checkpoint.0000000002.0000000002.parquet"
        try FileManager.default.moveItem(atPath: classic, toPath: part1)
        #expect(try table.snapshot().logSegment.checkpointVersion == nil, "an incomplete set is ignored")
        try FileManager.default.copyItem(atPath: part1, toPath: part2)
        let snapshot = try table.snapshot()
        #expect(snapshot.logSegment.checkpoint.count == 2)
        #expect(try Rows.read(table).count == 11)
    }

    @Test func v2CheckpointWithSidecars() throws {
        let dir = TempDirectory()
        let table = try Self.table(commits: 11, dir)
        let log = dir.sub("_delta_log/")
        // Reuse the classic checkpoint as a sidecar; the top-level JSON file names it.
        try FileManager.default.createDirectory(atPath: log + "_sidecars", withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: log + LogFile.checkpointName(10), toPath: log + "_sidecars/side-1.parquet")
        let top = [
            #"{"checkpointMetadata":{"version":10}}"#,
            #"{"sidecar":{"path":"side-1.parquet","sizeInBytes":1,"modificationTime":1}}"#,
        ].joined(separator: "\n")
        try top.write(toFile: log + "00000000000000000010.checkpoint.80a083e8-7026-4e79-81be-64bd76c43a11.json", atomically: true, encoding: .utf8)
        for v in 0..<10 { try FileManager.default.removeItem(atPath: log + LogFile.commitName(Int64(v))) }
        try FileManager.default.removeItem(atPath: log + "_last_checkpoint")
        #expect(try table.snapshot().logSegment.checkpointVersion == 10)
        #expect(try Rows.read(table).count == 11)
    }

    @Test func timeTravelByTimestamp() throws {
        let dir = TempDirectory()
        let table = try Self.table(commits: 3, dir)
        let times = try table.commitTimestamps()
        #expect(times.map(\.version) == [0, 1, 2])
        #expect(zip(times, times.dropFirst()).allSatisfy { $0.timestamp < $1.timestamp })
        #expect(try table.version(at: times[1].timestamp) == 1)
        #expect(try table.version(at: times[2].timestamp + 10_000) == 2)
        #expect { try table.version(at: times[0].timestamp - 1) } throws: {
            ($0 as? DeltaError)?.message.contains("before the earliest available commit") == true
        }
    }

    @Test func inCommitTimestamps() throws {
        let dir = TempDirectory()
        let table = try Self.table(commits: 2, dir, properties: ["delta.enableInCommitTimestamps": "true"])
        let snapshot = try table.snapshot()
        #expect(snapshot.protocol.writerFeatures?.contains("inCommitTimestamp") == true)
        let entries = try table.history()
        #expect(entries.allSatisfy { $0.commitInfo.inCommitTimestamp == $0.timestamp })
        // The commitInfo with the in-commit timestamp comes first in the commit file.
        let first = try String(contentsOfFile: dir.sub("_delta_log/" + LogFile.commitName(1)), encoding: .utf8).split(separator: "\n")[0]
        #expect(first.hasPrefix(#"{"commitInfo":{"inCommitTimestamp":"#))
    }
}

@Suite struct LogCleanupTests {
    @Test func expiredCommitsBeforeAKeptCheckpointAreDeleted() throws {
        let dir = TempDirectory()
        let table = try LogSegmentTests.table(commits: 25, dir)
        // Everything is "old" relative to a cutoff in the future: keep the newest checkpoint
        // (20) and what follows; drop commits and checkpoints before it.
        try Checkpointer(table: table).cleanUpLog(before: Int64.max)
        let log = Set(try FileManager.default.contentsOfDirectory(atPath: dir.sub("_delta_log")))
        #expect(!log.contains(LogFile.commitName(0)) && !log.contains(LogFile.commitName(19)))
        #expect(!log.contains(LogFile.checkpointName(10)))
        #expect(log.contains(LogFile.checkpointName(20)) && log.contains(LogFile.commitName(20)) && log.contains(LogFile.commitName(24)))
        #expect(try Rows.read(table).count == 25)
        #expect(try table.snapshot(version: 20).version == 20)
        #expect { try table.snapshot(version: 19) } throws: { ($0 as? DeltaError)?.code == .versionNotFound }
        // A cutoff before every file deletes nothing.
        try Checkpointer(table: table).cleanUpLog(before: 0)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: dir.sub("_delta_log"))) == log)
    }
}
