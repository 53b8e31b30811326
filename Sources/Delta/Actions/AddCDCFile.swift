/// A `cdc` action: a change-data file written by DELETE, UPDATE or MERGE.
public struct AddCDCFile: Hashable, Sendable {
    /// Relative path of the file (under `_change_data/`).
    public var path: String
    /// Partition values.
    public var partitionValues: [String: String?]
    /// Size in bytes.
    public var size: Int64
    /// Always false.
    public var dataChange: Bool
    /// Free-form tags.
    public var tags: [String: String?]?

    /// Creates a cdc action.
    public init(path: String, partitionValues: [String: String?] = [:], size: Int64, dataChange: Bool = false, tags: [String: String?]? = nil) {
        self.path = path
        self.partitionValues = partitionValues
        self.size = size
        self.dataChange = dataChange
        self.tags = tags
    }
}
