#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Columnar

/// A copy-on-write change to a table's rows — what DELETE, UPDATE and MERGE commit: data files
/// removed whole, rows (copied, updated or inserted) written to new data files through the
/// table's ``ConstraintChecker``, change data written to `_change_data/` when the table has
/// `delta.enableChangeDataFeed = true`, and everything committed as one transaction.
///
/// Rows are written on *lanes* (one per worker thread; each has its own open files) so that
/// files can be rewritten in parallel. Nothing is visible until ``commit(parameters:metrics:)``;
/// a statement that fails first calls ``abort()``, which deletes the files written.
///
/// Change data: the command records deleted rows, update pre- and post-images and inserted
/// rows it knows of. Files removed without being read (a metadata-only delete of whole
/// partitions) need no change data when nothing else changed — readers take the removed files'
/// rows as deletes — but when other change data was written they are read and recorded as
/// deletes at commit, so the version's change data is complete.
public final class RowLevelChange: @unchecked Sendable {
    /// Counts of what the change wrote and removed (for the commit's operationMetrics).
    public struct Summary: Sendable {
        /// Data files added.
        public var filesAdded = 0
        /// Bytes of data files added.
        public var bytesAdded: Int64 = 0
        /// Data files removed.
        public var filesRemoved = 0
        /// Bytes of data files removed.
        public var bytesRemoved: Int64 = 0
        /// Rows written to data files.
        public var rowsWritten = 0
        /// Change data files added.
        public var changeFilesAdded = 0
        /// Bytes of change data files added.
        public var changeBytes: Int64 = 0
        /// Distinct partitions (of partitioned tables) files were added to.
        public var partitionsAddedTo = 0
        /// Distinct partitions files were removed from.
        public var partitionsRemovedFrom = 0
        /// Deletion vectors of removed files (they go with their files).
        public var deletionVectorsRemoved = 0
    }

    /// The table.
    public let table: DeltaTable
    /// The version read.
    public let snapshot: Snapshot
    /// The schema of the rows written: the snapshot's, or an evolved one.
    public let schema: Schema
    /// Whether the table records change data (`delta.enableChangeDataFeed`).
    public let recordsChanges: Bool
    /// The operation recorded in commitInfo.
    public let operation: String
    let options: WriteOptions
    let evolvedMetadata: Metadata?
    let conformer: BatchConformer
    let changeSchema: Schema
    private let lanes: [Lane]
    private var removes: [RemoveFile] = []
    private var removedKeys = Set<FileActionKey>()
    private var unreadRemoves: [AddFile] = []
    private var finished: (adds: [AddFile], changes: [AddCDCFile])?
    private var commitAttempted = false
    private let lock = Lock()

    final class Lane {
        let data: DataFileWriter
        let changes: DataFileWriter?

        init(data: DataFileWriter, changes: DataFileWriter?) {
            self.data = data
            self.changes = changes
        }
    }

    /// Starts a change of `snapshot`'s rows. `evolvedSchema` (schema evolution) must extend the
    /// snapshot's schema with new nullable columns; `lanes` is the number of writers used in
    /// parallel. Throws when the table cannot be written (unsupported features, a constraint
    /// the evaluator cannot check).
    public init(
        table: DeltaTable, snapshot: Snapshot, operation: String, evolvedSchema: Schema? = nil, lanes: Int = 1,
        options: WriteOptions = WriteOptions()
    ) throws {
        self.table = table
        self.snapshot = snapshot
        self.operation = operation
        self.options = options
        try TableFeatures.checkWritable(snapshot.protocol, location: table.location)
        try TableWriter.refuseUnenforcedConstraints(snapshot)
        var configuration = snapshot.configuration
        var schema = snapshot.schema
        if let evolvedSchema, evolvedSchema != snapshot.schema {
            schema = evolvedSchema
            if ColumnMappingMode(configuration: configuration) != .none {
                let (mapped, maxID) = ColumnMappingMode.assign(schema, maxColumnId: configuration["delta.columnMapping.maxColumnId"].flatMap { Int64($0) } ?? 0)
                schema = mapped
                configuration["delta.columnMapping.maxColumnId"] = String(maxID)
            }
            var metadata = snapshot.metadata
            metadata.schemaString = DeltaSchema.serialize(schema)
            metadata.configuration = configuration
            evolvedMetadata = metadata
        } else {
            evolvedMetadata = nil
        }
        self.schema = schema
        conformer = BatchConformer(schema: schema, location: table.location)
        let features = Set(snapshot.tableFeatures)
        recordsChanges = configuration["delta.enableChangeDataFeed"]?.lowercased() == "true"
            && (snapshot.protocol.minWriterVersion < 7 || features.contains("changeDataFeed"))
        changeSchema = Schema(schema.fields + [Field(ChangeType.columnName, .string)])
        let checker = try ConstraintChecker(
            constraints: TableConstraints(schema: schema, configuration: configuration), schema: schema,
            evaluator: options.checkEvaluator, location: table.location)
        let partitions = snapshot.partitionColumns
        let changeSchema = self.changeSchema
        let recordsChanges = self.recordsChanges
        self.lanes = (0..<max(1, lanes)).map { _ in
            Lane(
                data: DataFileWriter(
                    table: table, schema: schema, partitionColumns: partitions, configuration: configuration, options: options,
                    checker: checker),
                changes: recordsChanges
                    ? DataFileWriter(
                        table: table, schema: changeSchema, partitionColumns: partitions, configuration: configuration, options: options,
                        dataChange: false, directoryPrefix: "_change_data/", filePrefix: "cdc", collectsStats: false)
                    : nil)
        }
    }

