import Columnar

/// `count`, `sum`, `avg`, `min` and `max` over moving window frames. Frames anchored at the
/// partition's start (running totals) or end are computed incrementally; frames bounded on
/// both sides use prefix sums for exact types (integers, decimals, counts) and a scan of the
/// frame for doubles (so results match a direct sum, as Spark's do) and for min/max.
struct WindowAggregate {
    let call: AggregateCall
    let frame: WindowCall.Frame
    let layout: WindowLayout
    let bounds: FrameBounds
    let argument: Column?
    /// Per sorted position: the row takes part (argument not null, FILTER true).
    let included: [Bool]

    init(_ call: AggregateCall, _ window: WindowCall, _ layout: WindowLayout, _ batch: RecordBatch, evaluator: ExpressionEvaluator) throws {
        switch call.function {
        case .countStar, .count, .sum, .avg, .min, .max:
            guard !call.distinct else {
                throw QueryError(.unsupported, "\(call.function.rawValue)(DISTINCT ...) over a moving window frame is not supported; use a frame over the whole partition")
            }
        default:
            throw QueryError(.unsupported, "\(call.function.rawValue)() over a moving window frame is not supported (count, sum, avg, min and max are); use a frame over the whole partition")
        }
        self.call = call
        frame = window.frame
        self.layout = layout
        bounds = try FrameBounds(window, layout, batch, evaluator: evaluator)
        let argument = try call.argument.map { try evaluator.evaluate($0, batch) }
        self.argument = argument
        let filter = try call.filter.map { try evaluator.evaluate($0, batch) }
        included = layout.order.map { row in
            if let argument, argument.isNull(row) { return false }
            if let filter { return !filter.isNull(row) && filter.values.load(row, as: UInt8.self) != 0 }
            return true
        }
    }

    var n: Int { layout.order.count }

    func column() throws -> Column {
        switch call.function {
        case .countStar, .count:
            let counts = self.counts()
            return build(.int64) { .int(Int64(counts[$0])) }
        case .min, .max:
            return try extremes()
        default:
            return try sums()
        }
    }

    /// Rows taking part in each position's frame.
    func counts() -> [Int] {
        var prefix = [Int](repeating: 0, count: n + 1)
        for p in 0..<n { prefix[p + 1] = prefix[p] + (included[p] ? 1 : 0) }
        return (0..<n).map { p in bounds.lo[p] <= bounds.hi[p] ? prefix[bounds.hi[p] + 1] - prefix[bounds.lo[p]] : 0 }
    }

    /// The output column, one value per input row from `value(position)`.
    func build(_ type: DataType, _ value: (Int) -> Value) -> Column {
        var position = [Int](repeating: 0, count: n)
        for (p, row) in layout.order.enumerated() { position[row] = p }
        var out = Column(empty: type, capacity: n)
        for row in 0..<n { out.append(value(position[row])) }
        return out
    }

    // MARK: min and max

    func extremes() throws -> Column {
        guard let argument else { return .nulls(call.resultType, count: n) }
        let compare = Sorter.comparator(argument, SortKey(.column(0, argument.type)))
        let wantsMax = call.function == .max
        func better(_ p: Int, than q: Int) -> Bool {
            let c = compare(layout.order[p], layout.order[q])
            return wantsMax ? c > 0 : c < 0
        }
        var best = [Int](repeating: -1, count: n)
        if frame.start == .unboundedPreceding {
            // The frame only grows within a partition: extend the running extreme.
            var current = -1, reached = -1, partition = -1
            for p in 0..<n {
                if layout.partitionStart[p] != partition { (partition, current, reached) = (layout.partitionStart[p], -1, layout.partitionStart[p] - 1) }
                while reached < bounds.hi[p] {
                    reached += 1
                    if included[reached], current < 0 || better(reached, than: current) { current = reached }
                }
                best[p] = bounds.lo[p] <= bounds.hi[p] ? current : -1
            }
        } else if frame.end == .unboundedFollowing {
            var current = -1, reached = n, partition = -1
            for p in stride(from: n - 1, through: 0, by: -1) {
                if layout.partitionEnd[p] != partition { (partition, current, reached) = (layout.partitionEnd[p], -1, layout.partitionEnd[p]) }
                while reached > bounds.lo[p] {
                    reached -= 1
                    if included[reached], current < 0 || better(reached, than: current) { current = reached }
                }
                best[p] = bounds.lo[p] <= bounds.hi[p] ? current : -1
            }
        } else {
            for p in 0..<n where bounds.lo[p] <= bounds.hi[p] {
                var current = -1
                for q in bounds.lo[p]...bounds.hi[p] where included[q] && (current < 0 || better(q, than: current)) { current = q }
                best[p] = current
            }
        }
        var source = [Int32](repeating: -1, count: n)
        for p in 0..<n where best[p] >= 0 { source[layout.order[p]] = Int32(layout.order[best[p]]) }
        return try WindowOperator.gather(argument, source, fallback: nil, type: call.resultType, evaluator: ExpressionEvaluator())
    }

