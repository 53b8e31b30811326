import Columnar
import Delta
import Foundation
import Query

/// APPLY CHANGES semantics over a Delta table: incoming rows are deduplicated by key (greatest
/// sequence value wins; on a tie, the row read last), then each key's winner replaces the
/// table's row for that key unless the table's row has a greater sequence value (late data is
/// ignored), or deletes it when it matches `applyAsDeletes`.
///
/// Implemented as a copy-on-write rewrite: files holding a changed key are removed and
/// rewritten without those keys, and the winners are added, all in one commit. (This is the
/// MERGE a SQL engine would run —
/// `MERGE INTO t USING s ON keys WHEN MATCHED AND s.seq >= t.seq THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *`
/// — and can delegate to it once the engine has MERGE.)
struct KeyedUpsert {
    let settings: ApplyChanges
    let dataset: String

    /// What an upsert will commit.
    struct Outcome {
        var commit: TableCommit
        var upserted = 0
        var deleted = 0
        var written = 0
    }

    /// Plans the upsert of `incoming` (rows in `schema`) into `table` (whose latest snapshot is
    /// `snapshot`, nil when it does not exist yet); `deletes[i]` marks the rows that delete.
    func plan(
        incoming batches: [RecordBatch], schema inputSchema: Schema, deletes: [Bool]?, table: DeltaTable, snapshot: Snapshot?,
        options: WriteOptions, fullRefresh: Bool
    ) throws -> Outcome {
        let incoming = TableRows.concatenate(batches, schema: inputSchema)
        let except = Set(settings.exceptColumns.map { $0.lowercased() })
        let keep = inputSchema.fields.indices.filter { !except.contains(inputSchema.fields[$0].name.lowercased()) }
        let outSchema = Schema(keep.map { inputSchema.fields[$0] })
        let keyIdx = try settings.keys.map { k -> Int in
            guard let i = outSchema.index(of: k) else { throw PipelineError(.invalidQuery, "apply_changes key '\(k)' is not a column of the query (\(outSchema.fields.map(\.name).joined(separator: ", ")))", dataset: dataset) }
            return i
        }
        guard let seqIdxIn = inputSchema.index(of: settings.sequenceBy) else {
            throw PipelineError(.invalidQuery, "apply_changes sequence_by '\(settings.sequenceBy)' is not a column of the query", dataset: dataset)
        }
        let keyIdxIn = keyIdx.map { keep[$0] }

        // 1. Deduplicate the incoming rows: the winner of each key.
        var winner: [[Value]: Int] = [:]
        var order: [[Value]] = []
        for r in 0..<incoming.count {
            let key = keyIdxIn.map { incoming.columns[$0].value(at: r) }
            if key.allSatisfy(\.isNull) { continue }
            if let w = winner[key] {
                if Self.compare(incoming.columns[seqIdxIn].value(at: r), incoming.columns[seqIdxIn].value(at: w)) >= 0 { winner[key] = r }
            } else {
                winner[key] = r
                order.append(key)
            }
        }

        // 2. The table's keys: which file holds each, and its sequence value.
        var targetSchema = outSchema
        var fileOfKey: [[Value]: (file: Int, seq: Value)] = [:]
        var files: [ScanFile] = []
        var scan: Scan?
        if let snapshot, !fullRefresh {
            // The table's schema, with the query's new columns appended.
            var fields = snapshot.schema.fields
            for f in outSchema.fields where snapshot.schema.index(of: f.name) == nil { fields.append(f) }
            targetSchema = Schema(fields)
            let columns = settings.keys + [settings.sequenceBy]
            guard columns.allSatisfy({ snapshot.schema.index(of: $0) != nil }) else {
                throw PipelineError(.invalidQuery, "the table lacks the key or sequence columns \(columns.joined(separator: ", ")); run a full refresh of \(dataset)", dataset: dataset)
            }
            let keyScan = try Scan(snapshot: snapshot, storage: table.storage, columns: columns)
            files = try keyScan.plan().files
            for (fi, file) in files.enumerated() {
                let reader = try ScanFileReader(scan: keyScan, file: file)
                for g in 0..<reader.rowGroupCount {
                    let b = try reader.readRowGroup(g).batch
                    for r in 0..<b.count {
                        let key = (0..<settings.keys.count).map { b.columns[$0].value(at: r) }
                        fileOfKey[key] = (fi, b.columns[settings.keys.count].value(at: r))
                    }
                }
            }
            scan = try Scan(snapshot: snapshot, storage: table.storage)
        }

        // 3. Which winners apply.
        var upsertRows: [Int32] = []
        var replaced = Set<[Value]>()
        var touched = Set<Int>()
        var outcome = Outcome(commit: TableCommit(table: table, snapshot: snapshot, schema: targetSchema, operation: "MERGE", options: options))
        for key in order {
            let r = winner[key]!
            let isDelete = deletes?[r] ?? false
            if let existing = fileOfKey[key] {
                if Self.compare(existing.seq, incoming.columns[seqIdxIn].value(at: r)) > 0 { continue }  // late data
                replaced.insert(key)
                touched.insert(existing.file)
                if isDelete { outcome.deleted += 1 } else { upsertRows.append(Int32(r)); outcome.upserted += 1 }
            } else if !isDelete {
                upsertRows.append(Int32(r))
                outcome.upserted += 1
            }
        }

        // 4. Rewrite the touched files without the replaced keys; add the winners.
        let staged = StagedFiles(table: table, schema: targetSchema, partitionColumns: snapshot?.partitionColumns ?? [], configuration: snapshot?.configuration ?? [:], options: options)
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        if let scan {
            for fi in touched.sorted() {
                let reader = try ScanFileReader(scan: scan, file: files[fi])
                let keyCols = settings.keys.map { scan.outputSchema.index(of: $0)! }
                for g in 0..<reader.rowGroupCount {
                    let b = try reader.readRowGroup(g).batch
                    let kept = (0..<b.count).filter { r in !replaced.contains(keyCols.map { b.columns[$0].value(at: r) }) }.map { Int32($0) }
                    if !kept.isEmpty {
                        try staged.write(RecordBatch(schema: b.schema, columns: b.columns.map { $0.gather(kept) }, count: kept.count))
                    }
                }
                outcome.commit.removes.append(RemoveFile(removing: files[fi].add, at: now))
            }
        }
        if !upsertRows.isEmpty {
            let rows = RecordBatch(schema: outSchema, columns: keep.map { incoming.columns[$0].gather(upsertRows) }, count: upsertRows.count)
            try staged.write(rows)
        }
        outcome.written = upsertRows.count
        outcome.commit.adds = try staged.finish()
        if fullRefresh { outcome.commit.removeAll() }
        outcome.commit.parameters = ["predicate": "[\"" + settings.keys.map { "t.\($0) = s.\($0)" }.joined(separator: " AND ") + "\"]", "matchedPredicates": "[{\"actionType\":\"update\"}]", "notMatchedPredicates": "[{\"actionType\":\"insert\"}]"]
        outcome.commit.metrics = [
            "numSourceRows": String(incoming.count), "numTargetRowsInserted": String(outcome.upserted - (replaced.count - outcome.deleted)),
            "numTargetRowsUpdated": String(replaced.count - outcome.deleted), "numTargetRowsDeleted": String(outcome.deleted),
            "numTargetFilesAdded": String(outcome.commit.adds.count), "numTargetFilesRemoved": String(outcome.commit.removes.count),
            "numOutputRows": String(staged.rowsWritten),
        ]
        return outcome
    }

    /// Orders sequence values: NULL first, numbers numerically, then by the values' order.
    static func compare(_ a: Value, _ b: Value) -> Int {
        switch (a, b) {
        case (.null, .null): return 0
        case (.null, _): return -1
        case (_, .null): return 1
        case (.int(let x), .int(let y)): return x < y ? -1 : x > y ? 1 : 0
        case (.double(let x), .double(let y)): return x < y ? -1 : x > y ? 1 : 0
        case (.int(let x), .double(let y)): return Double(x) < y ? -1 : Double(x) > y ? 1 : 0
        case (.double(let x), .int(let y)): return x < Double(y) ? -1 : x > Double(y) ? 1 : 0
        case (.timestamp(let x), .timestamp(let y)): return x < y ? -1 : x > y ? 1 : 0
        case (.date(let x), .date(let y)): return x < y ? -1 : x > y ? 1 : 0
        case (.decimal(let x), .decimal(let y)): return x < y ? -1 : x > y ? 1 : 0
        case (.string(let x), .string(let y)): return x < y ? -1 : x > y ? 1 : 0
        default:
            let x = String(describing: a), y = String(describing: b)
            return x < y ? -1 : x > y ? 1 : 0
        }
    }
}
