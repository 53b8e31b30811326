import Columnar

/// Typed update loops for the common aggregates (count, sum, avg, min, max over fixed-width
/// values): the state arrays and the argument's values are opened once per batch, and rows
/// that do not count (null argument, FILTER not true) are skipped a 64-row word at a time.
/// With a single group (a global aggregate) sums run in registers.
extension Accumulator {
    /// Which rows count, as bit words (bit i of word i/64: row i), or nil when every row does:
    /// the argument is not null and the FILTER condition is true (not false, not null).
    static func liveWords(_ n: Int, argument: Column?, mask: Column?) -> [UInt64]? {
        if argument?.validity == nil && mask == nil { return nil }
        let wordCount = (n + 63) >> 6
        var words = [UInt64](repeating: ~0, count: wordCount)
        words.withUnsafeMutableBufferPointer { w in
            if let validity = argument?.validity {
                validity.words.withUnsafeBufferPointer(as: UInt64.self) { v in
                    for k in 0..<wordCount { w[k] = v[k] }
                }
            }
            if let mask {
                mask.values.withUnsafeBufferPointer(as: UInt8.self) { m in
                    var k = 0
                    while k < wordCount {
                        let base = k << 6, end = min(n, base + 64)
                        var bits: UInt64 = 0
                        for i in base..<end { bits |= UInt64(m[i] != 0 ? 1 : 0) &<< UInt64(i &- base) }
                        w[k] &= bits
                        k += 1
                    }
                }
                if let validity = mask.validity {
                    validity.words.withUnsafeBufferPointer(as: UInt64.self) { v in
                        for k in 0..<wordCount { w[k] &= v[k] }
                    }
                }
            }
            // Rows past the end never count.
            if n & 63 != 0 { w[wordCount - 1] &= (1 << UInt64(n & 63)) &- 1 }
        }
        return words
    }

    /// Calls `body` with every counting row, in order.
    @inline(__always)
    static func forEachLive(_ n: Int, _ live: UnsafePointer<UInt64>?, _ body: (Int) -> Void) {
        guard let live else {
            for i in 0..<n { body(i) }
            return
        }
        let wordCount = (n + 63) >> 6
        for k in 0..<wordCount {
            var bits = live[k]
            let base = k << 6
            if bits == ~0 {
                for i in base..<(base + 64) { body(i) }
                continue
            }
            while bits != 0 {
                body(base + bits.trailingZeroBitCount)
                bits &= bits &- 1
            }
        }
    }

    /// The number of counting rows.
    static func liveCount(_ n: Int, _ live: UnsafePointer<UInt64>?) -> Int {
        guard let live else { return n }
        var total = 0
        for k in 0..<((n + 63) >> 6) { total &+= live[k].nonzeroBitCount }
        return total
    }

    /// Up to this many groups, per-group sums and counts go through four interleaved partial
    /// states (row i adds to lane i mod 4): consecutive rows of one group then do not wait on
    /// each other's stores. Integer sums wrap, so the totals are the same.
    static let laneGroupLimit = 4096

    /// Adds `value(i)` of every counting row to `s[gids[i]]` (and marks `present`).
    @inline(__always)
    static func laneSums<V: FixedWidthInteger>(
        _ n: Int, _ live: UnsafePointer<UInt64>?, _ gids: UnsafePointer<Int32>, _ groups: Int,
        _ s: UnsafeMutablePointer<V>, _ present: UnsafeMutablePointer<Bool>?, _ value: (Int) -> V
    ) {
        withUnsafeTemporaryAllocation(of: V.self, capacity: groups &<< 2) { lanes in
            let p = lanes.baseAddress!
            p.initialize(repeating: 0, count: groups &<< 2)
            if let present {
                forEachLive(n, live) { i in
                    let g = Int(gids[i])
                    p[g &<< 2 | (i & 3)] &+= value(i)
                    present[g] = true
                }
            } else {
                forEachLive(n, live) { i in p[Int(gids[i]) &<< 2 | (i & 3)] &+= value(i) }
            }
            for g in 0..<groups { s[g] &+= (p[g &<< 2] &+ p[g &<< 2 | 1]) &+ (p[g &<< 2 | 2] &+ p[g &<< 2 | 3]) }
        }
    }

