/// A `checkpointMetadata` action: the header of a V2 checkpoint.
public struct CheckpointMetadata: Hashable, Sendable {
    /// The checkpoint's version.
    public var version: Int64
    /// Free-form tags.
    public var tags: [String: String?]?

    /// Creates the action.
    public init(version: Int64, tags: [String: String?]? = nil) {
        self.version = version
        self.tags = tags
    }
}

/// A `sidecar` action: a file of a V2 checkpoint holding add and remove actions.
public struct Sidecar: Hashable, Sendable {
    /// Path of the sidecar, relative to `_delta_log/_sidecars/`.
    public var path: String
    /// Size in bytes.
    public var sizeInBytes: Int64
    /// Milliseconds since the epoch when it was written.
    public var modificationTime: Int64
    /// Free-form tags.
    public var tags: [String: String?]?

    /// Creates the action.
    public init(path: String, sizeInBytes: Int64, modificationTime: Int64, tags: [String: String?]? = nil) {
        self.path = path
        self.sizeInBytes = sizeInBytes
        self.modificationTime = modificationTime
        self.tags = tags
    }
}
