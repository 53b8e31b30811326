/// How strictly a transaction is checked against commits that won the race for its version.
public enum IsolationLevel: String, Sendable {
    /// Any winner that added data the transaction would have read is a conflict.
    case serializable = "Serializable"
    /// Winners' blind appends are not conflicts (Delta's default for writes).
    case writeSerializable = "WriteSerializable"
    /// Only protocol, metadata and file-removal conflicts (for OPTIMIZE-like rewrites).
    case snapshotIsolation = "SnapshotIsolation"
}
