/// Which datasets an update recomputes from scratch.
public enum FullRefresh: Sendable, Hashable {
    /// None: an incremental update (the default).
    case none
    /// Every dataset: streaming tables are truncated and reprocess all their input.
    case all
    /// The named datasets (and the streaming tables that read them, which could not
    /// continue incrementally from a rewritten input).
    case datasets([String])
}

/// How an update runs.
public struct UpdateOptions: Sendable {
    /// Full refresh selection.
    public var fullRefresh: FullRefresh = .none
    /// How many datasets may run at once (independent branches run in parallel).
    public var parallelism: Int = 2
    /// Worker threads of each dataset's queries (nil: the cores divided among the parallel datasets).
    public var queryThreads: Int?
    /// What started the update, for the event log (`USER_ACTION`, `DEMO`, `JOB_TASK`, ...).
    public var cause: String = "USER_ACTION"

    /// Default options: an incremental update of every dataset.
    public init(fullRefresh: FullRefresh = .none, parallelism: Int = 2, queryThreads: Int? = nil, cause: String = "USER_ACTION") {
        self.fullRefresh = fullRefresh
        self.parallelism = parallelism
        self.queryThreads = queryThreads
        self.cause = cause
    }
}
