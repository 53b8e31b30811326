import LakeJSON

/// The `_delta_log/_last_checkpoint` hint: where the newest checkpoint is. Readers must work
/// when it is missing, unreadable or stale (then they list).
public struct LastCheckpoint: Hashable, Sendable {
    /// The checkpoint's version.
    public var version: Int64
    /// Number of actions in the checkpoint.
    public var size: Int64
    /// Number of parts of a multi-part checkpoint.
    public var parts: Int?
    /// Total bytes of the checkpoint files.
    public var sizeInBytes: Int64?
    /// Number of add actions.
    public var numOfAddFiles: Int64?

    /// Creates the hint.
    public init(version: Int64, size: Int64, parts: Int? = nil, sizeInBytes: Int64? = nil, numOfAddFiles: Int64? = nil) {
        self.version = version
        self.size = size
        self.parts = parts
        self.sizeInBytes = sizeInBytes
        self.numOfAddFiles = numOfAddFiles
    }

    /// The path relative to the table root.
    public static let path = "_delta_log/_last_checkpoint"

    /// Parses the hint; nil when it is not usable.
    init?(json text: String) {
        guard let json = try? JSONValue(parsing: text), let version = json["version"]?.int64Value, version >= 0 else { return nil }
        self.version = version
        size = json["size"]?.int64Value ?? 0
        parts = json["parts"]?.int64Value.map { Int($0) }
        sizeInBytes = json["sizeInBytes"]?.int64Value
        numOfAddFiles = json["numOfAddFiles"]?.int64Value
    }

    var json: JSONValue {
        var w = ActionWriter()
        w.add("version", version)
        w.add("size", size)
        w.add("parts", parts)
        w.add("sizeInBytes", sizeInBytes)
        w.add("numOfAddFiles", numOfAddFiles)
        return w.json
    }
}
