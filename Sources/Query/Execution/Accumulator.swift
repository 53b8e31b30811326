import Columnar

/// The per-group state of one aggregate, in typed arrays indexed by group number, updated a
/// batch at a time with one typed loop per batch.
struct Accumulator {
    let call: AggregateCall
    let argumentType: DataType?

    /// How the state is stored.
    enum Kind {
        case count, sumInt, sumDouble, sumDecimal, avgDouble, avgDecimal
        case extremeInt, extremeWide, extremeDouble, extremeValue
        case moments, percentile, pick, boolAll, boolAny, distinct
    }

    let kind: Kind
    var counts: [Int64] = []
    var ints: [Int64] = []
    var wides: [Int128] = []
    var doubles: [Double] = []
    var doubles2: [Double] = []
    var present: [Bool] = []
    var values: [Value] = []
    var lists: [[Double]] = []
    var sets: [Set<Value>] = []
    var groups = 0

    init(_ call: AggregateCall) {
        self.call = call
        argumentType = call.argument?.type
        let t = argumentType
        if call.distinct && call.function != .min && call.function != .max {
            kind = .distinct
            return
        }
        switch call.function {
        case .count, .countStar: kind = .count
        case .sum:
            switch t {
            case .decimal?: kind = .sumDecimal
            case .float32?, .float64?: kind = .sumDouble
            default: kind = .sumInt
            }
        case .avg:
            if case .decimal? = t { kind = .avgDecimal } else { kind = .avgDouble }
        case .min, .max:
            switch t {
            case .decimal(let p, _)? where p > 18: kind = .extremeWide
            case .float32?, .float64?: kind = .extremeDouble
            case .string?, .binary?, .fixedSizeBinary?, .struct?, .list?, .map?, nil: kind = .extremeValue
            default: kind = .extremeInt
            }
        case .stddevSamp, .stddevPop, .varianceSamp, .variancePop: kind = .moments
        case .percentile: kind = .percentile
        case .first, .last, .anyValue: kind = .pick
        case .boolAnd: kind = .boolAll
        case .boolOr: kind = .boolAny
        }
    }

    /// Makes room for `n` groups.
    mutating func grow(to n: Int) {
        guard n > groups else { return }
        let extra = n - groups
        switch kind {
        case .count: counts += repeatElement(0, count: extra)
        case .sumInt, .extremeInt, .boolAll, .boolAny:
            ints += repeatElement(call.function == .boolAnd ? 1 : 0, count: extra)
            present += repeatElement(false, count: extra)
        case .sumDecimal, .extremeWide:
            wides += repeatElement(0, count: extra)
            present += repeatElement(false, count: extra)
        case .sumDouble, .extremeDouble:
            doubles += repeatElement(0, count: extra)
            present += repeatElement(false, count: extra)
        case .avgDouble:
            doubles += repeatElement(0, count: extra)
            counts += repeatElement(0, count: extra)
        case .avgDecimal:
            wides += repeatElement(0, count: extra)
            counts += repeatElement(0, count: extra)
        case .moments:
            counts += repeatElement(0, count: extra)
            doubles += repeatElement(0, count: extra)
            doubles2 += repeatElement(0, count: extra)
        case .percentile: lists += repeatElement([], count: extra)
        case .pick, .extremeValue:
            values += repeatElement(.null, count: extra)
            present += repeatElement(false, count: extra)
        case .distinct: sets += repeatElement([], count: extra)
        }
        groups = n
    }

