/// Placeholder replaced by the deletion-vector implementation (see DeletionVectors/).
public struct DeletionVectorDescriptor: Hashable, Sendable {
    /// `u` (UUID-relative file), `i` (inline) or `p` (absolute path).
    public var storageType: String
    /// The UUID (Z85, with an optional prefix), inline bitmap (Z85) or path.
    public var pathOrInlineDv: String
    /// Byte offset in the file.
    public var offset: Int32?
    /// Size of the serialized bitmap.
    public var sizeInBytes: Int32
    /// Number of deleted rows.
    public var cardinality: Int64

    /// The protocol's unique id of the vector.
    public var uniqueID: String {
        storageType + pathOrInlineDv + (offset.map { "@\($0)" } ?? "")
    }
}
