import Columnar
import Delta
import Foundation
import Testing
@testable import Query

/// OPTIMIZE, VACUUM and RESTORE through SQL.
@Suite(.serialized) struct MaintenanceStatementTests {
    final class Warehouse {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lake-maint-\(UUID().uuidString)").path
        let engine: QueryEngine

        init() throws {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            engine = QueryEngine(warehouse: path, threads: 1)
            try engine.sql("CREATE SCHEMA s; CREATE TABLE s.t (id BIGINT, x BIGINT, y BIGINT, day STRING) PARTITIONED BY (day)")
            // Six small inserts: six files per day.
            for i in 0..<6 {
                try engine.sql("INSERT INTO s.t VALUES (\(2 * i), \(i * 37 % 100), \(i * 53 % 100), 'd1'), (\(2 * i + 1), \(i * 71 % 100), \(i * 13 % 100), 'd2')")
            }
        }

        deinit { try? FileManager.default.removeItem(atPath: path) }

        func rows(_ sql: String) throws -> [String] {
            text(try engine.sql(sql).batch)
        }

        func text(_ b: RecordBatch) -> [String] {
            (0..<b.count).map { r in b.columns.enumerated().map { $0.element.value(at: r).text(as: b.schema.fields[$0.offset].type) }.joined(separator: "|") }
        }

        var table: DeltaTable { DeltaTable(path: path + "/s/t") }

        /// A field of the `metrics` struct of an OPTIMIZE result.
        func metric(_ result: QueryResult, _ name: String) -> Value? {
            let batch = result.batch
            guard case .struct(let fields) = batch.schema.fields[1].type, let i = fields.firstIndex(where: { $0.name == name }),
                  case .struct(let values) = batch.columns[1].value(at: 0) else { return nil }
            return values[i]
        }
    }

    @Test func optimizeReturnsPathAndMetricsAndCommits() throws {
        let w = try Warehouse()
        let before = try w.rows("SELECT * FROM s.t ORDER BY id")
        let result = try w.engine.sql("OPTIMIZE s.t WHERE day = 'd1'")
        #expect(result.schema.fields.map(\.name) == ["path", "metrics"])
        #expect(result.batch.columns[0].string(at: 0) == w.table.location)
        #expect(w.metric(result, "numFilesAdded") == .int(1) && w.metric(result, "numFilesRemoved") == .int(6))
        #expect(w.metric(result, "totalConsideredFiles") == .int(6) && w.metric(result, "partitionsOptimized") == .int(1))
        #expect(result.message?.contains("6 file(s) rewritten into 1") == true)
        #expect(try w.rows("SELECT * FROM s.t ORDER BY id") == before)
        #expect(try w.table.snapshot().files.count == 7)
        let info = try w.table.history(limit: 1)[0].commitInfo.fields
        #expect(info["operation"]?.stringValue == "OPTIMIZE")
        #expect(info["operationParameters"]?["predicate"]?.stringValue?.contains("day = 'd1'") == true)
        #expect(info["operationMetrics"]?["numRemovedFiles"]?.stringValue == "6")

        // The rest of the table, then nothing: idempotent, no new version.
        #expect(w.metric(try w.engine.sql("OPTIMIZE s.t"), "numFilesRemoved") == .int(6))
        let version = try w.table.latestVersion()
        let again = try w.engine.sql("OPTIMIZE s.t")
        #expect(w.metric(again, "numFilesAdded") == .int(0) && w.metric(again, "version") == .null)
        #expect(try w.table.latestVersion() == version)

        let bad = #expect(throws: QueryError.self) { try w.engine.sql("OPTIMIZE s.t WHERE id > 3") }
        #expect(bad?.message.contains("Predicate references non-partition column 'id'") == true)
        let partition = #expect(throws: QueryError.self) { try w.engine.sql("OPTIMIZE s.t ZORDER BY (day)") }
        #expect(partition?.message.contains("day is a partition column") == true)
    }

