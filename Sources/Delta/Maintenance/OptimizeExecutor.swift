import Columnar
import LakeJSON

/// Runs OPTIMIZE on one snapshot: selects the files (partition predicate, size, deleted-row
/// ratio), groups them into bins per partition (``BinPacking``), rewrites each bin — streaming
/// row group by row group for bin-packing, sorted by z-value (``ZOrder``) for Z-ordering —
/// with deletion vectors applied, and commits the new files and the removal of the old ones
/// with dataChange = false at SnapshotIsolation, so concurrent appends never conflict with
/// it while a concurrent removal of a rewritten file does.
struct OptimizeExecutor {
    let table: DeltaTable
    let snapshot: Snapshot
    let options: OptimizeOptions

    /// 1 GiB, Spark's default `spark.databricks.delta.optimize.maxFileSize`.
    static let defaultMaxFileSize: Int64 = 1 << 30

    var location: String { table.location }

    /// The target file size: the option, else `delta.targetFileSize`, else 1 GiB.
    func maxFileSize() throws -> Int64 {
        if let size = options.maxFileSize {
            guard size > 0 else { throw DeltaError(.invalidArgument, "the target file size must be positive, not \(size)", table: location) }
            return size
        }
        if let text = snapshot.configuration["delta.targetFileSize"] {
            guard let size = Self.byteSize(text), size > 0 else {
                throw DeltaError(.invalidArgument, "delta.targetFileSize '\(text)' is not a size in bytes (e.g. 134217728 or 128mb)", table: location)
            }
            return size
        }
        return Self.defaultMaxFileSize
    }

    /// `134217728`, `128mb`, `1g`, `512 KB` → bytes.
    static func byteSize(_ text: String) -> Int64? {
        let t = text.lowercased().filter { $0 != " " }
        let digits = t.prefix { $0.isNumber }
        guard let n = Int64(digits) else { return nil }
        let factor: Int64
        switch t.dropFirst(digits.count) {
        case "", "b": factor = 1
        case "k", "kb", "kib": factor = 1 << 10
        case "m", "mb", "mib": factor = 1 << 20
        case "g", "gb", "gib": factor = 1 << 30
        case "t", "tb", "tib": factor = 1 << 40
        default: return nil
        }
        let (product, overflow) = n.multipliedReportingOverflow(by: factor)
        return overflow ? nil : product
    }

    /// Checks the partition predicate (partition columns only) and binds it.
    func boundPredicate() throws -> Expression? {
        guard let predicate = options.partitionPredicate else { return nil }
        let partitions = snapshot.partitionColumns
        for column in predicate.columns {
            let top = String(column.split(separator: ".").first ?? "")
            guard partitions.contains(where: { $0.lowercased() == top.lowercased() }) else {
                throw DeltaError(.invalidArgument,
                    "Predicate references non-partition column '\(column)'. Only the partition columns may be referenced: [\(partitions.joined(separator: ", "))]",
                    table: location)
            }
        }
        return try predicate.bound(to: snapshot.schema)
    }

