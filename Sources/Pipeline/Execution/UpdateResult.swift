/// How a dataset's part of an update ended.
public enum DatasetStatus: String, Sendable {
    /// New rows were committed (a new table version).
    case updated = "COMPLETED"
    /// Nothing to do: no new files or input rows, or (materialized views) no input changed.
    case upToDate = "UP_TO_DATE"
    /// The dataset failed (an error, or a `fail` expectation); nothing was committed to it.
    case failed = "FAILED"
    /// Not run because an input failed.
    case skipped = "SKIPPED"
}

/// What an update did to one dataset.
public struct DatasetResult: Sendable {
    /// The dataset.
    public var name: String
    /// Its kind.
    public var kind: DatasetKind
    /// How it ended.
    public var status: DatasetStatus
    /// The table version before the update (nil: the table did not exist).
    public var versionBefore: Int64?
    /// The table version after the update (nil: there is still no table).
    public var versionAfter: Int64?
    /// Rows read: landing-file rows, new input rows, or a view's query result.
    public var inputRows = 0
    /// Rows written (after drop expectations, deduplication and sequencing).
    public var outputRows = 0
    /// Keys inserted or updated (APPLY CHANGES).
    public var upsertedRows = 0
    /// Keys deleted (APPLY CHANGES).
    public var deletedRows = 0
    /// Rows in the table after the update.
    public var totalRows: Int64?
    /// Landing files ingested.
    public var files: [String] = []
    /// Per-expectation counts.
    public var expectations: [ExpectationMetrics] = []
    /// Rows dropped by expectations.
    public var droppedRecords = 0
    /// Schema changes made (`added column channel (from orders_2024_04.csv)`).
    public var schemaChanges: [String] = []
    /// A note for people (why it was up to date, what was skipped).
    public var note: String?
    /// The error, for failures.
    public var error: String?
    /// Seconds taken.
    public var seconds: Double = 0

    /// Creates a result.
    public init(name: String, kind: DatasetKind, status: DatasetStatus) {
        self.name = name
        self.kind = kind
        self.status = status
    }
}

/// What an update did.
public struct UpdateResult: Sendable {
    /// The update's id (as in the event log).
    public var updateID: String
    /// The pipeline.
    public var pipeline: String
    /// Start time (microseconds since the epoch, UTC).
    public var startedAt: Int64
    /// Seconds taken.
    public var seconds: Double
    /// Per dataset, in topological order.
    public var datasets: [DatasetResult]

    /// True when no dataset failed.
    public var succeeded: Bool { !datasets.contains { $0.status == .failed } }
    /// The datasets that changed.
    public var updated: [DatasetResult] { datasets.filter { $0.status == .updated } }
    /// The result of `name`.
    public func dataset(_ name: String) -> DatasetResult? { datasets.first { $0.name == name.lowercased() } }
}
