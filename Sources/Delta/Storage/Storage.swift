import Columnar

/// A table's files, seen through the few operations the transaction log needs.
///
/// Paths are relative to the table root and use `/`. The contract, which every implementation
/// must keep (it is what makes commits atomic):
/// - ``list(_:)`` returns the entries of one directory sorted by name;
/// - ``putIfAbsent(_:_:)`` creates a file whole or not at all, and returns false — without
///   touching the existing file — when the path already exists: two writers can never both
///   create version N;
/// - ``put(_:_:)`` replaces a file whole (for `_last_checkpoint` and checkpoints);
/// - a file being written is never visible under its final name before it is complete.
public protocol Storage: Sendable {
    /// A short description for messages (the table root).
    var location: String { get }
    /// The entries of `directory`, sorted by name; empty when the directory does not exist.
    func list(_ directory: String) throws -> [StorageEntry]
    /// The whole contents of a file.
    func read(_ path: String) throws -> Buffer
    /// Creates `path` with `bytes` unless it exists; false means another writer got there first.
    func putIfAbsent(_ path: String, _ bytes: UnsafeRawBufferPointer) throws -> Bool
    /// Creates or replaces `path` with `bytes`, atomically.
    func put(_ path: String, _ bytes: UnsafeRawBufferPointer) throws
    /// Removes a file; removing a missing file is not an error.
    func delete(_ path: String) throws
    /// The status of one file, or nil when it does not exist.
    func status(_ path: String) throws -> StorageEntry?
    /// The local filesystem path of `path`, when the storage is a local directory (data files
    /// are then read and written in place by the Parquet codec).
    func localPath(_ path: String) -> String?
}

/// One file or directory in a ``Storage`` listing.
public struct StorageEntry: Hashable, Sendable {
    /// The name within its directory.
    public var name: String
    /// Size in bytes (0 for directories).
    public var size: Int64
    /// Last modification time, milliseconds since the epoch.
    public var modificationTime: Int64
    /// Whether the entry is a directory.
    public var isDirectory: Bool

    /// Creates an entry.
    public init(name: String, size: Int64, modificationTime: Int64, isDirectory: Bool = false) {
        self.name = name
        self.size = size
        self.modificationTime = modificationTime
        self.isDirectory = isDirectory
    }
}

extension Storage {
    /// Creates or replaces `path` with `bytes`.
    public func put(_ path: String, _ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try put(path, $0) }
    }

    /// Creates `path` with `bytes` unless it exists.
    public func putIfAbsent(_ path: String, _ bytes: [UInt8]) throws -> Bool {
        try bytes.withUnsafeBytes { try putIfAbsent(path, $0) }
    }
}
