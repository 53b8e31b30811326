extension DeltaTable {
    /// VACUUM: deletes the files in the table directory that no version within the retention
    /// needs — not live, not removed after the retention cutoff, not a deletion vector of
    /// either — and that were last modified before the cutoff; then the directories left empty.
    /// `_delta_log` and hidden files and directories (names starting with `_` or `.`, except
    /// partition directories and `_change_data`) are never touched.
    ///
    /// A retention shorter than the table's `delta.deletedFileRetentionDuration` (7 days by
    /// default) is refused unless ``VacuumOptions/enforceRetentionDuration`` is off. A dry run
    /// only lists. Otherwise the log records a `VACUUM START` commit (numFilesToDelete,
    /// sizeOfDataToDelete) before deleting and a `VACUUM END` commit (numDeletedFiles,
    /// numVacuumedDirectories) after, as Spark and delta-rs do. Versions whose files were
    /// deleted can no longer be read.
    @discardableResult
    public func vacuum(_ options: VacuumOptions = VacuumOptions()) throws -> VacuumResult {
        guard try exists() else { throw DeltaError(.tableNotFound, "no Delta table here", table: location) }
        return try VacuumExecutor(table: self, snapshot: try snapshot(), options: options).run()
    }
}
