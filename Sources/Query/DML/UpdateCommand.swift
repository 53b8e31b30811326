import Columnar
import Delta

/// `UPDATE t [AS a] SET col = expr, ... [WHERE cond]`, copy-on-write: files the condition
/// cannot match are skipped (partition pruning, statistics); candidates are first read for the
/// condition's columns only, and each file with matching rows is rewritten whole — updated rows
/// and the rows copied unchanged — and removed. Updated values are cast to their column's type
/// and checked against the table's constraints. With the change data feed on, each updated
/// row is recorded as an `update_preimage` and an `update_postimage`.
struct UpdateCommand {
    let engine: QueryEngine
    let statement: Update
    var options = DMLOptions()

    func run() throws -> QueryResult {
        let start = DML.now()
        let target = try DMLTarget(engine: engine, source: statement.table, alias: statement.alias, options: options)
        let binder = Binder(session: engine.session)
        let assignments = try Self.bindAssignments(statement.assignments, target: target.scope, values: target.scope, binder: binder, what: "UPDATE")
        var condition = try statement.whereClause.map { try binder.bindDMLCondition($0, target.scope) }
        if case .literal(let v, _)? = condition {
            if case .boolean(true) = v { condition = nil } else { return DML.result([("num_affected_rows", 0)], message: "updated 0 row(s) in \(target.name)") }
        }
        let change: RowLevelChange
        do {
            change = try RowLevelChange(table: target.table, snapshot: target.snapshot, operation: "UPDATE", lanes: engine.session.threads, options: engine.writeOptions())
        } catch {
            throw engine.dmlError(error)
        }
        do {
            return try execute(target, condition: condition, assignments: assignments, change: change, start: start)
        } catch {
            change.abort()
            throw engine.dmlError(error)
        }
    }

    /// `SET` assignments bound: target column index → value (cast to the column's type), with
    /// `values` the scope the expressions see. Names may be qualified by the target's alias;
    /// a column assigned twice is an error.
    static func bindAssignments(_ assignments: [Assignment], target: Scope, values: Scope, binder: Binder, what: String) throws -> [Int: BoundExpression] {
        var out: [Int: BoundExpression] = [:]
        for a in assignments {
            let index = try assignedColumn(a.column, target: target, binder: binder, what: what)
            guard out[index] == nil else {
                throw binder.error(.invalidArgument, "\(what) assigns column '\(target.entries[index].name)' more than once", at: a.position)
            }
            let value = try binder.fold(try binder.bindExpression(a.value, values, context: .plain))
            out[index] = binder.cast(value, to: target.entries[index].type)
        }
        return out
    }

    /// The target column an assignment names.
    static func assignedColumn(_ name: QualifiedName, target: Scope, binder: Binder, what: String) throws -> Int {
        switch target.resolve(name.names) {
        case .some(.some(let (index, fields))):
            guard fields.isEmpty else {
                throw binder.error(.unsupported, "\(what) of a struct field ('\(name)') is not supported; assign the whole column", at: name.position)
            }
            return index
        case .some(.none):
            throw binder.error(.notFound, "column '\(name)' is ambiguous", at: name.position)
        case .none:
            let hint = Suggestions.nearest(name.last, target.entries.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
            throw binder.error(.notFound, "\(what) assigns column '\(name)', which the table does not have (columns: \(target.entries.map(\.name).joined(separator: ", ")))\(hint)", at: name.position)
        }
    }

    func execute(_ target: DMLTarget, condition: BoundExpression?, assignments: [Int: BoundExpression], change: RowLevelChange, start: Double) throws -> QueryResult {
        let evaluator = engine.session.evaluator
        let schema = target.schema
        let pruning = condition.flatMap { PushDown.deltaExpression($0, schema) }
        let files = try change.candidateFiles(pruning).files
        var lanes = [DML.RowCounts](repeating: DML.RowCounts(), count: change.laneCount)
        let lock = Mutex()
        try DML.parallel(files.count, lanes: change.laneCount) { lane, index in
            let file = files[index]
            var counts = DML.RowCounts()
            defer { lock.withLock { lanes[lane].add(counts) } }
            let t0 = DML.now()
            var matches: FileMatches?
            if let condition {
                let found = try FileMatches.find(condition, in: file, change: change, pruning: pruning, evaluator: evaluator)
                counts.scanSeconds += DML.now() - t0
                guard found.matched > 0 else { return }
                matches = found
            }
            let t1 = DML.now()
            let reader = try change.reader(file)
            var touched = false
            for g in 0..<reader.rowGroupCount {
                let batch = try reader.readRowGroup(g).batch
                guard batch.count > 0 else { continue }
                let hit = matches?.rowGroups[g] ?? Array(0..<Int32(batch.count))
                if hit.isEmpty {
                    try change.write(batch, lane: lane)
                    counts.copied += batch.count
                    continue
                }
                touched = true
                let before = DML.take(batch, hit)
                let columns = try schema.fields.indices.map { i in
                    try assignments[i].map { try evaluator.evaluate($0, before) } ?? before.columns[i]
                }
                let after = RecordBatch(schema: batch.schema, columns: columns, count: before.count)
                let keep = DML.complement(hit, count: batch.count)
                try change.write(DML.take(batch, keep), lane: lane)
                try change.write(after, lane: lane)
                try change.recordChanges(before, .updatePreimage, lane: lane)
                try change.recordChanges(after, .updatePostimage, lane: lane)
                counts.copied += keep.count
                counts.affected += hit.count
            }
            if touched { try change.remove(file.add, rowsRecorded: true) }
            counts.rewriteSeconds += DML.now() - t1
        }
        var total = DML.RowCounts()
        for c in lanes { total.add(c) }
        if total.affected == 0 {
            change.abort()
            return DML.result([("num_affected_rows", 0)], message: "updated 0 row(s) in \(target.name)")
        }
        let summary = try change.finish()
        var metrics = DML.rewriteMetrics(summary, total)
        metrics["numUpdatedRows"] = String(total.affected)
        metrics["executionTimeMs"] = DML.millis(since: start)
        let parameters = ["predicate": DML.predicateParameter(statement.whereClause?.description ?? "true")]
        let commit = try change.commit(parameters: parameters, metrics: metrics, readPredicate: pruning, readWholeTable: pruning == nil)
        target.recordWrite(engine, commit, operation: "UPDATE")
        let version = commit.map { " (version \($0.version))" } ?? ""
        return DML.result([("num_affected_rows", total.affected)], message: "updated \(total.affected) row(s) in \(target.name)\(version)")
    }
}
