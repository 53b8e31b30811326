/// Options of ``DeltaTable/vacuum(_:)``.
public struct VacuumOptions: Sendable {
    /// How long removed files are kept, in hours (Spark rounds it to whole hours); nil: the
    /// table's `delta.deletedFileRetentionDuration`, 7 days by default.
    public var retentionHours: Double?
    /// Refuse a retention shorter than the table's (Spark's
    /// `spark.databricks.delta.retentionDurationCheck.enabled`, on by default).
    public var enforceRetentionDuration = true
    /// List what would be deleted without deleting it (and without committing).
    public var dryRun = false
    /// Record `VACUUM START` and `VACUUM END` commits in the log, as Spark does on local and
    /// cloud file systems (`spark.databricks.delta.vacuum.logging.enabled`).
    public var logCommits = true
    /// The time the retention is counted back from, milliseconds since the epoch (nil: now).
    public var now: Int64?

    /// Default options: the table's retention, checked; files deleted; commits logged.
    public init() {}
}
