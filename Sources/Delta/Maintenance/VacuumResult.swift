import Columnar

/// What ``DeltaTable/vacuum(_:)`` deleted (or, in a dry run, would delete).
public struct VacuumResult: Sendable {
    /// Whether this was a dry run (nothing deleted).
    public var dryRun: Bool
    /// The files and emptied directories deleted or to delete, relative to the table root,
    /// directories with a trailing `/`, sorted.
    public var paths: [String]
    /// Bytes of the files among ``paths``.
    public var bytes: Int64
    /// Files and directories actually deleted (0 in a dry run).
    public var numDeletedFiles: Int
    /// Directories listed (the table root included).
    public var numDirectories: Int
    /// The retention applied, in milliseconds.
    public var retentionMillis: Int64
    /// Files last modified before this time (ms since the epoch) and not needed by any version
    /// within the retention were eligible.
    public var deleteBefore: Int64
    /// The `VACUUM START` commit (nil in a dry run or without commit logging).
    public var startCommit: CommitResult?
    /// The `VACUUM END` commit.
    public var endCommit: CommitResult?

    /// The rows VACUUM returns: in a dry run one absolute path per file to delete, otherwise
    /// one row with the table root (as Spark).
    public func resultBatch(tableRoot: String) -> RecordBatch {
        let root = tableRoot.hasSuffix("/") ? String(tableRoot.dropLast()) : tableRoot
        let values: [Value] = dryRun ? paths.map { .string(root + "/" + $0) } : [.string(root)]
        let schema = Schema([Field("path", .string)])
        return RecordBatch(schema: schema, columns: [Column(.string, values)], count: values.count)
    }
}
