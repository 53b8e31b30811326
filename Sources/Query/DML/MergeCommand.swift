import Columnar
import Delta

/// `MERGE [WITH SCHEMA EVOLUTION] INTO t USING s ON cond WHEN ...`, Delta's semantics with a
/// memory bound of the source plus the files being rewritten:
///
/// 1. The source query runs and its rows are indexed by the ON condition's equality keys.
/// 2. Target files are pruned by the ON conjuncts over target columns alone and by the source
///    keys' range (their distinct values for partition columns) — unless there are NOT MATCHED
///    BY SOURCE clauses, which can touch any row.
/// 3. Pass one reads only the columns the join and clause conditions need from the candidate
///    files, finds the matches, fails on a target row matched by several source rows (before
///    anything is written), notes the source rows that matched, and marks the files where a
///    clause fires.
/// 4. Pass two rewrites just those files: for each target row the first clause of its kind
///    whose condition holds applies (update, delete), the others are copied.
/// 5. Source rows that matched nothing go through the NOT MATCHED clauses (insert).
///
/// Commits with Spark's MERGE metrics; with the change data feed on, records inserts, deletes
/// and update pre/post-images.
struct MergeCommand {
    let engine: QueryEngine
    let statement: Merge
    var options = DMLOptions()

    func run() throws -> QueryResult {
        let start = DML.now()
        let plan = try MergePlan(statement, engine: engine, options: options)
        let change: RowLevelChange
        do {
            change = try RowLevelChange(
                table: plan.target.table, snapshot: plan.target.snapshot, operation: "MERGE", evolvedSchema: plan.schema,
                lanes: engine.session.threads, options: engine.writeOptions())
        } catch {
            throw engine.dmlError(error)
        }
        do {
            return try MergeExecution(plan: plan, change: change, engine: engine).run(statement, start: start)
        } catch {
            change.abort()
            throw engine.dmlError(error)
        }
    }
}

/// Which columns a step reads: target columns (indices into the evolved target schema) and
/// source columns, and the expressions remapped to that layout.
struct MergeLayout {
    let targetColumns: [Int]
    let sourceColumns: [Int]
    let targetCount: Int
    private let combinedMap: [Int: Int]
    private let targetMap: [Int: Int]

    init(targetColumns: [Int], sourceColumns: [Int], targetCount: Int) {
        self.targetColumns = targetColumns
        self.sourceColumns = sourceColumns
        self.targetCount = targetCount
        var c: [Int: Int] = [:], t: [Int: Int] = [:]
        for (k, i) in targetColumns.enumerated() { c[i] = k; t[i] = k }
        for (k, j) in sourceColumns.enumerated() { c[targetCount + j] = targetColumns.count + k }
        combinedMap = c
        targetMap = t
    }

    /// A combined-layout expression over this layout's joined batch.
    func combined(_ e: BoundExpression) -> BoundExpression { e.remapped(combinedMap) }
    /// A target-layout expression over this layout's target batch.
    func target(_ e: BoundExpression) -> BoundExpression { e.remapped(targetMap) }

    /// The layout reading what `expressions` (combined layout) need.
    static func needing(_ expressions: [BoundExpression], targetCount: Int, allTargets: Bool) -> MergeLayout {
        var t = Set<Int>(), s = Set<Int>()
        for e in expressions {
            for c in e.columns { if c < targetCount { t.insert(c) } else { s.insert(c - targetCount) } }
        }
        return MergeLayout(targetColumns: allTargets ? Array(0..<targetCount) : t.sorted(), sourceColumns: s.sorted(), targetCount: targetCount)
    }
}

/// Running a bound MERGE.
final class MergeExecution: @unchecked Sendable {
    let plan: MergePlan
    let change: RowLevelChange
    let engine: QueryEngine
    let evaluator: ExpressionEvaluator
    /// The source rows indexed by their key values.
    let index: KeyIndex
    let lock = Mutex()

    init(plan: MergePlan, change: RowLevelChange, engine: QueryEngine) throws {
        self.plan = plan
        self.change = change
        self.engine = engine
        evaluator = engine.session.evaluator
        let keyColumns = try plan.sourceKeys.map { try engine.session.evaluator.evaluate($0, plan.source) }
        index = try KeyIndex(keys: keyColumns.isEmpty ? [] : keyColumns, evaluator: engine.session.evaluator, rows: plan.source.count)
    }

