import LakeJSON

/// One round of a workload: the wall time of its measured region and what it computed.
struct Measurement {
    /// Seconds spent in the measured region only (set-up and checks excluded).
    var seconds: Double
    /// The value compared across engines before a time counts (a sum, a count, rows...).
    var result: JSONValue
    /// Rows processed.
    var rows: Int
    /// Workload-specific figures (per-commit latencies, bytes decoded...).
    var extra: [JSONObject.Member] = []
    /// Threads the workload used (nil: one; only the SQL engine runs in parallel so far).
    var threads: Int? = nil
}
