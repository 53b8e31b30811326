/// Commit timestamps per the protocol: a commit file's modification time, made monotonic (a
/// commit not later than its predecessor counts as the predecessor plus 1 ms), or — from the
/// version in-commit timestamps were enabled at — the commitInfo's `inCommitTimestamp`.
enum CommitTimestamps {
    /// Whether in-commit timestamps apply to `version` under `configuration`.
    static func inCommitTimestampsApply(to version: Int64, configuration: [String: String]) -> Bool {
        guard configuration["delta.enableInCommitTimestamps"]?.lowercased() == "true" else { return false }
        let from = configuration["delta.inCommitTimestampEnablementVersion"].flatMap { Int64($0) } ?? 0
        return version >= from
    }

    /// The timestamp of the segment's version.
    static func timestamp(of segment: LogSegment, commitInfo: CommitInfo?, configuration: [String: String]) -> Int64 {
        if inCommitTimestampsApply(to: segment.version, configuration: configuration), let ict = commitInfo?.inCommitTimestamp {
            return ict
        }
        var last: Int64 = segment.checkpoint.map(\.modificationTime).max() ?? Int64.min
        for commit in segment.commits {
            last = commit.modificationTime > last ? commit.modificationTime : last &+ 1
        }
        if segment.commits.isEmpty, let t = segment.checkpoint.first?.modificationTime { return t }
        return last
    }

    /// Monotonic timestamps of ascending commit files.
    static func monotonic(_ files: [LogFile]) -> [Int64] {
        var out: [Int64] = []
        out.reserveCapacity(files.count)
        var last = Int64.min
        for f in files {
            last = f.modificationTime > last ? f.modificationTime : last &+ 1
            out.append(last)
        }
        return out
    }
}
