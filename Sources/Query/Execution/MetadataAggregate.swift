import Columnar
import Delta
import Parquet

/// Global `count(*)`, `count(c)`, `min(c)` and `max(c)` answered from metadata alone — the
/// Delta log's file statistics or the Parquet footers — when they are exact, so no data file
/// is read. Anything else (a filter on a non-partition column, deletion vectors under a null
/// count, truncated string statistics, a missing statistic) falls back to scanning.
enum MetadataAggregate {
    /// The single result row of `aggregates` over `input`, or nil when metadata cannot give it
    /// exactly.
    static func answer(_ input: LogicalPlan, _ aggregates: [AggregateCall], _ schema: Schema) throws -> (batch: RecordBatch, files: Int)? {
        guard !aggregates.isEmpty, let (scan, predicate, columns) = resolve(input) else { return nil }
        var needed: [Int] = []
        for call in aggregates {
            guard call.filter == nil else { return nil }
            switch call.function {
            case .countStar: continue
            case .count where !call.distinct, .min, .max:
                guard case .column(let i, _)? = call.argument else { return nil }
                needed.append(columns[i])
            default: return nil
            }
        }
        guard let summary = try summary(scan, predicate) else { return nil }
        var values: [Value] = []
        for call in aggregates {
            let column: ColumnSummary? = call.argument.flatMap { arg in
                if case .column(let i, _) = arg { return summary.columns[columns[i]] }
                return nil
            }
            switch call.function {
            case .countStar:
                values.append(.int(summary.rowCount))
            case .count:
                guard let nulls = column?.nullCount else { return nil }
                values.append(.int(summary.rowCount - nulls))
            case .min, .max:
                guard let column, column.hasExactBounds else { return nil }
                values.append((call.function == .min ? column.min : column.max) ?? .null)
            default:
                return nil
            }
        }
        let batch = RecordBatch(
            schema: schema, columns: zip(schema.fields, values).map { Column($0.type, [$1]) }, count: 1)
        return (batch, summary.fileCount)
    }

    /// The scan under `plan`, a filter directly over it, and where each output column of
    /// `plan` comes from in the scan's output; nil for anything but a scan, plain column
    /// projections of it and one filter.
    static func resolve(_ plan: LogicalPlan) -> (TableScan, BoundExpression?, [Int])? {
        switch plan {
        case .scan(let scan):
            return (scan, nil, Array(scan.schema.fields.indices))
        case .filter(.scan(let scan), let predicate):
            return (scan, predicate, Array(scan.schema.fields.indices))
        case .project(let child, let expressions, _):
            guard let (scan, predicate, columns) = resolve(child) else { return nil }
            var out: [Int] = []
            for e in expressions {
                guard case .column(let i, _) = e else { return nil }
                out.append(columns[i])
            }
            return (scan, predicate, out)
        default:
            return nil
        }
    }

    /// The exact facts about `scan`'s rows where `predicate` holds, or nil.
    static func summary(_ scan: TableScan, _ predicate: BoundExpression?) throws -> MetadataSummary? {
        switch scan.source {
        case .delta(let table, let snapshot):
            var deltaPredicate: Delta.Expression?
            if let predicate {
                guard let exact = PushDown.deltaExpression(predicate, scan.schema, exact: true) else { return nil }
                deltaPredicate = exact
            }
            do {
                let deltaScan = try Scan(snapshot: snapshot, storage: table.storage, columns: scan.schema.fields.map(\.name), predicate: deltaPredicate)
                return try deltaScan.metadataSummary()
            } catch let error as DeltaError {
                throw QueryError(.execution, error.description, cause: error)
            }
        case .parquet(let paths):
            guard predicate == nil else { return nil }
            return try parquetSummary(paths, scan.schema)
        default:
            return nil
        }
    }

    /// The summary of Parquet files from their footers: row counts always; null counts and
    /// bounds of top-level primitive columns from row-group statistics where every row group
    /// has them (bounds only for integer, decimal, date, boolean and timestamp columns, and for
    /// byte-array-backed decimals only from the exact `min_value`/`max_value` fields).
    static func parquetSummary(_ paths: [String], _ schema: Schema) throws -> MetadataSummary? {
        var rows: Int64 = 0
        var columns = schema.fields.map { ColumnSummary(exactBounds: hasExactStatistics($0.type)) }
        for path in paths {
            let reader: ParquetFileReader
            do {
                reader = try ParquetFileReader(path: path)
            } catch let error as ParquetError {
                throw QueryError(.execution, error.description, cause: error)
            }
            let parquetSchema = reader.schema
            let leaves: [Int?] = schema.fields.map { field in
                guard let top = parquetSchema.schema.index(of: field.name), parquetSchema.fieldLeaves[top].count == 1 else { return nil }
                let leaf = parquetSchema.fieldLeaves[top].lowerBound
                return parquetSchema.leaves[leaf].maxRepetitionLevel == 0 ? leaf : nil
            }
            for group in reader.metadata.rowGroups {
                let n = group.numRows
                guard n >= 0 else { return nil }
                rows += n
                for (i, leaf) in leaves.enumerated() {
                    guard let leaf, leaf < group.columns.count, let stats = group.columns[leaf].metaData?.statistics else {
                        columns[i].forget()
                        continue
                    }
                    let descriptor = parquetSchema.leaves[leaf]
                    let exact = stats.isMinValueExact != false && stats.isMaxValueExact != false
                    let trusted = exact && (stats.minValue != nil || !descriptor.valueType.isByteArray)
                    let lo = trusted ? (stats.minValue ?? stats.min).flatMap { descriptor.statisticValue($0) } : nil
                    let hi = trusted ? (stats.maxValue ?? stats.max).flatMap { descriptor.statisticValue($0) } : nil
                    columns[i].add(rows: n, nulls: stats.nullCount, min: lo, max: hi)
                }
            }
        }
        return MetadataSummary(rowCount: rows, fileCount: paths.count, columns: columns)
    }

    /// Types whose Parquet statistics are the exact minimum and maximum (timestamps too: they
    /// are stored whole, unlike Delta's millisecond JSON statistics).
    static func hasExactStatistics(_ type: DataType) -> Bool {
        switch type {
        case .timestamp, .timestampNTZ: true
        default: Scan.hasExactStatistics(type)
        }
    }
}