    /// Folds a batch in: `gids[i]` is row i's group; `argument` the evaluated argument (nil for
    /// count(*)); `mask` the FILTER condition (rows where it is not true are skipped).
    /// `segments`, when given, are `gids` ordered by group (shared by a batch's aggregates).
    mutating func update(_ gids: [Int32], _ argument: Column?, mask: Column?, segments: GroupSegments? = nil) {
        let n = gids.count
        let done = gids.withUnsafeBufferPointer { g in
            g.baseAddress.map { updateTyped($0, n, argument, mask: mask, segments: segments?.groups == groups ? segments : nil) } ?? (n == 0)
        }
        if done { return }
        // Rows that count: FILTER true and, except for count(*), argument not null.
        var skip: [Bool]? = nil
        if let mask {
            var s = [Bool](repeating: false, count: n)
            mask.values.withUnsafeBufferPointer(as: UInt8.self) { m in
                for i in 0..<n { s[i] = mask.isNull(i) || m[i] == 0 }
            }
            skip = s
        }
        if let argument, let validity = argument.validity {
            var s = skip ?? [Bool](repeating: false, count: n)
            for i in 0..<n where !validity[i] { s[i] = true }
            skip = s
        }
        @inline(__always) func live(_ i: Int) -> Bool { skip.map { !$0[i] } ?? true }

        switch kind {
        case .count:
            for i in 0..<n where live(i) { counts[Int(gids[i])] &+= 1 }
        case .sumInt:
            forEachInt(argument!, n) { i, v in if live(i) { let g = Int(gids[i]); ints[g] &+= v; present[g] = true } }
        case .sumDouble:
            forEachDouble(argument!, n) { i, v in if live(i) { let g = Int(gids[i]); doubles[g] += v; present[g] = true } }
        case .sumDecimal:
            forEachWide(argument!, n) { i, v in if live(i) { let g = Int(gids[i]); wides[g] &+= v; present[g] = true } }
        case .avgDouble:
            forEachDouble(argument!, n) { i, v in if live(i) { let g = Int(gids[i]); doubles[g] += v; counts[g] &+= 1 } }
        case .avgDecimal:
            forEachWide(argument!, n) { i, v in if live(i) { let g = Int(gids[i]); wides[g] &+= v; counts[g] &+= 1 } }
        case .extremeInt:
            let isMax = call.function == .max
            forEachInt(argument!, n) { i, v in
                guard live(i) else { return }
                let g = Int(gids[i])
                if !present[g] || (isMax ? v > ints[g] : v < ints[g]) { ints[g] = v; present[g] = true }
            }
        case .extremeWide:
            let isMax = call.function == .max
            forEachWide(argument!, n) { i, v in
                guard live(i) else { return }
                let g = Int(gids[i])
                if !present[g] || (isMax ? v > wides[g] : v < wides[g]) { wides[g] = v; present[g] = true }
            }
        case .extremeDouble:
            let isMax = call.function == .max
            forEachDouble(argument!, n) { i, v in
                guard live(i) else { return }
                let g = Int(gids[i])
                // Spark orders NaN above every number.
                let better = isMax ? (v > doubles[g] || v.isNaN) : (v < doubles[g] || doubles[g].isNaN)
                if !present[g] || better { doubles[g] = v; present[g] = true }
            }
        case .extremeValue:
            let isMax = call.function == .max
            for i in 0..<n where live(i) {
                let g = Int(gids[i])
                let v = argument!.value(at: i)
                if !present[g] || (ValueOrder.compare(v, values[g]).map { isMax ? $0 > 0 : $0 < 0 } ?? false) {
                    values[g] = v
                    present[g] = true
                }
            }
        case .moments:
            forEachDouble(argument!, n) { i, x in
                guard live(i) else { return }
                let g = Int(gids[i])
                counts[g] += 1
                let delta = x - doubles[g]
                doubles[g] += delta / Double(counts[g])
                doubles2[g] += delta * (x - doubles[g])
            }
        case .percentile:
            forEachDouble(argument!, n) { i, v in if live(i) { lists[Int(gids[i])].append(v) } }
        case .pick:
            for i in 0..<n {
                let g = Int(gids[i])
                if let skip, skip[i] && !(argument?.isNull(i) ?? false) { continue }
                if call.function == .last || !present[g] {
                    values[g] = argument!.value(at: i)
                    present[g] = true
                }
            }
        case .boolAll, .boolAny:
            let all = kind == .boolAll
            argument!.values.withUnsafeBufferPointer(as: UInt8.self) { b in
                for i in 0..<n where live(i) {
                    let g = Int(gids[i])
                    ints[g] = all ? (ints[g] & Int64(b[i])) : (ints[g] | Int64(b[i]))
                    present[g] = true
                }
            }
        case .distinct:
            for i in 0..<n where live(i) { sets[Int(gids[i])].insert(argument!.value(at: i)) }
        }
    }

