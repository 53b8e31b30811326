import Columnar

/// MERGE's source rows indexed by the join's equality keys, answering "which source rows have
/// this target row's keys" for a batch of target rows at a time. One integer-like key column
/// (integers, dates, timestamps, decimals up to 18 digits) gets an open-addressing table over
/// the raw values; other keys go through the hash join's encoded-key table. Null keys never
/// match (SQL equality).
final class KeyIndex: @unchecked Sendable {
    private let join: HashJoin?
    /// Integer path: slot keys, the first source row of each slot's chain (-1: empty), and the
    /// next row of each row's chain.
    private var slotKeys: [Int64] = []
    private var slotHeads: [Int32] = []
    private var next: [Int32] = []
    private var mask = 0

    /// Indexes the `rows` rows of `keys` (the source's key columns, evaluated; none: every
    /// source row matches every target row).
    init(keys: [Column], evaluator: ExpressionEvaluator, rows: Int) throws {
        if keys.count == 1, let values = Self.integers(keys[0]) {
            join = nil
            buildIntegers(values, validity: keys[0])
            return
        }
        let schema = Schema(keys.enumerated().map { Field("k\($0.offset)", $0.element.type) })
        let batch = RecordBatch(schema: schema, columns: keys, count: rows)
        let refs = schema.fields.indices.map { BoundExpression.column($0, schema.fields[$0].type) }
        join = try HashJoin(kind: .inner, build: batch, buildKeys: refs, probeKeys: refs, residual: nil, schema: schema, evaluator: evaluator)
    }

    @inline(__always)
    static func hash(_ k: Int64) -> Int {
        let h = UInt64(bitPattern: k) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    private func buildIntegers(_ values: [Int64], validity column: Column) {
        let n = values.count
        var capacity = 16
        while capacity < n * 2 { capacity <<= 1 }
        mask = capacity - 1
        slotKeys = [Int64](repeating: 0, count: capacity)
        slotHeads = [Int32](repeating: -1, count: capacity)
        next = [Int32](repeating: -1, count: n)
        // Rows in reverse, so that each chain lists its rows ascending.
        for r in stride(from: n - 1, through: 0, by: -1) where !column.isNull(r) {
            let k = values[r]
            var s = Self.hash(k) & mask
            while slotHeads[s] >= 0 && slotKeys[s] != k { s = (s + 1) & mask }
            if slotHeads[s] < 0 { slotKeys[s] = k }
            next[r] = slotHeads[s]
            slotHeads[s] = Int32(r)
        }
    }

    /// The (target row, source row) pairs with equal keys, target rows ascending, for target
    /// key columns of `count` rows.
    func matches(_ keys: [Column], count: Int) -> (probe: [Int32], build: [Int32]) {
        if let join { return join.keyMatches(keys, count: count) }
        guard let values = Self.integers(keys[0]) else { return ([], []) }
        let column = keys[0]
        var probe: [Int32] = [], build: [Int32] = []
        let nullable = column.validity != nil
        slotKeys.withUnsafeBufferPointer { slotKeys in
            slotHeads.withUnsafeBufferPointer { heads in
                next.withUnsafeBufferPointer { next in
                    values.withUnsafeBufferPointer { values in
                        for i in 0..<count {
                            if nullable && column.isNull(i) { continue }
                            let k = values[i]
                            var s = Self.hash(k) & mask
                            while heads[s] >= 0 {
                                if slotKeys[s] == k {
                                    var r = heads[s]
                                    while r >= 0 {
                                        probe.append(Int32(i))
                                        build.append(r)
                                        r = next[Int(r)]
                                    }
                                    break
                                }
                                s = (s + 1) & mask
                            }
                        }
                    }
                }
            }
        }
        return (probe, build)
    }

    /// The values of an integer-like column as Int64 (nil for other types).
    static func integers(_ c: Column) -> [Int64]? {
        func widen<T: FixedWidthInteger & BitwiseCopyable>(_: T.Type) -> [Int64] {
            c.values.withUnsafeBufferPointer(as: T.self) { p in
                [Int64](unsafeUninitializedCapacity: c.count) { out, n in
                    for i in 0..<c.count { out[i] = Int64(truncatingIfNeeded: p[i]) }
                    n = c.count
                }
            }
        }
        switch c.type {
        case .int8: return widen(Int8.self)
        case .int16: return widen(Int16.self)
        case .int32, .date: return widen(Int32.self)
        case .int64, .timestamp, .timestampNTZ: return widen(Int64.self)
        case .decimal(let p, _) where p <= 18: return widen(Int64.self)
        default: return nil
        }
    }
}