    @Test func zOrderSkipsFilesInExplain() throws {
        let w = try Warehouse()
        // 3,000 rows in 30 files of random x and y: every file spans both ranges.
        try w.engine.sql("CREATE TABLE s.points (id BIGINT, x BIGINT, y BIGINT)")
        for f in 0..<30 {
            try w.engine.sql("INSERT INTO s.points SELECT id, (id * id * 7919 + id) % 1000, (id * id * id % 104729) % 997 FROM range(\(f * 100), \(f * 100 + 100))")
        }
        func filesRead(_ sql: String) throws -> Int {
            let plan = try w.rows("EXPLAIN " + sql).joined(separator: "\n")
            guard let range = plan.range(of: #"files: (\d+) of"#, options: .regularExpression) else { return -1 }
            return Int(plan[range].dropFirst(7).prefix { $0.isNumber }) ?? -1
        }
        let query = "SELECT count(*) FROM s.points WHERE x < 100"
        #expect(try filesRead(query) == 30)
        let count = try w.rows(query)
        try w.engine.sql("SET spark.databricks.delta.optimize.maxFileSize = \(try DeltaTable(path: w.path + "/s/points").snapshot().sizeInBytes / 8)")
        let result = try w.engine.sql("OPTIMIZE s.points ZORDER BY (x, y)")
        #expect(w.metric(result, "numFilesRemoved") == .int(30) && w.metric(result, "numFilesAdded") == .int(8))
        #expect(try w.rows(query) == count)
        let afterX = try filesRead(query), afterY = try filesRead("SELECT count(*) FROM s.points WHERE y >= 900")
        #expect(afterX <= 3 && afterY <= 4, "files read after Z-order: x < 100 → \(afterX), y >= 900 → \(afterY) of 8")
    }

    @Test func vacuumDryRunAndRetentionCheck() throws {
        let w = try Warehouse()
        try w.engine.sql("INSERT OVERWRITE s.t VALUES (100, 1, 1, 'd3')")
        let refused = #expect(throws: QueryError.self) { try w.engine.sql("VACUUM s.t RETAIN 0 HOURS") }
        #expect(refused?.message.contains("Are you sure you would like to vacuum files with such a low retention period?") == true)
        // Nothing is old enough at the default retention.
        let dry = try w.engine.sql("VACUUM s.t DRY RUN")
        #expect(dry.schema.fields.map(\.name) == ["path"] && dry.rowCount == 0)
        try w.engine.sql("SET spark.databricks.delta.retentionDurationCheck.enabled = false")
        let listed = try w.engine.sql("VACUUM s.t RETAIN 0 HOURS DRY RUN")
        #expect(listed.rowCount == 12 + 2, "twelve replaced files and two emptied partition directories")
        #expect(listed.message?.hasPrefix("Found 14 files") == true)
        #expect(try w.rows("SELECT count(*) FROM s.t VERSION AS OF 6") == ["12"])
        let versionBefore = try w.table.latestVersion()
        let done = try w.engine.sql("VACUUM s.t RETAIN 0 HOURS")
        #expect(w.text(done.batch) == [w.table.location])
        #expect(done.message?.hasPrefix("Deleted 14 files and directories") == true)
        #expect(try w.table.latestVersion() == versionBefore + 2)
        #expect(try w.table.history(limit: 2).map { $0.commitInfo.operation } == ["VACUUM END", "VACUUM START"])
        #expect(try w.rows("SELECT id FROM s.t") == ["100"])
        let gone = #expect(throws: (any Error).self) { try w.engine.sql("SELECT * FROM s.t VERSION AS OF 6") }
        #expect("\(gone.map { "\($0)" } ?? "")".contains("No such file or directory"))
    }

    @Test func restoreByVersionAndTimestamp() throws {
        let w = try Warehouse()
        let v3 = try w.rows("SELECT * FROM s.t VERSION AS OF 3 ORDER BY id")
        let result = try w.engine.sql("RESTORE TABLE s.t TO VERSION AS OF 3")
        #expect(result.schema.fields.map(\.name) == ["table_size_after_restore", "num_of_files_after_restore", "num_removed_files", "num_restored_files", "removed_files_size", "restored_files_size"])
        let row = w.text(result.batch)[0].split(separator: "|")
        #expect(row[1] == "6" && row[2] == "6" && row[3] == "0")
        #expect(try w.rows("SELECT * FROM s.t ORDER BY id") == v3)
        let latest = try w.table.latestVersion()
        let history = try w.table.history(limit: 1)[0]
        #expect(history.commitInfo.operation == "RESTORE" && history.version == latest)

        let commits = try w.table.commitTimestamps()
        let at = commits[1].timestamp
        let stamp = TemporalFormat.timestamp(at * 1000, utc: true, separator: " ", fractionDigits: 3)
        try w.engine.sql("RESTORE s.t TO TIMESTAMP AS OF '\(stamp)'")
        #expect(try w.rows("SELECT count(*) FROM s.t") == ["2"])
        let latestError = #expect(throws: QueryError.self) { try w.engine.sql("RESTORE TABLE s.t TO VERSION AS OF \(latest + 1)") }
        #expect(latestError?.message.contains("should be less than the last available version") == true)
    }
}
