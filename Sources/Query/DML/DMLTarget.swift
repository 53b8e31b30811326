#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Columnar
import Delta
import Dispatch
import LakeJSON

/// The table a DELETE, UPDATE or MERGE changes: the Delta table, the snapshot read, and the
/// scope its columns are visible in (qualified by the statement's alias, else the table name).
struct DMLTarget {
    let table: DeltaTable
    let snapshot: Snapshot
    /// How the statement names the table (for messages).
    let name: String
    /// The table's columns, qualified by the alias or the table's name.
    let scope: Scope

    init(engine: QueryEngine, source: TableSource, alias: Identifier?, options: DMLOptions) throws {
        table = try options.table ?? engine.existingTable(source)
        do {
            snapshot = try table.snapshot(version: options.version)
        } catch let e as DeltaError {
            throw QueryError(.execution, e.description, cause: e)
        }
        name = source.description
        engine.session.record(TableAccess(kind: .read, location: table.location, name: name, version: snapshot.version))
        let qualifier: String? = {
            if let alias { return alias.name }
            switch source {
            case .name(let n): return n.last
            case .path: return nil
            }
        }()
        scope = Scope(schema: snapshot.schema, alias: qualifier)
    }

    var schema: Schema { snapshot.schema }

    /// Records the statement's commit for lineage.
    func recordWrite(_ engine: QueryEngine, _ commit: CommitResult?, operation: String) {
        guard let commit else { return }
        engine.session.record(TableAccess(kind: .write, location: table.location, name: name, version: commit.version, operation: operation))
    }
}

/// Settings of one DML statement (tests pin the version read to stage write conflicts, and
/// pass a table over fault-injecting storage).
struct DMLOptions {
    /// Read this version instead of the latest.
    var version: Int64?
    /// Change this table instead of the one the statement names.
    var table: DeltaTable?
}

extension QueryEngine {
    /// Write options for DML and INSERT: the SQL engine's CHECK constraint evaluator.
    func writeOptions() -> WriteOptions {
        var options = WriteOptions()
        options.checkEvaluator = SQLCheckEvaluator(session: session)
        options.extraCommitInfo = session.commitInfoExtras
        if let size = session.settings["spark.databricks.delta.optimize.maxFileSize"].flatMap({ Int($0) }), size > 0 {
            options.targetFileSize = size
        }
        return options
    }

    /// A Delta error in a DML statement as a query error.
    func dmlError(_ error: any Error) -> any Error {
        if let e = error as? DeltaError {
            let code: QueryError.Code = switch e.code {
            case .constraintViolation, .invalidArgument: .invalidArgument
            case .schemaMismatch: .typeMismatch
            default: .execution
            }
            return QueryError(code, e.description, cause: e)
        }
        return error
    }
}

/// Helpers shared by the DML commands.
enum DML {
    /// What one lane of a DELETE or UPDATE did: rows changed (deleted or updated), rows
    /// copied unchanged into rewritten files, and the time spent finding and rewriting.
    struct RowCounts {
        var affected = 0
        var copied = 0
        var scanSeconds = 0.0
        var rewriteSeconds = 0.0

        mutating func add(_ o: RowCounts) {
            affected += o.affected
            copied += o.copied
            scanSeconds += o.scanSeconds
            rewriteSeconds += o.rewriteSeconds
        }
    }

    /// The commitInfo metrics DELETE and UPDATE share, by Spark's names.
    static func rewriteMetrics(_ summary: RowLevelChange.Summary, _ total: RowCounts) -> [String: String] {
        [
            "numRemovedFiles": String(summary.filesRemoved), "numAddedFiles": String(summary.filesAdded),
            "numCopiedRows": String(total.copied),
            "numAddedChangeFiles": String(summary.changeFilesAdded), "changeFileBytes": String(summary.changeBytes),
            "numRemovedBytes": String(summary.bytesRemoved), "numAddedBytes": String(summary.bytesAdded),
            "numDeletionVectorsAdded": "0", "numDeletionVectorsRemoved": String(summary.deletionVectorsRemoved),
            "numDeletionVectorsUpdated": "0",
            "scanTimeMs": String(Int(total.scanSeconds * 1000)), "rewriteTimeMs": String(Int(total.rewriteSeconds * 1000)),
        ]
    }

    /// Runs `body(lane, index)` for `count` items on up to `lanes` threads (lane = worker),
    /// each item once; the first error stops the rest and is rethrown.
    static func parallel(_ count: Int, lanes: Int, _ body: (Int, Int) throws -> Void) throws {
        guard count > 0 else { return }
        let workers = max(1, min(lanes, count))
        try withoutActuallyEscaping(body) { body in
            let run = ParallelRun(count: count, body: body)
            if workers == 1 {
                run.work(0)
            } else {
                DispatchQueue.concurrentPerform(iterations: workers) { run.work($0) }
            }
            if let failure = run.failure { throw failure }
        }
    }

