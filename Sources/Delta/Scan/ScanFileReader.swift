import Columnar
import Parquet

/// Reads one data file of a scan into batches of the scan's output schema, one row group at
/// a time — in order (``next(_:)``) or, from several threads at once, by index
/// (``readRowGroup(_:)``): partition columns filled in, missing columns as nulls, column
/// mapping and type widening applied, deletion vectors honoured.
public final class ScanFileReader: Sendable {
    let scan: Scan
    /// The file.
    public let file: ScanFile
    let reader: ParquetFileReader
    /// For each output field: the data file's top-level column index (nil: missing → nulls;
    /// partition columns are filled from the log).
    let sources: [Int?]
    let deleted: DeletionMask?
    /// The first row of each row group, within the file (for deletion vectors).
    let firstRows: [Int]

    /// Opens `file` of `scan`.
    public init(scan: Scan, file: ScanFile) throws {
        self.scan = scan
        self.file = file
        let path = try Self.localPath(file.add.path, storage: scan.storage)
        do {
            reader = try ParquetFileReader(path: path)
        } catch let error as ParquetError {
            throw DeltaError(.dataFile, "cannot read data file '\(file.add.path)': \(error)", table: scan.snapshot.location, cause: error)
        }
        let fileFields = reader.schema.schema.fields
        let partitions = Set(scan.snapshot.partitionColumns.map { $0.lowercased() })
        sources = scan.outputSchema.fields.map { field in
            partitions.contains(field.name.lowercased()) ? nil : scan.mapping.index(of: field, in: fileFields)
        }
        if let dv = file.add.deletionVector {
            deleted = try DeletionMask(dv, tableRoot: scan.storage.localPath("") ?? scan.snapshot.location, file: file.add.path)
        } else {
            deleted = nil
        }
        var offsets: [Int] = []
        var total = 0
        for group in reader.metadata.rowGroups {
            offsets.append(total)
            total += Int(group.numRows)
        }
        firstRows = offsets
    }

    /// Number of row groups in the file.
    public var rowGroupCount: Int { reader.rowGroupCount }

    /// Whether row group `index` may hold rows matching the scan's predicate (by its Parquet
    /// statistics); always true without a predicate.
    public func rowGroupMightMatch(_ index: Int) -> Bool {
        guard let predicate = scan.predicate else { return true }
        let rowGroup = reader.metadata.rowGroups[index]
        return predicate.mightMatch { self.rowGroupFacts(rowGroup, $0) }
    }

    /// Row group `index` as a batch of the scan's output schema, deletion vectors applied
    /// (rows are filtered by the predicate only with ``Scan/filterRows``). Safe to call from
    /// several threads for different row groups.
    public func readRowGroup(_ index: Int) throws -> (batch: RecordBatch, deleted: Int) {
        var (batch, removed) = try readRowGroup(index, columns: Array(scan.outputSchema.fields.indices))
        if scan.filterRows, let predicate = scan.predicate {
            let truth = try predicate.evaluate(batch)
            let keep = truth.enumerated().compactMap { $0.element == true ? Int32($0.offset) : nil }
            if keep.count < batch.count { batch = Self.take(batch, keep) }
        }
        return (batch, removed)
    }

    /// Only the output columns at `columns` (indices into the scan's output schema, in that
    /// order) of row group `index`, deletion vectors applied and no predicate filtering — for
    /// engines that decode their filter columns first and the rest only for surviving rows.
    public func readRowGroup(_ index: Int, columns: [Int]) throws -> (batch: RecordBatch, deleted: Int) {
        let rows = Int(reader.metadata.rowGroups[index].numRows)
        var batch = try read(index, rows: rows, columns: columns)
        var removed = 0
        if let deleted {
            let keep = deleted.survivors(from: firstRows[index], count: rows)
            if keep.count < rows {
                removed = rows - keep.count
                batch = Self.take(batch, keep)
            }
        }
        return (batch, removed)
    }

    /// The local path of a data file from its (URL-encoded, relative or absolute) add path.
    static func localPath(_ addPath: String, storage: any Storage) throws -> String {
        let decoded = PathEncoding.decode(addPath)
        if decoded.hasPrefix("file://") {
            var rest = decoded.dropFirst(7)
            if rest.hasPrefix("localhost/") { rest = rest.dropFirst(9) }
            return String(rest)
        }
        if decoded.hasPrefix("file:/") { return String(decoded.dropFirst(5)) }
        if decoded.hasPrefix("/") { return decoded }
        guard let local = storage.localPath(decoded) else {
            throw DeltaError(.unsupportedFeature, "data file '\(addPath)' is not on the local filesystem", table: storage.location)
        }
        return local
    }

