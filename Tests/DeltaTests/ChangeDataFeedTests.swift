import Columnar
import Foundation
import Testing
@testable import Delta

@Suite struct ChangeDataFeedTests {
    static let schema = Schema([Field("id", .int64)])

    static func write(_ table: DeltaTable, _ ids: [Int], cdf: Bool = true, mode: SaveMode = .append) throws {
        var options = WriteOptions()
        options.mode = mode
        if cdf { options.tableProperties = ["delta.enableChangeDataFeed": "true"] }
        try TableWriter(table: table).write([Rows.batch(schema, ids.map { [.int(Int64($0))] })], options: options)
    }

    static func rows(_ batch: RecordBatch) -> [String] {
        (0..<batch.count).map { r in
            "\(batch.columns[0].value(at: r).text(as: .int64))|\(batch.column(named: "_change_type")!.string(at: r))|\(batch.column(named: "_commit_version")!.value(at: r).text(as: .int64))"
        }
    }

    @Test func versionsWithoutChangeFilesReadAddsAsInsertsAndRemovesAsDeletes() throws {
        let dir = TempDirectory()
        let table = DeltaTable(path: dir.path)
        try Self.write(table, [1, 2])
        try Self.write(table, [3])
        try Self.write(table, [9], mode: .overwrite)
        let feed = try ChangeDataFeed(table: table, startVersion: 0)
        #expect(feed.schema.fields.map(\.name) == ["id", "_change_type", "_commit_version", "_commit_timestamp"])
        let rows = Self.rows(try feed.collect())
        #expect(Set(rows) == ["1|insert|0", "2|insert|0", "3|insert|1", "1|delete|2", "2|delete|2", "3|delete|2", "9|insert|2"])
        // Timestamps are the commits'.
        let stamps = try feed.collect().column(named: "_commit_timestamp")!
        let commits = try table.commitTimestamps()
        #expect(stamps.value(at: 0) == .timestamp(commits[0].timestamp * 1000))
        #expect(try ChangeDataFeed(table: table, startTimestamp: commits[2].timestamp).startVersion == 2)
    }

    @Test func rangesMustBeRecordedAndValid() throws {
        let dir = TempDirectory()
        let table = DeltaTable(path: dir.path)
        try Self.write(table, [1], cdf: false)
        #expect { try ChangeDataFeed(table: table, startVersion: 0).collect() } throws: {
            ($0 as? DeltaError)?.message.contains("not recorded for version 0") == true
        }
        #expect { try ChangeDataFeed(table: table, startVersion: 3) } throws: { ($0 as? DeltaError)?.code == .versionNotFound }
        #expect { try ChangeDataFeed(table: table, startVersion: -1) } throws: { ($0 as? DeltaError)?.code == .invalidArgument }
        try Self.write(table, [2])  // enables the feed at version 1
        #expect(Self.rows(try ChangeDataFeed(table: table, startVersion: 1).collect()) == ["2|insert|1"])
        #expect { try ChangeDataFeed(table: table, startVersion: 1, endVersion: 0) } throws: { ($0 as? DeltaError)?.code == .invalidArgument }
    }
}
