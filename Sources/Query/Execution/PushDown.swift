import Columnar
import Delta
import Parquet

/// Turning a bound filter into the pruning predicate a scan understands. Only what prunes
/// safely is kept: conjuncts that cannot be expressed are dropped (a weaker predicate skips
/// less, never wrongly), an OR with an inexpressible branch is dropped whole, and a NOT only
/// stays when what it negates converts whole (negating a weakened predicate would strengthen it).
enum PushDown {
    /// The pruning predicate for `e`: implied by `e` (`exact`: equivalent to it, or nil).
    static func deltaExpression(_ e: BoundExpression, _ schema: Schema, exact: Bool = false) -> Delta.Expression? {
        func column(_ e: BoundExpression) -> Delta.Expression? {
            if case .column(let i, _) = e { return .column(schema.fields[i].name) }
            return nil
        }
        func literal(_ e: BoundExpression) -> Delta.Expression? {
            if case .literal(let v, let t) = e { return .literal(v, t) }
            return nil
        }
        switch e {
        case .and(let es):
            let converted = es.map { deltaExpression($0, schema, exact: exact) }
            let parts = converted.compactMap { $0 }
            if exact && parts.count < es.count { return nil }
            return parts.isEmpty ? nil : parts.count == 1 ? parts[0] : .and(parts)
        case .or(let es):
            let parts = es.compactMap { deltaExpression($0, schema, exact: exact) }
            return parts.count == es.count ? .or(parts) : nil
        case .not(let x):
            return deltaExpression(x, schema, exact: true).map { .not($0) }
        case .comparison(let op, let l, let r):
            guard let dop = Delta.Expression.ComparisonOperator(rawValue: op.rawValue) else { return nil }
            if let c = column(l), let v = literal(r) { return .comparison(dop, c, v) }
            if let v = literal(l), let c = column(r) { return .comparison(dop, v, c) }
            return nil
        case .isNull(let x): return column(x).map { .isNull($0) }
        case .isNotNull(let x): return column(x).map { .isNotNull($0) }
        case .inList(let x, let values, let negated):
            guard let c = column(x) else { return nil }
            return .inList(c, values.map { .literal($0, x.type) }, negated: negated)
        default:
            return nil
        }
    }

    /// Row-group pruning for plain Parquet files, by their column statistics.
    static func rowGroupMightMatch(_ predicate: Delta.Expression, _ reader: ParquetFileReader, _ g: Int) -> Bool {
        let group = reader.metadata.rowGroups[g]
        return predicate.mightMatch { name in
            guard let top = reader.schema.schema.index(of: name), reader.schema.fieldLeaves[top].count == 1 else { return .unknown }
            let leaf = reader.schema.fieldLeaves[top].lowerBound
            let descriptor = reader.schema.leaves[leaf]
            guard descriptor.maxRepetitionLevel == 0, let stats = group.columns[leaf].metaData?.statistics else { return .unknown }
            let trusted = stats.minValue != nil || !descriptor.valueType.isByteArray
            let lo = trusted ? (stats.minValue ?? stats.min).flatMap { descriptor.statisticValue($0) } : nil
            let hi = trusted ? (stats.maxValue ?? stats.max).flatMap { descriptor.statisticValue($0) } : nil
            return .range(min: lo, max: hi, nullCount: stats.nullCount, rowCount: group.numRows)
        }
    }
}
