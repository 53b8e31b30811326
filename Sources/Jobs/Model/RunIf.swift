/// When a task with dependencies runs (Jobs API `run_if`), judged on its dependencies' outcomes.
public enum RunIf: String, Sendable, CaseIterable {
    /// Every dependency succeeded (the default).
    case allSuccess = "ALL_SUCCESS"
    /// At least one dependency succeeded.
    case atLeastOneSuccess = "AT_LEAST_ONE_SUCCESS"
    /// No dependency failed, and at least one ran.
    case noneFailed = "NONE_FAILED"
    /// Every dependency finished, whatever its outcome.
    case allDone = "ALL_DONE"
    /// At least one dependency failed.
    case atLeastOneFailed = "AT_LEAST_ONE_FAILED"
    /// Every dependency failed.
    case allFailed = "ALL_FAILED"

    /// Whether a task runs, given its dependencies' final result states.
    public func isMet(by dependencies: [ResultState]) -> Bool {
        if dependencies.isEmpty { return true }
        let succeeded = dependencies.filter(\.isSuccess).count
        let failed = dependencies.filter(\.isFailure).count
        let ran = dependencies.filter(\.ran).count
        switch self {
        case .allSuccess: return succeeded == dependencies.count
        case .atLeastOneSuccess: return succeeded > 0
        case .noneFailed: return failed == 0 && ran > 0 && !dependencies.contains(where: \.isCancellation)
        case .allDone: return true
        case .atLeastOneFailed: return failed > 0
        case .allFailed: return failed == dependencies.count
        }
    }
}