    /// Checks the Z-order columns: existing, not partition columns, of a sortable type, with
    /// statistics collected (Z-ordering a column without statistics cannot skip anything).
    func zOrderColumns() throws -> [String] {
        let partitions = Set(snapshot.partitionColumns.map { $0.lowercased() })
        var out: [String] = []
        let indexed = snapshot.configuration["delta.dataSkippingNumIndexedCols"].flatMap { Int($0) } ?? 32
        let statsColumns = snapshot.configuration["delta.dataSkippingStatsColumns"].map {
            Set($0.split(separator: ",").map { $0.filter { $0 != " " }.lowercased() })
        }
        let dataFields = snapshot.dataSchema.fields
        for name in options.zOrderBy {
            if partitions.contains(name.lowercased()) {
                throw DeltaError(.invalidArgument, "\(name) is a partition column. Z-Ordering can only be performed on data columns", table: location)
            }
            guard let position = dataFields.firstIndex(where: { $0.name.lowercased() == name.lowercased() }) else {
                let hint = Suggestions.nearest(name, snapshot.schema.fields.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
                throw DeltaError(.invalidArgument, "Z-Ordering column \(name) does not exist in data schema\(hint)", table: location)
            }
            let field = dataFields[position]
            guard ZOrder.supports(field.type) else {
                throw DeltaError(.invalidArgument, "Z-Ordering column \(field.name) is a \(field.type.sqlName); only columns of primitive types can be Z-ordered", table: location)
            }
            let hasStats: Bool
            if let statsColumns {
                hasStats = statsColumns.contains(field.name.lowercased())
            } else {
                hasStats = indexed < 0 || Self.leafIndex(of: position, in: dataFields) < indexed
            }
            guard hasStats else {
                throw DeltaError(.invalidArgument,
                    "Z-Ordering on [\(field.name)] will be ineffective, because we currently do not collect stats for these columns (delta.dataSkippingNumIndexedCols = \(indexed)). Reorder the columns or raise delta.dataSkippingNumIndexedCols",
                    table: location)
            }
            if !out.contains(field.name) { out.append(field.name) }
        }
        return out
    }

    /// The number of leaf columns before top-level field `position` (statistics count leaves).
    static func leafIndex(of position: Int, in fields: [Field]) -> Int {
        func leaves(_ type: DataType) -> Int {
            switch type {
            case .struct(let children): children.reduce(0) { $0 + leaves($1.type) }
            case .list, .map: 0
            default: 1
            }
        }
        return fields.prefix(position).reduce(0) { $0 + leaves($1.type) }
    }

    func run() throws -> OptimizeMetrics {
        var metrics = OptimizeMetrics()
        metrics.startTimeMs = Clock.nowMillis()
        try TableFeatures.checkWritable(snapshot.protocol, location: location)
        let maxFileSize = try maxFileSize()
        let minFileSize = options.minFileSize ?? maxFileSize
        let predicate = try boundPredicate()
        let zOrderBy = try zOrderColumns()
        let zOrder = !zOrderBy.isEmpty
        metrics.zOrderBy = zOrderBy
        metrics.numTableColumns = snapshot.schema.count
        let indexed = snapshot.configuration["delta.dataSkippingNumIndexedCols"].flatMap { Int($0) } ?? 32
        metrics.numTableColumnsWithStats = indexed < 0 ? snapshot.schema.count : min(indexed, snapshot.schema.count)

        // The files the predicate selects (partition pruning only: it names partition columns).
        let candidates = try Scan(snapshot: snapshot, storage: table.storage, predicate: predicate).plan().files
        metrics.totalConsideredFiles = candidates.count
        let selected = zOrder ? candidates : candidates.filter { file in
            file.add.size < minFileSize || Self.hasManyDeletedRows(file, ratio: options.maxDeletedRowsRatio)
        }
        // Group by partition, in the order partitions first appear.
        var groups: [[String: String?]: [ScanFile]] = [:]
        var order: [[String: String?]] = []
        for file in selected {
            if groups[file.add.partitionValues] == nil { order.append(file.add.partitionValues) }
            groups[file.add.partitionValues, default: []].append(file)
        }
        var jobs: [[ScanFile]] = []
        for key in order {
            let files = groups[key]!
            let byPath = Dictionary(files.map { ($0.add.key, $0) }, uniquingKeysWith: { a, _ in a })
            for bin in BinPacking.bins(files.map(\.add), maxBinSize: zOrder ? Int64.max : maxFileSize, zOrder: zOrder) {
                jobs.append(bin.compactMap { byPath[$0.key] })
            }
        }
        metrics.numBatches = jobs.count
        metrics.partitionsOptimized = Set(jobs.map { $0[0].add.partitionValues }).count

        let now = Clock.nowMillis()
        var adds: [AddFile] = []
        var removes: [RemoveFile] = []
        var removedDVs: [DeletionVectorDescriptor] = []
        let reader = try Scan(snapshot: snapshot, storage: table.storage, columns: snapshot.dataSchema.fields.map(\.name))
        for bin in jobs {
            let partition = bin[0].add.partitionValues
            let (written, rows) = zOrder
                ? try rewriteZOrdered(bin, partition: partition, reader: reader, columns: zOrderBy, maxFileSize: maxFileSize)
                : try rewriteBin(bin, partition: partition, reader: reader)
            adds += written
            metrics.numRowsRewritten += rows
            for file in bin {
                removes.append(RemoveFile(removing: file.add, at: now, dataChange: false))
                if let dv = file.add.deletionVector { removedDVs.append(dv) }
            }
        }
        metrics.numFilesAdded = adds.count
        metrics.numFilesRemoved = removes.count
        metrics.filesAdded = FileSizeMetrics(adds.map(\.size))
        metrics.filesRemoved = FileSizeMetrics(removes.map { $0.size ?? 0 })
        metrics.totalFilesSkipped = metrics.totalConsideredFiles - removes.count
        metrics.numDeletionVectorsRemoved = removedDVs.count
        metrics.numDeletionVectorRowsRemoved = removedDVs.reduce(0) { $0 + $1.cardinality }

        if !removes.isEmpty {
            let transaction = Transaction(table: table, readSnapshot: snapshot, operation: "OPTIMIZE")
            transaction.isolationLevel = .snapshotIsolation
            transaction.operationParameters = [
                "predicate": Self.jsonArray(predicate.map { [$0.description] } ?? []),
                "zOrderBy": Self.jsonArray(zOrderBy),
                "auto": "false",
            ]
            let sizes = adds.map(\.size).sorted()
            func percentile(_ q: Double) -> Int64 { sizes.isEmpty ? 0 : sizes[min(sizes.count - 1, Int(Double(sizes.count - 1) * q + 0.5))] }
            transaction.operationMetrics = [
                "numAddedFiles": String(adds.count), "numRemovedFiles": String(removes.count),
                "numAddedBytes": String(metrics.filesAdded.totalSize), "numRemovedBytes": String(metrics.filesRemoved.totalSize),
                "minFileSize": String(percentile(0)), "p25FileSize": String(percentile(0.25)), "p50FileSize": String(percentile(0.5)),
                "p75FileSize": String(percentile(0.75)), "maxFileSize": String(percentile(1)),
                "numDeletionVectorsRemoved": String(removedDVs.count),
                "numDeletionVectorRowsRemoved": String(metrics.numDeletionVectorRowsRemoved),
                "numDeletionVectorBytesRemoved": String(removedDVs.reduce(0) { $0 + Int64($1.sizeInBytes) }),
            ]
            transaction.add(adds.map { .add($0) } + removes.map { .remove($0) })
            metrics.commit = try transaction.commit()
        }
        metrics.endTimeMs = Clock.nowMillis()
        return metrics
    }

    /// Whether a file's deletion vector marks more than `ratio` of its rows (or the file has a
    /// deletion vector but no row count to tell).
    static func hasManyDeletedRows(_ file: ScanFile, ratio: Double) -> Bool {
        guard let dv = file.add.deletionVector else { return false }
        guard let rows = file.numRecords, rows > 0 else { return true }
        return Double(dv.cardinality) / Double(rows) > ratio
    }

    static func jsonArray(_ items: [String]) -> String {
        JSONValue.array(items.map { .string($0) }).serialized()
    }

    func writer() -> DataFileWriter {
        var writeOptions = WriteOptions()
        writeOptions.targetFileSize = Int.max
        writeOptions.parquet = options.parquet
        return DataFileWriter(
            table: table, schema: snapshot.schema, partitionColumns: snapshot.partitionColumns,
            configuration: snapshot.configuration, options: writeOptions, dataChange: false)
    }

    /// Bin-packing: the bin's rows, streamed one row group at a time into one new file.
    func rewriteBin(_ bin: [ScanFile], partition: [String: String?], reader scan: Scan) throws -> ([AddFile], Int64) {
        let out = writer()
        for file in bin {
            let reader = try ScanFileReader(scan: scan, file: file)
            for group in 0..<reader.rowGroupCount {
                try out.write(dataBatch: try reader.readRowGroup(group).batch, partitionValues: partition)
            }
        }
        return (try out.finish(), Int64(out.rows))
    }

    /// Z-ordering: every row of the partition, sorted by z-value, cut into
    /// `max(1, bytes / maxFileSize)` files of equal row counts.
    func rewriteZOrdered(_ bin: [ScanFile], partition: [String: String?], reader scan: Scan, columns: [String], maxFileSize: Int64) throws -> ([AddFile], Int64) {
        var parts: [RecordBatch] = []
        for file in bin {
            let reader = try ScanFileReader(scan: scan, file: file)
            for group in 0..<reader.rowGroupCount {
                let batch = try reader.readRowGroup(group).batch
                if batch.count > 0 { parts.append(batch) }
            }
        }
        let schema = scan.outputSchema
        let count = parts.reduce(0) { $0 + $1.count }
        guard count > 0 else { return ([], 0) }
        var all = schema.fields.indices.map { i in Column.concatenate(parts.map { $0.columns[i] }) }
        parts = []
        let keyColumns = columns.compactMap { name in schema.fields.firstIndex { $0.name == name }.map { all[$0] } }
        let permutation = ZOrder.permutation(keyColumns, count: count)
        all = all.map { $0.gather(permutation) }
        let totalSize = bin.reduce(Int64(0)) { $0 + $1.add.size }
        let files = Int(max(1, min(Int64(count), totalSize / maxFileSize)))
        var adds: [AddFile] = []
        for f in 0..<files {
            let range = (count * f / files)..<(count * (f + 1) / files)
            guard !range.isEmpty else { continue }
            let out = writer()
            try out.write(dataBatch: RecordBatch(schema: schema, columns: all.map { $0.slice(range) }, count: range.count), partitionValues: partition)
            adds += try out.finish()
        }
        return (adds, Int64(count))
    }
}
