/// A file in `_delta_log/`, recognised by its name.
public struct LogFile: Hashable, Sendable {
    /// What the file is.
    public enum Kind: Hashable, Sendable {
        /// `%020d.json`: the actions of one version.
        case commit
        /// `%020d.checkpoint.parquet`: a single-file checkpoint (V1 or V2 content).
        case checkpoint
        /// `%020d.checkpoint.%010d.%010d.parquet`: part `part` of `parts`.
        case multipartCheckpoint(part: Int, parts: Int)
        /// `%020d.checkpoint.<uuid>.json|parquet`: a V2 checkpoint's top-level file.
        case v2Checkpoint(uuid: String, json: Bool)
        /// `%020d.crc`: a version checksum.
        case checksum
        /// `%020d.%020d.compacted.json`: a log compaction of versions `version...end`.
        case compaction(end: Int64)
    }

    /// The file name within `_delta_log/`.
    public var name: String
    /// The version the file belongs to (the start version for compactions).
    public var version: Int64
    /// What the file is.
    public var kind: Kind
    /// Size in bytes.
    public var size: Int64
    /// Last modification, milliseconds since the epoch.
    public var modificationTime: Int64

    /// The path relative to the table root.
    public var path: String { "_delta_log/" + name }

    /// The commit file name of `version`.
    public static func commitName(_ version: Int64) -> String { padded(version, 20) + ".json" }

    /// The classic checkpoint file name of `version`.
    public static func checkpointName(_ version: Int64) -> String { padded(version, 20) + ".checkpoint.parquet" }

    static func padded(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Recognises a log entry; nil for anything else (`_last_checkpoint`, temporary files, ...).
    public init?(_ entry: StorageEntry) {
        let name = entry.name
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].count == 20, let version = Int64(parts[0]), version >= 0 else { return nil }
        let kind: Kind
        switch parts.count {
        case 2 where parts[1] == "json": kind = .commit
        case 2 where parts[1] == "crc": kind = .checksum
        case 3 where parts[1] == "checkpoint" && parts[2] == "parquet": kind = .checkpoint
        case 4 where parts[1] == "checkpoint" && (parts[3] == "json" || parts[3] == "parquet"):
            kind = .v2Checkpoint(uuid: String(parts[2]), json: parts[3] == "json")
        case 4 where parts[2] == "compacted" && parts[3] == "json":
            guard parts[1].count == 20, let end = Int64(parts[1]), end >= version else { return nil }
            kind = .compaction(end: end)
        case 5 where parts[1] == "checkpoint" && parts[4] == "parquet":
            guard parts[2].count == 10, parts[3].count == 10, let part = Int(parts[2]), let total = Int(parts[3]),
                  part >= 1, total >= 1, part <= total else { return nil }
            kind = .multipartCheckpoint(part: part, parts: total)
        default: return nil
        }
        self.name = name
        self.version = version
        self.kind = kind
        size = entry.size
        modificationTime = entry.modificationTime
    }

    /// True for every kind of checkpoint file.
    public var isCheckpoint: Bool {
        switch kind {
        case .checkpoint, .multipartCheckpoint, .v2Checkpoint: true
        default: false
        }
    }
}
