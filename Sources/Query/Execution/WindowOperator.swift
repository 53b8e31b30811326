import Columnar

/// Window functions over a materialized input: rows are ordered once per distinct
/// (PARTITION BY, ORDER BY) pair, partitions and peer groups found from the sort keys, and each
/// function computed into a new column in the input's row order.
///
/// Ranking, lag/lead and first/last/nth value work from positions alone and gather the value
/// column once. Aggregates over the whole partition reuse the grouped ``Accumulator`` (every
/// aggregate function works there); over moving frames `count`, `sum`, `avg`, `min` and `max`
/// run in linear time for frames anchored at either end of the partition, and in
/// O(rows × frame width) for frames bounded on both sides (width fixed by the query).
enum WindowOperator {
    static func evaluate(_ batch: RecordBatch, _ calls: [WindowCall], _ schema: Schema, evaluator: ExpressionEvaluator) throws -> RecordBatch {
        var columns = batch.columns
        var layouts: [Spec: WindowLayout] = [:]
        for call in calls {
            let spec = Spec(partitionBy: call.partitionBy, orderBy: call.orderBy)
            let layout: WindowLayout
            if let known = layouts[spec] {
                layout = known
            } else {
                layout = try WindowLayout(batch, spec, evaluator: evaluator)
                layouts[spec] = layout
            }
            columns.append(try compute(call, layout, batch, evaluator: evaluator))
        }
        return RecordBatch(schema: schema, columns: columns, count: batch.count)
    }

    struct Spec: Hashable {
        var partitionBy: [BoundExpression]
        var orderBy: [SortKey]
    }

    static func compute(_ call: WindowCall, _ layout: WindowLayout, _ batch: RecordBatch, evaluator: ExpressionEvaluator) throws -> Column {
        let n = batch.count
        switch call.function {
        case .rowNumber, .rank, .denseRank, .ntile:
            var out = [Int32](repeating: 0, count: n)
            var dense: Int32 = 0
            for p in 0..<n {
                let ps = layout.partitionStart[p]
                if p == ps { dense = 0 }
                if p == layout.peerStart[p] { dense += 1 }
                let value: Int
                switch call.function {
                case .rowNumber: value = p - ps + 1
                case .rank: value = layout.peerStart[p] - ps + 1
                case .denseRank: value = Int(dense)
                case .ntile(let buckets): value = ntile(p - ps, size: layout.partitionEnd[p] - ps, buckets: buckets)
                default: value = 0
                }
                out[layout.order[p]] = Int32(truncatingIfNeeded: value)
            }
            return Column(type: .int32, count: n, validity: nil, values: Buffer(values: out))
        case .percentRank, .cumeDist:
            var out = [Double](repeating: 0, count: n)
            for p in 0..<n {
                let ps = layout.partitionStart[p], size = layout.partitionEnd[p] - ps
                if case .percentRank = call.function {
                    out[layout.order[p]] = size > 1 ? Double(layout.peerStart[p] - ps) / Double(size - 1) : 0
                } else {
                    out[layout.order[p]] = Double(layout.peerEnd[p] - ps) / Double(size)
                }
            }
            return Column(type: .float64, count: n, validity: nil, values: Buffer(values: out))
        case .lag(let offset), .lead(let offset):
            let value = try evaluator.evaluate(call.arguments[0], batch)
            let step = { if case .lag = call.function { return -offset }; return offset }()
            var source = [Int32](repeating: -1, count: n)
            if call.ignoreNulls {
                let nonNull = NonNullPositions(value, layout)
                for p in 0..<n {
                    source[layout.order[p]] = nonNull.shifted(from: p, by: step, within: layout.partitionStart[p]..<layout.partitionEnd[p]).map { Int32(layout.order[$0]) } ?? -1
                }
            } else {
                for p in 0..<n {
                    let q = p + step
                    if q >= layout.partitionStart[p], q < layout.partitionEnd[p] { source[layout.order[p]] = Int32(layout.order[q]) }
                }
            }
            let fallback = try call.arguments.count > 1 ? evaluator.evaluate(call.arguments[1], batch) : nil
            return try gather(value, source, fallback: fallback, type: call.resultType, evaluator: evaluator)
        case .firstValue, .lastValue, .nthValue:
            let value = try evaluator.evaluate(call.arguments[0], batch)
            let frames = try FrameBounds(call, layout, batch, evaluator: evaluator)
            let nonNull = call.ignoreNulls ? NonNullPositions(value, layout) : nil
            var source = [Int32](repeating: -1, count: n)
            for p in 0..<n {
                let (lo, hi) = (frames.lo[p], frames.hi[p])
                guard lo <= hi else { continue }
                var pick: Int?
                switch call.function {
                case .firstValue: pick = nonNull.map { $0.nth(1, in: lo...hi) } ?? lo
                case .lastValue: pick = nonNull.map { $0.last(in: lo...hi) } ?? hi
                case .nthValue(let k): pick = nonNull.map { $0.nth(k, in: lo...hi) } ?? (lo + k - 1 <= hi ? lo + k - 1 : nil)
                default: break
                }
                if let pick { source[layout.order[p]] = Int32(layout.order[pick]) }
            }
            return try gather(value, source, fallback: nil, type: call.resultType, evaluator: evaluator)
        case .aggregate(let aggregate):
            if call.frame == .partition || (call.orderBy.isEmpty && call.frame == .runningRange) {
                return try wholePartition(aggregate, layout, batch, evaluator: evaluator)
            }
            return try WindowAggregate(aggregate, call, layout, batch, evaluator: evaluator).column()
        }
    }