    /// The result of matching one batch of target rows against the source.
    struct Matches {
        /// Matched pairs (target row, source row), target rows ascending.
        var pairTarget: [Int32] = []
        var pairSource: [Int32] = []
        /// The MATCHED clause each pair takes (-1: none applies).
        var pairClause: [Int32] = []
        /// The pairs as a batch in the layout's combined columns (when built).
        var joined: RecordBatch?
        /// Target rows without a match, and the NOT MATCHED BY SOURCE clause each takes.
        var unmatched: [Int32] = []
        var unmatchedClause: [Int32] = []

        var touches: Bool { pairClause.contains { $0 >= 0 } || unmatchedClause.contains { $0 >= 0 } }

        /// Only what changes rows: pairs a MATCHED clause applies to, unmatched rows a NOT
        /// MATCHED BY SOURCE clause applies to (what pass two needs; no joined batch).
        var changes: Matches {
            var out = Matches()
            for k in pairClause.indices where pairClause[k] >= 0 {
                out.pairTarget.append(pairTarget[k])
                out.pairSource.append(pairSource[k])
                out.pairClause.append(pairClause[k])
            }
            for k in unmatchedClause.indices where unmatchedClause[k] >= 0 {
                out.unmatched.append(unmatched[k])
                out.unmatchedClause.append(unmatchedClause[k])
            }
            return out
        }
    }

    /// Matches target rows (`batch`, in `layout`'s target columns) with the source.
    func match(_ batch: RecordBatch, _ layout: MergeLayout) throws -> Matches {
        var m = Matches()
        let keys = try plan.targetKeys.map { try evaluator.evaluate(layout.target($0), batch) }
        (m.pairTarget, m.pairSource) = index.matches(keys, count: batch.count)
        let needJoined = plan.residual != nil || plan.matched.contains { $0.condition != nil }
        if needJoined, !m.pairTarget.isEmpty {
            let columns = batch.columns.map { $0.gather(m.pairTarget) } + layout.sourceColumns.map { plan.source.columns[$0].gather(m.pairSource) }
            let fields = layout.targetColumns.map { plan.schema.fields[$0] } + layout.sourceColumns.map { plan.source.schema.fields[$0] }
            var joined = RecordBatch(schema: Schema(fields), columns: columns, count: m.pairTarget.count)
            if let residual = plan.residual {
                let keep = ExpressionEvaluator.selection(try evaluator.evaluate(layout.combined(residual), joined))
                if keep.count < joined.count {
                    joined = DML.take(joined, keep)
                    m.pairTarget = keep.map { m.pairTarget[Int($0)] }
                    m.pairSource = keep.map { m.pairSource[Int($0)] }
                }
            }
            m.joined = joined
        }
        if plan.duplicatesAreErrors, m.pairTarget.count > 1 {
            for k in 1..<m.pairTarget.count where m.pairTarget[k] == m.pairTarget[k - 1] {
                throw QueryError(.invalidArgument,
                    "cannot perform MERGE as multiple source rows matched and attempted to modify the same target row in \(plan.target.name) (source rows \(m.pairSource[k - 1] + 1) and \(m.pairSource[k] + 1) match one target row); make each target row match at most one source row, for example by deduplicating the source")
            }
        }
        // The first MATCHED clause whose condition holds.
        m.pairClause = [Int32](repeating: -1, count: m.pairTarget.count)
        if !plan.matched.isEmpty, !m.pairTarget.isEmpty {
            try choose(&m.pairClause, plan.matched.map(\.condition)) { try self.evaluator.evaluate(layout.combined($0), m.joined!) }
        }
        // Target rows without a match, and the first NOT MATCHED BY SOURCE clause that holds.
        if !plan.notMatchedBySource.isEmpty {
            var hit = [Bool](repeating: false, count: batch.count)
            for t in m.pairTarget { hit[Int(t)] = true }
            m.unmatched = (0..<Int32(batch.count)).filter { !hit[Int($0)] }
            m.unmatchedClause = [Int32](repeating: -1, count: m.unmatched.count)
            if !m.unmatched.isEmpty {
                let rows = DML.take(batch, m.unmatched)
                try choose(&m.unmatchedClause, plan.notMatchedBySource.map(\.condition)) { try self.evaluator.evaluate(layout.target($0), rows) }
            }
        }
        return m
    }