    /// Adds `value(i)` to `s[gids[i]]` and 1 to `c[gids[i]]` for every counting row.
    @inline(__always)
    static func laneSumsAndCounts<V: FixedWidthInteger>(
        _ n: Int, _ live: UnsafePointer<UInt64>?, _ gids: UnsafePointer<Int32>, _ groups: Int,
        _ s: UnsafeMutablePointer<V>, _ c: UnsafeMutablePointer<Int64>, _ value: (Int) -> V
    ) {
        withUnsafeTemporaryAllocation(of: V.self, capacity: groups &<< 2) { lanes in
            withUnsafeTemporaryAllocation(of: Int64.self, capacity: groups &<< 2) { counts in
                let p = lanes.baseAddress!, q = counts.baseAddress!
                p.initialize(repeating: 0, count: groups &<< 2)
                q.initialize(repeating: 0, count: groups &<< 2)
                forEachLive(n, live) { i in
                    let slot = Int(gids[i]) &<< 2 | (i & 3)
                    p[slot] &+= value(i)
                    q[slot] &+= 1
                }
                for g in 0..<groups {
                    s[g] &+= (p[g &<< 2] &+ p[g &<< 2 | 1]) &+ (p[g &<< 2 | 2] &+ p[g &<< 2 | 3])
                    c[g] &+= (q[g &<< 2] &+ q[g &<< 2 | 1]) &+ (q[g &<< 2 | 2] &+ q[g &<< 2 | 3])
                }
            }
        }
    }

    /// Updates the typed kinds; false for the kinds left to the general loop.
    mutating func updateTyped(_ gids: UnsafePointer<Int32>, _ n: Int, _ argument: Column?, mask: Column?, segments: GroupSegments?) -> Bool {
        switch kind {
        case .count, .sumInt, .sumDecimal, .avgDecimal, .extremeInt, .extremeWide, .sumDouble, .avgDouble, .extremeDouble:
            break
        default:
            return false
        }
        guard n > 0 else { return true }
        let live = Self.liveWords(n, argument: argument, mask: mask)
        if let live {
            live.withUnsafeBufferPointer { updateTyped(gids, n, argument, $0.baseAddress!, segments) }
        } else {
            updateTyped(gids, n, argument, nil, segments)
        }
        return true
    }

