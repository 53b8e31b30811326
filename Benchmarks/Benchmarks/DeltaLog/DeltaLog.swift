// The Delta log: opening a snapshot (log replay from JSON commits and from a checkpoint),
// parsing a commit file, and a scan with a predicate (statistics skipping, then row filtering).
import Benchmark
import BenchmarkSupport
import Columnar
import Delta
import Foundation
import LakeJSON
import Parquet

let benchmarks: @Sendable () -> Void = {
    // Thousands of values (files, actions) per second: an iteration handles 100 or 1000.
    Benchmark.defaultConfiguration = Rates.configuration(valueUnits: .kilo)

    // Opening the latest snapshot of a table of 1000 single-file appends (versions 0...999),
    // on the local file system (warm page cache): list the log, read what the replay needs,
    // reconcile the actions. The three log shapes of the same table. Values: the snapshot's
    // 1000 files; bytes: the log files read (checkpoint and commits after it).
    let logs: [(name: String, directory: String)] = [
        ("1000 commits, JSON only (no checkpoint)", "json"),
        ("1000 commits, checkpoint at 990 + 9 JSON", "natural"),
        ("1000 commits, checkpoint at 999", "checkpoint"),
    ]
    for log in logs {
        Benchmark("delta snapshot: \(log.name)") { (benchmark: Benchmark, setup: (String, Int)) in
            let (path, bytes) = setup
            let snapshot = try Rates.measure(benchmark, values: DeltaTables.commits, bytes: bytes) {
                try DeltaTable(path: path).snapshot()
            }
            blackHole(snapshot)
        } setup: {
            let path = try DeltaTables.commitLog(log.directory)
            let snapshot = try DeltaTable(path: path).snapshot()
            guard snapshot.version == Int64(DeltaTables.commits - 1), snapshot.files.count == DeltaTables.commits else {
                throw CaseError("\(path): version \(snapshot.version) with \(snapshot.files.count) files")
            }
            return (path, try DeltaTables.bytesRead(by: snapshot, in: path))
        }
    }

    // Parsing one commit file of 100 add actions with statistics (about 60 KB), as the log
    // replay does for every commit: LakeJSON alone, then LakeJSON plus the action decoding.
    Benchmark("json: parse commit (100 adds with stats)") { (benchmark: Benchmark, bytes: [UInt8]) in
        var lines = 0
        try Rates.measure(benchmark, values: 100, bytes: bytes.count) {
            try bytes.withUnsafeBytes { raw in
                try JSONValue.parseLines(raw) { value, _ in
                    blackHole(value)
                    lines += 1
                }
            }
        }
        blackHole(lines)
    } setup: {
        DeltaTables.commitFile(adds: 100)
    }

    Benchmark("json: parse and decode commit actions (100 adds with stats)") { (benchmark: Benchmark, bytes: [UInt8]) in
        var actions: [Action] = []
        actions.reserveCapacity(100)
        try Rates.measure(benchmark, values: 100, bytes: bytes.count) {
            try bytes.withUnsafeBytes { raw in
                try JSONValue.parseLines(raw) { value, _ in
                    if let action = try Action(json: value) { actions.append(action) }
                }
            }
        }
        blackHole(actions)
    } setup: {
        let bytes = DeltaTables.commitFile(adds: 100)
        var count = 0
        try bytes.withUnsafeBytes { raw in try JSONValue.parseLines(raw) { value, _ in if try Action(json: value) != nil { count += 1 } } }
        guard count == 100 else { throw CaseError("commit file decodes to \(count) actions") }
        return bytes
    }

    // A Delta scan with a predicate: 16 files of 64 Ki rows with sorted ids; the predicate
    // selects 50,000 rows in two files, the other 14 are skipped on their statistics, and the
    // rows of the two read are filtered. Values: the table's rows; bytes: its decoded columns.
    Benchmark("delta scan: predicate on sorted id (2 of 16 files read, rows filtered)") { (benchmark: Benchmark, setup: (Scan, Int)) in
        let (scan, bytes) = setup
        let batch = try Rates.measure(benchmark, values: DeltaTables.scanRows, bytes: bytes) { try scan.collect() }
        blackHole(batch)
    } setup: {
        let path = try DeltaTables.scanTable()
        let table = DeltaTable(path: path)
        let snapshot = try table.snapshot()
        var scan = try Scan(snapshot: snapshot, storage: table.storage,
                            predicate: try ExpressionParser.parse("id >= 100000 AND id < 150000"))
        scan.filterRows = true
        let (files, _) = try scan.plan()
        let result = try scan.collect()
        guard files.count == 2, result.count == 50_000 else {
            throw CaseError("scan: \(files.count) files, \(result.count) rows")
        }
        // id and v (8 bytes each) and x (4 bytes) for every row of the table.
        return (scan, DeltaTables.scanRows * 20)
    }
}

/// The tables and files the Delta benchmarks read, built once and kept under the temporary
/// directory (`lake-micro-delta-v1/`; delete it to rebuild).
enum DeltaTables {
    /// Commits in the log benchmarks' table.
    static let commits = 1000
    /// Rows in the scan benchmark's table.
    static let scanRows = 16 << 16
    static let root = NSTemporaryDirectory() + "lake-micro-delta-v1"