    /// The 1-based bucket of the row at `index` of a partition of `size` rows cut into
    /// `buckets` buckets whose sizes differ by at most one, larger first.
    static func ntile(_ index: Int, size: Int, buckets: Int) -> Int {
        let base = size / buckets, extra = size % buckets
        if base == 0 { return index + 1 }
        let big = extra * (base + 1)
        return index < big ? index / (base + 1) + 1 : extra + (index - big) / base + 1
    }

    /// An aggregate over each whole partition: the grouped accumulator, partitions as groups.
    static func wholePartition(_ call: AggregateCall, _ layout: WindowLayout, _ batch: RecordBatch, evaluator: ExpressionEvaluator) throws -> Column {
        var accumulator = Accumulator(call)
        accumulator.grow(to: layout.partitionCount)
        let argument = try call.argument.map { try evaluator.evaluate($0, batch) }
        let mask = try call.filter.map { try evaluator.evaluate($0, batch) }
        accumulator.update(layout.partitionOfRow, argument, mask: mask)
        return try accumulator.finish().gather(layout.partitionOfRow)
    }

    /// `value` gathered at `source` rows; where the source is -1, `fallback`'s row (or null).
    static func gather(_ value: Column, _ source: [Int32], fallback: Column?, type: DataType, evaluator: ExpressionEvaluator) throws -> Column {
        let present = source.map { $0 >= 0 }
        let gathered = value.gather(source.map { max($0, 0) })
        if present.allSatisfy({ $0 }) && value.count > 0 { return gathered }
        let mask = Column(type: .boolean, count: source.count, validity: nil, values: Buffer(values: present.map { UInt8($0 ? 1 : 0) }))
        var columns = [mask, gathered]
        if let fallback { columns.append(fallback) }
        let schema = Schema(columns.enumerated().map { Field("c\($0.offset)", $0.element.type) })
        let pick = BoundExpression.caseWhen(
            [BoundExpression.WhenClause(.column(0, .boolean), .column(1, type))],
            otherwise: fallback == nil ? nil : .column(2, type), type)
        if value.count == 0 { return fallback ?? .nulls(type, count: source.count) }
        return try evaluator.evaluate(pick, RecordBatch(schema: schema, columns: columns, count: source.count))
    }
}

