import LakeJSON

/// A `commitInfo` action: free-form provenance of a commit, kept whole, with accessors for
/// the conventional fields (what DESCRIBE HISTORY shows).
public struct CommitInfo: Hashable, Sendable {
    /// Every field, as written.
    public var fields: JSONObject

    /// Wraps the fields.
    public init(_ fields: JSONObject = JSONObject()) {
        self.fields = fields
    }

    /// Milliseconds since the epoch when the commit was made (the writer's clock).
    public var timestamp: Int64? { fields["timestamp"]?.int64Value }
    /// With in-commit timestamps: the commit's timestamp.
    public var inCommitTimestamp: Int64? { fields["inCommitTimestamp"]?.int64Value }
    /// The operation (WRITE, MERGE, DELETE, ...).
    public var operation: String? { fields["operation"]?.stringValue }
    /// The version the transaction read.
    public var readVersion: Int64? { fields["readVersion"]?.int64Value }
    /// Whether the commit only appended data without reading.
    public var isBlindAppend: Bool? { fields["isBlindAppend"]?.boolValue }
    /// The engine that wrote the commit.
    public var engineInfo: String? { fields["engineInfo"]?.stringValue }
}
