// Query execution on one thread: filters (selection vectors), hash aggregation, and a
// filtered scan of a Parquet file, each through the public QueryEngine API.
import Benchmark
import BenchmarkSupport
import Columnar
import Foundation
import Parquet
import Query

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = Rates.configuration()

    // In memory: the SQL is planned in setup against a tiny Parquet file of the same schema,
    // and the plan's scan is pointed at 1 Mi rows held in memory (16 batches of 64 Ki rows);
    // an iteration executes the plan. `columns` are the columns the query reads, the bytes
    // of the byte rate.
    let inMemory: [(name: String, sql: String, columns: [String], check: @Sendable (QueryResult, [RecordBatch]) throws -> Void)] = [
        ("filter x < 10 (10% selected), sum(v)", "SELECT sum(v) FROM {t} WHERE x < 10", ["x", "v"], { result, batches in
            try QueryData.checkSum(result, batches) { $0 < 10 }
        }),
        ("filter x < 90 (90% selected), sum(v)", "SELECT sum(v) FROM {t} WHERE x < 90", ["x", "v"], { result, batches in
            try QueryData.checkSum(result, batches) { $0 < 90 }
        }),
        ("filter g = string (1% selected), count(*)", "SELECT count(*) FROM {t} WHERE g = '\(QueryData.someString)'", ["g"], { result, _ in
            guard result.rowCount == 1, case .int(let n) = result.batch.columns[0].value(at: 0), n > 5_000, n < 20_000 else {
                throw CaseError("count where g = '\(QueryData.someString)': \(result.batch.columns[0].value(at: 0))")
            }
        }),
        ("group by int64 (1000 groups), sum(v), count(*)", "SELECT k, sum(v), count(*) FROM {t} GROUP BY k", ["k", "v"], { result, _ in
            try QueryData.checkRows(result, 1000)
        }),
        ("group by int64 (~240 Ki groups), sum(v)", "SELECT k2, sum(v) FROM {t} GROUP BY k2", ["k2", "v"], { result, _ in
            guard result.rowCount > 200_000 else { throw CaseError("group by k2: \(result.rowCount) groups") }
        }),
        ("group by string (100 groups), sum(v), min(x)", "SELECT g, sum(v), min(x) FROM {t} GROUP BY g", ["g", "v", "x"], { result, _ in
            try QueryData.checkRows(result, 100)
        }),
    ]
    for query in inMemory {
        Benchmark("query in memory: \(query.name)") { (benchmark: Benchmark, setup: (QueryEngine, LogicalPlan, Int)) in
            let (engine, plan, bytes) = setup
            let result = try Rates.measure(benchmark, values: QueryData.rows, bytes: bytes) { try engine.execute(plan) }
            blackHole(result)
        } setup: {
            let batches = QueryData.batches()
            let engine = QueryEngine(warehouse: try QueryData.directory(), threads: 1)
            let probe = try QueryData.probeFile()
            let plan = try engine.plan(query.sql.replacingOccurrences(of: "{t}", with: "parquet.`\(probe)`"))
            let inMemoryPlan = QueryData.replacingScans(plan, with: batches)
            try query.check(try engine.execute(inMemoryPlan), batches)
            return (engine, inMemoryPlan, QueryData.bytes(of: query.columns, in: batches))
        }
    }

    // From a Parquet file (1 Mi rows in 8 row groups, writer defaults: ZSTD, dictionary where
    // it pays, statistics): open, decode the two columns, filter, sum. Planning included.
    Benchmark("query parquet file: filter x < 10 (10% selected), sum(v)") { (benchmark: Benchmark, setup: (QueryEngine, String, Int)) in
        let (engine, sql, bytes) = setup
        let result = try Rates.measure(benchmark, values: QueryData.rows, bytes: bytes) { try engine.sql(sql) }
        blackHole(result)
    } setup: {
        let batches = QueryData.batches()
        let path = try QueryData.dataFile(batches)
        let engine = QueryEngine(warehouse: try QueryData.directory(), threads: 1)
        let sql = "SELECT sum(v) FROM parquet.`\(path)` WHERE x < 10"
        try QueryData.checkSum(try engine.sql(sql), batches) { $0 < 10 }
        return (engine, sql, QueryData.bytes(of: ["x", "v"], in: batches))
    }
}

/// The data the query benchmarks run on, and the plan surgery that points a plan at it.
enum QueryData {
    /// Rows in all.
    static let rows = 1 << 20
    /// Rows per in-memory batch (a Parquet row group's worth of morsel for the executor).
    static let batchRows = 1 << 16
    /// One of the 100 strings of `g`.
    static let someString: String = {
        let column = BenchmarkColumns.strings(count: 1, length: 8...24, distinct: 100, seed: 11)
        return column.values.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }()

