import Columnar
import Delta
import Foundation
import Testing
@testable import Query

/// A temporary warehouse for DML tests, with helpers to read rows and the latest commit.
final class DMLWarehouse: @unchecked Sendable {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("lake-dml-\(UUID().uuidString)").path
    let engine: QueryEngine

    init(threads: Int = 2) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        engine = QueryEngine(warehouse: path, threads: threads)
        try engine.sql("CREATE SCHEMA s")
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Rows as `a|b|c` text, in the query's order.
    func rows(_ sql: String) throws -> [String] {
        let b = try engine.sql(sql).batch
        return (0..<b.count).map { r in b.columns.enumerated().map { $0.element.value(at: r).text(as: b.schema.fields[$0.offset].type) }.joined(separator: "|") }
    }

    /// The Delta table `s.<name>`.
    func table(_ name: String) -> DeltaTable { DeltaTable(path: path + "/s/" + name) }

    /// The latest commit's info of `s.<name>`.
    func lastCommit(_ name: String) throws -> CommitInfo {
        try #require(try table(name).history(limit: 1).first).commitInfo
    }

    /// The latest commit's operationMetrics of `s.<name>`.
    func metrics(_ name: String) throws -> [String: String] {
        var out: [String: String] = [:]
        for m in try lastCommit(name).fields["operationMetrics"]?.objectValue?.members ?? [] { out[m.key] = m.value.stringValue }
        return out
    }

    /// The latest commit's operationParameters of `s.<name>`.
    func parameters(_ name: String) throws -> [String: String] {
        var out: [String: String] = [:]
        for m in try lastCommit(name).fields["operationParameters"]?.objectValue?.members ?? [] { out[m.key] = m.value.stringValue }
        return out
    }

    /// Parquet data files (not change data) under the table directory.
    func dataFiles(_ name: String) -> Int {
        let root = path + "/s/" + name
        let all = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
        return all.filter { $0.hasSuffix(".parquet") && !$0.hasPrefix("_") }.count
    }

    /// The error `sql` throws, as text ("no error" when it runs).
    func error(_ sql: String) -> String {
        do {
            _ = try engine.sql(sql)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    /// A table `s.<name>` of ids `1...n` with `v = 'v<id>'`, `amount = id * 1.5` and
    /// `day` cycling over three dates, written in `files` appends, optionally partitioned by day.
    func makeTable(_ name: String, rows n: Int = 30, files: Int = 3, partitioned: Bool = false, properties: String = "") throws {
        try engine.sql("""
            CREATE TABLE s.\(name) (id BIGINT NOT NULL, v STRING, amount DOUBLE, day DATE)
            \(partitioned ? "PARTITIONED BY (day)" : "") \(properties.isEmpty ? "" : "TBLPROPERTIES (\(properties))")
            """)
        let per = n / files
        for f in 0..<files {
            let lo = f * per + 1, hi = f == files - 1 ? n : (f + 1) * per
            try engine.sql("""
                INSERT INTO s.\(name) SELECT id, concat('v', id), id * 1.5, date_add(DATE '2024-01-01', CAST(id % 3 AS INT)) FROM range(\(lo), \(hi + 1)) AS r(id)
                """)
        }
    }
}