    private mutating func updateTyped(_ gids: UnsafePointer<Int32>, _ n: Int, _ argument: Column?, _ live: UnsafePointer<UInt64>?, _ segments: GroupSegments?) {
        let single = groups == 1, lanes = groups <= Self.laneGroupLimit
        switch kind {
        case .count:
            let groupCount = groups
            counts.withUnsafeMutableBufferPointer { c in
                let c = c.baseAddress!
                if single {
                    c[0] &+= Int64(Self.liveCount(n, live))
                } else if let segments {
                    segments.forEach { g, rows in
                        if live == nil {
                            c[g] &+= Int64(rows.count)
                        } else {
                            var k: Int64 = 0
                            GroupSegments.forEachLive(rows, live) { _ in k &+= 1 }
                            c[g] &+= k
                        }
                    }
                } else if lanes {
                    Self.laneSums(n, live, gids, groupCount, c, nil) { _ in 1 }
                } else {
                    Self.forEachLive(n, live) { i in c[Int(gids[i])] &+= 1 }
                }
            }
        case .sumInt, .extremeInt:
            guard let argument else { return }
            let op: IntFold = kind == .sumInt ? .sum : (call.function == .max ? .max : .min)
            switch argument.type.fixedWidth ?? 8 {
            case 1:
                if case .int8 = argument.type { foldIntegers(Int8.self, op, argument, gids, n, live, single, segments) }
                else { foldIntegers(UInt8.self, op, argument, gids, n, live, single, segments) }
            case 2:
                if case .int16 = argument.type { foldIntegers(Int16.self, op, argument, gids, n, live, single, segments) }
                else { foldIntegers(UInt16.self, op, argument, gids, n, live, single, segments) }
            case 4:
                if case .uint32 = argument.type { foldIntegers(UInt32.self, op, argument, gids, n, live, single, segments) }
                else { foldIntegers(Int32.self, op, argument, gids, n, live, single, segments) }
            default:
                foldIntegers(Int64.self, op, argument, gids, n, live, single, segments)
            }
        case .sumDecimal, .avgDecimal, .extremeWide:
            guard let argument else { return }
            let op: WideFold = switch kind {
            case .sumDecimal: .sum
            case .avgDecimal: .sumAndCount
            default: call.function == .max ? .max : .min
            }
            if argument.type.fixedWidth == 16 {
                foldWide(Int128.self, op, argument, gids, n, live, single, segments)
            } else {
                // Narrower integers (a decimal column is Int64 at precision ≤ 18) widen like forEachInt.
                switch argument.type.fixedWidth ?? 8 {
                case 1:
                    if case .int8 = argument.type { foldWide(Int8.self, op, argument, gids, n, live, single, segments) }
                    else { foldWide(UInt8.self, op, argument, gids, n, live, single, segments) }
                case 2:
                    if case .int16 = argument.type { foldWide(Int16.self, op, argument, gids, n, live, single, segments) }
                    else { foldWide(UInt16.self, op, argument, gids, n, live, single, segments) }
                case 4:
                    if case .uint32 = argument.type { foldWide(UInt32.self, op, argument, gids, n, live, single, segments) }
                    else { foldWide(Int32.self, op, argument, gids, n, live, single, segments) }
                default:
                    foldWide(Int64.self, op, argument, gids, n, live, single, segments)
                }
            }
        case .sumDouble, .avgDouble, .extremeDouble:
            guard let argument else { return }
            let op: DoubleFold = switch kind {
            case .sumDouble: .sum
            case .avgDouble: .sumAndCount
            default: call.function == .max ? .max : .min
            }
            switch argument.type {
            case .float64: foldDoubles(Double.self, op, argument, gids, n, live, single, segments) { $0 }
            case .float32: foldDoubles(Float.self, op, argument, gids, n, live, single, segments) { Double($0) }
            case .decimal(_, let s):
                let scale = Double(sign: .plus, exponent: 0, significand: 1) / pow10(s)
                if argument.type.fixedWidth == 16 {
                    foldDoubles(Int128.self, op, argument, gids, n, live, single, segments) { Double($0) * scale }
                } else {
                    foldDoubles(Int64.self, op, argument, gids, n, live, single, segments) { Double(Int128($0)) * scale }
                }
            default:
                switch argument.type.fixedWidth ?? 8 {
                case 1:
                    if case .int8 = argument.type { foldDoubles(Int8.self, op, argument, gids, n, live, single, segments) { Double(Int64($0)) } }
                    else { foldDoubles(UInt8.self, op, argument, gids, n, live, single, segments) { Double(Int64($0)) } }
                case 2:
                    if case .int16 = argument.type { foldDoubles(Int16.self, op, argument, gids, n, live, single, segments) { Double(Int64($0)) } }
                    else { foldDoubles(UInt16.self, op, argument, gids, n, live, single, segments) { Double(Int64($0)) } }
                case 4:
                    if case .uint32 = argument.type { foldDoubles(UInt32.self, op, argument, gids, n, live, single, segments) { Double(Int64($0)) } }
                    else { foldDoubles(Int32.self, op, argument, gids, n, live, single, segments) { Double(Int64($0)) } }
                default:
                    foldDoubles(Int64.self, op, argument, gids, n, live, single, segments) { Double($0) }
                }
            }
        default:
            break
        }
    }

    enum IntFold { case sum, min, max }
    enum WideFold { case sum, sumAndCount, min, max }
    enum DoubleFold { case sum, sumAndCount, min, max }

