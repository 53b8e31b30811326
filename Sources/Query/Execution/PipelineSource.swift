import Columnar
import Delta
import Parquet
import TextFormats

/// Where a pipeline's batches come from, cut into *morsels* — one Parquet row group, or one
/// in-memory batch — that worker threads claim one at a time.
final class PipelineSource: @unchecked Sendable {
    enum Morsel {
        case deltaRowGroup(ScanFileReader, Int)
        case parquetRowGroup(ParquetFileReader, Int, columns: [Int])
        case batch(RecordBatch)
    }

    let morsels: [Morsel]
    let schema: Schema
    /// What pruning achieved (for EXPLAIN).
    private(set) var metrics = ScanMetrics()

    init(batches: [RecordBatch], schema: Schema) {
        morsels = batches.map { .batch($0) }
        self.schema = schema
    }

    /// Plans a scan: files pruned by partition values and statistics, row groups by Parquet
    /// statistics.
    init(scan: TableScan) throws {
        schema = scan.schema
        let predicate = scan.pushedPredicate.flatMap { PushDown.deltaExpression($0, scan.schema) }
        var morsels: [Morsel] = []
        var metrics = ScanMetrics()
        switch scan.source {
        case .delta(let table, let snapshot):
            let deltaScan = try Scan(snapshot: snapshot, storage: table.storage, columns: scan.schema.fields.map(\.name), predicate: predicate)
            let (files, planned) = try deltaScan.plan()
            metrics = planned
            for file in files {
                let reader = try ScanFileReader(scan: deltaScan, file: file)
                for g in 0..<reader.rowGroupCount {
                    metrics.rowGroupsTotal += 1
                    if reader.rowGroupMightMatch(g) {
                        morsels.append(.deltaRowGroup(reader, g))
                    } else {
                        metrics.rowGroupsSkipped += 1
                    }
                }
            }
        case .parquet(let paths):
            metrics.filesTotal = paths.count
            for path in paths {
                let reader = try ParquetFileReader(path: path)
                let columns = try scan.schema.fields.map { field -> Int in
                    guard let i = reader.schema.schema.index(of: field.name) else {
                        throw QueryError(.execution, "file '\(path)' has no column '\(field.name)'")
                    }
                    return i
                }
                for g in 0..<reader.rowGroupCount {
                    metrics.rowGroupsTotal += 1
                    if let predicate, !PushDown.rowGroupMightMatch(predicate, reader, g) {
                        metrics.rowGroupsSkipped += 1
                        continue
                    }
                    morsels.append(.parquetRowGroup(reader, g, columns: columns))
                }
            }
        case .csv(let paths):
            for path in paths {
                var reader = try CSVReader(path: path)
                while let batch = try reader.next() { morsels.append(.batch(try Self.project(batch, scan.schema))) }
            }
        case .json(let paths):
            for path in paths {
                var reader = try JSONLinesReader(path: path)
                while let batch = try reader.next() { morsels.append(.batch(try Self.project(batch, scan.schema))) }
            }
        case .batches(let batches):
            morsels = batches.map { .batch(Self.columns($0, scan.columns, scan.schema)) }
        }
        self.morsels = morsels
        self.metrics = metrics
    }

    static func columns(_ batch: RecordBatch, _ indices: [Int], _ schema: Schema) -> RecordBatch {
        RecordBatch(schema: schema, columns: indices.map { batch.columns[$0] }, count: batch.count)
    }

    static func project(_ batch: RecordBatch, _ schema: Schema) throws -> RecordBatch {
        let columns = try schema.fields.map { f -> Column in
            guard let i = batch.schema.index(of: f.name) else { throw QueryError(.execution, "no column '\(f.name)' in the file") }
            return batch.columns[i]
        }
        return RecordBatch(schema: schema, columns: columns, count: batch.count)
    }

    /// Reads morsel `index`.
    func read(_ index: Int) throws -> RecordBatch {
        try read(index, columns: nil)
    }

    /// Whether morsels are read from files, a column at a time, so that reading fewer columns
    /// saves work.
    var readsColumnsLazily: Bool {
        switch morsels.first {
        case .deltaRowGroup?, .parquetRowGroup?: true
        default: false
        }
    }

    /// Reads the columns at `columns` (indices into ``schema``; nil: all) of morsel `index`.
    func read(_ index: Int, columns subset: [Int]?) throws -> RecordBatch {
        let fields = subset.map { Schema($0.map { schema.fields[$0] }) } ?? schema
        switch morsels[index] {
        case .batch(let b):
            guard let subset else { return b }
            return RecordBatch(schema: fields, columns: subset.map { b.columns[$0] }, count: b.count)
        case .deltaRowGroup(let reader, let g):
            do {
                if let subset { return try reader.readRowGroup(g, columns: subset).batch }
                return try reader.readRowGroup(g).batch
            } catch let error as DeltaError {
                throw QueryError(.execution, error.description, cause: error)
            }
        case .parquetRowGroup(let reader, let g, let columns):
            do {
                let b = try reader.readRowGroup(g, columns: subset.map { $0.map { columns[$0] } } ?? columns)
                return RecordBatch(schema: fields, columns: b.columns, count: b.count)
            } catch let error as ParquetError {
                throw QueryError(.execution, error.description, cause: error)
            }
        }
    }
}