    /// Number of lanes.
    public var laneCount: Int { lanes.count }

    // MARK: Reading

    /// The files a predicate may touch (partition pruning and statistics skipping), with the
    /// counts of what was skipped.
    public func candidateFiles(_ predicate: Expression?) throws -> (files: [ScanFile], metrics: ScanMetrics) {
        try Scan(snapshot: snapshot, storage: table.storage, predicate: predicate).plan()
    }

    /// Whether every row of `file` certainly satisfies `predicate` — true, never false or
    /// null — judging by its partition values and statistics alone (then the file can be
    /// removed without reading it).
    public func everyRowMatches(_ predicate: Expression, _ file: ScanFile) throws -> Bool {
        let scan = try Scan(snapshot: snapshot, storage: table.storage, predicate: predicate)
        // A NULL constant can make the predicate unknown where no column is null.
        guard let p = scan.predicate, !Self.hasNullConstant(p) else { return false }
        let stats = FileStats(file.add.stats)
        // Rows that are not "true": false (NOT p) or unknown (some column it reads is null).
        let notTrue = Expression.or([.not(p)] + p.columns.sorted().map { .isNull(.column($0)) })
        return !notTrue.mightMatch { column in
            if let v = file.partitionValues[column] { return .exact(v) }
            return stats.map { scan.facts($0, column) } ?? .unknown
        }
    }

    static func hasNullConstant(_ e: Expression) -> Bool {
        switch e {
        case .literal(let v, _): v.isNull
        case .column: false
        case .comparison(_, let l, let r): hasNullConstant(l) || hasNullConstant(r)
        case .and(let es), .or(let es): es.contains(where: hasNullConstant)
        case .not(let x), .isNull(let x), .isNotNull(let x): hasNullConstant(x)
        case .inList(let x, let list, _): hasNullConstant(x) || list.contains(where: hasNullConstant)
        }
    }

    /// A reader of `file`'s rows (deletion vectors applied) projected to `columns` (nil: every
    /// column of the snapshot's schema).
    /// With a `predicate`, ``ScanFileReader/rowGroupMightMatch(_:)`` skips row groups by their
    /// statistics.
    public func reader(_ file: ScanFile, columns: [String]? = nil, predicate: Expression? = nil) throws -> ScanFileReader {
        try ScanFileReader(scan: try Scan(snapshot: snapshot, storage: table.storage, columns: columns, predicate: predicate), file: file)
    }

    // MARK: Writing

    /// Writes rows (in the snapshot's or the evolved schema; missing new columns are null) to
    /// new data files on `lane`, after the constraint checks.
    public func write(_ batch: RecordBatch, lane: Int = 0) throws {
        guard batch.count > 0 else { return }
        try lanes[lane].data.write(try conform(batch))
    }

    /// Records rows as change data of `type` on `lane` (nothing when the table does not record
    /// changes).
    public func recordChanges(_ batch: RecordBatch, _ type: ChangeType, lane: Int = 0) throws {
        guard let writer = lanes[lane].changes, batch.count > 0 else { return }
        let rows = try conform(batch)
        let kind = Column.repeating(.string(type.rawValue), .string, count: rows.count)
        try writer.write(RecordBatch(schema: changeSchema, columns: rows.columns + [kind], count: rows.count))
    }

    func conform(_ batch: RecordBatch) throws -> RecordBatch {
        if batch.schema == schema { return batch }
        return try conformer.conform(batch)
    }

    /// Removes the logical file `file` (its deletion vector goes with it). `rowsRecorded` says
    /// whether its deleted rows were recorded as change data (false: removed without reading).
    public func remove(_ file: AddFile, rowsRecorded: Bool) throws {
        if snapshot.configuration["delta.appendOnly"]?.lowercased() == "true" {
            throw DeltaError(.invalidArgument,
                "\(operation) would remove rows, but the table is append-only (delta.appendOnly = true)", table: table.location)
        }
        try lock.withLock {
            guard removedKeys.insert(file.key).inserted else {
                throw DeltaError(.invalidArgument, "\(operation) removes the file '\(file.path)' twice", table: table.location)
            }
            removes.append(RemoveFile(removing: file, at: Clock.nowMillis()))
            if !rowsRecorded { unreadRemoves.append(file) }
        }
    }

