import Columnar
import LakeJSON

/// An optimistic transaction against a table: read a snapshot, stage actions, commit.
///
/// ``commit()`` writes `_delta_log/<version>.json` with ``Storage/putIfAbsent(_:_:)``, so two
/// writers can never both own a version. Losing the race is expected: the transaction reads
/// the winners and runs the protocol's conflict checks — a winner that changed the protocol
/// or metadata, removed a file this transaction read or removes, touched the same application
/// transaction, or (unless it was a blind append) added files this transaction's read
/// predicate covers, is a ``DeltaError/Code/concurrentModification`` naming the winning
/// version — and otherwise retries at the next version with exponential backoff.
public final class Transaction {
    /// The table.
    public let table: DeltaTable
    /// The snapshot the transaction read (nil when it creates the table).
    public let readSnapshot: Snapshot?
    /// The operation recorded in commitInfo (WRITE, DELETE, ...).
    public var operation: String
    /// Operation parameters (values are strings, as Spark writes them).
    public var operationParameters: [String: String] = [:]
    /// Operation metrics (values are strings).
    public var operationMetrics: [String: String] = [:]
    /// Free-form user metadata recorded in commitInfo.
    public var userMetadata: String?
    /// Extra commitInfo fields (for example the job and run that made the commit).
    public var extraCommitInfo: [JSONObject.Member] = []
    /// The isolation level the commit is checked at.
    public var isolationLevel: IsolationLevel = .writeSerializable
    /// The predicate this transaction's reads covered (nil: nothing read, or everything when
    /// ``readWholeTable`` is set).
    public var readPredicate: Expression?
    /// Whether the transaction read the whole table (an overwrite, say).
    public var readWholeTable = false
    /// Retries after lost races before giving up.
    public var maxRetries = 15
    /// Whether to write a checkpoint when the version reaches the checkpoint interval.
    public var writesCheckpoints = true

    private(set) var actions: [Action] = []

    /// Starts a transaction on `table` reading `snapshot`.
    public init(table: DeltaTable, readSnapshot: Snapshot?, operation: String) {
        self.table = table
        self.readSnapshot = readSnapshot
        self.operation = operation
    }

    /// Stages actions.
    public func add(_ newActions: [Action]) {
        actions += newActions
    }

    /// Stages one action.
    public func add(_ action: Action) {
        actions.append(action)
    }

    /// The version the commit aims for first.
    var firstVersion: Int64 { (readSnapshot?.version ?? -1) + 1 }

    /// True when the transaction only appends data files without having read anything.
    public var isBlindAppend: Bool {
        !readWholeTable && readPredicate == nil && actions.allSatisfy {
            switch $0 {
            case .add(let a): a.dataChange
            case .commitInfo, .txn: true
            default: false
            }
        }
    }

    func commitInfo(timestamp: Int64, inCommitTimestamp: Int64?) -> CommitInfo {
        var members: [JSONObject.Member] = []
        if let ict = inCommitTimestamp { members.append(.init("inCommitTimestamp", .int(ict))) }
        members.append(.init("timestamp", .int(timestamp)))
        members.append(.init("operation", .string(operation)))
        members.append(.init("operationParameters", .object(JSONObject(operationParameters.keys.sorted().map { .init($0, .string(operationParameters[$0]!)) }))))
        if let read = readSnapshot?.version { members.append(.init("readVersion", .int(read))) }
        members.append(.init("isolationLevel", .string(isolationLevel.rawValue)))
        members.append(.init("isBlindAppend", .bool(isBlindAppend)))
        if !operationMetrics.isEmpty {
            members.append(.init("operationMetrics", .object(JSONObject(operationMetrics.keys.sorted().map { .init($0, .string(operationMetrics[$0]!)) }))))
        }
        if let userMetadata { members.append(.init("userMetadata", .string(userMetadata))) }
        members += extraCommitInfo
        members.append(.init("engineInfo", .string("lake/\(LakeVersion.current)")))
        members.append(.init("txnId", .string(UUID4.make())))
        return CommitInfo(JSONObject(members))
    }

