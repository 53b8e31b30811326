import Columnar
import Delta
import Foundation
import LakeJSON
import Query

/// One dataset's part of one update: reads its new input, applies its query and
/// expectations, and commits the result to its table — or nothing, when it fails.
struct FlowContext: Sendable {
    let runner: UpdateRunner
    let dataset: DatasetDefinition
    let updateID: String
    /// The update's start (microseconds): the ingestion time of the rows it ingests.
    let startedAt: Int64
    let fullRefresh: Bool
    let threads: Int
    /// Members added to every commitInfo of the flow.
    let commitInfo: [JSONObject.Member]
    let report: @Sendable (ProgressEvent) -> Void

    var pipeline: PipelineDefinition { runner.pipeline }
    var name: String { dataset.name }

    /// Runs the flow; every error becomes a FAILED result.
    func run() -> DatasetResult {
        let start = Date()
        var result = DatasetResult(name: name, kind: dataset.kind, status: .upToDate)
        let table = runner.table(name)
        result.versionBefore = try? table.latestVersion()
        result.versionAfter = result.versionBefore
        do {
            if dataset.source != nil {
                try ingest(table, &result)
            } else if dataset.kind == .streamingTable {
                try stream(table, &result)
            } else {
                try refresh(table, &result)
            }
            if result.status == .updated { CrashPoint.afterCommit.reach(name) }
        } catch {
            result.status = .failed
            result.error = (error as? PipelineError).map { e in
                var copy = e
                copy.dataset = nil
                copy.file = nil
                return copy.description
            } ?? "\(error)"
            result.versionAfter = result.versionBefore
        }
        if let snapshot = try? table.snapshot() {
            result.totalRows = TableRows.count(snapshot, table.storage)
        }
        result.seconds = Date().timeIntervalSince(start)
        return result
    }

    func engine() -> QueryEngine { QueryEngine(warehouse: pipeline.storage, threads: threads) }

    var writeOptions: WriteOptions {
        var o = WriteOptions()
        o.targetFileSize = 128 << 20
        o.extraCommitInfo = commitInfo
        return o
    }

    func properties(_ snapshot: Snapshot?, generation: Int? = nil) -> [String: String] {
        var p = dataset.tableProperties
        p[UpdateRunner.pipelineProperty] = pipeline.name
        if let generation { p[UpdateRunner.generationProperty] = String(generation) }
        return p
    }

    /// The checkpoint generation of a streaming table (bumped by a full refresh).
    func generation(_ snapshot: Snapshot?) -> Int {
        let current = snapshot?.configuration[UpdateRunner.generationProperty].flatMap { Int($0) } ?? 0
        return fullRefresh && snapshot != nil ? current + 1 : current
    }

    func snapshotIfExists(_ table: DeltaTable) throws -> Snapshot? {
        try table.exists() ? try table.snapshot() : nil
    }

    // MARK: - Landing files → streaming table

