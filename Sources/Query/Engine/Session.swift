#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Columnar
import Delta
import LakeJSON

/// The state statements run in: the catalog, session settings (`SET key = value`), query
/// parameters, the thread count, and the statement's clock.
final class Session: @unchecked Sendable {
    let catalog: Catalog
    var settings: [String: String] = [:]
    var parameters: [String: (value: Value, type: DataType)] = [:]
    let threads: Int
    /// `current_timestamp()` of the statement being run (microseconds).
    var now: Int64 = 0
    /// Temporary views (rows in memory), by lowercased dotted name; they shadow catalog tables.
    var views: [String: (schema: Schema, batches: [RecordBatch])] = [:]
    /// Members added to the commitInfo of every commit (a job run's `job` and `notebook`).
    var commitInfoExtras: [JSONObject.Member] = []
    /// Told about every table a statement reads or writes (lineage).
    var onTableAccess: (@Sendable (TableAccess) -> Void)?

    init(catalog: Catalog, threads: Int) {
        self.catalog = catalog
        self.threads = threads
    }

    /// `spark.sql.ansi.enabled`: overflow and division by zero raise instead of giving NULL.
    var ansi: Bool { settings["spark.sql.ansi.enabled"]?.lowercased() == "true" }

    var evaluator: ExpressionEvaluator { ExpressionEvaluator(ansi: ansi) }

    var executor: Executor { Executor(runner: PipelineRunner(threads: threads, evaluator: evaluator)) }

    /// Reports a table access to ``onTableAccess``.
    func record(_ access: TableAccess) {
        onTableAccess?(access)
    }

    /// Starts a statement: fixes its clock.
    func beginStatement() {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        now = Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000
    }

    /// Table-valued functions in FROM.
    func tableFunction(_ f: TableFunction, binder: Binder) throws -> LogicalPlan {
        let name = f.name.last.lowercased()
        switch name {
        case "range":
            let args = try f.arguments.map { e -> Int64 in
                guard case .literal(.int(let v), _) = try binder.fold(try binder.bindExpression(e, Scope([]), context: .plain)) else {
                    throw QueryError(.typeMismatch, "range() takes integer constants")
                }
                return v
            }
            guard (1...3).contains(args.count) else { throw QueryError(.typeMismatch, "range() takes 1 to 3 arguments") }
            let start = args.count == 1 ? 0 : args[0], end = args.count == 1 ? args[0] : args[1], step = args.count == 3 ? args[2] : 1
            guard step != 0 else { throw QueryError(.typeMismatch, "range() step must not be 0") }
            var values = Buffer()
            var n = 0
            var v = start
            while step > 0 ? v < end : v > end {
                values.append(v)
                n += 1
                v += step
            }
            let schema = Schema([Field("id", .int64, nullable: false)])
            return .values(RecordBatch(schema: schema, columns: [Column(type: .int64, count: n, validity: nil, values: values)], count: n))
        case "table_changes", "table_changes_by_path":
            return try TableChangesFunction.plan(f, binder: binder, session: self)
        default:
            throw QueryError(.notFound, "unknown table function \(name)()")
        }
    }
}

extension Expression.Parameter {
    /// The name a parameter is looked up by (`:name`, `${name}`, or the position of `?`).
    var name: String {
        switch self {
        case .named(let n), .substitution(let n): n
        case .positional(let i): String(i)
        }
    }
}