    /// The 1000-commit table with the log in one of three shapes: `natural` (as written, a
    /// checkpoint every 10 commits), `json` (checkpoints removed), `checkpoint` (`json` plus a
    /// checkpoint of the latest version).
    static func commitLog(_ shape: String) throws -> String {
        let fm = FileManager.default
        let natural = root + "/natural"
        if !fm.fileExists(atPath: root + "/natural.done") {
            try? fm.removeItem(atPath: natural)
            let writer = TableWriter(table: DeltaTable(path: natural))
            for commit in 0..<commits {
                let ids = Buffer(values: (0..<10).map { Int64(commit * 10 + $0) })
                let batch = RecordBatch(schema: Schema([Field("id", .int64, nullable: false)]),
                                        columns: [Column(type: .int64, count: 10, validity: nil, values: ids)])
                _ = try writer.write([batch])
            }
            try? fm.removeItem(atPath: root + "/json")
            try fm.copyItem(atPath: natural, toPath: root + "/json")
            let log = root + "/json/_delta_log"
            for name in try fm.contentsOfDirectory(atPath: log) where name.contains("checkpoint") {
                try fm.removeItem(atPath: log + "/" + name)
            }
            try? fm.removeItem(atPath: root + "/checkpoint")
            try fm.copyItem(atPath: root + "/json", toPath: root + "/checkpoint")
            try Checkpointer(table: DeltaTable(path: root + "/checkpoint")).checkpoint()
            fm.createFile(atPath: root + "/natural.done", contents: Data())
        }
        return root + "/" + shape
    }

    /// Bytes of the log files a replay of `snapshot` reads: its checkpoint parts and commits.
    static func bytesRead(by snapshot: Snapshot, in path: String) throws -> Int {
        let log = path + "/_delta_log"
        let names = try FileManager.default.contentsOfDirectory(atPath: log)
        let checkpointVersion = snapshot.logSegment.checkpoint.isEmpty ? -1 : checkpointVersion(names)
        return try names.reduce(0) { total, name in
            guard let version = Int(name.prefix(20)), name.count > 20 else { return total }
            let isCommit = name.hasSuffix(".json") && version > checkpointVersion
            let isCheckpoint = name.contains(".checkpoint") && version == checkpointVersion
            guard isCommit || isCheckpoint else { return total }
            let size = try FileManager.default.attributesOfItem(atPath: log + "/" + name)[.size] as? Int ?? 0
            return total + size
        }
    }

    /// The newest checkpoint's version among the log file `names`.
    static func checkpointVersion(_ names: [String]) -> Int {
        names.filter { $0.contains(".checkpoint") }.compactMap { Int($0.prefix(20)) }.max() ?? -1
    }

    /// The 16-file table of the scan benchmark: `id` (sorted), `v` (double), `x` (`Int32`).
    static func scanTable() throws -> String {
        let fm = FileManager.default
        let path = root + "/scan"
        if !fm.fileExists(atPath: root + "/scan.done") {
            try? fm.removeItem(atPath: path)
            let writer = TableWriter(table: DeltaTable(path: path))
            let rows = 1 << 16
            let schema = Schema([
                Field("id", .int64, nullable: false), Field("v", .float64, nullable: false), Field("x", .int32, nullable: false),
            ])
            for file in 0..<16 {
                let ids = Buffer(values: (0..<rows).map { Int64(file * rows + $0) })
                let batch = RecordBatch(schema: schema, columns: [
                    Column(type: .int64, count: rows, validity: nil, values: ids),
                    BenchmarkColumns.double(count: rows, seed: UInt64(200 + file)),
                    BenchmarkColumns.boundedInt32(count: rows, bound: 100, seed: UInt64(300 + file)),
                ])
                _ = try writer.write([batch])
            }
            fm.createFile(atPath: root + "/scan.done", contents: Data())
        }
        return path
    }

    /// A commit file of `adds` add actions with statistics on five columns, one JSON object a
    /// line, as Delta writers produce them.
    static func commitFile(adds: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        for i in 0..<adds {
            let low = i * 65_536
            let stats = """
                {"numRecords":65536,"minValues":{"id":\(low),"ts":"2025-01-01T00:00:00.000Z","qty":0,\
                "price":-999987.25,"status":"aaaqhzkd"},"maxValues":{"id":\(low + 65_535),\
                "ts":"2025-01-02T06:24:11.123Z","qty":99,"price":999991.5,"status":"zzyxpqklmno"},\
                "nullCount":{"id":0,"ts":0,"qty":0,"price":0,"status":0}}
                """
            let add = AddFile(
                path: "part-\(String(repeating: "0", count: 5 - String(i).count))\(i)-6b2c4e1a-93d5-4c8f-b1a7-2f0e9c3d7a51-c000.zstd.parquet",
                size: 1_234_567 + Int64(i), modificationTime: 1_735_689_600_000 + Int64(i), stats: stats)
            Action.add(add).json.serialized(into: &bytes)
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }
}
