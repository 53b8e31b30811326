#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Places where a test can have the process killed (SIGKILL, no clean-up) to check that an
/// update interrupted there is repaired by the next one. Set the environment variable
/// `LAKE_PIPELINE_CRASH` to `POINT:DATASET` (for example `before-commit:bronze.orders`).
/// Unset, these are no-ops.
enum CrashPoint: String {
    /// The ingestion plan (offsets file) is written; no data yet.
    case afterOffsets = "after-offsets"
    /// The data files are written; the commit is not.
    case beforeCommit = "before-commit"
    /// The dataset's commit is done; the event log is not written.
    case afterCommit = "after-commit"

    static let setting: (point: String, dataset: String)? = {
        guard let raw = getenv("LAKE_PIPELINE_CRASH") else { return nil }
        let parts = String(cString: raw).split(separator: ":", maxSplits: 1).map(String.init)
        return parts.count == 2 ? (parts[0], parts[1].lowercased()) : nil
    }()

    /// Kills the process when this point of `dataset` is the configured one.
    func reach(_ dataset: String) {
        guard let s = Self.setting, s.point == rawValue, s.dataset == dataset else { return }
        kill(getpid(), SIGKILL)
    }
}
