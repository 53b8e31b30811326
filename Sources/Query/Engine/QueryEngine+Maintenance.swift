import Columnar
import Delta

/// OPTIMIZE, VACUUM and RESTORE: thin statements over ``DeltaTable/optimize(_:)``,
/// ``DeltaTable/vacuum(_:)`` and ``DeltaTable/restore(version:)``, reading Spark's session
/// settings (`SET key = value`) for what the statements do not say.
extension QueryEngine {
    /// `spark.databricks.delta.optimize.maxFileSize`, `.minFileSize`, `.maxDeletedRowsRatio`.
    static let optimizeMaxFileSizeKey = "spark.databricks.delta.optimize.maxFileSize"
    static let optimizeMinFileSizeKey = "spark.databricks.delta.optimize.minFileSize"
    static let optimizeMaxDeletedRowsRatioKey = "spark.databricks.delta.optimize.maxDeletedRowsRatio"
    /// `spark.databricks.delta.retentionDurationCheck.enabled` (true unless set to false).
    static let retentionCheckKey = "spark.databricks.delta.retentionDurationCheck.enabled"
    /// `spark.databricks.delta.vacuum.logging.enabled` (true unless set to false).
    static let vacuumLoggingKey = "spark.databricks.delta.vacuum.logging.enabled"

    func setting(_ key: String) -> String? {
        session.settings.first { $0.key.lowercased() == key.lowercased() }?.value
    }

    func byteSetting(_ key: String) throws -> Int64? {
        guard let text = setting(key) else { return nil }
        guard let n = Int64(text.filter { $0 != " " }), n > 0 else {
            throw QueryError(.invalidArgument, "\(key) must be a positive number of bytes, not '\(text)'")
        }
        return n
    }

    func deltaError(_ e: DeltaError) -> QueryError {
        QueryError(e.code == .invalidArgument ? .invalidArgument : e.code == .tableNotFound ? .notFound : .execution, e.description, cause: e)
    }

    func optimize(_ o: Optimize) throws -> QueryResult {
        let table = try existingTable(o.table)
        var options = OptimizeOptions()
        if let condition = o.whereClause {
            do {
                options.partitionPredicate = try ExpressionParser.parse(condition.description)
            } catch let e as DeltaError {
                throw QueryError(.unsupported, "OPTIMIZE ... WHERE takes comparisons of partition columns with constants: \(e.message)", line: o.position.line, column: o.position.column)
            }
        }
        options.zOrderBy = o.zorderBy.map { $0.parts.map(\.name).joined(separator: ".") }
        options.maxFileSize = try byteSetting(Self.optimizeMaxFileSizeKey)
        options.minFileSize = try byteSetting(Self.optimizeMinFileSizeKey)
        if let ratio = setting(Self.optimizeMaxDeletedRowsRatioKey) {
            guard let r = Double(ratio), r >= 0 else { throw QueryError(.invalidArgument, "\(Self.optimizeMaxDeletedRowsRatioKey) must be a number >= 0, not '\(ratio)'") }
            options.maxDeletedRowsRatio = r
        }
        do {
            let metrics = try table.optimize(options)
            let batch = metrics.resultBatch(path: table.location)
            let message = metrics.commit.map { "optimized \(o.table): \(metrics.numFilesRemoved) file(s) rewritten into \(metrics.numFilesAdded) (version \($0.version))" }
                ?? "optimized \(o.table): nothing to rewrite"
            return QueryResult(schema: batch.schema, batches: [batch], message: message)
        } catch let e as DeltaError {
            throw deltaError(e)
        }
    }

    func vacuum(_ v: Vacuum) throws -> QueryResult {
        let table = try existingTable(v.table)
        var options = VacuumOptions()
        if let text = v.retainHours {
            guard let hours = Double(text) else { throw QueryError(.invalidArgument, "RETAIN takes a number of hours, not '\(text)'", line: v.position.line, column: v.position.column) }
            options.retentionHours = hours
        }
        options.dryRun = v.dryRun
        options.enforceRetentionDuration = setting(Self.retentionCheckKey)?.lowercased() != "false"
        options.logCommits = setting(Self.vacuumLoggingKey)?.lowercased() != "false"
        do {
            let result = try table.vacuum(options)
            let batch = result.resultBatch(tableRoot: table.location)
            let message = result.dryRun
                ? "Found \(result.paths.count) files (\(result.bytes) bytes) and directories in a total of \(result.numDirectories) directories that are safe to delete."
                : "Deleted \(result.numDeletedFiles) files and directories in a total of \(result.numDirectories) directories."
            return QueryResult(schema: batch.schema, batches: [batch], message: message)
        } catch let e as DeltaError {
            throw deltaError(e)
        }
    }

    func restore(_ r: Restore) throws -> QueryResult {
        let table = try existingTable(r.table)
        let binder = Binder(session: session)
        do {
            let metrics: RestoreMetrics
            switch r.target {
            case .version(let e):
                guard case .literal(.int(let v), _) = try binder.fold(try binder.bindExpression(e, Scope([]), context: .plain)) else {
                    throw QueryError(.typeMismatch, "RESTORE ... VERSION AS OF needs an integer", line: r.position.line, column: r.position.column)
                }
                metrics = try table.restore(version: v)
            case .timestamp(let e):
                let millis: Int64
                switch try binder.fold(try binder.bindExpression(e, Scope([]), context: .plain)) {
                case .literal(.timestamp(let t), _): millis = t / 1000
                case .literal(.date(let d), _): millis = Int64(d) * 86_400_000
                case .literal(.string(let s), _):
                    guard let t = Literals.timestamp(s, utc: true) else {
                        throw QueryError(.typeMismatch, "'\(s)' is not a timestamp", line: r.position.line, column: r.position.column)
                    }
                    millis = t / 1000
                default:
                    throw QueryError(.typeMismatch, "RESTORE ... TIMESTAMP AS OF needs a timestamp constant", line: r.position.line, column: r.position.column)
                }
                metrics = try table.restore(timestamp: millis)
            }
            let batch = metrics.resultBatch
            return QueryResult(schema: batch.schema, batches: [batch], message: "restored \(r.table) to version \(metrics.restoredVersion) (version \(metrics.commit.version))")
        } catch let e as DeltaError {
            throw deltaError(e)
        }
    }
}
