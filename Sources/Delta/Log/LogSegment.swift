/// The log files that make up one version of a table: the newest complete checkpoint at or
/// before it, and every commit after that checkpoint up to the version.
public struct LogSegment: Sendable {
    /// The version this segment reconstructs.
    public var version: Int64
    /// The checkpoint's files (one, several parts, or a V2 top file); empty without a checkpoint.
    public var checkpoint: [LogFile]
    /// The checkpoint's version, when there is one.
    public var checkpointVersion: Int64?
    /// The commits after the checkpoint, ascending, ending at ``version``.
    public var commits: [LogFile]

    /// Lists `_delta_log` once and builds the segment for `version` (nil: the latest).
    ///
    /// `_last_checkpoint` is only a hint: the listing decides, so a missing, stale or wrong
    /// hint costs nothing. Errors name the version: one that does not exist yet, one whose
    /// commits were cleaned up, or a gap in the commits.
    public static func build(storage: any Storage, version target: Int64? = nil) throws -> LogSegment {
        let listing = try LogListing(storage: storage)
        return try listing.segment(at: target)
    }
}

/// The parsed listing of `_delta_log/`.
struct LogListing {
    var commits: [Int64: LogFile] = [:]
    var checkpoints: [Int64: [LogFile]] = [:]
    let location: String

    init(storage: any Storage) throws {
        location = storage.location
        for entry in try storage.list("_delta_log") where !entry.isDirectory {
            guard let file = LogFile(entry) else { continue }
            switch file.kind {
            case .commit: commits[file.version] = file
            case .checkpoint, .multipartCheckpoint, .v2Checkpoint: checkpoints[file.version, default: []].append(file)
            default: break
            }
        }
    }

    var latestVersion: Int64? { commits.keys.max() }

    /// The files of a complete checkpoint at `version`, or nil.
    func completeCheckpoint(at version: Int64) -> [LogFile]? {
        guard let files = checkpoints[version] else { return nil }
        if let classic = files.first(where: { $0.kind == .checkpoint }) { return [classic] }
        // A multi-part checkpoint counts only when every part is there.
        var byTotal: [Int: [Int: LogFile]] = [:]
        for f in files {
            if case .multipartCheckpoint(let part, let parts) = f.kind { byTotal[parts, default: [:]][part] = f }
        }
        for (total, parts) in byTotal.sorted(by: { $0.key > $1.key }) where parts.count == total {
            return (1...total).map { parts[$0]! }
        }
        if let v2 = files.filter({ if case .v2Checkpoint = $0.kind { true } else { false } }).sorted(by: { $0.name < $1.name }).first {
            return [v2]
        }
        return nil
    }

    /// The earliest version that can be reconstructed: version 0 when its commit exists,
    /// otherwise the oldest complete checkpoint followed by contiguous commits.
    var earliestRecreatableVersion: Int64? {
        if commits[0] != nil { return 0 }
        return checkpoints.keys.sorted().first { completeCheckpoint(at: $0) != nil }
    }

    func segment(at target: Int64?) throws -> LogSegment {
        let latestCheckpoint = checkpoints.keys.filter { completeCheckpoint(at: $0) != nil }.max()
        guard let latest = [latestVersion, latestCheckpoint].compactMap({ $0 }).max() else {
            throw DeltaError(.tableNotFound, "no Delta table here: '_delta_log' holds no commits", table: location)
        }
        let version = target ?? latest
        guard version >= 0 else {
            throw DeltaError(.versionNotFound, "version \(version) is not a valid version", table: location)
        }
        guard version <= latest else {
            throw DeltaError(.versionNotFound, "version \(version) does not exist; the latest version is \(latest)", table: location)
        }
        let checkpointVersion = checkpoints.keys.filter { $0 <= version }.sorted(by: >).first { completeCheckpoint(at: $0) != nil }
        let start = (checkpointVersion ?? -1) + 1
        if checkpointVersion == nil && commits[0] == nil {
            let earliest = earliestRecreatableVersion.map { " (the earliest available version is \($0))" } ?? ""
            throw DeltaError(.versionNotFound, "version \(version) cannot be reconstructed: its log was cleaned up\(earliest)", table: location)
        }
        var files: [LogFile] = []
        if start <= version {
            files.reserveCapacity(Int(version - start + 1))
            for v in start...version {
                guard let file = commits[v] else {
                    throw DeltaError(.corruptLog, "commit \(LogFile.commitName(v)) is missing from the log (needed for version \(version))", table: location)
                }
                files.append(file)
            }
        }
        return LogSegment(
            version: version, checkpoint: checkpointVersion.flatMap { completeCheckpoint(at: $0) } ?? [],
            checkpointVersion: checkpointVersion, commits: files)
    }
}