    /// The schema: `k` (`Int64` below 1000), `k2` (`Int64` below 2^18), `g` (strings, 100
    /// distinct), `v` (random doubles), `x` (`Int32` below 100).
    static let schema = Schema([
        Field("k", .int64, nullable: false), Field("k2", .int64, nullable: false),
        Field("g", .string, nullable: false), Field("v", .float64, nullable: false),
        Field("x", .int32, nullable: false),
    ])

    /// The 1 Mi rows as 16 seeded batches. Every batch draws `g` from the same 100 strings.
    static func batches() -> [RecordBatch] {
        (0..<rows / batchRows).map { i in
            let seed = UInt64(1000 + 10 * i)
            var k = Buffer(capacity: batchRows * 8)
            var k2 = Buffer(capacity: batchRows * 8)
            var rng = SeededGenerator(seed: seed)
            for _ in 0..<batchRows {
                k.append(Int64(rng.next() % 1000))
                k2.append(Int64(rng.next() % (1 << 18)))
            }
            return RecordBatch(schema: schema, columns: [
                Column(type: .int64, count: batchRows, validity: nil, values: k),
                Column(type: .int64, count: batchRows, validity: nil, values: k2),
                BenchmarkColumns.strings(count: batchRows, length: 8...24, distinct: 100, seed: 11),
                BenchmarkColumns.double(count: batchRows, seed: seed + 1),
                BenchmarkColumns.boundedInt32(count: batchRows, bound: 100, seed: seed + 2),
            ])
        }
    }

    /// A scratch directory for this process.
    static func directory() throws -> String {
        let path = NSTemporaryDirectory() + "lake-micro-query-\(getpid())"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A one-batch Parquet file of ``schema`` the SQL is planned against.
    static func probeFile() throws -> String {
        let path = try directory() + "/probe.parquet"
        let writer = try ParquetFileWriter(path: path, schema: schema)
        try writer.write(batches()[0])
        try writer.close()
        return path
    }

    /// `batches` as a Parquet file with 8 row groups, written with the writer's defaults.
    static func dataFile(_ batches: [RecordBatch]) throws -> String {
        let path = try directory() + "/data.parquet"
        var options = ParquetWriterOptions()
        options.rowGroupRowLimit = rows / 8
        let writer = try ParquetFileWriter(path: path, schema: schema, options: options)
        for batch in batches { try writer.write(batch) }
        try writer.close()
        return path
    }

    /// `plan` with every scan reading `batches` instead of its files.
    static func replacingScans(_ plan: LogicalPlan, with batches: [RecordBatch]) -> LogicalPlan {
        let replace = { (child: LogicalPlan) in replacingScans(child, with: batches) }
        switch plan {
        case .scan(var scan):
            scan.source = .batches(batches)
            return .scan(scan)
        case .values: return plan
        case .filter(let p, let e): return .filter(replace(p), e)
        case .project(let p, let e, let s): return .project(replace(p), e, s)
        case .aggregate(let p, let g, let a, let s): return .aggregate(replace(p), groupBy: g, aggregates: a, s)
        case .join(let l, let r, let kind, let lk, let rk, let residual, let s):
            return .join(replace(l), replace(r), kind, leftKeys: lk, rightKeys: rk, residual: residual, s)
        case .sort(let p, let keys): return .sort(replace(p), keys)
        case .limit(let p, let limit, let offset): return .limit(replace(p), limit: limit, offset: offset)
        case .distinct(let p): return .distinct(replace(p))
        case .union(let ps, let s): return .union(ps.map(replace), s)
        case .window(let p, let calls, let s): return .window(replace(p), calls, s)
        }
    }

    /// Bytes of the named columns over all batches.
    static func bytes(of columns: [String], in batches: [RecordBatch]) -> Int {
        batches.reduce(0) { total, batch in
            total + columns.reduce(0) { $0 + BenchmarkColumns.byteSize(batch.columns[schema.index(of: $1)!]) }
        }
    }

    /// Checks that `result` is one row holding the sum of `v` where `x` passes `keep`.
    static func checkSum(_ result: QueryResult, _ batches: [RecordBatch], where keep: (Int32) -> Bool) throws {
        var expected = 0.0
        for batch in batches {
            let x = batch.columns[4].values.array(of: Int32.self)
            let v = batch.columns[3].values.array(of: Double.self)
            for i in 0..<batch.count where keep(x[i]) { expected += v[i] }
        }
        guard result.rowCount == 1, case .double(let sum) = result.batch.columns[0].value(at: 0),
              abs(sum - expected) <= 1e-6 * max(1, abs(expected))
        else { throw CaseError("sum: expected \(expected), got \(result.batch.columns[0].value(at: 0))") }
    }

    /// Checks the result's row count.
    static func checkRows(_ result: QueryResult, _ expected: Int) throws {
        guard result.rowCount == expected else { throw CaseError("expected \(expected) rows, got \(result.rowCount)") }
    }
}
