/// The outcome of a commit. Losing the race for a version is not a failure: the transaction
/// checks the winners for conflicts and, when there are none, commits at the next version.
public struct CommitResult: Sendable, Equatable {
    /// The version the commit became.
    public var version: Int64
    /// Attempts made (1 when no other writer got in the way).
    public var attempts: Int
    /// Versions other writers committed first, which were checked and did not conflict.
    public var lostRaces: [Int64]
    /// Whether a checkpoint was written after the commit.
    public var checkpointWritten: Bool
}