    func ingest(_ table: DeltaTable, _ result: inout DatasetResult) throws {
        let source = dataset.source!
        let ingestor = try FileIngestor(source)
        let snapshot = try snapshotIfExists(table)
        let generation = generation(snapshot)
        let checkpoint = IngestionCheckpoint(pipeline: pipeline, dataset: name, generation: generation)
        let rewrite = fullRefresh && snapshot != nil
        let committedBatch = rewrite ? -1 : (snapshot?.transactions[checkpoint.applicationID]?.version ?? -1)
        let committed = try checkpoint.files(throughBatch: committedBatch)
        var pending = try LandingFile.list(source).filter { committed[$0.name] == nil }
        if let cap = source.maxFilesPerUpdate { pending = Array(pending.prefix(cap)) }
        guard !pending.isEmpty || rewrite else {
            result.note = committed.isEmpty ? "no files in \(source.path) yet" : "no new files (\(committed.count) ingested before)"
            return
        }
        let batch = committedBatch + 1
        try checkpoint.write(batch: batch, files: Array(committed.values) + pending)
        CrashPoint.afterOffsets.reach(name)

        let plan = try ingestor.plan(pending, tableSchema: rewrite ? nil : snapshot?.schema)
        var schema: Schema
        if let snapshot, !rewrite {
            var fields = snapshot.schema.fields
            for (column, _) in plan.addedColumns { fields.append(plan.dataSchema[column]!) }
            schema = Schema(fields)
        } else {
            schema = ingestor.tableSchema(plan.dataSchema)
        }
        result.schemaChanges = plan.addedColumns.map { "added column \($0.column) (first seen in \($0.file))" }
            + plan.unknownColumns.map { "column \($0.column) of \($0.file) is not in the table (\(source.schemaEvolutionMode == .rescue ? "kept in \(source.rescuedDataColumn)" : "ignored"))" }
        let expectations = ExpectationEvaluator(dataset: name, expectations: dataset.expectations, warehouse: pipeline.storage)
        try expectations.validate(schema)
        let staged = StagedFiles(table: table, schema: schema, partitionColumns: snapshot?.partitionColumns ?? dataset.partitionBy, configuration: snapshot?.configuration ?? [:], options: writeOptions)
        var rows = 0
        for (i, file) in pending.enumerated() {
            try ingestor.read(file, dataSchema: plan.dataSchema, ingestedAt: startedAt) { batch in
                rows += batch.count
                let kept = try expectations.apply(batch)
                try staged.write(kept)
                report(.datasetProgress(name, rows: rows, filesDone: i, filesTotal: pending.count))
            }
            report(.datasetProgress(name, rows: rows, filesDone: i + 1, filesTotal: pending.count))
        }
        var commit = TableCommit(table: table, snapshot: snapshot, schema: schema, operation: "STREAMING UPDATE", options: writeOptions)
        commit.partitionColumns = snapshot?.partitionColumns ?? dataset.partitionBy
        commit.description = dataset.comment
        commit.adds = try staged.finish()
        if rewrite { commit.removeAll() }
        commit.properties = properties(snapshot, generation: generation)
        commit.transactions = [SetTransaction(appId: checkpoint.applicationID, version: batch)]
        commit.parameters = ["outputMode": rewrite ? "Complete" : "Append", "queryId": updateID, "epochId": String(batch)]
        commit.metrics = ["numAddedFiles": String(commit.adds.count), "numOutputRows": String(staged.rowsWritten), "numRemovedFiles": String(commit.removes.count)]
        CrashPoint.beforeCommit.reach(name)
        result.versionAfter = try commit.commit()
        result.status = .updated
        result.inputRows = rows
        result.outputRows = staged.rowsWritten
        result.files = pending.map(\.name)
        result.expectations = expectations.metrics
        result.droppedRecords = expectations.droppedRecords
    }

    // MARK: - STREAM(inputs) → streaming table

    func streamApplicationID(_ input: String, generation: Int) -> String {
        "lake-pipeline/\(pipeline.name)/\(name)/stream/\(input)/g\(generation)"
    }

