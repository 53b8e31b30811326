import Columnar

/// A table's change data feed between two versions (inclusive): every inserted, deleted and
/// updated row with `_change_type`, `_commit_version` and `_commit_timestamp` — what Spark's
/// `table_changes` and delta-rs's `load_cdf` return.
///
/// Per the protocol: a version with `cdc` actions is read from those change data files only;
/// a version without them yields the rows of its added files as inserts and of its removed
/// files as deletes (files with `dataChange = false`, as OPTIMIZE writes them, change nothing).
/// Every version in the range must have been written with `delta.enableChangeDataFeed = true`.
/// Rows come in the schema of the end version (columns older files lack are null).
public struct ChangeDataFeed: Sendable {
    /// The table.
    public let table: DeltaTable
    /// The first version read.
    public let startVersion: Int64
    /// The last version read.
    public let endVersion: Int64
    /// The snapshot at the end version (its schema shapes the rows).
    public let endSnapshot: Snapshot
    /// The columns returned: the table's, then `_change_type`, `_commit_version`, `_commit_timestamp`.
    public let schema: Schema

    /// The column holding each change's commit version.
    public static let versionColumn = "_commit_version"
    /// The column holding each change's commit timestamp.
    public static let timestampColumn = "_commit_timestamp"

    /// The changes of versions `startVersion ... endVersion` (default: the latest).
    public init(table: DeltaTable, startVersion: Int64, endVersion: Int64? = nil) throws {
        let latest = try table.latestVersion()
        let end = endVersion ?? latest
        guard startVersion >= 0 else {
            throw DeltaError(.invalidArgument, "the change data feed's start version \(startVersion) is negative", table: table.location)
        }
        guard startVersion <= latest else {
            throw DeltaError(.versionNotFound, "the change data feed's start version \(startVersion) is after the latest version \(latest)", table: table.location)
        }
        guard end >= startVersion else {
            throw DeltaError(.invalidArgument, "the change data feed's end version \(end) is before its start version \(startVersion)", table: table.location)
        }
        guard end <= latest else {
            throw DeltaError(.versionNotFound, "the change data feed's end version \(end) is after the latest version \(latest)", table: table.location)
        }
        self.table = table
        self.startVersion = startVersion
        self.endVersion = end
        endSnapshot = try table.snapshot(version: end)
        schema = Schema(endSnapshot.schema.fields + [
            Field(ChangeType.columnName, .string, nullable: false), Field(Self.versionColumn, .int64, nullable: false),
            Field(Self.timestampColumn, .timestamp, nullable: false),
        ])
    }

    /// The changes committed between two timestamps (milliseconds since the epoch): from the
    /// first version committed at or after `start` to the last committed at or before `end`.
    public init(table: DeltaTable, startTimestamp: Int64, endTimestamp: Int64? = nil) throws {
        let commits = try table.commitTimestamps()
        guard let first = commits.first(where: { $0.timestamp >= startTimestamp }) else {
            throw DeltaError(.versionNotFound, "no version was committed at or after \(DeltaTable.format(startTimestamp))", table: table.location)
        }
        var end: Int64?
        if let endTimestamp {
            guard let last = commits.last(where: { $0.timestamp <= endTimestamp }) else {
                throw DeltaError(.versionNotFound, "no version was committed at or before \(DeltaTable.format(endTimestamp))", table: table.location)
            }
            end = last.version
        }
        try self.init(table: table, startVersion: first.version, endVersion: end)
    }

