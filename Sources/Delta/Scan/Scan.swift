import Columnar
import Parquet

/// Reads one table version: projection, and a predicate pushed down to partition pruning, to
/// file skipping from the add actions' statistics and to Parquet row-group statistics.
/// Batches stream out one row group at a time in the table's logical schema, with partition
/// columns filled in, columns missing from older files as nulls, column mapping resolved and
/// deletion vectors applied.
///
/// The predicate only skips data that cannot match; rows that survive are not filtered one by
/// one unless ``filterRows`` is set (the query engine filters with its own kernels).
public struct Scan: Sendable {
    /// The version read.
    public let snapshot: Snapshot
    /// The columns returned, in order.
    public let outputSchema: Schema
    /// The predicate, bound to the table schema.
    public let predicate: Expression?
    /// Whether rows not satisfying the predicate are removed from the output.
    public var filterRows = false
    let storage: any Storage
    let mapping: ColumnMappingMode

    /// A scan of `snapshot` returning `columns` (nil: all) where `predicate` may hold.
    public init(snapshot: Snapshot, storage: any Storage, columns: [String]? = nil, predicate: Expression? = nil) throws {
        self.snapshot = snapshot
        self.storage = storage
        mapping = ColumnMappingMode(configuration: snapshot.configuration)
        if let columns {
            outputSchema = Schema(try columns.map { name in
                guard let field = snapshot.schema[name] else {
                    let hint = Suggestions.nearest(name, snapshot.schema.fields.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
                    throw DeltaError(.invalidArgument, "no column '\(name)' in the table (columns: \(snapshot.schema.fields.map(\.name).joined(separator: ", ")))\(hint)", table: snapshot.location)
                }
                return field
            })
        } else {
            outputSchema = snapshot.schema
        }
        self.predicate = try predicate.map { try $0.bound(to: snapshot.schema) }
    }

    /// Partition value strings parsed to the partition columns' types.
    func typedPartitionValues(_ add: AddFile) throws -> [String: Value] {
        var out: [String: Value] = [:]
        for name in snapshot.partitionColumns {
            guard let field = snapshot.schema[name] else { continue }
            let physical = mapping.physicalName(field)
            let raw = add.partitionValues[physical] ?? add.partitionValues[name] ?? nil
            guard let raw, !raw.isEmpty else {
                out[field.name] = .null
                continue
            }
            guard let value = Literals.parse(raw, as: field.type) else {
                throw DeltaError(.corruptLog, "file '\(add.path)' has partition value '\(raw)' for column '\(name)', which is not a \(field.type.sqlName)", table: snapshot.location)
            }
            out[field.name] = value
        }
        return out
    }

    /// The files to read, after partition pruning and statistics skipping, and the counts.
    public func plan() throws -> (files: [ScanFile], metrics: ScanMetrics) {
        var metrics = ScanMetrics()
        metrics.filesTotal = snapshot.files.count
        var out: [ScanFile] = []
        out.reserveCapacity(snapshot.files.count)
        let partitionNames = Set(snapshot.partitionColumns.map { $0.lowercased() })
        let predicateColumns = predicate?.columns ?? []
        let partitionOnly = predicate.map { _ in predicateColumns.allSatisfy { partitionNames.contains($0.split(separator: ".")[0].lowercased()) } } ?? true
        for add in snapshot.files {
            let partitions = try typedPartitionValues(add)
            let stats = predicate == nil ? nil : FileStats(add.stats)
            if let predicate {
                // Partition pruning first: exact values, no statistics needed.
                let byPartition = predicate.mightMatch { column in
                    if let v = partitions[column] { return .exact(v) }
                    return .unknown
                }
                if !byPartition {
                    metrics.filesSkippedByPartition += 1
                    continue
                }
                if !partitionOnly, let stats {
                    let byStats = predicate.mightMatch { column in
                        if let v = partitions[column] { return .exact(v) }
                        return facts(stats, column)
                    }
                    if !byStats {
                        metrics.filesSkippedByStats += 1
                        continue
                    }
                }
            }
            out.append(ScanFile(add: add, partitionValues: partitions, numRecords: (stats ?? FileStats(add.stats))?.numRecords))
        }
        return (out, metrics)
    }

    /// Statistics facts for a (dotted, logical) column.
    func facts(_ stats: FileStats, _ column: String) -> ColumnFacts {
        var fields = snapshot.schema.fields
        var path: [String] = []
        var type: DataType = .string
        for part in column.split(separator: ".") {
            guard let field = fields.first(where: { $0.name == part }) else { return .unknown }
            path.append(mapping.physicalName(field))
            type = field.type
            if case .struct(let children) = field.type { fields = children } else { fields = [] }
        }
        return stats.facts(path, type)
    }

    /// The scan's batches, one per surviving row group of each file.
    public func batches() throws -> ScanIterator {
        let (files, metrics) = try plan()
        return ScanIterator(scan: self, files: files, metrics: metrics)
    }

    /// All rows in one batch (for small tables and tests).
    public func collect() throws -> RecordBatch {
        var it = try batches()
        var parts: [RecordBatch] = []
        while let b = try it.next() { parts.append(b) }
        guard !parts.isEmpty else { return RecordBatch(empty: outputSchema) }
        let columns = outputSchema.fields.indices.map { i in Column.concatenate(parts.map { $0.columns[i] }) }
        return RecordBatch(schema: outputSchema, columns: columns, count: parts.reduce(0) { $0 + $1.count })
    }
}

/// Streams a scan's batches.
public struct ScanIterator {
    let scan: Scan
    let files: [ScanFile]
    /// Counts so far (row groups and rows grow as files are read).
    public private(set) var metrics: ScanMetrics
    var fileIndex = 0
    var current: ScanFileReader?
    var group = 0

    init(scan: Scan, files: [ScanFile], metrics: ScanMetrics) {
        self.scan = scan
        self.files = files
        self.metrics = metrics
    }

    /// The next batch, or nil at the end.
    public mutating func next() throws -> RecordBatch? {
        while true {
            if let reader = current {
                while group < reader.rowGroupCount {
                    let index = group
                    group += 1
                    metrics.rowGroupsTotal += 1
                    guard reader.rowGroupMightMatch(index) else {
                        metrics.rowGroupsSkipped += 1
                        continue
                    }
                    let (batch, deleted) = try reader.readRowGroup(index)
                    metrics.rowsDeleted += deleted
                    if batch.count == 0 { continue }
                    metrics.rowsRead += batch.count
                    return batch
                }
                current = nil
            }
            guard fileIndex < files.count else { return nil }
            current = try ScanFileReader(scan: scan, file: files[fileIndex])
            group = 0
            fileIndex += 1
        }
    }
}
