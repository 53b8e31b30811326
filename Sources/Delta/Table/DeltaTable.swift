import Columnar
import LakeJSON

/// A Delta table at a location: the entry point for reading snapshots and history and for
/// starting transactions.
///
/// ```swift
/// let table = DeltaTable(path: "/data/events")
/// let latest = try table.snapshot()
/// let lastWeek = try table.snapshot(timestamp: someMillis)
/// ```
public final class DeltaTable: Sendable {
    /// The table's files.
    public let storage: any Storage

    /// A table in a local directory.
    public convenience init(path: String) {
        self.init(storage: LocalStorage(root: path))
    }

    /// A table over any storage.
    public init(storage: any Storage) {
        self.storage = storage
    }

    /// Where the table is.
    public var location: String { storage.location }

    /// Whether a Delta table exists here (its log has at least one commit or checkpoint).
    public func exists() throws -> Bool {
        try storage.list("_delta_log").contains { LogFile($0).map { $0.kind == .commit || $0.isCheckpoint } ?? false }
    }

    /// The snapshot at `version`, or the latest.
    public func snapshot(version: Int64? = nil) throws -> Snapshot {
        let segment = try LogSegment.build(storage: storage, version: version)
        return try LogReplay(storage: storage).snapshot(segment)
    }

    /// The latest version.
    public func latestVersion() throws -> Int64 {
        try LogSegment.build(storage: storage).version
    }

    /// The snapshot of the latest version committed at or before `timestamp` (milliseconds
    /// since the epoch), by the protocol's commit timestamps.
    public func snapshot(timestamp: Int64) throws -> Snapshot {
        try snapshot(version: version(at: timestamp))
    }

    /// The latest version committed at or before `timestamp`.
    public func version(at timestamp: Int64) throws -> Int64 {
        let commits = try commitTimestamps()
        guard let first = commits.first else {
            throw DeltaError(.tableNotFound, "no Delta table here", table: location)
        }
        guard timestamp >= first.timestamp else {
            throw DeltaError(.versionNotFound,
                "timestamp \(Self.format(timestamp)) is before the earliest available commit (version \(first.version) at \(Self.format(first.timestamp)))",
                table: location)
        }
        return commits.last { $0.timestamp <= timestamp }!.version
    }

    /// Every available commit's version and timestamp, ascending (starting at the earliest
    /// version that can be reconstructed).
    public func commitTimestamps() throws -> [(version: Int64, timestamp: Int64)] {
        let listing = try LogListing(storage: storage)
        guard let earliest = listing.earliestRecreatableVersion else { return [] }
        let files = listing.commits.values.filter { $0.version >= earliest }.sorted { $0.version < $1.version }
        var times = CommitTimestamps.monotonic(files)
        // In-commit timestamps replace file times from their enablement version on.
        if let latest = files.last {
            let snapshot = try self.snapshot(version: latest.version)
            let config = snapshot.configuration
            for (i, file) in files.enumerated() where CommitTimestamps.inCommitTimestampsApply(to: file.version, configuration: config) {
                if let ict = try commitInfo(of: file)?.inCommitTimestamp { times[i] = ict }
            }
        }
        return zip(files, times).map { ($0.version, $1) }
    }

    func commitInfo(of file: LogFile) throws -> CommitInfo? {
        for case .commitInfo(let info) in try LogReplay(storage: storage).actions(ofCommit: file) { return info }
        return nil
    }

    /// The table's history, newest first: each commit's version, timestamp and commitInfo.
    public func history(limit: Int? = nil) throws -> [HistoryEntry] {
        let commits = try commitTimestamps()
        var out: [HistoryEntry] = []
        let listing = try LogListing(storage: storage)
        for (version, timestamp) in commits.reversed() {
            if let limit, out.count >= limit { break }
            guard let file = listing.commits[version] else { continue }
            out.append(HistoryEntry(version: version, timestamp: timestamp, commitInfo: try commitInfo(of: file) ?? CommitInfo()))
        }
        return out
    }

    static func format(_ millis: Int64) -> String {
        TemporalFormat.timestamp(millis * 1000, utc: true, separator: " ", fractionDigits: 3)
    }
}

/// One commit in a table's history.
public struct HistoryEntry: Sendable {
    /// The version.
    public var version: Int64
    /// The commit timestamp, milliseconds since the epoch.
    public var timestamp: Int64
    /// The commit's provenance.
    public var commitInfo: CommitInfo
}
