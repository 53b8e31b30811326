import Columnar

/// A hash join: the build side (right) is materialized and indexed by its key values; probe
/// batches (left) stream through and find their matches. Output columns are the probe side's
/// then the build side's (semi and anti joins: the probe side's only). Keys containing a null
/// never match (SQL equality).
final class HashJoin: @unchecked Sendable {
    let kind: JoinKind
    let build: RecordBatch
    let probeKeys: [BoundExpression]
    let residual: BoundExpression?
    let schema: Schema
    private let table: GroupTable
    /// Build rows per key group (CSR layout): rows `rows[starts[g]..<starts[g+1]]`.
    private let starts: [Int32]
    private let rows: [Int32]
    /// Build rows that found a match (for FULL joins).
    private var matched: [Bool]
    private let lock = Mutex()

    init(kind: JoinKind, build: RecordBatch, buildKeys: [BoundExpression], probeKeys: [BoundExpression], residual: BoundExpression?, schema: Schema, evaluator: ExpressionEvaluator) throws {
        self.kind = kind
        self.build = build
        self.probeKeys = probeKeys
        self.residual = residual
        self.schema = schema
        let table = GroupTable(keyTypes: buildKeys.map(\.type))
        self.table = table
        let keyColumns = try buildKeys.map { try evaluator.evaluate($0, build) }
        let n = build.count
        // Rows whose key has a null never match: they get no group.
        let usable = Self.rowsWithoutNulls(keyColumns, n)
        var groupOf: [Int32]
        if let usable {
            groupOf = [Int32](repeating: -1, count: n)
            let found = table.groups(keyColumns.map { $0.gather(usable) }, rows: usable.count)
            for (k, r) in usable.enumerated() { groupOf[Int(r)] = found[k] }
        } else {
            groupOf = table.groups(keyColumns, rows: n)
        }
        // Counting sort of build rows by group.
        var counts = [Int32](repeating: 0, count: table.count + 1)
        for g in groupOf where g >= 0 { counts[Int(g) + 1] += 1 }
        for g in 0..<table.count { counts[g + 1] += counts[g] }
        var fill = counts
        var ordered = [Int32](repeating: 0, count: Int(counts[table.count]))
        for (i, g) in groupOf.enumerated() where g >= 0 {
            ordered[Int(fill[Int(g)])] = Int32(i)
            fill[Int(g)] += 1
        }
        starts = counts
        rows = ordered
        matched = kind == .full ? [Bool](repeating: false, count: n) : []
    }

    /// The (probe row, build row) pairs with equal keys, probe rows ascending, for probe key
    /// columns of `count` rows (no residual condition applied): MERGE's matching.
    func keyMatches(_ keys: [Column], count: Int) -> (probe: [Int32], build: [Int32]) {
        var probeRows: [Int32] = []
        var buildRows: [Int32] = []
        // A key with a null finds nothing (no stored key has one).
        let groupOf = table.find(keys, rows: count)
        for i in 0..<count {
            let g = Int(groupOf[i])
            guard g >= 0 else { continue }
            for k in Int(starts[g])..<Int(starts[g + 1]) {
                probeRows.append(Int32(i))
                buildRows.append(rows[k])
            }
        }
        return (probeRows, buildRows)
    }

    /// Candidate pairs are checked against the residual condition this many at a time, so a
    /// join with few equal keys (or none) never materializes all of its candidates at once.
    static let pairChunk = 1 << 16

