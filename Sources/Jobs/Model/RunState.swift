/// Where a run (or a task run) is in its life cycle (Jobs API `life_cycle_state`).
public enum LifeCycleState: String, Sendable, CaseIterable {
    case queued = "QUEUED"
    case pending = "PENDING"
    case running = "RUNNING"
    case terminating = "TERMINATING"
    case terminated = "TERMINATED"
    case skipped = "SKIPPED"
    case internalError = "INTERNAL_ERROR"
    case blocked = "BLOCKED"
    case waitingForRetry = "WAITING_FOR_RETRY"

    /// Whether the run is over (terminated, skipped or failed internally).
    public var isFinal: Bool { self == .terminated || self == .skipped || self == .internalError }
}

/// How a finished run (or task run) ended (Jobs API `result_state`).
public enum ResultState: String, Sendable, CaseIterable {
    case success = "SUCCESS"
    case failed = "FAILED"
    case timedOut = "TIMEDOUT"
    case canceled = "CANCELED"
    case maximumConcurrentRunsReached = "MAXIMUM_CONCURRENT_RUNS_REACHED"
    case excluded = "EXCLUDED"
    case successWithFailures = "SUCCESS_WITH_FAILURES"
    case upstreamFailed = "UPSTREAM_FAILED"
    case upstreamCanceled = "UPSTREAM_CANCELED"
    case disabled = "DISABLED"

    /// Success, for run_if.
    var isSuccess: Bool { self == .success || self == .successWithFailures }
    /// A failure, for run_if (a task that failed, timed out, or was skipped for a failure upstream).
    var isFailure: Bool { self == .failed || self == .timedOut || self == .upstreamFailed }
    /// Canceled, here or upstream.
    var isCancellation: Bool { self == .canceled || self == .upstreamCanceled }
    /// Whether the task actually executed.
    var ran: Bool { self == .success || self == .successWithFailures || self == .failed || self == .timedOut || self == .canceled }
}

/// A run's state (Jobs API `state`).
public struct RunState: Sendable, Equatable {
    /// Where the run is.
    public var lifeCycleState: LifeCycleState
    /// How it ended (nil until it has).
    public var resultState: ResultState?
    /// A human-readable explanation ("" when there is nothing to say).
    public var stateMessage: String
    /// Whether a user canceled it or it timed out.
    public var userCancelledOrTimedout: Bool

    /// A state.
    public init(_ lifeCycleState: LifeCycleState, _ resultState: ResultState? = nil, message: String = "", userCancelledOrTimedout: Bool = false) {
        self.lifeCycleState = lifeCycleState
        self.resultState = resultState
        self.stateMessage = message
        self.userCancelledOrTimedout = userCancelledOrTimedout
    }

    /// `TERMINATED SUCCESS`, `RUNNING`, ... for tables and progress lines.
    public var summary: String {
        resultState.map { "\(lifeCycleState.rawValue) \($0.rawValue)" } ?? lifeCycleState.rawValue
    }
}