    /// Whether any file is removed so far.
    public var removesFiles: Bool { lock.withLock { !removes.isEmpty } }

    // MARK: Committing

    /// Closes every file (recording the rows of files removed unread as deletes when other
    /// change data exists) and returns the counts.
    public func finish() throws -> Summary {
        if finished == nil {
            var changes = try lanes.compactMap { $0.changes }.flatMap { try $0.finish() }
            if !changes.isEmpty, !unreadRemoves.isEmpty {
                let scan = try Scan(snapshot: snapshot, storage: table.storage)
                for add in unreadRemoves {
                    let reader = try ScanFileReader(scan: scan, file: ScanFile(add: add, partitionValues: try scan.typedPartitionValues(add), numRecords: nil))
                    for g in 0..<reader.rowGroupCount { try recordChanges(try reader.readRowGroup(g).batch, .delete) }
                }
                unreadRemoves.removeAll()
                changes = try lanes.compactMap { $0.changes }.flatMap { try $0.finish() }
            }
            let adds = try lanes.flatMap { try $0.data.finish() }
            finished = (adds, changes.map { AddCDCFile(path: $0.path, partitionValues: $0.partitionValues, size: $0.size) })
        }
        guard let finished else { return Summary() }
        var s = Summary()
        s.filesAdded = finished.adds.count
        s.bytesAdded = finished.adds.reduce(0) { $0 + $1.size }
        s.filesRemoved = removes.count
        s.bytesRemoved = removes.reduce(0) { $0 + ($1.size ?? 0) }
        s.rowsWritten = lanes.reduce(0) { $0 + $1.data.rows }
        s.changeFilesAdded = finished.changes.count
        s.changeBytes = finished.changes.reduce(0) { $0 + $1.size }
        if !snapshot.partitionColumns.isEmpty {
            s.partitionsAddedTo = Set(finished.adds.map { $0.partitionValues.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value ?? "\u{0}")" } }).count
            s.partitionsRemovedFrom = Set(removes.map { ($0.partitionValues ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value ?? "\u{0}")" } }).count
        }
        s.deletionVectorsRemoved = removes.filter { $0.deletionVector != nil }.count
        return s
    }

    /// Commits: removes, adds and change files (and the evolved schema) in one transaction
    /// recorded as the operation with `parameters` and `metrics`. `readPredicate` is what the
    /// statement read (nil with `readWholeTable`): files other writers add there meanwhile are
    /// conflicts, like files removed under it. Returns nil when nothing changed (no commit).
    @discardableResult
    public func commit(
        parameters: [String: String], metrics: [String: String], readPredicate: Expression?, readWholeTable: Bool,
        commitWhenUnchanged: Bool = false
    ) throws -> CommitResult? {
        _ = try finish()
        guard let finished else { return nil }
        if finished.adds.isEmpty && removes.isEmpty && evolvedMetadata == nil && !commitWhenUnchanged { return nil }
        let transaction = Transaction(table: table, readSnapshot: snapshot, operation: operation)
        transaction.operationParameters = parameters
        transaction.operationMetrics = metrics
        transaction.userMetadata = options.userMetadata
        transaction.extraCommitInfo = options.extraCommitInfo
        transaction.readPredicate = readWholeTable ? nil : readPredicate
        transaction.readWholeTable = readWholeTable
        var actions: [Action] = []
        if let metadata = evolvedMetadata {
            let newProtocol = ProtocolPlanner.plan(for: schema, configuration: metadata.configuration, current: snapshot.protocol)
            if newProtocol != snapshot.protocol { actions.append(.protocol(newProtocol)) }
            actions.append(.metadata(metadata))
        }
        actions += removes.map { .remove($0) }
        actions += finished.adds.map { .add($0) }
        actions += finished.changes.map { .cdc($0) }
        transaction.add(actions)
        commitAttempted = true
        do {
            return try transaction.commit()
        } catch let error as DeltaError where error.code == .concurrentModification || error.code == .commitFailed {
            discard()  // the commit certainly did not land
            throw error
        }
    }

    /// Deletes every file written, after a failure before the commit. Once a commit was
    /// attempted this does nothing: a commit that failed with an I/O error may still have
    /// landed, and then its files are the table's.
    public func abort() {
        guard !commitAttempted else { return }
        discard()
    }

    func discard() {
        for lane in lanes {
            lane.data.discard()
            lane.changes?.discard()
        }
        finished = nil
    }
}
