import Columnar
import Parquet

/// Writes data to a table in one transaction: create, append, overwrite (all rows, or those
/// matching a replaceWhere predicate), error-if-exists and ignore; partitioning; schema
/// enforcement and evolution; idempotent application transactions.
///
/// ```swift
/// var options = WriteOptions()
/// options.mode = .overwrite
/// options.replaceWhere = try ExpressionParser.parse("day = '2024-01-02'")
/// try TableWriter(table: table).write(batches, options: options)
/// ```
public struct TableWriter {
    /// The table.
    public let table: DeltaTable

    /// A writer for `table`.
    public init(table: DeltaTable) {
        self.table = table
    }

    /// Writes `batches` (all with one schema).
    @discardableResult
    public func write(_ batches: [RecordBatch], options: WriteOptions = WriteOptions()) throws -> WriteResult {
        guard let schema = batches.first?.schema else {
            throw DeltaError(.invalidArgument, "nothing to write: no batches", table: table.location)
        }
        var i = 0
        return try write(schema: schema, options: options) {
            defer { i += 1 }
            return i < batches.count ? batches[i] : nil
        }
    }

    /// Writes the batches `next` yields (until nil), whose schema is `schema`.
    @discardableResult
    public func write(schema: Schema, options: WriteOptions = WriteOptions(), batches next: () throws -> RecordBatch?) throws -> WriteResult {
        let snapshot = try table.exists() ? try table.snapshot() : nil
        if let snapshot {
            switch options.mode {
            case .errorIfExists:
                throw DeltaError(.tableAlreadyExists, "a table already exists here (version \(snapshot.version)); use append or overwrite", table: table.location)
            case .ignore:
                return WriteResult(commit: nil, filesAdded: 0, filesRemoved: 0, rowsWritten: 0, bytesWritten: 0, skippedReason: "the table exists (mode ignore)")
            default: break
            }
            if let app = options.appTransaction, let done = snapshot.transactions[app.appId], done.version >= app.version {
                return WriteResult(commit: nil, filesAdded: 0, filesRemoved: 0, rowsWritten: 0, bytesWritten: 0,
                                   skippedReason: "application '\(app.appId)' already committed version \(done.version)")
            }
            if options.mode == .overwrite || options.replaceWhere != nil,
               snapshot.configuration["delta.appendOnly"]?.lowercased() == "true" {
                throw DeltaError(.invalidArgument, "the table is append-only (delta.appendOnly = true)", table: table.location)
            }
            try TableFeatures.checkWritable(snapshot.protocol, location: table.location)
            try Self.refuseUnenforcedConstraints(snapshot)
        }
        if options.replaceWhere != nil && options.mode != .overwrite {
            throw DeltaError(.invalidArgument, "replaceWhere needs mode overwrite", table: table.location)
        }

        var plan = try SchemaPlan(table: snapshot, data: schema, options: options, location: table.location)
        var configuration = snapshot.map { $0.configuration.merging(options.tableProperties) { _, new in new } } ?? options.tableProperties
        if options.overwriteSchema, let old = snapshot {
            // A replaced schema drops the old CHECK constraints (new ones come with the options).
            for key in old.configuration.keys where key.lowercased().hasPrefix(TableConstraints.configurationPrefix) && options.tableProperties[key] == nil {
                configuration.removeValue(forKey: key)
            }
        }
        if ColumnMappingMode(configuration: configuration) != .none {
            // Column mapping: new fields get ids and physical names.
            let (mapped, maxID) = ColumnMappingMode.assign(plan.schema, maxColumnId: configuration["delta.columnMapping.maxColumnId"].flatMap { Int64($0) } ?? 0)
            if mapped != plan.schema {
                plan = SchemaPlan(schema: mapped, partitionColumns: plan.partitionColumns, changesMetadata: true)
                configuration["delta.columnMapping.maxColumnId"] = String(maxID)
            }
        }
        let metadata = Metadata(
            id: snapshot?.metadata.id ?? UUID4.make(), name: snapshot?.metadata.name ?? options.name,
            description: snapshot?.metadata.description ?? options.description,
            schemaString: DeltaSchema.serialize(plan.schema), partitionColumns: plan.partitionColumns,
            configuration: configuration, createdTime: snapshot?.metadata.createdTime ?? Clock.nowMillis())
        let replace = try options.replaceWhere.map { try $0.bound(to: plan.schema) }

        // Data files first: nothing is visible until the commit.
        let conformer = BatchConformer(schema: plan.schema, location: table.location)
        let checker = try ConstraintChecker(
            constraints: TableConstraints(schema: plan.schema, configuration: configuration), schema: plan.schema,
            evaluator: options.checkEvaluator, location: table.location)
        let writer = DataFileWriter(
            table: table, schema: plan.schema, partitionColumns: plan.partitionColumns, configuration: configuration, options: options,
            checker: checker)
        while let batch = try next() {
            let conformed = try conformer.conform(batch)
            if let replace {
                let truth = try replace.evaluate(conformed)
                if let bad = truth.firstIndex(where: { $0 != true }) {
                    throw DeltaError(.invalidArgument, "row \(bad + 1) of the data does not satisfy the replaceWhere predicate \(replace): \(conformed.row(bad).enumerated().map { "\(plan.schema.fields[$0.offset].name)=\($0.element.text(as: plan.schema.fields[$0.offset].type))" }.joined(separator: ", "))", table: table.location)
                }
            }
            try writer.write(conformed)
        }

        var removes: [RemoveFile] = []
        let now = Clock.nowMillis()
        if let snapshot, options.mode == .overwrite {
            if let replace {
                removes = try rewriteMatching(snapshot, replace, writer: writer, now: now)
            } else {
                removes = snapshot.files.map { RemoveFile(removing: $0, at: now) }
            }
        }
        let adds = try writer.finish()

        let transaction = Transaction(table: table, readSnapshot: snapshot, operation: "WRITE")
        transaction.userMetadata = options.userMetadata
        transaction.extraCommitInfo = options.extraCommitInfo
        transaction.operationParameters["mode"] = options.mode.sparkName
        transaction.operationParameters["partitionBy"] = "[" + plan.partitionColumns.map { "\"\($0)\"" }.joined(separator: ",") + "]"
        if let replace { transaction.operationParameters["predicate"] = "[\"\(replace.description.replacingOccurrences(of: "\"", with: "\\\""))\"]" }
        if options.mode == .overwrite {
            if let replace { transaction.readPredicate = replace } else if snapshot != nil { transaction.readWholeTable = true }
        }
        transaction.operationMetrics = [
            "numFiles": String(adds.count), "numOutputRows": String(writer.rows), "numOutputBytes": String(writer.bytes),
        ]
        if !removes.isEmpty { transaction.operationMetrics["numRemovedFiles"] = String(removes.count) }

        var actions: [Action] = []
        let newProtocol = ProtocolPlanner.plan(for: plan.schema, configuration: configuration, current: snapshot?.protocol)
        if snapshot == nil || newProtocol != snapshot?.protocol { actions.append(.protocol(newProtocol)) }
        if snapshot == nil || plan.changesMetadata || configuration != snapshot?.configuration { actions.append(.metadata(metadata)) }
        actions += removes.map { .remove($0) }
        actions += adds.map { .add($0) }
        if var app = options.appTransaction {
            app.lastUpdated = now
            actions.append(.txn(app))
        }
        transaction.add(actions)
        let commit: CommitResult
        do {
            commit = try transaction.commit()
        } catch let error as DeltaError where error.code == .concurrentModification && snapshot == nil && options.mode == .append {
            // Another writer created the table first: append to it instead, when it fits.
            commit = try appendAfterLostCreate(adds: adds, plan: plan, options: options, writer: writer)
        }
        return WriteResult(commit: commit, filesAdded: adds.count, filesRemoved: removes.count, rowsWritten: writer.rows, bytesWritten: writer.bytes)
    }

    /// After losing the race to create the table: commit the files as an append when the
    /// winner's schema and partitioning are ours.
    func appendAfterLostCreate(adds: [AddFile], plan: SchemaPlan, options: WriteOptions, writer: DataFileWriter) throws -> CommitResult {
        let snapshot = try table.snapshot()
        guard snapshot.schema == plan.schema, snapshot.partitionColumns == plan.partitionColumns else {
            throw DeltaError(.concurrentModification, "another writer created the table first with a different schema or partitioning", table: table.location)
        }
        let transaction = Transaction(table: table, readSnapshot: snapshot, operation: "WRITE")
        transaction.operationParameters = ["mode": "Append", "partitionBy": "[" + plan.partitionColumns.map { "\"\($0)\"" }.joined(separator: ",") + "]"]
        transaction.operationMetrics = ["numFiles": String(adds.count), "numOutputRows": String(writer.rows), "numOutputBytes": String(writer.bytes)]
        transaction.userMetadata = options.userMetadata
        transaction.extraCommitInfo = options.extraCommitInfo
        transaction.add(adds.map { .add($0) })
        if let app = options.appTransaction { transaction.add(.txn(app)) }
        return try transaction.commit()
    }

    /// replaceWhere: removes files whose rows all match `predicate`, rewrites files where only
    /// some rows do (keeping the others), and leaves files that cannot match alone.
    func rewriteMatching(_ snapshot: Snapshot, _ predicate: Expression, writer: DataFileWriter, now: Int64) throws -> [RemoveFile] {
        let scan = try Scan(snapshot: snapshot, storage: table.storage, predicate: predicate)
        let partitionNames = Set(snapshot.partitionColumns.map { $0.lowercased() })
        let partitionOnly = predicate.columns.allSatisfy { partitionNames.contains($0.split(separator: ".")[0].lowercased()) }
        var removes: [RemoveFile] = []
        for file in try scan.plan().files {
            if partitionOnly {
                let allMatch = !Expression.not(predicate).mightMatch { file.partitionValues[$0].map(ColumnFacts.exact) ?? .unknown }
                if allMatch { removes.append(RemoveFile(removing: file.add, at: now)); continue }
            }
            let reader = try ScanFileReader(scan: try Scan(snapshot: snapshot, storage: table.storage), file: file)
            var kept: [RecordBatch] = []
            var matched = 0
            for group in 0..<reader.rowGroupCount {
                let batch = try reader.readRowGroup(group).batch
                let truth = try predicate.evaluate(batch)
                let keep = truth.enumerated().compactMap { $0.element == true ? nil : Int32($0.offset) }
                matched += batch.count - keep.count
                if !keep.isEmpty { kept.append(ScanFileReader.take(batch, keep)) }
            }
            guard matched > 0 else { continue }
            removes.append(RemoveFile(removing: file.add, at: now))
            for batch in kept { try writer.write(batch) }
        }
        return removes
    }

    /// Column invariants, generated columns and identity columns are not enforced yet; refuse
    /// rather than write unchecked data. (NOT NULL and CHECK constraints are enforced by the
    /// ``ConstraintChecker``.)
    static func refuseUnenforcedConstraints(_ snapshot: Snapshot) throws {
        func scan(_ fields: [Field], _ path: String) throws {
            for f in fields {
                for key in ["delta.invariants", "delta.generationExpression", "delta.identity.start"] where f.metadata[key] != nil {
                    throw DeltaError(.unsupportedFeature, "column '\(path)\(f.name)' has '\(key)', which this engine cannot enforce yet", table: snapshot.location)
                }
                if case .struct(let children) = f.type { try scan(children, path + f.name + ".") }
            }
        }
        try scan(snapshot.schema.fields, "")
    }
}
