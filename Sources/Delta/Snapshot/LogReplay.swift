import Columnar
import LakeJSON
import Parquet

/// Rebuilds a ``Snapshot`` from a ``LogSegment`` by the protocol's reconciliation rules:
/// commits are read newest first, then the checkpoint; the first protocol and metaData seen
/// win, the first txn per application and domainMetadata per domain win, and for each
/// (path, deletion-vector id) the first file action seen decides — an add makes a live file,
/// a remove a tombstone. Unknown actions and fields are ignored.
struct LogReplay {
    let storage: any Storage

    /// The actions of one commit file, in line order.
    func actions(ofCommit file: LogFile) throws -> [Action] {
        let bytes = try storage.read(file.path)
        var out: [Action] = []
        do {
            try bytes.withUnsafeBytes { raw in
                try JSONValue.parseLines(raw) { value, _ in
                    if let action = try Action(json: value) { out.append(action) }
                }
            }
        } catch let error as DeltaError {
            throw DeltaError(.corruptLog, "commit \(file.name): \(error.message)", table: storage.location)
        } catch {
            throw DeltaError(.corruptLog, "commit \(file.name) is not valid JSON lines: \(error)", table: storage.location)
        }
        return out
    }

    /// The actions of a checkpoint (every part; V2 sidecars included).
    func actions(ofCheckpoint files: [LogFile]) throws -> [Action] {
        var out: [Action] = []
        for file in files {
            if case .v2Checkpoint(_, let isJSON) = file.kind, isJSON {
                out += try actions(ofCommit: file)
            } else {
                out += try parquetActions(file.path, name: file.name)
            }
        }
        // A V2 checkpoint's add and remove actions live in sidecar files.
        for case .sidecar(let sidecar) in out {
            out += try parquetActions("_delta_log/_sidecars/" + sidecar.path, name: "sidecar " + sidecar.path)
        }
        return out
    }

    func parquetActions(_ path: String, name: String) throws -> [Action] {
        do {
            let reader: ParquetFileReader
            if let local = storage.localPath(path) {
                reader = try ParquetFileReader(path: local)
            } else {
                reader = try ParquetFileReader(bytes: try storage.read(path).bytes, name: path)
            }
            let wanted = reader.schema.schema.fields.indices.filter { CheckpointSchema.actionColumns.contains(reader.schema.schema.fields[$0].name) }
            var out: [Action] = []
            for group in 0..<reader.rowGroupCount {
                out += try CheckpointRows.actions(in: try reader.readRowGroup(group, columns: wanted))
            }
            return out
        } catch let error as ParquetError {
            throw DeltaError(.corruptLog, "checkpoint \(name) cannot be read: \(error.message)", table: storage.location, cause: error)
        }
    }

    /// Replays `segment` into a snapshot.
    func snapshot(_ segment: LogSegment) throws -> Snapshot {
        var seen = Set<FileActionKey>()
        var files: [AddFile] = []
        var tombstones: [RemoveFile] = []
        var protocolAction: Protocol?
        var metadata: Metadata?
        var transactions: [String: SetTransaction] = [:]
        var domains: [String: DomainMetadata] = [:]
        var latestCommitInfo: CommitInfo?

        func apply(_ action: Action) {
            switch action {
            case .add(let add):
                if seen.insert(add.key).inserted { files.append(add) }
            case .remove(let remove):
                if seen.insert(remove.key).inserted { tombstones.append(remove) }
            case .metadata(let m):
                if metadata == nil { metadata = m }
            case .protocol(let p):
                if protocolAction == nil { protocolAction = p }
            case .txn(let t):
                if transactions[t.appId] == nil { transactions[t.appId] = t }
            case .domainMetadata(let d):
                if domains[d.domain] == nil { domains[d.domain] = d }
            case .commitInfo, .cdc, .checkpointMetadata, .sidecar:
                break
            }
        }

        for (i, commit) in segment.commits.enumerated().reversed() {
            let actions = try actions(ofCommit: commit)
            if i == segment.commits.count - 1 {
                for case .commitInfo(let info) in actions { latestCommitInfo = info }
            }
            for action in actions.reversed() { apply(action) }
        }
        if !segment.checkpoint.isEmpty {
            for action in try actions(ofCheckpoint: segment.checkpoint) { apply(action) }
        }

        guard let protocolAction else {
            throw DeltaError(.corruptLog, "no protocol action at or before version \(segment.version)", table: storage.location)
        }
        guard let metadata else {
            throw DeltaError(.corruptLog, "no metaData action at or before version \(segment.version)", table: storage.location)
        }
        try TableFeatures.checkReadable(protocolAction, location: storage.location)
        let schema: Schema
        do {
            schema = try DeltaSchema.parse(metadata.schemaString)
        } catch let error as DeltaError {
            throw DeltaError(error.code, "version \(segment.version): \(error.message)", table: storage.location)
        }
        files.reverse()  // oldest first, as they were added
        let timestamp = CommitTimestamps.timestamp(
            of: segment, commitInfo: latestCommitInfo, configuration: metadata.configuration)
        return Snapshot(
            location: storage.location, version: segment.version, protocol: protocolAction, metadata: metadata,
            schema: schema, files: files, tombstones: tombstones, transactions: transactions,
            domainMetadata: domains.filter { !$0.value.removed }, timestamp: timestamp, logSegment: segment)
    }
}