    func stream(_ table: DeltaTable, _ result: inout DatasetResult) throws {
        let query = runner.graph.queries[name]!
        let snapshot = try snapshotIfExists(table)
        let generation = generation(snapshot)
        let rewrite = fullRefresh && snapshot != nil
        let engine = engine()
        var transactions: [SetTransaction] = []
        var newRows = 0
        var anyInput = false
        for input in query.streamingInputs {
            let inputTable = runner.table(input)
            guard try inputTable.exists() else {
                engine.createOrReplaceTempView(DatasetQuery.streamViewName(input), schema: Schema([]), batches: [])
                continue
            }
            anyInput = true
            let inputSnapshot = try inputTable.snapshot()
            let appID = streamApplicationID(input, generation: generation)
            let from = rewrite ? -1 : (snapshot?.transactions[appID]?.version ?? -1)
            let rows = try TableRows.appended(inputTable, from: from, to: inputSnapshot, input: input, reader: name)
            newRows += rows.reduce(0) { $0 + $1.count }
            engine.createOrReplaceTempView(DatasetQuery.streamViewName(input), schema: inputSnapshot.schema, batches: rows)
            transactions.append(SetTransaction(appId: appID, version: inputSnapshot.version))
            report(.datasetProgress(name, rows: newRows, filesDone: 0, filesTotal: 0))
        }
        guard anyInput else {
            result.note = "no input yet (\(query.streamingInputs.joined(separator: ", ")) not created)"
            return
        }
        guard newRows > 0 || rewrite else {
            result.note = "no new rows in \(query.streamingInputs.joined(separator: ", "))"
            return
        }
        let output = try runQuery(query, engine: engine)
        result.inputRows = newRows
        let expectations = ExpectationEvaluator(dataset: name, expectations: dataset.expectations, warehouse: pipeline.storage)
        try expectations.validate(output.schema)
        let kept = try output.batches.map { try expectations.apply($0) }
        result.expectations = expectations.metrics
        result.droppedRecords = expectations.droppedRecords

        var commit: TableCommit
        if let settings = dataset.applyChanges {
            let deletes = try settings.applyAsDeletes.map { try evaluate($0, on: kept, schema: output.schema, engine: engine) }
            let upsert = KeyedUpsert(settings: settings, dataset: name)
            let outcome = try upsert.plan(incoming: kept, schema: output.schema, deletes: deletes, table: table, snapshot: snapshot, options: writeOptions, fullRefresh: rewrite)
            commit = outcome.commit
            result.upsertedRows = outcome.upserted
            result.deletedRows = outcome.deleted
            result.outputRows = outcome.written
            guard outcome.upserted + outcome.deleted > 0 || rewrite || snapshot == nil else {
                // Nothing changed in the table, but the input was consumed: record that.
                commit.adds = []
                commit.removes = []
                commit.operation = "STREAMING UPDATE"
                commit.parameters = ["outputMode": "Update", "queryId": updateID]
                commit.metrics = ["numOutputRows": "0"]
                commit.transactions = transactions
                commit.properties = properties(snapshot, generation: generation)
                CrashPoint.beforeCommit.reach(name)
                result.versionAfter = try commit.commit()
                result.status = .updated
                result.note = "no key changed (late or duplicate rows only)"
                return
            }
        } else {
            var schema = output.schema
            if let snapshot, !rewrite {
                var fields = snapshot.schema.fields
                for f in output.schema.fields where snapshot.schema.index(of: f.name) == nil { fields.append(f) }
                schema = Schema(fields)
            }
            let staged = StagedFiles(table: table, schema: schema, partitionColumns: snapshot?.partitionColumns ?? dataset.partitionBy, configuration: snapshot?.configuration ?? [:], options: writeOptions)
            for b in kept { try staged.write(b) }
            commit = TableCommit(table: table, snapshot: snapshot, schema: schema, operation: "STREAMING UPDATE", options: writeOptions)
            commit.adds = try staged.finish()
            if rewrite { commit.removeAll() }
            commit.parameters = ["outputMode": rewrite ? "Complete" : "Append", "queryId": updateID]
            commit.metrics = ["numAddedFiles": String(commit.adds.count), "numOutputRows": String(staged.rowsWritten)]
            result.outputRows = staged.rowsWritten
        }
        commit.partitionColumns = snapshot?.partitionColumns ?? dataset.partitionBy
        commit.description = dataset.comment
        commit.transactions = transactions
        commit.properties = properties(snapshot, generation: generation)
        CrashPoint.beforeCommit.reach(name)
        result.versionAfter = try commit.commit()
        result.status = .updated
    }

    // MARK: - Materialized view

    func inputApplicationID(_ input: String) -> String { "lake-pipeline/\(pipeline.name)/\(name)/input/\(input)" }

