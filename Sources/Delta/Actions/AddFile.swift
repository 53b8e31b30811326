/// An `add` action: a data file that is part of the table from this version on.
public struct AddFile: Hashable, Sendable {
    /// Relative path from the table root (URL-encoded, as in the log), or an absolute URI.
    public var path: String
    /// Partition column → value as a string (nil for null).
    public var partitionValues: [String: String?]
    /// File size in bytes.
    public var size: Int64
    /// Milliseconds since the epoch when the file was created.
    public var modificationTime: Int64
    /// Whether this add changes the table's data (false for compaction).
    public var dataChange: Bool
    /// Column statistics, a JSON string (numRecords, minValues, maxValues, nullCount, tightBounds).
    public var stats: String?
    /// Free-form tags.
    public var tags: [String: String?]?
    /// The rows of the file marked deleted, when there is a deletion vector.
    public var deletionVector: DeletionVectorDescriptor?
    /// Row tracking: the first row id of the file.
    public var baseRowId: Int64?
    /// Row tracking: the commit version rows default to.
    public var defaultRowCommitVersion: Int64?
    /// The clustering implementation that wrote the file.
    public var clusteringProvider: String?

    /// Creates an add action.
    public init(
        path: String, partitionValues: [String: String?] = [:], size: Int64, modificationTime: Int64,
        dataChange: Bool = true, stats: String? = nil, tags: [String: String?]? = nil,
        deletionVector: DeletionVectorDescriptor? = nil, baseRowId: Int64? = nil,
        defaultRowCommitVersion: Int64? = nil, clusteringProvider: String? = nil
    ) {
        self.path = path
        self.partitionValues = partitionValues
        self.size = size
        self.modificationTime = modificationTime
        self.dataChange = dataChange
        self.stats = stats
        self.tags = tags
        self.deletionVector = deletionVector
        self.baseRowId = baseRowId
        self.defaultRowCommitVersion = defaultRowCommitVersion
        self.clusteringProvider = clusteringProvider
    }

    /// The reconciliation key: the decoded path plus the deletion vector's unique id.
    public var key: FileActionKey { FileActionKey(path: path, deletionVectorID: deletionVector?.uniqueId) }
}

/// What identifies a logical file across add and remove actions (the protocol's
/// "(path, deletion vector unique id)").
public struct FileActionKey: Hashable, Sendable {
    /// The path, URL-decoded.
    public var path: String
    /// The deletion vector's unique id, when there is one.
    public var deletionVectorID: String?

    /// Creates a key; `path` is URL-decoded.
    public init(path: String, deletionVectorID: String?) {
        self.path = PathEncoding.decode(path)
        self.deletionVectorID = deletionVectorID
    }
}
