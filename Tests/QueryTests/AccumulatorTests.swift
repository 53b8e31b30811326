import Columnar
import Testing
@testable import Query

/// The typed update loops of count, sum, avg, min and max against a row-by-row reference:
/// every storage type, nulls in the argument, FILTER masks with nulls, one group (sums in
/// registers) and several, and merging.
@Suite struct AccumulatorTests {
    static let types: [DataType] = [
        .int8, .int16, .int32, .int64, .uint8, .uint32, .date, .boolean,
        .decimal(precision: 10, scale: 2), .decimal(precision: 30, scale: 3), .float64, .float32,
    ]
    static let functions: [AggregateFunction] = [.count, .countStar, .sum, .avg, .min, .max]

    /// Values of `type`; one in `nullEvery` (on average) null, none when 0.
    static func values(_ type: DataType, _ n: Int, seed: UInt64, nullEvery: UInt64) -> [Value] {
        var rng = SplitMix(seed)
        return (0..<n).map { i in
            if nullEvery > 0 && rng.next() % nullEvery == 0 { return .null }
            let r = rng.next()
            let signed = Int64(bitPattern: r) >> 40
            switch type {
            case .int8: return .int(Int64(Int8(truncatingIfNeeded: r)))
            case .int16: return .int(Int64(Int16(truncatingIfNeeded: r)))
            case .int32: return .int(Int64(Int32(truncatingIfNeeded: r)))
            case .int64: return .int(i % 17 == 3 ? Int64.max - Int64(r % 3) : signed)  // sums wrap
            case .uint8: return .uint(r % 256)
            case .uint32: return .uint(r % (1 << 32))
            case .date: return .date(Int32(truncatingIfNeeded: signed))
            case .boolean: return .boolean(r & 1 == 0)
            case .decimal(let p, _): return .decimal(Int128(signed) * (p > 18 ? 1_000_000_000_000 : 1))
            case .float64: return .double(i % 23 == 7 ? .nan : Double(signed) / 7)
            case .float32: return .float(Float(signed % 100_000) / 3)
            default: return .null
            }
        }
    }

    /// The state the reference expects for one group.
    struct Expected: Equatable {
        var count: Int64 = 0
        var int: Int64 = 0
        var wide: Int128 = 0
        var double: Double = 0
        var present = false

        static func == (a: Expected, b: Expected) -> Bool {
            a.count == b.count && a.int == b.int && a.wide == b.wide && a.present == b.present
                && (a.double == b.double || (a.double.isNaN && b.double.isNaN))
        }
    }

    /// Folds rows in order as the row-by-row update did.
    static func reference(_ call: AggregateCall, _ type: DataType, _ values: [Value], _ mask: [Value]?, _ gids: [Int32], groups: Int) -> [Expected] {
        var out = [Expected](repeating: Expected(), count: groups)
        for (i, v) in values.enumerated() {
            if let mask, mask[i] != .boolean(true) { continue }
            if call.function != .countStar && v.isNull { continue }
            let g = Int(gids[i])
            var e = out[g]
            let asInt: Int64 = switch v {
            case .int(let x): x
            case .uint(let x): Int64(bitPattern: x)
            case .date(let x): Int64(x)
            case .boolean(let b): b ? 1 : 0
            case .decimal(let d): Int64(truncatingIfNeeded: d)
            default: 0
            }
            let asWide: Int128 = if case .decimal(let d) = v { d } else { Int128(asInt) }
            let asDouble: Double = switch v {
            case .double(let d): d
            case .float(let f): Double(f)
            case .decimal(let d):
                if case .decimal(_, let s) = type { Double(d) * (1 / (0..<s).reduce(1.0) { x, _ in x * 10 }) } else { 0 }
            default: Double(asInt)
            }
            let isDecimal = if case .decimal = type { true } else { false }
            let isFloat = type == .float64 || type == .float32
            let isWide = type.fixedWidth == 16
            switch call.function {
            case .count, .countStar: e.count &+= 1
            case .sum:
                if isDecimal { e.wide &+= asWide } else if isFloat { e.double += asDouble } else { e.int &+= asInt }
                e.present = true
            case .avg:
                if isDecimal { e.wide &+= asWide } else { e.double += asDouble }
                e.count &+= 1
            case .min, .max:
                let isMax = call.function == .max
                if isFloat {
                    let better = isMax ? (asDouble > e.double || asDouble.isNaN) : (asDouble < e.double || e.double.isNaN)
                    if !e.present || better { e.double = asDouble; e.present = true }
                } else if isWide {
                    if !e.present || (isMax ? asWide > e.wide : asWide < e.wide) { e.wide = asWide; e.present = true }
                } else {
                    if !e.present || (isMax ? asInt > e.int : asInt < e.int) { e.int = asInt; e.present = true }
                }
            default: break
            }
            out[g] = e
        }
        return out
    }