    func refresh(_ table: DeltaTable, _ result: inout DatasetResult) throws {
        let query = runner.graph.queries[name]!
        let snapshot = try snapshotIfExists(table)
        let inputs = (runner.graph.upstream[name] ?? []) + (runner.graph.external[name] ?? [])
        var versions: [String: Int64] = [:]
        var missing: [String] = []
        for input in inputs {
            let t = runner.table(input)
            if try t.exists() { versions[input] = try t.latestVersion() } else { missing.append(input) }
        }
        guard missing.isEmpty else {
            result.note = "waiting for \(missing.joined(separator: ", ")) (not created yet)"
            return
        }
        let fingerprint = dataset.fingerprint
        if let snapshot, !fullRefresh, snapshot.configuration[UpdateRunner.fingerprintProperty] == fingerprint,
           versions.allSatisfy({ snapshot.transactions[inputApplicationID($0.key)]?.version == $0.value }) {
            result.note = "no input changed"
            return
        }
        let engine = engine()
        let output = try runQuery(query, engine: engine, pinned: versions)
        result.inputRows = output.rowCount
        let expectations = ExpectationEvaluator(dataset: name, expectations: dataset.expectations, warehouse: pipeline.storage)
        try expectations.validate(output.schema)
        let staged = StagedFiles(table: table, schema: output.schema, partitionColumns: dataset.partitionBy, configuration: snapshot?.configuration ?? [:], options: writeOptions)
        for b in output.batches { try staged.write(try expectations.apply(b)) }
        var commit = TableCommit(table: table, snapshot: snapshot, schema: output.schema, operation: snapshot == nil ? "CREATE TABLE AS SELECT" : "CREATE OR REPLACE TABLE AS SELECT", options: writeOptions)
        commit.partitionColumns = dataset.partitionBy
        commit.description = dataset.comment
        commit.adds = try staged.finish()
        commit.removeAll()
        var props = properties(snapshot)
        props[UpdateRunner.fingerprintProperty] = fingerprint
        commit.properties = props
        commit.transactions = versions.keys.sorted().map { SetTransaction(appId: inputApplicationID($0), version: versions[$0]!) }
        commit.parameters = ["isManaged": "true", "description": dataset.comment ?? "", "partitionBy": "[" + dataset.partitionBy.map { "\"\($0)\"" }.joined(separator: ",") + "]"]
        commit.metrics = ["numFiles": String(commit.adds.count), "numOutputRows": String(staged.rowsWritten), "numRemovedFiles": String(commit.removes.count)]
        CrashPoint.beforeCommit.reach(name)
        result.versionAfter = try commit.commit()
        result.status = .updated
        result.outputRows = staged.rowsWritten
        result.expectations = expectations.metrics
        result.droppedRecords = expectations.droppedRecords
    }

    // MARK: - Queries

    func runQuery(_ query: DatasetQuery, engine: QueryEngine, pinned: [String: Int64]? = nil) throws -> QueryResult {
        var versions = pinned ?? [:]
        if pinned == nil {
            for input in query.staticInputs where versions[input] == nil {
                let t = runner.table(input)
                if (try? t.exists()) == true, let v = try? t.latestVersion() { versions[input] = v }
            }
        }
        do {
            return try engine.execute(.query(query.pinned(versions)))
        } catch let e as QueryError {
            throw DependencyGraph.sqlError(e, dataset, pipeline)
        }
    }

    /// A boolean SQL condition over rows, one value per row (NULL is false).
    func evaluate(_ condition: String, on batches: [RecordBatch], schema: Schema, engine: QueryEngine) throws -> [Bool] {
        let all = TableRows.concatenate(batches, schema: schema)
        guard all.count > 0 else { return [] }
        // A row "violates" NOT coalesce(condition, false) exactly when the condition is true.
        let evaluator = ExpectationEvaluator(dataset: name, expectations: [Expectation("apply_as_deletes", "NOT coalesce((\(condition)), false)")], warehouse: pipeline.storage)
        return try evaluator.violations(all)[0]
    }
}
