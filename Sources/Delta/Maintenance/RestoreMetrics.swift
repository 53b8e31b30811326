import Columnar

/// What ``DeltaTable/restore(version:)`` did: Delta's RESTORE metrics and the commit.
public struct RestoreMetrics: Sendable {
    /// The version restored.
    public var restoredVersion: Int64
    /// Bytes of the live files after the restore.
    public var tableSizeAfterRestore: Int64
    /// Live files after the restore.
    public var numOfFilesAfterRestore: Int64
    /// Files removed (live before, not in the restored version).
    public var numRemovedFiles: Int64
    /// Files added back (in the restored version, not live before).
    public var numRestoredFiles: Int64
    /// Bytes of the files removed.
    public var removedFilesSize: Int64
    /// Bytes of the files added back.
    public var restoredFilesSize: Int64
    /// The RESTORE commit.
    public var commit: CommitResult

    /// The columns of RESTORE's result row, as Delta names them.
    public static let resultSchema = Schema([
        Field("table_size_after_restore", .int64), Field("num_of_files_after_restore", .int64),
        Field("num_removed_files", .int64), Field("num_restored_files", .int64),
        Field("removed_files_size", .int64), Field("restored_files_size", .int64),
    ])

    /// RESTORE's result row.
    public var resultBatch: RecordBatch {
        let values = [tableSizeAfterRestore, numOfFilesAfterRestore, numRemovedFiles, numRestoredFiles, removedFilesSize, restoredFilesSize]
        return RecordBatch(schema: Self.resultSchema, columns: values.map { Column(.int64, [.int($0)]) }, count: 1)
    }
}
