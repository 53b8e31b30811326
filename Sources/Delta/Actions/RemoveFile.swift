/// A `remove` action: a data file that is no longer part of the table (a tombstone kept until
/// VACUUM's retention passes).
public struct RemoveFile: Hashable, Sendable {
    /// Relative path from the table root (URL-encoded) or an absolute URI.
    public var path: String
    /// Milliseconds since the epoch when the file was removed.
    public var deletionTimestamp: Int64?
    /// Whether this remove changes the table's data (false for compaction).
    public var dataChange: Bool
    /// Whether partitionValues, size and tags are present.
    public var extendedFileMetadata: Bool?
    /// Partition values of the removed file.
    public var partitionValues: [String: String?]?
    /// Size of the removed file.
    public var size: Int64?
    /// Statistics of the removed file.
    public var stats: String?
    /// Tags of the removed file.
    public var tags: [String: String?]?
    /// The deletion vector of the removed logical file.
    public var deletionVector: DeletionVectorDescriptor?
    /// Row tracking fields of the removed file.
    public var baseRowId: Int64?
    /// Row tracking fields of the removed file.
    public var defaultRowCommitVersion: Int64?

    /// Creates a remove action.
    public init(
        path: String, deletionTimestamp: Int64?, dataChange: Bool = true, extendedFileMetadata: Bool? = true,
        partitionValues: [String: String?]? = nil, size: Int64? = nil, stats: String? = nil,
        tags: [String: String?]? = nil, deletionVector: DeletionVectorDescriptor? = nil,
        baseRowId: Int64? = nil, defaultRowCommitVersion: Int64? = nil
    ) {
        self.path = path
        self.deletionTimestamp = deletionTimestamp
        self.dataChange = dataChange
        self.extendedFileMetadata = extendedFileMetadata
        self.partitionValues = partitionValues
        self.size = size
        self.stats = stats
        self.tags = tags
        self.deletionVector = deletionVector
        self.baseRowId = baseRowId
        self.defaultRowCommitVersion = defaultRowCommitVersion
    }

    /// A remove for the logical file `add`, at `timestamp`.
    public init(removing add: AddFile, at timestamp: Int64, dataChange: Bool = true) {
        self.init(
            path: add.path, deletionTimestamp: timestamp, dataChange: dataChange, extendedFileMetadata: true,
            partitionValues: add.partitionValues, size: add.size, stats: add.stats, tags: add.tags,
            deletionVector: add.deletionVector, baseRowId: add.baseRowId, defaultRowCommitVersion: add.defaultRowCommitVersion)
    }

    /// The reconciliation key.
    public var key: FileActionKey { FileActionKey(path: path, deletionVectorID: deletionVector?.uniqueId) }
}