    /// sum/min/max of `value(i)` over the live rows into `s` by group, `p` marking the groups
    /// that saw a value: one running sum for a single group, per-segment sums when the batch
    /// is segmented by group, interleaved lane sums for few groups, else row by row.
    @inline(__always)
    static func foldSumMinMax<A: FixedWidthInteger>(
        _ op: IntFold, _ n: Int, _ live: UnsafePointer<UInt64>?, _ gids: UnsafePointer<Int32>, _ groupCount: Int, _ lanes: Bool,
        _ single: Bool, _ segments: GroupSegments?, _ s: UnsafeMutablePointer<A>, _ p: UnsafeMutablePointer<Bool>, _ value: (Int) -> A
    ) {
        switch op {
        case .sum:
            if single {
                var acc: A = 0
                var any = false
                forEachLive(n, live) { i in
                    acc &+= value(i)
                    any = true
                }
                if any { s[0] &+= acc; p[0] = true }
            } else if let segments {
                segments.forEach { g, rows in
                    var acc: A = 0
                    var any = false
                    GroupSegments.forEachLive(rows, live) { i in
                        acc &+= value(i)
                        any = true
                    }
                    if any { s[g] &+= acc; p[g] = true }
                }
            } else if lanes {
                laneSums(n, live, gids, groupCount, s, p, value)
            } else {
                forEachLive(n, live) { i in
                    let g = Int(gids[i])
                    s[g] &+= value(i)
                    p[g] = true
                }
            }
        case .max:
            forEachLive(n, live) { i in
                let g = Int(gids[i]), x = value(i)
                if !p[g] || x > s[g] { s[g] = x; p[g] = true }
            }
        case .min:
            forEachLive(n, live) { i in
                let g = Int(gids[i]), x = value(i)
                if !p[g] || x < s[g] { s[g] = x; p[g] = true }
            }
        }
    }

    /// sum/min/max into `ints` (and `present`), values widened to Int64 as stored.
    private mutating func foldIntegers<T: FixedWidthInteger & BitwiseCopyable>(
        _: T.Type, _ op: IntFold, _ c: Column, _ gids: UnsafePointer<Int32>, _ n: Int, _ live: UnsafePointer<UInt64>?, _ single: Bool, _ segments: GroupSegments?
    ) {
        let groupCount = groups, lanes = groups <= Self.laneGroupLimit
        c.values.withUnsafeBufferPointer(as: T.self) { vb in
            let v = vb.baseAddress!
            ints.withUnsafeMutableBufferPointer { sb in
                present.withUnsafeMutableBufferPointer { pb in
                    let s = sb.baseAddress!, p = pb.baseAddress!
                    Self.foldSumMinMax(op, n, live, gids, groupCount, lanes, single, segments, s, p) { i in Int64(truncatingIfNeeded: v[i]) }
                }
            }
        }
    }

    /// sum/avg/min/max into `wides` (with `present`, or `counts` for avg), values widened to
    /// Int128.
    private mutating func foldWide<T: FixedWidthInteger & BitwiseCopyable>(
        _: T.Type, _ op: WideFold, _ c: Column, _ gids: UnsafePointer<Int32>, _ n: Int, _ live: UnsafePointer<UInt64>?, _ single: Bool, _ segments: GroupSegments?
    ) {
        let groupCount = groups, lanes = groups <= Self.laneGroupLimit
        c.values.withUnsafeBufferPointer(as: T.self) { vb in
            let v = vb.baseAddress!
            wides.withUnsafeMutableBufferPointer { sb in
                let s = sb.baseAddress!
                switch op {
                case .sumAndCount:
                    counts.withUnsafeMutableBufferPointer { cb in
                        let k = cb.baseAddress!
                        if single {
                            var acc: Int128 = 0
                            Self.forEachLive(n, live) { i in acc &+= Int128(truncatingIfNeeded: v[i]) }
                            s[0] &+= acc
                            k[0] &+= Int64(Self.liveCount(n, live))
                        } else if let segments {
                            segments.forEach { g, rows in
                                var acc: Int128 = 0
                                var count: Int64 = 0
                                GroupSegments.forEachLive(rows, live) { i in
                                    acc &+= Int128(truncatingIfNeeded: v[i])
                                    count &+= 1
                                }
                                s[g] &+= acc
                                k[g] &+= count
                            }
                        } else if lanes {
                            Self.laneSumsAndCounts(n, live, gids, groupCount, s, k) { i in Int128(truncatingIfNeeded: v[i]) }
                        } else {
                            Self.forEachLive(n, live) { i in
                                let g = Int(gids[i])
                                s[g] &+= Int128(truncatingIfNeeded: v[i])
                                k[g] &+= 1
                            }
                        }
                    }
                case .sum, .min, .max:
                    present.withUnsafeMutableBufferPointer { pb in
                        let p = pb.baseAddress!
                        Self.foldSumMinMax(op == .sum ? .sum : op == .max ? .max : .min, n, live, gids, groupCount, lanes, single, segments, s, p) { i in Int128(truncatingIfNeeded: v[i]) }
                    }
                }
            }
        }
    }