    /// The joined rows of a probe batch.
    func probe(_ batch: RecordBatch, evaluator: ExpressionEvaluator) throws -> RecordBatch {
        let keys = try probeKeys.map { try evaluator.evaluate($0, batch) }
        let combined = Schema(batch.schema.fields + build.schema.fields)
        // Matching (probe row, build row) pairs that pass the residual.
        var probeRows: [Int32] = [], buildRows: [Int32] = []
        var candidateProbe: [Int32] = [], candidateBuild: [Int32] = []
        func check() throws {
            guard !candidateProbe.isEmpty else { return }
            if let residual {
                let pairs = RecordBatch(
                    schema: combined,
                    columns: batch.columns.map { $0.filtered(candidateProbe) } + build.columns.map { $0.filtered(candidateBuild) },
                    count: candidateProbe.count)
                for k in ExpressionEvaluator.selection(try evaluator.evaluate(residual, pairs)) {
                    probeRows.append(candidateProbe[Int(k)])
                    buildRows.append(candidateBuild[Int(k)])
                }
            } else {
                probeRows += candidateProbe
                buildRows += candidateBuild
            }
            candidateProbe.removeAll(keepingCapacity: true)
            candidateBuild.removeAll(keepingCapacity: true)
        }
        // A key with a null finds nothing (no stored key has one).
        let groupOf = table.find(keys, rows: batch.count)
        for i in 0..<batch.count {
            let g = Int(groupOf[i])
            guard g >= 0 else { continue }
            for k in Int(starts[g])..<Int(starts[g + 1]) {
                candidateProbe.append(Int32(i))
                candidateBuild.append(rows[k])
                if candidateProbe.count >= Self.pairChunk { try check() }
            }
        }
        try check()
        var pairs: RecordBatch {
            RecordBatch(
                schema: combined, columns: batch.columns.map { $0.filtered(probeRows) } + build.columns.map { $0.filtered(buildRows) },
                count: probeRows.count)
        }
        if kind == .full, !buildRows.isEmpty {
            lock.withLock { for r in buildRows { matched[Int(r)] = true } }
        }
        switch kind {
        case .inner, .cross:
            let matchedPairs = pairs
            return RecordBatch(schema: schema, columns: matchedPairs.columns, count: matchedPairs.count)
        case .semi, .anti:
            var hit = [Bool](repeating: false, count: batch.count)
            for r in probeRows { hit[Int(r)] = true }
            let keep = (0..<batch.count).filter { hit[$0] == (kind == .semi) }.map { Int32($0) }
            return RecordBatch(schema: schema, columns: batch.columns.map { $0.filtered(keep) }, count: keep.count)
        case .left, .full, .right:
            // Matched pairs, plus probe rows without a match padded with nulls.
            var hit = [Bool](repeating: false, count: batch.count)
            for r in probeRows { hit[Int(r)] = true }
            let unmatched = (0..<batch.count).filter { !hit[$0] }.map { Int32($0) }
            let matchedPairs = pairs
            if unmatched.isEmpty { return RecordBatch(schema: schema, columns: matchedPairs.columns, count: matchedPairs.count) }
            let padded = batch.columns.map { $0.gather(unmatched) } + build.schema.fields.map { Column.nulls($0.type, count: unmatched.count) }
            let columns = zip(matchedPairs.columns, padded).map { Column.concatenate([$0, $1]) }
            return RecordBatch(schema: schema, columns: columns, count: matchedPairs.count + unmatched.count)
        }
    }

    /// The rows where no key column is null, or nil when that is every row.
    static func rowsWithoutNulls(_ keys: [Column], _ n: Int) -> [Int32]? {
        guard keys.contains(where: { $0.validity != nil }) else { return nil }
        var rows: [Int32] = []
        rows.reserveCapacity(n)
        for i in 0..<n where !keys.contains(where: { $0.isNull(i) }) { rows.append(Int32(i)) }
        return rows.count == n ? nil : rows
    }

    /// For FULL joins, after every probe: the build rows nothing matched, padded on the left.
    func unmatchedBuildRows(probeSchema: Schema) -> RecordBatch {
        let keep = matched.enumerated().compactMap { $0.element ? nil : Int32($0.offset) }
        let columns = probeSchema.fields.map { Column.nulls($0.type, count: keep.count) } + build.columns.map { $0.filtered(keep) }
        return RecordBatch(schema: schema, columns: columns, count: keep.count)
    }
}

