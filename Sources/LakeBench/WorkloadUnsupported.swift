/// Thrown by a workload this engine cannot run yet (the SQL workloads until `lake sql` lands):
/// the driver reports it as a gap (`"unsupported"` in its JSON line, exit status 0), not as a
/// failure.
struct WorkloadUnsupported: Error, CustomStringConvertible {
    /// Why the workload cannot run.
    var description: String

    /// A gap explained by `reason`.
    init(_ reason: String) { description = reason }
}