    /// Merges another worker's state; `mapping[k]` is the group here of its group k.
    mutating func merge(_ other: Accumulator, _ mapping: [Int32]) {
        for k in 0..<other.groups {
            let g = Int(mapping[k])
            switch kind {
            case .count: counts[g] &+= other.counts[k]
            case .sumInt:
                if other.present[k] { ints[g] &+= other.ints[k]; present[g] = true }
            case .sumDouble:
                if other.present[k] { doubles[g] += other.doubles[k]; present[g] = true }
            case .sumDecimal:
                if other.present[k] { wides[g] &+= other.wides[k]; present[g] = true }
            case .avgDouble:
                doubles[g] += other.doubles[k]
                counts[g] &+= other.counts[k]
            case .avgDecimal:
                wides[g] &+= other.wides[k]
                counts[g] &+= other.counts[k]
            case .extremeInt:
                if other.present[k] && (!present[g] || (call.function == .max ? other.ints[k] > ints[g] : other.ints[k] < ints[g])) {
                    ints[g] = other.ints[k]
                    present[g] = true
                }
            case .extremeWide:
                if other.present[k] && (!present[g] || (call.function == .max ? other.wides[k] > wides[g] : other.wides[k] < wides[g])) {
                    wides[g] = other.wides[k]
                    present[g] = true
                }
            case .extremeDouble:
                let v = other.doubles[k]
                if other.present[k] && (!present[g] || (call.function == .max ? (v > doubles[g] || v.isNaN) : (v < doubles[g] || doubles[g].isNaN))) {
                    doubles[g] = v
                    present[g] = true
                }
            case .extremeValue:
                if other.present[k] && (!present[g] || (ValueOrder.compare(other.values[k], values[g]).map { call.function == .max ? $0 > 0 : $0 < 0 } ?? false)) {
                    values[g] = other.values[k]
                    present[g] = true
                }
            case .moments:
                // Chan et al.'s parallel combination of means and squared deviations.
                let na = Double(counts[g]), nb = Double(other.counts[k])
                guard nb > 0 else { continue }
                let delta = other.doubles[k] - doubles[g]
                let total = na + nb
                doubles[g] += delta * nb / total
                doubles2[g] += other.doubles2[k] + delta * delta * na * nb / total
                counts[g] += other.counts[k]
            case .percentile: lists[g] += other.lists[k]
            case .pick:
                if other.present[k] && (call.function == .last || !present[g]) {
                    values[g] = other.values[k]
                    present[g] = true
                }
            case .boolAll, .boolAny:
                if other.present[k] {
                    ints[g] = present[g] ? (kind == .boolAll ? ints[g] & other.ints[k] : ints[g] | other.ints[k]) : other.ints[k]
                    present[g] = true
                }
            case .distinct: sets[g].formUnion(other.sets[k])
            }
        }
    }

    /// The aggregate's value per group.
    func finish() throws -> Column {
        let type = call.resultType
        var out = Column(empty: type, capacity: groups)
        func decimalFits(_ v: Int128) -> Bool {
            guard case .decimal(let p, _) = type else { return true }
            return v < Arithmetic.powersOfTen[p] && v > -Arithmetic.powersOfTen[p]
        }
        for g in 0..<groups {
            switch kind {
            case .count: out.append(.int(counts[g]))
            case .sumInt: out.append(present[g] ? .int(ints[g]) : .null)
            case .sumDouble: out.append(present[g] ? .double(doubles[g]) : .null)
            case .sumDecimal: out.append(present[g] && decimalFits(wides[g]) ? .decimal(wides[g]) : .null)
            case .avgDouble: out.append(counts[g] > 0 ? .double(doubles[g] / Double(counts[g])) : .null)
            case .avgDecimal:
                guard counts[g] > 0, case .decimal(_, let s) = type, case .decimal(_, let argScale)? = argumentType else { out.appendNull(); continue }
                let (scaled, o) = wides[g].multipliedReportingOverflow(by: Arithmetic.powersOfTen[s - argScale])
                let v = Arithmetic.roundedDivide(scaled, Int128(counts[g]))
                out.append(!o && decimalFits(v) ? .decimal(v) : .null)
            case .extremeInt:
                out.append(present[g] ? Self.value(ints[g], type) : .null)
            case .extremeWide: out.append(present[g] ? .decimal(wides[g]) : .null)
            case .extremeDouble: out.append(present[g] ? (type == .float32 ? .float(Float(doubles[g])) : .double(doubles[g])) : .null)
            case .extremeValue, .pick: out.append(present[g] ? values[g] : .null)
            case .moments:
                let n = Double(counts[g])
                let sample = call.function == .stddevSamp || call.function == .varianceSamp
                if n == 0 || (sample && n == 1) { out.append(sample && n == 1 ? .double(.nan) : .null); continue }
                let variance = doubles2[g] / (sample ? n - 1 : n)
                out.append(.double(call.function == .stddevSamp || call.function == .stddevPop ? variance.squareRoot() : variance))
            case .percentile:
                let xs = lists[g].sorted()
                guard !xs.isEmpty else { out.appendNull(); continue }
                // Linear interpolation between closest ranks (Spark's percentile).
                let p = call.parameter ?? 0.5
                let position = p * Double(xs.count - 1)
                let lower = Int(position.rounded(.down)), upper = Int(position.rounded(.up))
                out.append(.double(xs[lower] + (xs[upper] - xs[lower]) * (position - Double(lower))))
            case .boolAll, .boolAny: out.append(present[g] ? .boolean(ints[g] != 0) : .null)
            case .distinct:
                out.append(try Self.overDistinct(call, Array(sets[g]), argumentType ?? .int64))
            }
        }
        return out
    }

