import Columnar

/// ORDER BY: evaluates the keys over all input rows and orders a permutation of row numbers
/// with one typed comparator per key (nulls first or last per key), then gathers.
enum Sorter {
    typealias Comparator = (Int, Int) -> Int

    static func comparator(_ column: Column, _ key: SortKey) -> Comparator {
        let direction = key.ascending ? 1 : -1
        let nullOrder = key.nullsFirst ? -1 : 1
        func typed<T: Comparable & BitwiseCopyable>(_: T.Type) -> Comparator {
            let values = column.values.array(of: T.self)
            return { i, j in
                let ni = column.isNull(i), nj = column.isNull(j)
                if ni || nj { return ni == nj ? 0 : (ni ? nullOrder : -nullOrder) }
                let a = values[i], b = values[j]
                return a < b ? -direction : a == b ? 0 : direction
            }
        }
        switch column.type {
        case .boolean, .uint8: return typed(UInt8.self)
        case .int8: return typed(Int8.self)
        case .int16: return typed(Int16.self)
        case .int32, .date: return typed(Int32.self)
        case .int64, .timestamp, .timestampNTZ: return typed(Int64.self)
        case .uint16: return typed(UInt16.self)
        case .uint32: return typed(UInt32.self)
        case .uint64: return typed(UInt64.self)
        case .decimal(let p, _): return p <= 18 ? typed(Int64.self) : typed(Int128.self)
        case .float32, .float64:
            // NaN sorts above every number (Spark).
            let values = column.type == .float32 ? column.values.array(of: Float.self).map(Double.init) : column.values.array(of: Double.self)
            return { i, j in
                let ni = column.isNull(i), nj = column.isNull(j)
                if ni || nj { return ni == nj ? 0 : (ni ? nullOrder : -nullOrder) }
                let a = values[i], b = values[j]
                if a.isNaN || b.isNaN { return a.isNaN == b.isNaN ? 0 : (a.isNaN ? direction : -direction) }
                return a < b ? -direction : a == b ? 0 : direction
            }
        case .string, .binary, .fixedSizeBinary:
            let offsets = column.offsets.array(of: Int32.self)
            let bytes = column.values.bytes
            return { i, j in
                let ni = column.isNull(i), nj = column.isNull(j)
                if ni || nj { return ni == nj ? 0 : (ni ? nullOrder : -nullOrder) }
                let a = bytes[Int(offsets[i])..<Int(offsets[i + 1])], b = bytes[Int(offsets[j])..<Int(offsets[j + 1])]
                if a.elementsEqual(b) { return 0 }
                return a.lexicographicallyPrecedes(b) ? -direction : direction
            }
        default:
            return { i, j in
                let a = column.value(at: i), b = column.value(at: j)
                if a.isNull || b.isNull { return a.isNull == b.isNull ? 0 : (a.isNull ? nullOrder : -nullOrder) }
                return (ValueOrder.compare(a, b) ?? 0) * direction
            }
        }
    }

    /// The row numbers of `batch` ordered by `keys` (a stable sort).
    static func order(_ batch: RecordBatch, _ keys: [SortKey], evaluator: ExpressionEvaluator) throws -> [Int] {
        let comparators = try keys.map { comparator(try evaluator.evaluate($0.expression, batch), $0) }
        return Array(0..<batch.count).sorted { i, j in
            for c in comparators {
                let r = c(i, j)
                if r != 0 { return r < 0 }
            }
            return i < j
        }
    }

    /// The rows of `batch` ordered by `keys` (a stable sort), the first `limit` of them.
    static func sort(_ batch: RecordBatch, _ keys: [SortKey], limit: Int?, evaluator: ExpressionEvaluator) throws -> RecordBatch {
        let comparators = try keys.map { comparator(try evaluator.evaluate($0.expression, batch), $0) }
        var order = Array(0..<batch.count)
        let less: (Int, Int) -> Bool = { i, j in
            for c in comparators {
                let r = c(i, j)
                if r != 0 { return r < 0 }
            }
            return i < j
        }
        if let limit, limit < order.count / 8 {
            // Top-N: keep the best `limit` rows without sorting everything.
            var best: [Int] = []
            for i in order {
                if best.count < limit {
                    best.append(i)
                    if best.count == limit { best.sort(by: less) }
                } else if less(i, best[limit - 1]) {
                    var k = limit - 1
                    while k > 0 && less(i, best[k - 1]) { k -= 1 }
                    best.insert(i, at: k)
                    best.removeLast()
                }
            }
            order = best.count < limit ? best.sorted(by: less) : best
        } else {
            order.sort(by: less)
            if let limit, limit < order.count { order = Array(order.prefix(limit)) }
        }
        let rows = order.map { Int32($0) }
        return RecordBatch(schema: batch.schema, columns: batch.columns.map { $0.gather(rows) }, count: rows.count)
    }
}