    /// The metadata in effect after this transaction's own actions.
    var effectiveMetadata: Metadata? {
        for case .metadata(let m) in actions.reversed() { return m }
        return readSnapshot?.metadata
    }

    /// The commit file's bytes for `version`.
    func encode(version: Int64, previousTimestamp: Int64?) -> [UInt8] {
        let now = Clock.nowMillis()
        var ict: Int64?
        if let config = effectiveMetadata?.configuration, CommitTimestamps.inCommitTimestampsApply(to: version, configuration: config) {
            ict = max(now, (previousTimestamp ?? 0) + 1)
        }
        var out: [UInt8] = []
        Action.commitInfo(commitInfo(timestamp: now, inCommitTimestamp: ict)).json.serialized(into: &out)
        out.append(10)
        for action in actions {
            action.json.serialized(into: &out)
            out.append(10)
        }
        return out
    }

    /// Commits the staged actions; see the type's documentation for races and conflicts.
    @discardableResult
    public func commit() throws -> CommitResult {
        if let snapshot = readSnapshot { try TableFeatures.checkWritable(effectiveProtocol ?? snapshot.protocol, location: table.location) }
        var version = firstVersion
        var lost: [Int64] = []
        var attempt = 0
        var previousTimestamp = readSnapshot?.timestamp
        while true {
            attempt += 1
            let bytes = encode(version: version, previousTimestamp: previousTimestamp)
            if try table.storage.putIfAbsent(LogFile.commitName(version).inLog, bytes) {
                let checkpoint = writesCheckpoints ? try maybeCheckpoint(version) : false
                return CommitResult(version: version, attempts: attempt, lostRaces: lost, checkpointWritten: checkpoint)
            }
            // Another writer owns `version`: check it (and any later winners) for conflicts.
            if version == firstVersion && readSnapshot == nil {
                throw DeltaError(.concurrentModification, "another writer created the table at version 0 first", table: table.location)
            }
            guard attempt <= maxRetries else {
                throw DeltaError(.commitFailed, "the commit lost the race \(attempt) times (versions \(lost.map(String.init).joined(separator: ", "))); giving up after \(maxRetries) retries", table: table.location)
            }
            let latest = try table.latestVersion()
            var winner = version
            while winner <= latest {
                try ConflictChecker(transaction: self, winnerVersion: winner).check(try LogReplay(storage: table.storage).actions(ofCommit: try logFile(winner)))
                lost.append(winner)
                winner += 1
            }
            previousTimestamp = try? table.snapshot(version: latest).timestamp
            version = latest + 1
            // Back off before the next attempt (exponential, with jitter, capped at 1 s).
            let base = min(1000, 5 << min(attempt, 8))
            Clock.sleep(millis: Int.random(in: (base / 2)...base))
        }
    }

    var effectiveProtocol: Protocol? {
        for case .protocol(let p) in actions.reversed() { return p }
        return nil
    }

    func logFile(_ version: Int64) throws -> LogFile {
        let name = LogFile.commitName(version)
        guard let entry = try table.storage.status(name.inLog), let file = LogFile(StorageEntry(name: name, size: entry.size, modificationTime: entry.modificationTime)) else {
            throw DeltaError(.corruptLog, "commit \(name) vanished while checking for conflicts", table: table.location)
        }
        return file
    }

    /// Writes a checkpoint when `version` is a multiple of the checkpoint interval; failures
    /// are swallowed (a checkpoint is an optimisation; the commit already landed).
    func maybeCheckpoint(_ version: Int64) throws -> Bool {
        let interval = effectiveMetadata?.configuration["delta.checkpointInterval"].flatMap { Int64($0) } ?? 10
        guard version > 0, interval > 0, version % interval == 0 else { return false }
        do {
            try Checkpointer(table: table).checkpoint(version: version)
            return true
        } catch {
            return false
        }
    }
}

extension String {
    /// This file name under `_delta_log/`.
    var inLog: String { "_delta_log/" + self }
}
