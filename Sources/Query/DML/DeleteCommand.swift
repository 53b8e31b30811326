import Columnar
import Delta

/// `DELETE FROM t [AS a] [WHERE cond]`, copy-on-write as Delta does it:
///
/// 1. Files the condition cannot match are skipped by partition pruning and statistics.
/// 2. A file whose partition values and statistics show that *every* row matches is removed
///    without being read (all of a partition, say: a metadata-only delete).
/// 3. Other candidates are read — first only the condition's columns — and a file with no
///    matching row is left alone; one where every row matches is removed; otherwise its other
///    rows are copied to a new file and it is removed.
///
/// With the change data feed on, deleted rows are recorded as `delete` changes. The commit
/// carries Spark's operationMetrics (numDeletedRows, numCopiedRows, numRemovedFiles,
/// numAddedFiles, numAddedChangeFiles, ...).
struct DeleteCommand {
    let engine: QueryEngine
    let statement: Delete
    var options = DMLOptions()

    func run() throws -> QueryResult {
        let start = DML.now()
        let target = try DMLTarget(engine: engine, source: statement.table, alias: statement.alias, options: options)
        let session = engine.session
        let binder = Binder(session: session)
        var condition: BoundExpression?
        if let w = statement.whereClause {
            condition = try binder.bindDMLCondition(w, target.scope)
        }
        // A constant condition: everything or nothing.
        var deleteAll = condition == nil
        if case .literal(let v, _)? = condition {
            if case .boolean(true) = v { deleteAll = true } else { return DML.result([("num_affected_rows", 0)], message: "deleted 0 row(s) from \(target.name)") }
        }
        let change: RowLevelChange
        do {
            change = try RowLevelChange(table: target.table, snapshot: target.snapshot, operation: "DELETE", lanes: session.threads, options: engine.writeOptions())
        } catch {
            throw engine.dmlError(error)
        }
        do {
            return try execute(target, condition: deleteAll ? nil : condition, change: change, start: start)
        } catch {
            change.abort()
            throw engine.dmlError(error)
        }
    }

    func execute(_ target: DMLTarget, condition: BoundExpression?, change: RowLevelChange, start: Double) throws -> QueryResult {
        let evaluator = engine.session.evaluator
        let schema = target.schema
        let pruning = condition.flatMap { PushDown.deltaExpression($0, schema) }
        let exact = condition.flatMap { DML.exactDeltaExpression($0, schema) }
        let (files, skipping) = try change.candidateFiles(pruning)
        var lanes = [DML.RowCounts](repeating: DML.RowCounts(), count: change.laneCount)
        var unknownCounts = false
        let lock = Mutex()
        try DML.parallel(files.count, lanes: change.laneCount) { lane, index in
            let file = files[index]
            var counts = DML.RowCounts()
            defer { lock.withLock { lanes[lane].add(counts) } }
            let t0 = DML.now()
            guard let condition else {
                // DELETE without a condition: every file goes, unread.
                try change.remove(file.add, rowsRecorded: false)
                if let n = Self.liveRows(file) { counts.affected += n } else { lock.withLock { unknownCounts = true } }
                return
            }
            if let exact, let n = Self.liveRows(file), try change.everyRowMatches(exact, file) {
                try change.remove(file.add, rowsRecorded: false)
                counts.affected += n
                counts.scanSeconds += DML.now() - t0
                return
            }
            let matches = try FileMatches.find(condition, in: file, change: change, pruning: pruning, evaluator: evaluator)
            counts.scanSeconds += DML.now() - t0
            guard matches.matched > 0 else { return }
            let t1 = DML.now()
            let reader = try change.reader(file)
            for g in 0..<reader.rowGroupCount {
                let hit = matches.rowGroups[g]
                let batch = try reader.readRowGroup(g).batch
                if hit.isEmpty {
                    // Nothing deleted here: copy the row group as it is.
                    try change.write(batch, lane: lane)
                    counts.copied += batch.count
                    continue
                }
                let keep = DML.complement(hit, count: batch.count)
                try change.write(DML.take(batch, keep), lane: lane)
                try change.recordChanges(DML.take(batch, hit), .delete, lane: lane)
                counts.copied += keep.count
                counts.affected += hit.count
            }
            try change.remove(file.add, rowsRecorded: true)
            counts.rewriteSeconds += DML.now() - t1
        }
        var total = DML.RowCounts()
        for c in lanes { total.add(c) }
        let summary = try change.finish()
        var metrics = DML.rewriteMetrics(summary, total)
        metrics["numFilesBeforeSkipping"] = String(skipping.filesTotal)
        metrics["numBytesBeforeSkipping"] = String(target.snapshot.sizeInBytes)
        metrics["numFilesAfterSkipping"] = String(files.count)
        metrics["numBytesAfterSkipping"] = String(files.reduce(0) { $0 + $1.add.size })
        metrics["numPartitionsAddedTo"] = String(summary.partitionsAddedTo)
        metrics["numPartitionsRemovedFrom"] = String(summary.partitionsRemovedFrom)
        if !unknownCounts { metrics["numDeletedRows"] = String(total.affected) }
        metrics["executionTimeMs"] = DML.millis(since: start)
        let parameters = ["predicate": DML.predicateParameter(statement.whereClause?.description ?? "true")]
        let commit = try change.commit(parameters: parameters, metrics: metrics, readPredicate: pruning, readWholeTable: condition == nil || pruning == nil)
        target.recordWrite(engine, commit, operation: "DELETE")
        let version = commit.map { " (version \($0.version))" } ?? ""
        return DML.result([("num_affected_rows", total.affected)], message: "deleted \(total.affected) row(s) from \(target.name)\(version)")
    }

    /// Rows of a file not already deleted by its deletion vector, when its statistics say.
    static func liveRows(_ file: ScanFile) -> Int? {
        guard let n = file.numRecords else { return nil }
        return Int(n) - Int(file.add.deletionVector?.cardinality ?? 0)
    }
}