/// Rows ordered for one window specification, with partition and peer-group boundaries per
/// sorted position.
struct WindowLayout {
    /// Sorted position → input row.
    let order: [Int]
    /// Per sorted position: where its partition starts and ends (exclusive).
    var partitionStart: [Int], partitionEnd: [Int]
    /// Per sorted position: where its peer group (equal ORDER BY keys) starts and ends.
    var peerStart: [Int], peerEnd: [Int]
    /// Per input row: its partition's number.
    var partitionOfRow: [Int32]
    var partitionCount = 0

    init(_ batch: RecordBatch, _ spec: WindowOperator.Spec, evaluator: ExpressionEvaluator) throws {
        let n = batch.count
        let partitionKeys = spec.partitionBy.map { SortKey($0) }
        order = try Sorter.order(batch, partitionKeys + spec.orderBy, evaluator: evaluator)
        let partitionComparators = try partitionKeys.map { Sorter.comparator(try evaluator.evaluate($0.expression, batch), $0) }
        let orderComparators = try spec.orderBy.map { Sorter.comparator(try evaluator.evaluate($0.expression, batch), $0) }
        partitionStart = [Int](repeating: 0, count: n)
        partitionEnd = [Int](repeating: n, count: n)
        peerStart = [Int](repeating: 0, count: n)
        peerEnd = [Int](repeating: n, count: n)
        partitionOfRow = [Int32](repeating: 0, count: n)
        var ps = 0, peer = 0, partition: Int32 = -1
        for p in 0..<n {
            let newPartition = p == 0 || partitionComparators.contains { $0(order[p - 1], order[p]) != 0 }
            if newPartition {
                for q in ps..<p { partitionEnd[q] = p }
                ps = p
                partition += 1
            }
            if newPartition || orderComparators.contains(where: { $0(order[p - 1], order[p]) != 0 }) {
                for q in peer..<p { peerEnd[q] = p }
                peer = p
            }
            partitionStart[p] = ps
            peerStart[p] = peer
            partitionOfRow[order[p]] = partition
        }
        for q in ps..<n { partitionEnd[q] = n }
        for q in peer..<n { peerEnd[q] = n }
        partitionCount = Int(partition) + 1
    }
}

/// Each sorted position's frame as an inclusive range of sorted positions (empty when lo > hi).
struct FrameBounds {
    var lo: [Int], hi: [Int]

    /// The frames of `call` (a RANGE frame with offsets reads its ORDER BY key from `batch`).
    init(_ call: WindowCall, _ layout: WindowLayout, _ batch: RecordBatch, evaluator: ExpressionEvaluator) throws {
        var keys: RangeKeys?
        if call.frame.units == .range, call.frame.hasOffsets, let key = call.orderBy.first {
            keys = RangeKeys(try evaluator.evaluate(key.expression, batch), ascending: key.ascending, layout)
        }
        self.init(call.frame, layout, keys: keys)
    }

    init(_ frame: WindowCall.Frame, _ layout: WindowLayout, keys: RangeKeys? = nil) {
        let n = layout.order.count
        lo = [Int](repeating: 0, count: n)
        hi = [Int](repeating: -1, count: n)
        let isRange = frame.units == .range
        for p in 0..<n {
            let ps = layout.partitionStart[p], pe = layout.partitionEnd[p]
            var a: Int, b: Int
            switch frame.start {
            case .unboundedPreceding: a = ps
            case .preceding(let k): a = keys?.first(atLeast: -k, from: p, layout) ?? p - k
            case .currentRow: a = isRange ? layout.peerStart[p] : p
            case .following(let k): a = keys?.first(atLeast: k, from: p, layout) ?? p + k
            case .unboundedFollowing: a = pe
            }
            switch frame.end {
            case .unboundedPreceding: b = ps - 1
            case .preceding(let k): b = keys?.last(atMost: -k, from: p, layout) ?? p - k
            case .currentRow: b = isRange ? layout.peerEnd[p] - 1 : p
            case .following(let k): b = keys?.last(atMost: k, from: p, layout) ?? p + k
            case .unboundedFollowing: b = pe - 1
            }
            lo[p] = max(a, ps)
            hi[p] = min(b, pe - 1)
        }
    }
}

