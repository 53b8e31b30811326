import Columnar
import Delta
import Foundation
import LakeJSON

/// One commit a dataset's refresh makes: data files added and removed, the application
/// transactions recording what input it consumed, and the table's metadata when it is
/// created or its schema or properties change — all in one atomic Delta commit.
struct TableCommit {
    let table: DeltaTable
    let snapshot: Snapshot?
    /// The table's schema after the commit.
    var schema: Schema
    var partitionColumns: [String] = []
    /// Properties set (merged into the table's configuration).
    var properties: [String: String] = [:]
    var description: String?
    var adds: [AddFile] = []
    var removes: [RemoveFile] = []
    var transactions: [SetTransaction] = []
    var operation: String
    var parameters: [String: String] = [:]
    var metrics: [String: String] = [:]
    var readWholeTable = false
    /// Members added to the commitInfo (a job's ids when a job runs the update).
    let extraCommitInfo: [JSONObject.Member]

    init(table: DeltaTable, snapshot: Snapshot?, schema: Schema, operation: String, options: WriteOptions) {
        self.table = table
        self.snapshot = snapshot
        self.schema = schema
        self.operation = operation
        extraCommitInfo = options.extraCommitInfo
    }

    /// Every file of the snapshot, removed.
    mutating func removeAll() {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        removes = snapshot?.files.map { RemoveFile(removing: $0, at: now) } ?? []
        readWholeTable = snapshot != nil
    }

    /// Commits; returns the new version.
    func commit() throws -> Int64 {
        let transaction = Transaction(table: table, readSnapshot: snapshot, operation: operation)
        transaction.operationParameters = parameters
        transaction.operationMetrics = metrics
        transaction.readWholeTable = readWholeTable
        transaction.extraCommitInfo = extraCommitInfo
        if !removes.isEmpty && !readWholeTable { transaction.isolationLevel = .serializable }
        var actions: [Action] = []
        let configuration = (snapshot?.configuration ?? [:]).merging(properties) { _, new in new }
        let nullable = Schema(schema.fields.map { var f = $0; f.nullable = true; return f })
        if let snapshot {
            if nullable != snapshot.schema || configuration != snapshot.configuration {
                var m = snapshot.metadata
                m.schemaString = DeltaSchema.serialize(nullable)
                m.configuration = configuration
                actions.append(.metadata(m))
            }
        } else {
            actions.append(.protocol(Protocol(minReaderVersion: 1, minWriterVersion: 2)))
            actions.append(.metadata(Metadata(
                id: UUID().uuidString.lowercased(), description: description, schemaString: DeltaSchema.serialize(nullable),
                partitionColumns: partitionColumns, configuration: configuration, createdTime: Int64(Date().timeIntervalSince1970 * 1000))))
        }
        actions += removes.map { .remove($0) }
        actions += adds.map { .add($0) }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        actions += transactions.map { var t = $0; t.lastUpdated = now; return .txn(t) }
        transaction.add(actions)
        do {
            return try transaction.commit().version
        } catch let e as DeltaError {
            throw PipelineError(.execution, "cannot commit to \(table.location): \(e)", cause: e)
        }
    }
}

/// Reading dataset tables.
enum TableRows {
    /// Every row of a snapshot.
    static func all(_ snapshot: Snapshot, _ storage: any Storage) throws -> [RecordBatch] {
        var out: [RecordBatch] = []
        var batches = try Scan(snapshot: snapshot, storage: storage).batches()
        while let b = try batches.next() { out.append(b) }
        return out
    }

    /// The rows appended to `table` after version `from` (exclusive; -1 for all) up to
    /// `snapshot`. Throws ``PipelineError/Code/nonAppendInput`` when files were removed in
    /// between (the input was rewritten, not appended to).
    static func appended(_ table: DeltaTable, from: Int64, to snapshot: Snapshot, input: String, reader: String) throws -> [RecordBatch] {
        guard from < snapshot.version else { return [] }
        var known = Set<String>()
        if from >= 0 {
            let old = try table.snapshot(version: from)
            known = Set(old.files.map(\.path))
            let now = Set(snapshot.files.map(\.path))
            if !known.isSubset(of: now) {
                throw PipelineError(.nonAppendInput, "\(input) was rewritten since version \(from) (files were removed, not only appended), so \(reader) cannot read it incrementally; run a full refresh of \(reader)", dataset: reader)
            }
        }
        let scan = try Scan(snapshot: snapshot, storage: table.storage)
        var out: [RecordBatch] = []
        for file in try scan.plan().files where !known.contains(file.add.path) {
            let reader = try ScanFileReader(scan: scan, file: file)
            for g in 0..<reader.rowGroupCount {
                let b = try reader.readRowGroup(g).batch
                if b.count > 0 { out.append(b) }
            }
        }
        return out
    }

    /// The number of rows of a snapshot, from the files' statistics when they all have them.
    static func count(_ snapshot: Snapshot, _ storage: any Storage) -> Int64? {
        var total: Int64 = 0
        for f in snapshot.files {
            guard let stats = f.stats, let range = stats.range(of: "\"numRecords\":") else { return nil }
            let digits = stats[range.upperBound...].prefix { $0.isNumber }
            guard let n = Int64(digits) else { return nil }
            total += n
        }
        return total
    }

    /// Batches of one schema as one batch.
    static func concatenate(_ batches: [RecordBatch], schema: Schema) -> RecordBatch {
        let nonEmpty = batches.filter { $0.count > 0 }
        if nonEmpty.count == 1 { return nonEmpty[0] }
        guard !nonEmpty.isEmpty else { return RecordBatch(empty: schema) }
        let columns = schema.fields.indices.map { i in Column.concatenate(nonEmpty.map { $0.columns[i] }) }
        return RecordBatch(schema: schema, columns: columns, count: nonEmpty.reduce(0) { $0 + $1.count })
    }
}