    /// For each row still -1 in `chosen`, the index of the first condition that holds (nil: always).
    func choose(_ chosen: inout [Int32], _ conditions: [BoundExpression?], _ evaluate: (BoundExpression) throws -> Column) throws {
        var open = chosen.count
        for (k, condition) in conditions.enumerated() where open > 0 {
            guard let condition else {
                for i in chosen.indices where chosen[i] == -1 { chosen[i] = Int32(k) }
                return
            }
            for i in ExpressionEvaluator.selection(try evaluate(condition)) where chosen[Int(i)] == -1 {
                chosen[Int(i)] = Int32(k)
                open -= 1
            }
        }
    }

    /// Target rows of a row group in `layout`'s target columns (new columns of an evolved
    /// schema read as nulls).
    func targetBatch(_ reader: ScanFileReader, _ g: Int, _ layout: MergeLayout) throws -> RecordBatch {
        let raw = try reader.readRowGroup(g).batch
        var columns: [Column] = []
        var k = 0
        for i in layout.targetColumns {
            if i < plan.originalCount {
                columns.append(raw.columns[k])
                k += 1
            } else {
                columns.append(.nulls(plan.schema.fields[i].type, count: raw.count))
            }
        }
        return RecordBatch(schema: Schema(layout.targetColumns.map { plan.schema.fields[$0] }), columns: columns, count: raw.count)
    }

    func reader(_ file: ScanFile, _ layout: MergeLayout) throws -> ScanFileReader {
        let names = layout.targetColumns.filter { $0 < plan.originalCount }.map { plan.schema.fields[$0].name }
        return try change.reader(file, columns: names)
    }

    struct Counts {
        var matchedUpdated = 0, matchedDeleted = 0, bySourceUpdated = 0, bySourceDeleted = 0, copied = 0, inserted = 0
        var scanSeconds = 0.0, rewriteSeconds = 0.0

        mutating func add(_ o: Counts) {
            matchedUpdated += o.matchedUpdated; matchedDeleted += o.matchedDeleted
            bySourceUpdated += o.bySourceUpdated; bySourceDeleted += o.bySourceDeleted
            copied += o.copied; inserted += o.inserted
            scanSeconds += o.scanSeconds; rewriteSeconds += o.rewriteSeconds
        }
    }