    /// Facts about a column in the current row group, from Parquet statistics (top-level
    /// primitive columns only).
    func rowGroupFacts(_ rowGroup: RowGroup, _ column: String) -> ColumnFacts {
        guard let outIndex = scan.outputSchema.index(of: column) ?? scan.snapshot.schema.index(of: column) else { return .unknown }
        let field = scan.snapshot.schema[column] ?? scan.outputSchema.fields[outIndex]
        if let v = file.partitionValues[field.name] { return .exact(v) }
        guard let top = scan.mapping.index(of: field, in: reader.schema.schema.fields),
              reader.schema.fieldLeaves[top].count == 1 else { return .unknown }
        let leaf = reader.schema.fieldLeaves[top].lowerBound
        let descriptor = reader.schema.leaves[leaf]
        guard descriptor.maxRepetitionLevel == 0, let meta = rowGroup.columns[leaf].metaData, let stats = meta.statistics else {
            return .unknown
        }
        let lo = (stats.minValue ?? stats.min).flatMap { descriptor.statisticValue($0) }
        let hi = (stats.maxValue ?? stats.max).flatMap { descriptor.statisticValue($0) }
        // Legacy min/max of binary columns are signed-ordered: only trust the new fields there.
        let trusted = stats.minValue != nil || !descriptor.valueType.isByteArray
        return .range(min: trusted ? lo : nil, max: trusted ? hi : nil, nullCount: stats.nullCount, rowCount: rowGroup.numRows)
    }

    static func take(_ batch: RecordBatch, _ rows: [Int32]) -> RecordBatch {
        RecordBatch(schema: batch.schema, columns: batch.columns.map { $0.gather(rows) }, count: rows.count)
    }

    func read(_ index: Int, rows: Int, columns: [Int]) throws -> RecordBatch {
        let wanted = columns.compactMap { sources[$0] }
        let raw: RecordBatch
        do {
            raw = try reader.readRowGroup(index, columns: wanted)
        } catch let error as ParquetError {
            throw DeltaError(.dataFile, "cannot read data file '\(file.add.path)': \(error)", table: scan.snapshot.location, cause: error)
        }
        var out: [Column] = []
        out.reserveCapacity(columns.count)
        var k = 0
        for i in columns {
            let field = scan.outputSchema.fields[i]
            if sources[i] != nil {
                out.append(try conform(raw.columns[k], raw.schema.fields[k], to: field, path: field.name))
                k += 1
            } else if let value = file.partitionValues[field.name] {
                out.append(.repeating(value, field.type, count: rows))
            } else {
                out.append(.nulls(field.type, count: rows))
            }
        }
        return RecordBatch(schema: Schema(columns.map { scan.outputSchema.fields[$0] }), columns: out, count: rows)
    }

    /// Makes a column read from a data file fit the table's field: nested fields matched by
    /// column mapping and renamed, missing nested fields as nulls, safe widening casts applied.
    func conform(_ column: Column, _ source: Field, to target: Field, path: String) throws -> Column {
        if column.type == target.type { return column }
        switch (column.type, target.type) {
        case (.struct(let sourceFields), .struct(let targetFields)):
            var children: [Column] = []
            for t in targetFields {
                if let j = scan.mapping.index(of: t, in: sourceFields) {
                    children.append(try conform(column.children[j], sourceFields[j], to: t, path: path + "." + t.name))
                } else {
                    children.append(.nulls(t.type, count: column.count))
                }
            }
            return Column(type: target.type, count: column.count, validity: column.validity, values: Buffer(), children: children)
        case (.list(let se), .list(let te)):
            var out = column
            out.type = target.type
            out.children = [try conform(column.children[0], se, to: te, path: path + ".element")]
            return out
        case (.map(let sk, let sv), .map(let tk, let tv)):
            var out = column
            out.type = target.type
            out.children = [
                try conform(column.children[0], sk, to: tk, path: path + ".key"),
                try conform(column.children[1], sv, to: tv, path: path + ".value"),
            ]
            return out
        default:
            guard let cast = Widening.cast(column, to: target.type) else {
                throw DeltaError(.schemaMismatch, "data file '\(file.add.path)' stores column '\(path)' as \(column.type.sqlName), which cannot be read as the table's \(target.type.sqlName)", table: scan.snapshot.location)
            }
            return cast
        }
    }
}
