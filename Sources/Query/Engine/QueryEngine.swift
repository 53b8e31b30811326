#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Columnar
import Delta
import LakeJSON

/// Runs SQL over Delta tables and files, the way Databricks SQL does, from Swift.
///
/// ```swift
/// let engine = QueryEngine(warehouse: "/data/warehouse")
/// let result = try engine.sql("SELECT region, sum(amount) FROM sales.orders GROUP BY region")
/// for batch in result.batches { ... }
/// ```
///
/// Names resolve against the warehouse (`schema.table` is the Delta table in
/// `WAREHOUSE/schema/table`); paths work directly (``delta.`/path` ``, ``parquet.`/dir` ``,
/// ``csv.`file.csv` ``, ``json.`file.jsonl` ``), with time travel (`VERSION AS OF n`,
/// `TIMESTAMP AS OF '...'`, `table@v12`). Queries run vectorized on `threads` threads.
public final class QueryEngine: @unchecked Sendable {
    let session: Session

    /// An engine over `warehouse`, using `threads` worker threads (default: every core).
    public init(warehouse: String, threads: Int? = nil) {
        session = Session(catalog: Catalog(warehouse: warehouse), threads: threads ?? Self.processorCount)
    }

    static var processorCount: Int {
        let n = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return n > 0 ? n : 1
    }

    /// The catalog (warehouse and current schema).
    public var catalog: Catalog { session.catalog }

    /// Session settings (`SET key = value`); `spark.sql.ansi.enabled = true` turns overflow
    /// and division by zero into errors instead of NULL.
    public var settings: [String: String] {
        get { session.settings }
        set { session.settings = newValue }
    }

    /// Registers rows held in memory as a temporary view: queries of this engine that name
    /// `name` (`view` or `schema.view`, matched case-insensitively) read `batches` instead of
    /// a catalog table of that name (Spark's `createOrReplaceTempView`). Time travel on a view
    /// is an error of the table lookup, as the view has no versions.
    public func createOrReplaceTempView(_ name: String, schema: Schema, batches: [RecordBatch]) {
        session.views[name.lowercased()] = (schema, batches)
    }

    /// Removes a temporary view (nothing happens when there is none).
    public func dropTempView(_ name: String) {
        session.views[name.lowercased()] = nil
    }

    /// Members added to the commitInfo of every commit this engine makes — a job run sets
    /// `job` ({jobId, jobName, jobRunId, runId, jobOwnerId, triggerType}) and `notebook`, which
    /// DESCRIBE HISTORY shows in its `job` and `notebook` columns.
    public var commitInfoExtras: [JSONObject.Member] {
        get { session.commitInfoExtras }
        set { session.commitInfoExtras = newValue }
    }

    /// Called with every table a statement reads (the Delta version it read) or writes (the
    /// version it committed): lineage for job runs.
    public var onTableAccess: (@Sendable (TableAccess) -> Void)? {
        get { session.onTableAccess }
        set { session.onTableAccess = newValue }
    }

    /// Runs every statement of `text` (separated by `;`) and returns the last one's result.
    /// `parameters` fill `:name`, `${name}` and positional `?` markers.
    @discardableResult
    public func sql(_ text: String, parameters: [String: Value] = [:]) throws -> QueryResult {
        try run(text, parameters: parameters).last ?? QueryResult(message: "no statement")
    }

    /// Runs every statement of `text` and returns each one's result.
    public func run(_ text: String, parameters: [String: Value] = [:]) throws -> [QueryResult] {
        let statements = try SQLParser.parseScript(text)
        session.parameters = parameters.mapValues { ($0, Self.type(of: $0)) }
        return try statements.map { try execute($0) }
    }

    static func type(of v: Value) -> DataType {
        switch v {
        case .boolean: .boolean
        case .int: .int64
        case .uint: .int64
        case .float: .float32
        case .double: .float64
        case .decimal(let d): .decimal(precision: max(1, String(d.magnitude).count), scale: 0)
        case .date: .date
        case .timestamp: .timestamp
        case .binary: .binary
        default: .string
        }
    }

    /// Runs `text`, which must be one query, handing its rows to `rows` batch by batch, in
    /// order, as they are computed instead of collecting them: memory holds a few batches
    /// whatever the result's size (ORDER BY, aggregation and DISTINCT still gather their own
    /// input). `start` gets the result's schema first. Returns the number of rows.
    @discardableResult
    public func stream(
        _ text: String, parameters: [String: Value] = [:], start: (Schema) throws -> Void = { _ in },
        rows: (RecordBatch) throws -> Void
    ) throws -> Int {
        let statements = try SQLParser.parseScript(text)
        guard statements.count == 1, case .query(let q) = statements[0] else {
            throw QueryError(.invalidArgument, "stream() takes one query")
        }
        session.parameters = parameters.mapValues { ($0, Self.type(of: $0)) }
        let plan = try plan(q)
        try start(plan.schema)
        var count = 0
        try session.executor.stream(plan) { batch in
            count += batch.count
            try rows(batch)
        }
        return count
    }

    /// Whether `text` is exactly one query (what ``stream(_:parameters:start:rows:)`` runs).
    public static func isSingleQuery(_ text: String) -> Bool {
        guard let statements = try? SQLParser.parseScript(text), statements.count == 1, case .query = statements[0] else { return false }
        return true
    }

    /// The optimized plan of a query (see also the builder API, ``DataFrame``).
    public func plan(_ query: String) throws -> LogicalPlan {
        let statements = try SQLParser.parseScript(query)
        guard statements.count == 1, case .query(let q) = statements[0] else {
            throw QueryError(.invalidArgument, "plan() takes one SELECT query")
        }
        return try plan(q)
    }

    /// Runs a plan (for example one built with the builder API).
    public func execute(_ plan: LogicalPlan) throws -> QueryResult {
        let optimized = Optimizer.optimize(plan)
        return QueryResult(schema: optimized.schema, batches: try session.executor.execute(optimized))
    }
}

/// What a statement returned: rows (a query, SHOW, DESCRIBE, EXPLAIN) and/or a message.
public struct QueryResult: Sendable {
    /// The shape of the rows.
    public var schema: Schema
    /// The rows.
    public var batches: [RecordBatch]
    /// What a statement that returns no rows did ("created table ...").
    public var message: String?

    /// A result with rows.
    public init(schema: Schema, batches: [RecordBatch], message: String? = nil) {
        self.schema = schema
        self.batches = batches
        self.message = message
    }

    /// A result without rows.
    public init(message: String) {
        schema = Schema([])
        batches = []
        self.message = message
    }

    /// Number of rows.
    public var rowCount: Int { batches.reduce(0) { $0 + $1.count } }

    /// All rows in one batch.
    public var batch: RecordBatch { Executor.concatenate(batches, schema) }
}