    static func state(_ acc: Accumulator, groups: Int) -> [Expected] {
        (0..<groups).map { g in
            var e = Expected()
            switch acc.kind {
            case .count: e.count = acc.counts[g]
            case .sumInt, .extremeInt: e.int = acc.ints[g]; e.present = acc.present[g]
            case .sumDecimal, .extremeWide: e.wide = acc.wides[g]; e.present = acc.present[g]
            case .avgDecimal: e.wide = acc.wides[g]; e.count = acc.counts[g]
            case .sumDouble, .extremeDouble: e.double = acc.doubles[g]; e.present = acc.present[g]
            case .avgDouble: e.double = acc.doubles[g]; e.count = acc.counts[g]
            default: break
            }
            return e
        }
    }

    static func isSupported(_ f: AggregateFunction, _ t: DataType) -> Bool {
        switch (f, t) {
        case (.sum, .date), (.sum, .boolean), (.avg, .date), (.avg, .boolean): false
        default: true
        }
    }

    @Test(arguments: functions, types)
    func typedUpdatesMatchTheRowByRowReference(function: AggregateFunction, type: DataType) throws {
        guard Self.isSupported(function, type) else { return }
        let argument: BoundExpression? = function == .countStar ? nil : .column(0, type)
        let call = AggregateCall(function, argument, resultType: AggregateCall.resultType(function, type))
        // One group (registers), few (interleaved lanes, or rows sorted by group), many.
        for (groups, sorted) in [(1, false), (7, false), (7, true), (5000, false)] {
            for variant in 0..<4 {
                // 0: no nulls, no mask; 1: nulls; 2: nulls and a FILTER mask with nulls; 3: rare nulls
                // (whole 64-row words of valid rows between them).
                var acc = Accumulator(call)
                let probe = Accumulator(call)
                #expect(![.moments, .percentile, .pick, .distinct, .extremeValue].contains(probe.kind))
                var rows: [Value] = [], masks: [Value] = [], gids: [Int32] = []
                var rng = SplitMix(UInt64(groups * 10 + variant))
                for batch in 0..<2 {
                    let n = batch == 0 ? 1_000 : 131
                    let values = Self.values(type, n, seed: UInt64(batch * 7 + variant), nullEvery: [0, 5, 5, 300][variant])
                    let batchGids = (0..<n).map { _ in Int32(rng.next() % UInt64(groups)) }
                    let mask: [Value]? = variant == 2 ? (0..<n).map { _ in [Value.boolean(true), .boolean(false), .null][Int(rng.next() % 3)] } : nil
                    acc.grow(to: groups)
                    let segments = sorted ? GroupSegments(batchGids, groups: groups) : nil
                    #expect((segments != nil) == sorted)
                    acc.update(batchGids, argument == nil ? nil : Column(type, values), mask: mask.map { Column(.boolean, $0) }, segments: segments)
                    rows += values
                    gids += batchGids
                    if let mask { masks += mask } else { masks += Array(repeating: .boolean(true), count: n) }
                }
                let expected = Self.reference(call, type, rows, masks, gids, groups: groups)
                #expect(Self.state(acc, groups: groups) == expected, "\(function) over \(type), \(groups) groups, sorted: \(sorted), variant \(variant)")
            }
        }
    }

    @Test func mergedWorkersMatchOneWorker() throws {
        let type = DataType.decimal(precision: 12, scale: 2)
        let call = AggregateCall(.avg, .column(0, type), resultType: AggregateCall.resultType(.avg, type))
        let values = Self.values(type, 500, seed: 3, nullEvery: 5)
        let gids = (0..<500).map { Int32($0 % 5) }
        var whole = Accumulator(call), a = Accumulator(call), b = Accumulator(call)
        whole.grow(to: 5)
        whole.update(gids, Column(type, values), mask: nil)
        a.grow(to: 5)
        a.update(Array(gids[0..<200]), Column(type, Array(values[0..<200])), mask: nil)
        b.grow(to: 5)
        b.update(Array(gids[200...]), Column(type, Array(values[200...])), mask: nil)
        a.merge(b, [0, 1, 2, 3, 4])
        #expect(Self.state(a, groups: 5) == Self.state(whole, groups: 5))
        let texts = { (c: Column) in (0..<c.count).map { c.value(at: $0).text(as: c.type) } }
        #expect(texts(try a.finish()) == texts(try whole.finish()))
    }

    @Test func emptyAndAllNullBatchesLeaveNoValue() throws {
        let call = AggregateCall(.sum, .column(0, .int64), resultType: .int64)
        var acc = Accumulator(call)
        acc.grow(to: 1)
        acc.update([], Column(.int64, []), mask: nil)
        acc.update([0, 0], Column(.int64, [.null, .null]), mask: nil)
        acc.update([0], Column(.int64, [.int(4)]), mask: Column(.boolean, [.boolean(false)]))
        #expect(try acc.finish().value(at: 0) == .null)
        acc.update([0, 0], Column(.int64, [.int(4), .null]), mask: Column(.boolean, [.boolean(true), .boolean(true)]))
        #expect(try acc.finish().value(at: 0) == .int(4))
    }
}