/// The ORDER BY key of a RANGE frame with offsets, per sorted position, negated for a
/// descending order so that it always ascends within a partition's non-null rows.
struct RangeKeys {
    enum Values {
        case exact([Int128])
        case approximate([Double])
    }

    let values: Values
    let isNull: [Bool]
    /// Per sorted position: the non-null rows of its partition, as a range of positions.
    let nonNull: [Range<Int>]

    init(_ key: Column, ascending: Bool, _ layout: WindowLayout) {
        let n = layout.order.count
        isNull = layout.order.map { key.isNull($0) }
        switch key.type {
        case .float32, .float64:
            let v = WindowAggregate.doubles(key, layout.order)
            values = .approximate(ascending ? v : v.map { -$0 })
        default:
            let v = WindowAggregate.wides(key, layout.order)
            values = .exact(ascending ? v : v.map { -$0 })
        }
        var ranges = [Range<Int>](repeating: 0..<0, count: n)
        var p = 0
        while p < n {
            let end = layout.partitionEnd[p]
            var first = p, last = end
            while first < end && isNull[first] { first += 1 }
            while last > first && isNull[last - 1] { last -= 1 }
            for q in p..<end { ranges[q] = first..<last }
            p = end
        }
        nonNull = ranges
    }

    /// The first position whose key is at least the key at `p` plus `offset` (nil: the row's
    /// key is null, so the frame follows its peers).
    func first(atLeast offset: Int, from p: Int, _ layout: WindowLayout) -> Int? {
        if isNull[p] { return layout.peerStart[p] }
        switch values {
        case .exact(let v): return Self.partitionPoint(v, nonNull[p]) { $0 >= v[p] + Int128(offset) }
        case .approximate(let v): return Self.partitionPoint(v, nonNull[p]) { $0 >= v[p] + Double(offset) }
        }
    }

    /// The last position whose key is at most the key at `p` plus `offset`.
    func last(atMost offset: Int, from p: Int, _ layout: WindowLayout) -> Int? {
        if isNull[p] { return layout.peerEnd[p] - 1 }
        switch values {
        case .exact(let v): return Self.partitionPoint(v, nonNull[p]) { $0 > v[p] + Int128(offset) } - 1
        case .approximate(let v): return Self.partitionPoint(v, nonNull[p]) { $0 > v[p] + Double(offset) } - 1
        }
    }

    /// The first position in `range` where `isAbove` holds (it holds from there on).
    static func partitionPoint<T>(_ values: [T], _ range: Range<Int>, _ isAbove: (T) -> Bool) -> Int {
        var low = range.lowerBound, high = range.upperBound
        while low < high {
            let mid = (low + high) / 2
            if isAbove(values[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}

/// The sorted positions holding a non-null value, for IGNORE NULLS.
struct NonNullPositions {
    /// Non-null sorted positions, ascending.
    var positions: [Int] = []
    /// before[p]: how many non-null positions are below p.
    var before: [Int]

    init(_ value: Column, _ layout: WindowLayout) {
        let n = layout.order.count
        before = [Int](repeating: 0, count: n + 1)
        for p in 0..<n {
            before[p] = positions.count
            if !value.isNull(layout.order[p]) { positions.append(p) }
        }
        before[n] = positions.count
    }

    /// The k-th (1-based) non-null position in `range`.
    func nth(_ k: Int, in range: ClosedRange<Int>) -> Int? {
        let i = before[range.lowerBound] + k - 1
        return k >= 1 && i < before[range.upperBound + 1] ? positions[i] : nil
    }

    /// The last non-null position in `range`.
    func last(in range: ClosedRange<Int>) -> Int? {
        let end = before[range.upperBound + 1]
        return end > before[range.lowerBound] ? positions[end - 1] : nil
    }

    /// The non-null position `step` non-null values away from `p` (not counting `p`), in `partition`.
    func shifted(from p: Int, by step: Int, within partition: Range<Int>) -> Int? {
        let i = step < 0 ? before[p] + step : before[p + 1] + step - 1
        guard i >= 0, i < positions.count, partition.contains(positions[i]) else { return nil }
        return positions[i]
    }
}
