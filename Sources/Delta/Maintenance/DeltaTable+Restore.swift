extension DeltaTable {
    /// RESTORE TABLE ... TO VERSION AS OF `version`: one commit (operation `RESTORE`) that
    /// adds back the files of that version missing from the latest (dataChange = true), removes
    /// the latest's files that version did not have, and writes that version's metadata with
    /// the protocol merged from both (a restore never downgrades the protocol), as Delta does.
    ///
    /// Fails with ``DeltaError/Code/dataFile`` naming the files when any file (or deletion
    /// vector) it would add back is gone — vacuumed or deleted by hand — and with
    /// ``DeltaError/Code/invalidArgument`` unless `version` is older than the latest.
    @discardableResult
    public func restore(version: Int64) throws -> RestoreMetrics {
        try restore(version: version, parameters: ["version": String(version)])
    }

    /// RESTORE TABLE ... TO TIMESTAMP AS OF `timestamp` (milliseconds since the epoch): the
    /// latest version committed at or before it; see ``restore(version:)``.
    @discardableResult
    public func restore(timestamp: Int64) throws -> RestoreMetrics {
        try restore(version: try version(at: timestamp), parameters: ["timestamp": Self.format(timestamp)])
    }

    func restore(version target: Int64, parameters: [String: String]) throws -> RestoreMetrics {
        guard try exists() else { throw DeltaError(.tableNotFound, "no Delta table here", table: location) }
        let latest = try snapshot()
        guard target >= 0, target < latest.version else {
            throw DeltaError(.invalidArgument, "Version to restore (\(target)) should be less than the last available version (\(latest.version))", table: location)
        }
        let old = try snapshot(version: target)
        try TableFeatures.checkWritable(latest.protocol, location: location)
        try TableFeatures.checkWritable(old.protocol, location: location)

        let current = Set(latest.files.map(\.key))
        let restored = Set(old.files.map(\.key))
        let toAdd = old.files.filter { !current.contains($0.key) }.map { add -> AddFile in
            var a = add
            a.dataChange = true
            return a
        }
        let now = Clock.nowMillis()
        let toRemove = latest.files.filter { !restored.contains($0.key) }.map { RemoveFile(removing: $0, at: now, dataChange: true) }

        // Every file to add back must still be there (VACUUM may have deleted it).
        var missing: [String] = []
        let root = storage.localPath("") ?? location
        for add in toAdd where missing.count < 100 {
            let path = try ScanFileReader.localPath(add.path, storage: storage)
            if !LocalFile.exists(path) { missing.append(PathEncoding.decode(add.path)); continue }
            if let dv = add.deletionVector, let dvPath = try dv.absolutePath(tableRoot: root), !LocalFile.exists(dvPath) {
                missing.append(dvPath)
            }
        }
        if !missing.isEmpty {
            throw DeltaError(.dataFile,
                "Not all files from version \(target) are available in file system. Missed files (top 100 files): \(missing.joined(separator: ", ")). Please use more recent version or timestamp for restoring (the files were probably removed by VACUUM).",
                table: location)
        }

        let transaction = Transaction(table: self, readSnapshot: latest, operation: "RESTORE")
        transaction.isolationLevel = .serializable
        transaction.readWholeTable = true
        transaction.operationParameters = parameters
        let restoredSize = toAdd.reduce(Int64(0)) { $0 + $1.size }
        let removedSize = toRemove.reduce(Int64(0)) { $0 + ($1.size ?? 0) }
        transaction.operationMetrics = [
            "numRestoredFiles": String(toAdd.count), "restoredFilesSize": String(restoredSize),
            "numRemovedFiles": String(toRemove.count), "removedFilesSize": String(removedSize),
            "numOfFilesAfterRestore": String(old.files.count), "tableSizeAfterRestore": String(old.sizeInBytes),
        ]
        transaction.add(.protocol(Self.merge(old.protocol, latest.protocol)))
        transaction.add(.metadata(old.metadata))
        transaction.add(toAdd.map { .add($0) } + toRemove.map { .remove($0) })
        let commit = try transaction.commit()
        return RestoreMetrics(
            restoredVersion: target, tableSizeAfterRestore: old.sizeInBytes, numOfFilesAfterRestore: Int64(old.files.count),
            numRemovedFiles: Int64(toRemove.count), numRestoredFiles: Int64(toAdd.count),
            removedFilesSize: removedSize, restoredFilesSize: restoredSize, commit: commit)
    }

    /// The protocol satisfying both: the higher versions and the union of the features.
    static func merge(_ a: Protocol, _ b: Protocol) -> Protocol {
        let reader = max(a.minReaderVersion, b.minReaderVersion)
        let writer = max(a.minWriterVersion, b.minWriterVersion)
        func readerFeatures(_ p: Protocol) -> [String] {
            p.minReaderVersion >= 3 ? (p.readerFeatures ?? []) : (p.minReaderVersion == 2 ? ["columnMapping"] : [])
        }
        func union(_ x: [String], _ y: [String]) -> [String] { x + y.filter { !x.contains($0) } }
        return Protocol(
            minReaderVersion: reader, minWriterVersion: writer,
            readerFeatures: reader >= 3 ? union(readerFeatures(a), readerFeatures(b)) : nil,
            writerFeatures: writer >= 7 ? union(TableFeatures.features(of: a), TableFeatures.features(of: b)) : nil)
    }
}