    /// The rows of `batch` at `rows`.
    static func take(_ batch: RecordBatch, _ rows: [Int32]) -> RecordBatch {
        if rows.count == batch.count { return batch }
        return RecordBatch(schema: batch.schema, columns: batch.columns.map { $0.gather(rows) }, count: rows.count)
    }

    /// The rows of `0..<count` not in `rows` (ascending).
    static func complement(_ rows: [Int32], count: Int) -> [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(max(0, count - rows.count))
        var k = 0
        for i in 0..<Int32(count) {
            if k < rows.count, rows[k] == i { k += 1; continue }
            out.append(i)
        }
        return out
    }

    /// A predicate as an exactly equivalent Delta expression over `schema`'s columns, or nil
    /// when any part of it has none (then no file is judged by statistics alone). NULL
    /// constants are refused: the "every row matches" test counts on unknown results coming
    /// only from null column values.
    static func exactDeltaExpression(_ e: BoundExpression, _ schema: Schema) -> Delta.Expression? {
        func operand(_ e: BoundExpression) -> Delta.Expression? {
            switch e {
            case .column(let i, _): return .column(schema.fields[i].name)
            case .literal(let v, let t): return v.isNull ? nil : .literal(v, t)  // NULL makes unknowns no column null explains
            default: return nil
            }
        }
        switch e {
        case .and(let es):
            let parts = es.map { exactDeltaExpression($0, schema) }
            guard parts.allSatisfy({ $0 != nil }) else { return nil }
            return .and(parts.compactMap { $0 })
        case .or(let es):
            let parts = es.map { exactDeltaExpression($0, schema) }
            guard parts.allSatisfy({ $0 != nil }) else { return nil }
            return .or(parts.compactMap { $0 })
        case .not(let x): return exactDeltaExpression(x, schema).map { .not($0) }
        case .comparison(let op, let l, let r):
            guard let dop = Delta.Expression.ComparisonOperator(rawValue: op.rawValue), let a = operand(l), let b = operand(r) else { return nil }
            if case .literal = a, case .literal = b { return nil }
            return .comparison(dop, a, b)
        case .isNull(.column(let i, _)): return .isNull(.column(schema.fields[i].name))
        case .isNotNull(.column(let i, _)): return .isNotNull(.column(schema.fields[i].name))
        case .inList(.column(let i, let t), let values, let negated) where !values.contains(where: \.isNull):
            return .inList(.column(schema.fields[i].name), values.map { .literal($0, t) }, negated: negated)
        case .literal(.boolean(let b), let t): return .literal(.boolean(b), t)
        default: return nil
        }
    }

    /// `["text"]`, the way Spark records a predicate in operationParameters.
    static func predicateParameter(_ text: String) -> String {
        JSONValue.array([.string(text)]).serialized()
    }

    /// The result of a DML statement: Databricks' one-row summary and a message.
    static func result(_ columns: [(String, Int)], message: String) -> QueryResult {
        let schema = Schema(columns.map { Field($0.0, .int64, nullable: false) })
        let batch = RecordBatch(schema: schema, columns: columns.map { Column(.int64, [.int(Int64($0.1))]) }, count: 1)
        return QueryResult(schema: schema, batches: [batch], message: message)
    }

    /// Milliseconds since `start` (a monotonic clock reading).
    static func millis(since start: Double) -> String { String(Int((now() - start) * 1000)) }

    /// Seconds on a monotonic clock.
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}

/// The shared state of ``DML/parallel(_:lanes:_:)``: the next item, the first error.
private final class ParallelRun: @unchecked Sendable {
    let count: Int
    let body: (Int, Int) throws -> Void
    let lock = Mutex()
    var next = 0
    var failure: (any Error)?

    init(count: Int, body: @escaping (Int, Int) throws -> Void) {
        self.count = count
        self.body = body
    }

    func work(_ lane: Int) {
        while true {
            let index: Int? = lock.withLock {
                guard failure == nil, next < count else { return nil }
                defer { next += 1 }
                return next
            }
            guard let index else { return }
            do {
                try body(lane, index)
            } catch {
                lock.withLock { if failure == nil { failure = error } }
                return
            }
        }
    }
}

/// Small JSON texts for operationParameters.
enum JSONText {
    /// An array of objects with string members, serialized.
    static func array(_ objects: [[(String, String)]]) -> String {
        JSONValue.array(objects.map { .object(JSONObject($0.map { .init($0.0, .string($0.1)) })) }).serialized()
    }
}