    /// Runs the MERGE and commits.
    func run(_ statement: Merge, start: Double) throws -> QueryResult {
        let T = plan.targetCount
        let pruning = try pruningPredicate()
        let (files, skipping) = try change.candidateFiles(pruning)
        let modifies = !plan.matched.isEmpty || !plan.notMatchedBySource.isEmpty

        // Pass one: matches, duplicates, touched files, matched source rows.
        var conditionExpressions: [BoundExpression] = plan.targetKeys + (plan.residual.map { [$0] } ?? [])
        conditionExpressions += plan.matched.compactMap(\.condition) + plan.notMatchedBySource.compactMap(\.condition)
        let scanLayout = MergeLayout.needing(conditionExpressions, targetCount: T, allTargets: false)
        let sourceMatched = (0..<change.laneCount).map { _ in SourceRows(count: plan.source.count) }
        // Per candidate file: the changes of each row group (nil: the file is not touched).
        var plans = [[Matches]?](repeating: nil, count: files.count)
        var lanes = [Counts](repeating: Counts(), count: change.laneCount)
        let canMatch = plan.source.count > 0 || !plan.notMatchedBySource.isEmpty
        if canMatch {
            try DML.parallel(files.count, lanes: change.laneCount) { lane, i in
                let t0 = DML.now()
                let reader = try self.reader(files[i], scanLayout)
                let seen = sourceMatched[lane]  // this lane's alone
                var groups: [Matches] = []
                var touches = false
                for g in 0..<reader.rowGroupCount {
                    let batch = try self.targetBatch(reader, g, scanLayout)
                    let m = batch.count == 0 ? Matches() : try self.match(batch, scanLayout)
                    for s in m.pairSource { seen.matched[Int(s)] = true }
                    let changes = m.changes
                    if !changes.pairTarget.isEmpty || !changes.unmatched.isEmpty { touches = true }
                    groups.append(changes)
                }
                self.lock.withLock {
                    if modifies && touches { plans[i] = groups }
                    lanes[lane].scanSeconds += DML.now() - t0
                }
            }
        }

        // Pass two: rewrite the touched files.
        var valueExpressions: [BoundExpression] = []
        for clause in plan.matched { if case .update(let values) = clause.action { valueExpressions += values.values } }
        let rewriteLayout = MergeLayout.needing(valueExpressions, targetCount: T, allTargets: true)
        let rewrite = files.indices.filter { plans[$0] != nil }
        try DML.parallel(rewrite.count, lanes: change.laneCount) { lane, k in
            let t0 = DML.now()
            let counts = try self.rewrite(files[rewrite[k]], plans[rewrite[k]] ?? [], rewriteLayout, lane: lane)
            self.lock.withLock {
                lanes[lane].add(counts)
                lanes[lane].rewriteSeconds += DML.now() - t0
            }
        }

        // Inserts: source rows that matched nothing.
        if !plan.notMatched.isEmpty, plan.source.count > 0 {
            var matched = [Bool](repeating: false, count: plan.source.count)
            for seen in sourceMatched {
                for i in seen.matched.indices where seen.matched[i] { matched[i] = true }
            }
            let open = (0..<Int32(plan.source.count)).filter { !matched[Int($0)] }
            let recordInserts = change.removesFiles
            let chunks = max(1, min(change.laneCount, open.count / 65_536 + 1))
            try DML.parallel(chunks, lanes: change.laneCount) { lane, c in
                let part = Array(open[(c * open.count / chunks)..<((c + 1) * open.count / chunks)])
                let n = try self.insert(part, lane: lane, recordChanges: recordInserts)
                self.lock.withLock { lanes[lane].inserted += n }
            }
        }

        var total = Counts()
        for c in lanes { total.add(c) }
        let summary = try change.finish()
        let updated = total.matchedUpdated + total.bySourceUpdated, deleted = total.matchedDeleted + total.bySourceDeleted
        let metrics: [String: String] = [
            "numSourceRows": String(plan.source.count),
            "numTargetRowsInserted": String(total.inserted),
            "numTargetRowsUpdated": String(updated),
            "numTargetRowsMatchedUpdated": String(total.matchedUpdated),
            "numTargetRowsNotMatchedBySourceUpdated": String(total.bySourceUpdated),
            "numTargetRowsDeleted": String(deleted),
            "numTargetRowsMatchedDeleted": String(total.matchedDeleted),
            "numTargetRowsNotMatchedBySourceDeleted": String(total.bySourceDeleted),
            "numTargetRowsCopied": String(total.copied),
            "numOutputRows": String(total.inserted + updated + total.copied),
            "numTargetFilesAdded": String(summary.filesAdded),
            "numTargetFilesRemoved": String(summary.filesRemoved),
            "numTargetChangeFilesAdded": String(summary.changeFilesAdded),
            "numTargetChangeFileBytes": String(summary.changeBytes),
            "numTargetBytesAdded": String(summary.bytesAdded),
            "numTargetBytesRemoved": String(summary.bytesRemoved),
            "numTargetFilesBeforeSkipping": String(skipping.filesTotal),
            "numTargetBytesBeforeSkipping": String(plan.target.snapshot.sizeInBytes),
            "numTargetFilesAfterSkipping": String(files.count),
            "numTargetBytesAfterSkipping": String(files.reduce(0) { $0 + $1.add.size }),
            "numTargetPartitionsAfterSkipping": String(Set(files.map { $0.add.partitionValues.description }).count),
            "numTargetPartitionsAddedTo": String(summary.partitionsAddedTo),
            "numTargetPartitionsRemovedFrom": String(summary.partitionsRemovedFrom),
            "numTargetDeletionVectorsAdded": "0",
            "numTargetDeletionVectorsRemoved": String(summary.deletionVectorsRemoved),
            "numTargetDeletionVectorsUpdated": "0",
            "materializeSourceTimeMs": String(Int(plan.sourceSeconds * 1000)),
            "scanTimeMs": String(Int(total.scanSeconds * 1000)),
            "rewriteTimeMs": String(Int(total.rewriteSeconds * 1000)),
            "executionTimeMs": DML.millis(since: start),
        ]
        let commit = try change.commit(
            parameters: plan.parameters(statement), metrics: metrics, readPredicate: pruning,
            readWholeTable: pruning == nil)
        plan.target.recordWrite(engine, commit, operation: "MERGE")
        let affected = total.inserted + updated + deleted
        let version = commit.map { " (version \($0.version))" } ?? ""
        return DML.result(
            [("num_affected_rows", affected), ("num_updated_rows", updated), ("num_deleted_rows", deleted), ("num_inserted_rows", total.inserted)],
            message: "merged into \(plan.target.name): \(updated) updated, \(deleted) deleted, \(total.inserted) inserted\(version)")
    }

