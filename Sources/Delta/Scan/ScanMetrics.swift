/// What a scan skipped and read — the numbers EXPLAIN and benchmarks report.
public struct ScanMetrics: Sendable, Equatable {
    /// Live files in the snapshot.
    public var filesTotal = 0
    /// Files skipped because their partition values cannot match.
    public var filesSkippedByPartition = 0
    /// Files skipped because their statistics show no row can match.
    public var filesSkippedByStats = 0
    /// Row groups in the files read.
    public var rowGroupsTotal = 0
    /// Row groups skipped by their Parquet statistics.
    public var rowGroupsSkipped = 0
    /// Rows returned.
    public var rowsRead = 0
    /// Rows dropped by deletion vectors.
    public var rowsDeleted = 0

    /// Empty counts.
    public init() {}

    /// Files the scan reads.
    public var filesRead: Int { filesTotal - filesSkippedByPartition - filesSkippedByStats }
}
