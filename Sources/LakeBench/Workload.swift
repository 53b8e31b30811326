/// The workloads `lake-bench` runs in-process. Each names the same work the harness
/// (bench/run.py) gives every peer; the measured region excludes process start-up and set-up.
///
/// Adding a workload: a case here, a line in ``run(_:)``, and the peers' side in
/// bench/peers.py. Queries (sum, filtered count, group-by, TPC-H) run through the SQL engine,
/// timed from the SQL text to the result, as DuckDB's are.
enum Workload: String, CaseIterable {
    /// `SELECT sum(column)` over a Parquet file or a Delta table: `--path`, `--column`.
    case sumDouble = "sum-double"
    /// `SELECT count(*) WHERE predicate` (a selective one, pushed down to the scan) over a
    /// Parquet file or a Delta table: `--path`, `--predicate`.
    case countFilter = "count-filter"
    /// Every column of every row group decoded (a Parquet file or a Delta table): `--path`.
    case fullDecode = "full-decode"
    /// Open the latest snapshot of a table (log replay, with or without checkpoints): `--path`.
    case snapshotOpen = "snapshot-open"
    /// `--count` small appends of `--rows` rows each to a new table, one commit each: `--path`.
    case appends
    /// A Parquet file written to a new Delta table: `--input`, `--path`.
    case bulkWrite = "bulk-write"
    /// A CSV file read with type inference and written to a new Delta table: `--input`, `--path`.
    case ingestCSV = "ingest-csv"
    /// A JSON-lines file read with type inference and written to a new Delta table.
    case ingestJSONL = "ingest-jsonl"
    /// A CSV file landed in a pipeline's landing directory and ingested into a bronze streaming
    /// table by a pipeline update (discovery, checkpoint, inference, `_rescued_data` and
    /// metadata columns, one commit with its `txn`): `--input`, `--path` (the storage root; the
    /// table is `PATH/bronze/orders`).
    case pipelineIngestCSV = "pipeline-ingest-csv"
    /// The same from a JSON-lines file.
    case pipelineIngestJSONL = "pipeline-ingest-jsonl"
    /// GROUP BY a low-cardinality string column (SQL): `--query`, `--table`.
    case groupBy = "group-by"
    /// TPC-H Q1 over lineitem (SQL): `--query`, `--table`.
    case tpchQ1 = "tpch-q1"
    /// TPC-H Q6 over lineitem (SQL): `--query`, `--table`.
    case tpchQ6 = "tpch-q6"
    /// MERGE of a Parquet source into a Delta table, in place (upsert on `o_id`): `--input`,
    /// `--path` (a fresh copy).
    case merge
    /// DELETE of the rows matching a predicate from a Delta table, in place: `--predicate`,
    /// `--path` (a fresh copy).
    case delete
    /// OPTIMIZE (bin-packing) of a table of small files, in place: `--path` (a fresh copy).
    case optimize

    /// Runs one round.
    func run(_ options: BenchOptions) throws -> Measurement {
        switch self {
        case .sumDouble: try Self.sumDoubleSQL(options)
        case .countFilter: try Self.countFilterSQL(options)
        case .fullDecode: try Self.fullDecode(options)
        case .snapshotOpen: try Self.snapshotOpen(options)
        case .appends: try Self.appends(options)
        case .bulkWrite, .ingestCSV, .ingestJSONL: try Self.writeFile(options)
        case .pipelineIngestCSV, .pipelineIngestJSONL: try Self.pipelineIngest(options)
        case .groupBy, .tpchQ1, .tpchQ6: try Self.runSQL(options)
        case .merge, .delete: try Self.dml(options)
        case .optimize: try Self.optimize(options)
        }
    }
}