    /// Rewrites one file by its pass-one changes (one per row group): each target row updated,
    /// deleted or copied.
    func rewrite(_ file: ScanFile, _ changes: [Matches], _ layout: MergeLayout, lane: Int) throws -> Counts {
        var counts = Counts()
        let reader = try self.reader(file, layout)
        for g in 0..<reader.rowGroupCount {
            let batch = try targetBatch(reader, g, layout)
            guard batch.count > 0 else { continue }
            let m = g < changes.count ? changes[g] : Matches()
            if m.pairTarget.isEmpty && m.unmatched.isEmpty {
                try change.write(batch, lane: lane)
                counts.copied += batch.count
                continue
            }
            // 0: copy, 1: updated, 2: deleted.
            var state = [UInt8](repeating: 0, count: batch.count)
            for (k, clause) in plan.matched.enumerated() {
                let pairs = m.pairClause.indices.filter { m.pairClause[$0] == Int32(k) }
                guard !pairs.isEmpty else { continue }
                let rows = pairs.map { m.pairTarget[$0] }
                switch clause.action {
                case .delete:
                    let fresh = rows.filter { state[Int($0)] == 0 }
                    for r in fresh { state[Int(r)] = 2 }
                    try change.recordChanges(DML.take(batch, fresh), .delete, lane: lane)
                    counts.matchedDeleted += fresh.count
                case .update(let values):
                    for r in rows { state[Int(r)] = 1 }
                    let before = DML.take(batch, rows)
                    let sources = pairs.map { m.pairSource[$0] }
                    let joined = RecordBatch(
                        schema: Schema(batch.schema.fields + layout.sourceColumns.map { plan.source.schema.fields[$0] }),
                        columns: before.columns + layout.sourceColumns.map { plan.source.columns[$0].gather(sources) }, count: rows.count)
                    let after = try updated(before, values.mapValues { layout.combined($0) }, over: joined)
                    try change.write(after, lane: lane)
                    try change.recordChanges(before, .updatePreimage, lane: lane)
                    try change.recordChanges(after, .updatePostimage, lane: lane)
                    counts.matchedUpdated += rows.count
                }
            }
            for (k, clause) in plan.notMatchedBySource.enumerated() {
                let rows = m.unmatchedClause.indices.filter { m.unmatchedClause[$0] == Int32(k) }.map { m.unmatched[$0] }
                guard !rows.isEmpty else { continue }
                let before = DML.take(batch, rows)
                switch clause.action {
                case .delete:
                    for r in rows { state[Int(r)] = 2 }
                    try change.recordChanges(before, .delete, lane: lane)
                    counts.bySourceDeleted += rows.count
                case .update(let values):
                    for r in rows { state[Int(r)] = 1 }
                    let after = try updated(before, values.mapValues { layout.target($0) }, over: before)
                    try change.write(after, lane: lane)
                    try change.recordChanges(before, .updatePreimage, lane: lane)
                    try change.recordChanges(after, .updatePostimage, lane: lane)
                    counts.bySourceUpdated += rows.count
                }
            }
            var copy: [Int32] = []
            copy.reserveCapacity(batch.count)
            state.withUnsafeBufferPointer { st in
                for i in 0..<st.count where st[i] == 0 { copy.append(Int32(i)) }
            }
            try change.write(DML.take(batch, copy), lane: lane)
            counts.copied += copy.count
        }
        try change.remove(file.add, rowsRecorded: true)
        return counts
    }

    /// Target rows `before` (all target columns) with `values` (target index → expression over
    /// `input`, a batch of the same rows) applied.
    func updated(_ before: RecordBatch, _ values: [Int: BoundExpression], over input: RecordBatch) throws -> RecordBatch {
        let columns = try before.columns.indices.map { i in try values[i].map { try evaluator.evaluate($0, input) } ?? before.columns[i] }
        return RecordBatch(schema: before.schema, columns: columns, count: before.count)
    }

