/// Runs VACUUM: lists the table directory (skipping hidden entries the way Spark does), keeps
/// every file a live add or an unexpired tombstone names (and their deletion vector files),
/// and deletes the rest of the files last modified before the retention cutoff, then the
/// directories that became empty. Never touches `_delta_log`.
struct VacuumExecutor {
    let table: DeltaTable
    let snapshot: Snapshot
    let options: VacuumOptions

    var location: String { table.location }

    /// `delta.deletedFileRetentionDuration`, 7 days by default.
    var tableRetentionMillis: Int64 {
        Interval.millis(snapshot.configuration["delta.deletedFileRetentionDuration"]) ?? 7 * 86_400_000
    }

    /// The retention to apply, after Spark's safety check.
    func retentionMillis() throws -> Int64 {
        let configured = tableRetentionMillis
        guard let hours = options.retentionHours else { return configured }
        guard hours >= 0, hours.isFinite else {
            throw DeltaError(.invalidArgument, "Retention for Vacuum can't be less than 0.", table: location)
        }
        guard hours.rounded() < Double(Int64.max / 3_600_000) else {
            throw DeltaError(.invalidArgument, "the retention of \(hours) hours is too long", table: location)
        }
        let millis = Int64(hours.rounded()) * 3_600_000
        if options.enforceRetentionDuration && millis < configured {
            var configuredHours = configured / 3_600_000
            if configuredHours * 3_600_000 < configured { configuredHours += 1 }
            throw DeltaError(.invalidArgument, """
                Are you sure you would like to vacuum files with such a low retention period? If you have
                writers that are currently writing to this table, there is a risk that you may corrupt the
                state of your Delta table.

                If you are certain that there are no operations being performed on this table, such as
                insert/upsert/delete/optimize, then you may turn off this check by setting:
                spark.databricks.delta.retentionDurationCheck.enabled = false

                If you are not sure, please use a value not less than "\(configuredHours) hours".
                """, table: location)
        }
        return millis
    }

    /// Whether a directory or file name is hidden from VACUUM (Spark's rule: names starting
    /// with `_` or `.`, except `_change_data`, `_delta_index` and partition directories of
    /// partition columns whose names start with `_`; and `metadata`).
    static func isHidden(_ name: String, partitionColumns: [String]) -> Bool {
        if name == "metadata" { return true }
        guard name.hasPrefix("_") || name.hasPrefix(".") else { return false }
        if name.hasPrefix("_delta_index") || name.hasPrefix("_change_data") { return false }
        return !partitionColumns.contains { name.hasPrefix($0 + "=") }
    }

    /// A path from the log (URL-encoded relative path, or absolute URI) relative to the table
    /// root; nil when the file lies outside the table.
    func relative(_ logPath: String) -> String? {
        let decoded = PathEncoding.decode(logPath)
        guard let local = try? ScanFileReader.localPath(logPath, storage: table.storage) else { return decoded }
        return relativeLocal(local) ?? (decoded.hasPrefix("/") || decoded.contains(":") ? nil : decoded)
    }

    func relativeLocal(_ local: String) -> String? {
        guard let root = table.storage.localPath("") else { return nil }
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return local.hasPrefix(prefix) ? String(local.dropFirst(prefix.count)) : nil
    }

    /// Files any retained version needs: live files, tombstones not yet expired, and the
    /// deletion vector files of both.
    func validFiles(deleteBefore: Int64) -> Set<String> {
        var valid = Set<String>()
        let root = table.storage.localPath("") ?? location
        func dv(_ descriptor: DeletionVectorDescriptor?) {
            if let descriptor, let path = try? descriptor.absolutePath(tableRoot: root), let rel = relativeLocal(path) {
                valid.insert(rel)
            }
        }
        for add in snapshot.files {
            if let rel = relative(add.path) { valid.insert(rel) }
            dv(add.deletionVector)
        }
        for remove in snapshot.tombstones where (remove.deletionTimestamp ?? 0) >= deleteBefore {
            if let rel = relative(remove.path) { valid.insert(rel) }
            dv(remove.deletionVector)
        }
        return valid
    }

    func run() throws -> VacuumResult {
        let retention = try retentionMillis()
        let now = options.now ?? Clock.nowMillis()
        let deleteBefore = now - retention
        let valid = validFiles(deleteBefore: deleteBefore)
        let partitions = snapshot.partitionColumns + snapshot.schema.fields.filter { f in
            snapshot.partitionColumns.contains(f.name)
        }.map { ColumnMappingMode(configuration: snapshot.configuration).physicalName($0) }

        var files: [(path: String, size: Int64)] = []
        var directories: [String] = []
        var listed = 1
        // Returns whether everything under `directory` is to be deleted (so it will be empty).
        func walk(_ directory: String) throws -> Bool {
            var empty = true
            for entry in try table.storage.list(directory) {
                let path = directory.isEmpty ? entry.name : directory + "/" + entry.name
                if directory.isEmpty && entry.name == "_delta_log" { empty = false; continue }
                if Self.isHidden(entry.name, partitionColumns: partitions) { empty = false; continue }
                if entry.isDirectory {
                    listed += 1
                    if try walk(path) { directories.append(path + "/") } else { empty = false }
                } else if entry.modificationTime < deleteBefore && !valid.contains(path) {
                    files.append((path, entry.size))
                } else {
                    empty = false
                }
            }
            return empty
        }
        _ = try walk("")
        let paths = (files.map(\.path) + directories).sorted()
        let bytes = files.reduce(Int64(0)) { $0 + $1.size }
        var result = VacuumResult(
            dryRun: options.dryRun, paths: paths, bytes: bytes, numDeletedFiles: 0, numDirectories: listed,
            retentionMillis: retention, deleteBefore: deleteBefore)
        if options.dryRun { return result }

        if options.logCommits {
            let start = Transaction(table: table, readSnapshot: snapshot, operation: "VACUUM START")
            start.operationParameters = [
                "retentionCheckEnabled": String(options.enforceRetentionDuration),
                "defaultRetentionMillis": String(tableRetentionMillis),
            ]
            if options.retentionHours != nil { start.operationParameters["specifiedRetentionMillis"] = String(retention) }
            start.operationMetrics = ["numFilesToDelete": String(paths.count), "sizeOfDataToDelete": String(bytes)]
            result.startCommit = try start.commit()
        }
        var deleted = 0
        var failure: (any Error)?
        do {
            for file in files {
                try table.storage.delete(file.path)
                deleted += 1
            }
            // Deepest first, so a parent is empty by the time it is removed.
            for directory in directories.sorted(by: { $0.count > $1.count }) {
                if let local = table.storage.localPath(String(directory.dropLast())), LocalFile.removeDirectory(local) { deleted += 1 }
            }
        } catch {
            failure = error
        }
        result.numDeletedFiles = deleted
        if options.logCommits {
            let end = Transaction(table: table, readSnapshot: try table.snapshot(), operation: "VACUUM END")
            end.operationParameters = ["status": failure == nil ? "COMPLETED" : "FAILED"]
            if failure == nil {
                end.operationMetrics = ["numDeletedFiles": String(deleted), "numVacuumedDirectories": String(listed)]
            }
            result.endCommit = try end.commit()
        }
        if let failure { throw failure }
        return result
    }
}
