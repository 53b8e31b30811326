/// The protocol's checks of one winning commit against a transaction that lost the race for
/// its version (Spark's ConflictChecker, as delta-rs ports it).
struct ConflictChecker {
    let transaction: Transaction
    let winnerVersion: Int64

    func conflict(_ message: String) -> DeltaError {
        DeltaError(.concurrentModification, "a concurrent commit (version \(winnerVersion)) \(message)", table: transaction.table.location)
    }

    func check(_ winner: [Action]) throws {
        var winnerIsBlindAppend = false
        var winnerAdds: [AddFile] = []
        var winnerRemoves = Set<FileActionKey>()
        for action in winner {
            switch action {
            case .protocol: throw conflict("changed the table protocol")
            case .metadata: throw conflict("changed the table metadata (schema, partitioning or properties)")
            case .txn(let t):
                if transaction.actions.contains(where: { if case .txn(let mine) = $0 { mine.appId == t.appId } else { false } }) {
                    throw conflict("committed for the same application id '\(t.appId)'")
                }
            case .add(let a) where a.dataChange: winnerAdds.append(a)
            // Every remove counts, also a compaction's (dataChange = false): a file OPTIMIZE
            // rewrote is gone for a DELETE that read or removes it (Spark checks all removes).
            case .remove(let r): winnerRemoves.insert(r.key)
            case .commitInfo(let info): winnerIsBlindAppend = info.isBlindAppend ?? false
            case .domainMetadata(let d):
                if transaction.actions.contains(where: { if case .domainMetadata(let mine) = $0 { mine.domain == d.domain } else { false } }) {
                    throw conflict("changed the same metadata domain '\(d.domain)'")
                }
            default: break
            }
        }
        // Files this transaction removes (it read them) must not have been removed meanwhile.
        for case .remove(let mine) in transaction.actions where winnerRemoves.contains(mine.key) {
            throw conflict("removed the file '\(mine.path)' that this transaction also removes")
        }
        if transaction.isolationLevel == .snapshotIsolation { return }
        // Data this transaction read must not have changed under it.
        let reads = transaction.readWholeTable || transaction.readPredicate != nil
        guard reads else { return }
        if !winnerRemoves.isEmpty, transaction.readWholeTable {
            throw conflict("removed files this transaction read")
        }
        if let predicate = transaction.readPredicate, let snapshot = transaction.readSnapshot, !winnerRemoves.isEmpty {
            let scan = try Scan(snapshot: snapshot, storage: transaction.table.storage, predicate: predicate)
            let read = Set(try scan.plan().files.map(\.add.key))
            if let hit = winnerRemoves.first(where: { read.contains($0) }) {
                throw conflict("removed the file '\(hit.path)' that this transaction read")
            }
        }
        if transaction.isolationLevel == .writeSerializable && winnerIsBlindAppend { return }
        if !winnerAdds.isEmpty {
            if transaction.readWholeTable { throw conflict("added data to the table this transaction read") }
            if let predicate = transaction.readPredicate, let snapshot = transaction.readSnapshot {
                let probe = try Scan(snapshot: snapshot, storage: transaction.table.storage, predicate: predicate)
                for add in winnerAdds {
                    let partitions = try probe.typedPartitionValues(add)
                    let stats = FileStats(add.stats)
                    let matches = probe.predicate?.mightMatch { column in
                        if let v = partitions[column] { return .exact(v) }
                        return stats.map { probe.facts($0, column) } ?? .unknown
                    } ?? true
                    if matches { throw conflict("added the file '\(add.path)' matching this transaction's read predicate \(predicate)") }
                }
            }
        }
    }
}
