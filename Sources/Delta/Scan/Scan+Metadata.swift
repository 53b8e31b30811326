import Columnar

/// What the log alone says *exactly* about the rows a scan returns: their count and, for each
/// output column, its null count and minimum and maximum where the statistics are exact.
/// Query engines answer `count(*)`, `count(c)`, `min(c)` and `max(c)` from it without reading
/// a data file.
public struct MetadataSummary: Sendable, Equatable {
    /// Rows the scan returns (deletion vectors subtracted).
    public var rowCount: Int64
    /// Data files the rows are in.
    public var fileCount: Int
    /// Per output column, in order.
    public var columns: [ColumnSummary]

    /// Creates a summary.
    public init(rowCount: Int64, fileCount: Int, columns: [ColumnSummary]) {
        self.rowCount = rowCount
        self.fileCount = fileCount
        self.columns = columns
    }
}

/// The exact facts about one column of a ``MetadataSummary``.
public struct ColumnSummary: Sendable, Equatable {
    /// Null values in the column, when every file's statistics give it.
    public var nullCount: Int64?
    /// Whether ``min`` and ``max`` are exact (when true and both are nil, every value is null).
    public var hasExactBounds: Bool
    /// The smallest non-null value.
    public var min: Value?
    /// The largest non-null value.
    public var max: Value?

    /// A column with no rows seen yet: zero nulls, bounds exact as far as `exactBounds` says.
    public init(exactBounds: Bool) {
        nullCount = 0
        hasExactBounds = exactBounds
    }

    /// Folds in rows that all hold `value` (a partition value).
    public mutating func add(_ value: Value, rows: Int64) {
        if value.isNull {
            nullCount = nullCount.map { $0 + rows }
        } else if rows > 0 {
            widen(value, value)
        }
    }

    /// Folds in `rows` rows of which `nulls` are null (nil: unknown) with non-null values
    /// between `min` and `max` (nil: unknown, unless every row is null).
    public mutating func add(rows: Int64, nulls: Int64?, min lo: Value?, max hi: Value?) {
        guard let nulls, nulls >= 0, nulls <= rows else {
            nullCount = nil
            hasExactBounds = false
            return
        }
        nullCount = nullCount.map { $0 + nulls }
        guard nulls < rows else { return }
        guard let lo, let hi else {
            hasExactBounds = false
            return
        }
        widen(lo, hi)
    }

    /// Marks null count and bounds as unknown.
    public mutating func forget() {
        nullCount = nil
        hasExactBounds = false
    }

    mutating func widen(_ lo: Value, _ hi: Value) {
        guard hasExactBounds else { return }
        guard let low = min.map({ lo.compare($0) }) ?? -1, let high = max.map({ hi.compare($0) }) ?? 1 else {
            hasExactBounds = false  // incomparable values: the statistics disagree with the type
            return
        }
        if low < 0 { min = lo }
        if high > 0 { max = hi }
    }
}

extension Scan {
    /// The scan's rows summarized from the log: nil when the row count is not exactly known —
    /// a file without `numRecords`, or a predicate on a non-partition column (statistics only
    /// say which files *might* match). A predicate on partition columns is exact: it is
    /// evaluated on each file's partition values, which all its rows share.
    ///
    /// Bounds are exact only for types whose statistics are not truncated or rounded (integers,
    /// decimals, dates, booleans; not strings, which writers cut to a prefix, timestamps, kept
    /// in milliseconds, or floating point, with its NaN and signed zeros), only when every file
    /// has them, and only for files without deletion vectors (their statistics still count the
    /// deleted rows). Partition columns are exact from the partition values.
    public func metadataSummary() throws -> MetadataSummary? {
        let partitionNames = Set(snapshot.partitionColumns.map { $0.lowercased() })
        if let predicate, !predicate.columns.allSatisfy({ partitionNames.contains($0.lowercased()) }) { return nil }
        let partitionSchema = Schema(snapshot.schema.fields.filter { partitionNames.contains($0.name.lowercased()) })
        var rows: Int64 = 0
        var files = 0
        var columns = outputSchema.fields.map { field in
            ColumnSummary(exactBounds: partitionNames.contains(field.name.lowercased()) || Self.hasExactStatistics(field.type))
        }
        for add in snapshot.files {
            let partitions = try typedPartitionValues(add)
            if let predicate {
                let row = RecordBatch(
                    schema: partitionSchema,
                    columns: partitionSchema.fields.map { Column($0.type, [partitions[$0.name] ?? .null]) }, count: 1)
                guard try predicate.evaluate(row).first == true else { continue }
            }
            guard let stats = FileStats(add.stats), let numRecords = stats.numRecords, numRecords >= 0 else { return nil }
            let deleted = add.deletionVector?.cardinality ?? 0
            guard deleted >= 0, deleted <= numRecords else { return nil }
            files += 1
            rows += numRecords - deleted
            for (i, field) in outputSchema.fields.enumerated() {
                if let value = partitions[field.name] {
                    columns[i].add(value, rows: numRecords - deleted)
                } else if deleted == 0, case .range(let lo, let hi, let nulls, _) = facts(stats, field.name) {
                    columns[i].add(rows: numRecords, nulls: nulls, min: lo, max: hi)
                } else {
                    columns[i].forget()
                }
            }
        }
        return MetadataSummary(rowCount: rows, fileCount: files, columns: columns)
    }

    /// Types whose Delta statistics are the exact minimum and maximum.
    public static func hasExactStatistics(_ type: DataType) -> Bool {
        switch type {
        case .int8, .int16, .int32, .int64, .decimal, .date, .boolean: true
        default: false
        }
    }
}