    /// sum/avg/min/max into `doubles` (with `present`, or `counts` for avg), in row order (so
    /// floating-point sums round as they always did).
    @inline(__always)
    private mutating func foldDoubles<T: BitwiseCopyable>(
        _: T.Type, _ op: DoubleFold, _ c: Column, _ gids: UnsafePointer<Int32>, _ n: Int, _ live: UnsafePointer<UInt64>?, _ single: Bool, _ segments: GroupSegments?,
        _ convert: (T) -> Double
    ) {
        c.values.withUnsafeBufferPointer(as: T.self) { vb in
            let v = vb.baseAddress!
            doubles.withUnsafeMutableBufferPointer { sb in
                let s = sb.baseAddress!
                switch op {
                case .sumAndCount:
                    counts.withUnsafeMutableBufferPointer { cb in
                        let k = cb.baseAddress!
                        if single {
                            var acc = s[0]
                            Self.forEachLive(n, live) { i in acc += convert(v[i]) }
                            s[0] = acc
                            k[0] &+= Int64(Self.liveCount(n, live))
                        } else if let segments {
                            // Each group's rows in order: the same additions as row by row.
                            segments.forEach { g, rows in
                                var acc = s[g]
                                var count: Int64 = 0
                                GroupSegments.forEachLive(rows, live) { i in
                                    acc += convert(v[i])
                                    count &+= 1
                                }
                                s[g] = acc
                                k[g] &+= count
                            }
                        } else {
                            Self.forEachLive(n, live) { i in
                                let g = Int(gids[i])
                                s[g] += convert(v[i])
                                k[g] &+= 1
                            }
                        }
                    }
                case .sum, .min, .max:
                    present.withUnsafeMutableBufferPointer { pb in
                        let p = pb.baseAddress!
                        switch op {
                        case .sum:
                            if single {
                                var acc = s[0]
                                var any = false
                                Self.forEachLive(n, live) { i in
                                    acc += convert(v[i])
                                    any = true
                                }
                                s[0] = acc
                                if any { p[0] = true }
                            } else if let segments {
                                segments.forEach { g, rows in
                                    var acc = s[g]
                                    var any = false
                                    GroupSegments.forEachLive(rows, live) { i in
                                        acc += convert(v[i])
                                        any = true
                                    }
                                    s[g] = acc
                                    if any { p[g] = true }
                                }
                            } else {
                                Self.forEachLive(n, live) { i in
                                    let g = Int(gids[i])
                                    s[g] += convert(v[i])
                                    p[g] = true
                                }
                            }
                        case .max:
                            // Spark orders NaN above every number.
                            Self.forEachLive(n, live) { i in
                                let g = Int(gids[i]), x = convert(v[i])
                                if !p[g] || x > s[g] || x.isNaN { s[g] = x; p[g] = true }
                            }
                        default:
                            Self.forEachLive(n, live) { i in
                                let g = Int(gids[i]), x = convert(v[i])
                                if !p[g] || x < s[g] || s[g].isNaN { s[g] = x; p[g] = true }
                            }
                        }
                    }
                }
            }
        }
    }
}
