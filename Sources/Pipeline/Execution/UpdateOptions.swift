import LakeJSON

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
    /// Members added to the commitInfo of every commit the update makes (a job run adds its
    /// job and run ids, as Databricks does).
    public var commitInfo: [JSONObject.Member] = []
    /// Asked before each dataset starts: once it returns true, datasets not yet started are
    /// skipped and the update ends CANCELED (datasets already running finish their commit).
    public var isStopRequested: (@Sendable () -> Bool)?

    /// Default options: an incremental update of every dataset.
    public init(fullRefresh: FullRefresh = .none, parallelism: Int = 2, queryThreads: Int? = nil, cause: String = "USER_ACTION",
                commitInfo: [JSONObject.Member] = [], isStopRequested: (@Sendable () -> Bool)? = nil) {
        self.fullRefresh = fullRefresh
        self.parallelism = parallelism
        self.queryThreads = queryThreads
        self.cause = cause
        self.commitInfo = commitInfo
        self.isStopRequested = isStopRequested
    }
}