    /// An int-stored extreme as a value of its type.
    static func value(_ v: Int64, _ type: DataType) -> Value {
        switch type {
        case .boolean: .boolean(v != 0)
        case .date: .date(Int32(truncatingIfNeeded: v))
        case .timestamp, .timestampNTZ: .timestamp(v)
        case .decimal: .decimal(Int128(v))
        case .uint8, .uint16, .uint32, .uint64: .uint(UInt64(bitPattern: v))
        default: .int(v)
        }
    }

    /// count/sum/avg over a set of distinct values.
    static func overDistinct(_ call: AggregateCall, _ values: [Value], _ t: DataType) throws -> Value {
        var plain = call
        plain.distinct = false
        var acc = Accumulator(plain)
        acc.grow(to: 1)
        let column = Column(t, values)
        acc.update([Int32](repeating: 0, count: values.count), column, mask: nil)
        return try acc.finish().value(at: 0)
    }

    // Typed iteration over an argument column (values as Int64, Int128 or Double).

    func forEachInt(_ c: Column, _ n: Int, _ body: (Int, Int64) -> Void) {
        switch c.type.fixedWidth ?? 8 {
        case 1:
            if case .int8 = c.type { c.values.withUnsafeBufferPointer(as: Int8.self) { v in for i in 0..<n { body(i, Int64(v[i])) } } }
            else { c.values.withUnsafeBufferPointer(as: UInt8.self) { v in for i in 0..<n { body(i, Int64(v[i])) } } }
        case 2:
            if case .int16 = c.type { c.values.withUnsafeBufferPointer(as: Int16.self) { v in for i in 0..<n { body(i, Int64(v[i])) } } }
            else { c.values.withUnsafeBufferPointer(as: UInt16.self) { v in for i in 0..<n { body(i, Int64(v[i])) } } }
        case 4:
            if case .uint32 = c.type { c.values.withUnsafeBufferPointer(as: UInt32.self) { v in for i in 0..<n { body(i, Int64(v[i])) } } }
            else { c.values.withUnsafeBufferPointer(as: Int32.self) { v in for i in 0..<n { body(i, Int64(v[i])) } } }
        default:
            c.values.withUnsafeBufferPointer(as: Int64.self) { v in for i in 0..<n { body(i, v[i]) } }
        }
    }

    func forEachWide(_ c: Column, _ n: Int, _ body: (Int, Int128) -> Void) {
        if c.type.fixedWidth == 16 {
            c.values.withUnsafeBufferPointer(as: Int128.self) { v in for i in 0..<n { body(i, v[i]) } }
        } else {
            forEachInt(c, n) { body($0, Int128($1)) }
        }
    }

    func forEachDouble(_ c: Column, _ n: Int, _ body: (Int, Double) -> Void) {
        switch c.type {
        case .float64: c.values.withUnsafeBufferPointer(as: Double.self) { v in for i in 0..<n { body(i, v[i]) } }
        case .float32: c.values.withUnsafeBufferPointer(as: Float.self) { v in for i in 0..<n { body(i, Double(v[i])) } }
        case .decimal(_, let s):
            let scale = Double(sign: .plus, exponent: 0, significand: 1) / pow10(s)
            forEachWide(c, n) { body($0, Double($1) * scale) }
        default: forEachInt(c, n) { body($0, Double($1)) }
        }
    }

    func pow10(_ k: Int) -> Double {
        var x = 1.0
        for _ in 0..<k { x *= 10 }
        return x
    }
}