    /// Calls `body` with the changes, a batch at a time (one per row group read), in version order.
    public func forEachBatch(_ body: (RecordBatch) throws -> Void) throws {
        let storage = table.storage
        let times = Dictionary(try table.commitTimestamps().map { ($0.version, $0.timestamp) }, uniquingKeysWith: { a, _ in a })
        var metadata = try table.snapshot(version: startVersion).metadata
        let tableScan = try Scan(snapshot: endSnapshot, storage: storage)
        let changeScan = Scan(snapshot: endSnapshot, storage: storage, outputSchema: Schema(endSnapshot.schema.fields + [Field(ChangeType.columnName, .string)]))
        for version in startVersion...endVersion {
            let name = LogFile.commitName(version)
            guard let entry = try storage.status(name.inLog), let file = LogFile(StorageEntry(name: name, size: entry.size, modificationTime: entry.modificationTime)) else {
                throw DeltaError(.versionNotFound, "commit \(version) is not available (the log was cleaned up)", table: table.location)
            }
            let actions = try LogReplay(storage: storage).actions(ofCommit: file)
            for case .metadata(let m) in actions { metadata = m }
            guard metadata.configuration["delta.enableChangeDataFeed"]?.lowercased() == "true" else {
                throw DeltaError(.invalidArgument,
                    "change data was not recorded for version \(version) (delta.enableChangeDataFeed is not true there), so versions \(startVersion)...\(endVersion) cannot be read as changes",
                    table: table.location)
            }
            guard let timestamp = times[version] else {
                throw DeltaError(.versionNotFound, "commit \(version) has no timestamp", table: table.location)
            }
            let stamp = { (batch: RecordBatch) -> [Column] in
                [Column.repeating(.int(version), .int64, count: batch.count), Column.repeating(.timestamp(timestamp * 1000), .timestamp, count: batch.count)]
            }
            let changeFiles = actions.compactMap { if case .cdc(let c) = $0 { c } else { nil } }
            if !changeFiles.isEmpty {
                for cdc in changeFiles {
                    let add = AddFile(path: cdc.path, partitionValues: cdc.partitionValues, size: cdc.size, modificationTime: 0, dataChange: false)
                    try read(add, changeScan) { batch in
                        try body(RecordBatch(schema: schema, columns: batch.columns + stamp(batch), count: batch.count))
                    }
                }
                continue
            }
            for action in actions {
                let file: AddFile
                let type: ChangeType
                switch action {
                case .add(let a) where a.dataChange:
                    file = a
                    type = .insert
                case .remove(let r) where r.dataChange:
                    file = AddFile(path: r.path, partitionValues: r.partitionValues ?? [:], size: r.size ?? 0, modificationTime: 0,
                                   deletionVector: r.deletionVector)
                    type = .delete
                default: continue
                }
                try read(file, tableScan) { batch in
                    let kind = Column.repeating(.string(type.rawValue), .string, count: batch.count)
                    try body(RecordBatch(schema: schema, columns: batch.columns + [kind] + stamp(batch), count: batch.count))
                }
            }
        }
    }

    /// Every change in one batch (for small ranges and tests).
    public func collect() throws -> RecordBatch {
        var parts: [RecordBatch] = []
        try forEachBatch { parts.append($0) }
        guard !parts.isEmpty else { return RecordBatch(empty: schema) }
        return RecordBatch(schema: schema, columns: schema.fields.indices.map { i in Column.concatenate(parts.map { $0.columns[i] }) },
                           count: parts.reduce(0) { $0 + $1.count })
    }

    func read(_ add: AddFile, _ scan: Scan, _ body: (RecordBatch) throws -> Void) throws {
        let file = ScanFile(add: add, partitionValues: try scan.typedPartitionValues(add), numRecords: nil)
        let reader = try ScanFileReader(scan: scan, file: file)
        for g in 0..<reader.rowGroupCount {
            let batch = try reader.readRowGroup(g).batch
            if batch.count > 0 { try body(batch) }
        }
    }
}

extension Scan {
    /// A scan of every row of `snapshot` returning `outputSchema`, whose fields may include
    /// columns outside the table schema (read from the files when present, else null).
    init(snapshot: Snapshot, storage: any Storage, outputSchema: Schema) {
        self.snapshot = snapshot
        self.storage = storage
        self.outputSchema = outputSchema
        mapping = ColumnMappingMode(configuration: snapshot.configuration)
        predicate = nil
    }
}