    /// Inserts source rows `rows` by the first NOT MATCHED clause that holds for each; returns
    /// how many were inserted.
    func insert(_ rows: [Int32], lane: Int, recordChanges: Bool) throws -> Int {
        guard !rows.isEmpty else { return 0 }
        let batch = DML.take(plan.source, rows)
        var chosen = [Int32](repeating: -1, count: batch.count)
        try choose(&chosen, plan.notMatched.map(\.condition)) { try self.evaluator.evaluate($0, batch) }
        var inserted = 0
        for (k, clause) in plan.notMatched.enumerated() {
            let sel = chosen.indices.filter { chosen[$0] == Int32(k) }.map { Int32($0) }
            guard !sel.isEmpty else { continue }
            let input = DML.take(batch, sel)
            let columns = try clause.values.map { try evaluator.evaluate($0, input) }
            let after = RecordBatch(schema: plan.schema, columns: columns, count: input.count)
            try change.write(after, lane: lane)
            if recordChanges { try change.recordChanges(after, .insert, lane: lane) }
            inserted += sel.count
        }
        return inserted
    }

    /// The predicate that prunes target files: ON conjuncts over target columns alone and the
    /// source keys' ranges (distinct values for partition columns). Nil when every file must
    /// be read (NOT MATCHED BY SOURCE clauses, or nothing to prune with).
    func pruningPredicate() throws -> Delta.Expression? {
        guard plan.notMatchedBySource.isEmpty else { return nil }
        let schema = plan.target.schema
        var parts: [Delta.Expression] = []
        for c in plan.targetOnly where c.columns.allSatisfy({ $0 < plan.originalCount }) {
            if let e = PushDown.deltaExpression(c, schema) { parts.append(e) }
        }
        let partitions = Set(plan.target.snapshot.partitionColumns.map { $0.lowercased() })
        for (t, s) in zip(plan.targetKeys, plan.sourceKeys) {
            guard case .column(let i, let type) = t, i < plan.originalCount, schema.fields[i].type == type, Self.prunable(type) else { continue }
            let name = schema.fields[i].name
            let keys = try evaluator.evaluate(s, plan.source)
            let keyBatch = RecordBatch(schema: Schema([Field("k", type)]), columns: [keys], count: keys.count)
            let executor = engine.session.executor
            if partitions.contains(name.lowercased()) {
                let distinct = try executor.executeOne(.limit(.distinct(.filter(.values(keyBatch), .isNotNull(.column(0, type)))), limit: 1001, offset: 0))
                if distinct.count <= 1000 {
                    parts.append(distinct.count == 0
                        ? .literal(.boolean(false), .boolean)
                        : .inList(.column(name), (0..<distinct.count).map { .literal(distinct.columns[0].value(at: $0), type) }, negated: false))
                    continue
                }
            }
            let bounds = try executor.executeOne(.aggregate(
                .values(keyBatch), groupBy: [],
                aggregates: [AggregateCall(.min, .column(0, type), resultType: type), AggregateCall(.max, .column(0, type), resultType: type)],
                Schema([Field("lo", type), Field("hi", type)])))
            let lo = bounds.columns[0].value(at: 0), hi = bounds.columns[1].value(at: 0)
            if lo.isNull || hi.isNull {
                parts.append(.literal(.boolean(false), .boolean))  // no source key can match
            } else {
                parts.append(.comparison(.greaterOrEqual, .column(name), .literal(lo, type)))
                parts.append(.comparison(.lessOrEqual, .column(name), .literal(hi, type)))
            }
        }
        return parts.isEmpty ? nil : parts.count == 1 ? parts[0] : .and(parts)
    }

    /// Types whose values prune by range.
    static func prunable(_ t: DataType) -> Bool {
        switch t {
        case .int8, .int16, .int32, .int64, .float32, .float64, .decimal, .string, .date, .timestamp, .timestampNTZ: true
        default: false
        }
    }
}

/// Which source rows matched some target row (one per lane; only its worker writes it).
final class SourceRows: @unchecked Sendable {
    var matched: [Bool]

    init(count: Int) {
        matched = [Bool](repeating: false, count: count)
    }
}