    // MARK: sum and avg

    func sums() throws -> Column {
        guard let argument else { return .nulls(call.resultType, count: n) }
        let counts = self.counts()
        switch argument.type {
        case .decimal(_, let argumentScale):
            let values = WindowAggregate.wides(argument, layout.order)
            let totals = exactSums(values)
            guard case .decimal(let precision, let scale) = call.resultType else { return .nulls(call.resultType, count: n) }
            let limit = Arithmetic.powersOfTen[precision]
            return build(call.resultType) { p in
                guard counts[p] > 0, let total = totals[p] else { return .null }
                var v = total
                if call.function == .avg {
                    let (scaled, overflow) = total.multipliedReportingOverflow(by: Arithmetic.powersOfTen[scale - argumentScale])
                    if overflow { return .null }
                    v = Arithmetic.roundedDivide(scaled, Int128(counts[p]))
                }
                return v < limit && v > -limit ? .decimal(v) : .null
            }
        case .float32, .float64:
            let values = WindowAggregate.doubles(argument, layout.order)
            let totals = doubleSums(values)
            return build(call.resultType) { p in
                counts[p] > 0 ? .double(call.function == .avg ? totals[p] / Double(counts[p]) : totals[p]) : .null
            }
        default:
            let values = WindowAggregate.wides(argument, layout.order)
            let totals = exactSums(values)
            return build(call.resultType) { p in
                guard counts[p] > 0, let total = totals[p] else { return .null }
                if call.function == .avg { return .double(Double(total) / Double(counts[p])) }
                return .int(Int64(truncatingIfNeeded: total))  // a long sum wraps, as Spark's does
            }
        }
    }

    /// Exact sums per position's frame (nil when Int128 overflows), by prefix differences.
    func exactSums(_ values: [Int128]) -> [Int128?] {
        var prefix = [Int128](repeating: 0, count: n + 1)
        var overflowAt = n + 1
        for p in 0..<n {
            let (s, o) = prefix[p].addingReportingOverflow(included[p] ? values[p] : 0)
            if o && overflowAt > n { overflowAt = p }
            prefix[p + 1] = s
        }
        return (0..<n).map { p -> Int128? in
            let lo = bounds.lo[p], hi = bounds.hi[p]
            guard lo <= hi else { return 0 }
            if hi < overflowAt { return prefix[hi + 1] - prefix[lo] }
            var total: Int128 = 0
            for q in lo...hi where included[q] {
                let (s, o) = total.addingReportingOverflow(values[q])
                if o { return nil }
                total = s
            }
            return total
        }
    }

    /// Double sums per position's frame, added in frame order (never by subtraction).
    func doubleSums(_ values: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: n)
        if frame.start == .unboundedPreceding {
            var total = 0.0, reached = -1, partition = -1
            for p in 0..<n {
                if layout.partitionStart[p] != partition { (partition, total, reached) = (layout.partitionStart[p], 0, layout.partitionStart[p] - 1) }
                while reached < bounds.hi[p] {
                    reached += 1
                    if included[reached] { total += values[reached] }
                }
                out[p] = total
            }
        } else {
            for p in 0..<n where bounds.lo[p] <= bounds.hi[p] {
                var total = 0.0
                for q in bounds.lo[p]...bounds.hi[p] where included[q] { total += values[q] }
                out[p] = total
            }
        }
        return out
    }

    /// A numeric column's values (integers and decimals as unscaled Int128) in sorted order.
    static func wides(_ column: Column, _ order: [Int]) -> [Int128] {
        func read<T: FixedWidthInteger & BitwiseCopyable>(_: T.Type) -> [Int128] {
            column.values.withUnsafeBufferPointer(as: T.self) { v in order.map { Int128(v[$0]) } }
        }
        switch column.type {
        case .int8: return read(Int8.self)
        case .int16: return read(Int16.self)
        case .int32, .date: return read(Int32.self)
        case .uint8, .boolean: return read(UInt8.self)
        case .uint16: return read(UInt16.self)
        case .uint32: return read(UInt32.self)
        case .uint64: return read(UInt64.self)
        case .decimal(let p, _) where p > 18: return read(Int128.self)
        default: return read(Int64.self)
        }
    }

    /// A floating-point column's values in sorted order.
    static func doubles(_ column: Column, _ order: [Int]) -> [Double] {
        if column.type == .float32 {
            return column.values.withUnsafeBufferPointer(as: Float.self) { v in order.map { Double(v[$0]) } }
        }
        return column.values.withUnsafeBufferPointer(as: Double.self) { v in order.map { v[$0] } }
    }
}
