import Columnar

/// Z-order clustering: the row order that interleaves the bits of several columns' ranks, so
/// rows close in every Z-order column land in the same files and each file's min/max range is
/// narrow in all of them (what makes statistics skip files).
///
/// Each column's values become order-preserving 64-bit keys (integers and temporals with the
/// sign bit flipped, floats by their IEEE total order, strings and binaries by their first 8
/// bytes, nulls first); the keys are ranked, and the rank scaled to `64 / columns` bits becomes
/// the column's range id (equal values share one id, as Spark's `range_partition_id`). The
/// ids' bits are interleaved most significant first into one 64-bit z-value, and rows are
/// sorted by it.
enum ZOrder {
    /// Whether a column of `type` can be Z-ordered.
    static func supports(_ type: DataType) -> Bool {
        switch type {
        case .struct, .list, .map: false
        default: true
        }
    }

    /// The row order (a permutation of `0..<count`) that sorts rows by their z-value.
    static func permutation(_ columns: [Column], count: Int) -> [Int32] {
        guard count > 0 else { return [] }
        let used = Array(columns.prefix(64))
        let bits = 64 / max(1, used.count)
        let ids = used.map { rangeIDs($0, count: count, bits: bits) }
        var z = [UInt64](repeating: 0, count: count)
        z.withUnsafeMutableBufferPointer { out in
            for bit in stride(from: bits - 1, through: 0, by: -1) {
                for columnIDs in ids {
                    columnIDs.withUnsafeBufferPointer { id in
                        for row in 0..<count { out[row] = (out[row] &<< 1) | ((id[row] &>> UInt64(bit)) & 1) }
                    }
                }
            }
        }
        var order = [Int32](unsafeUninitializedCapacity: count) { buffer, n in
            for i in 0..<count { buffer[i] = Int32(i) }
            n = count
        }
        z.withUnsafeBufferPointer { zs in
            order.sort { a, b in zs[Int(a)] != zs[Int(b)] ? zs[Int(a)] < zs[Int(b)] : a < b }
        }
        return order
    }

    /// Each row's range id in `0 ..< 2^bits`: its rank among the column's values (nulls first,
    /// equal values sharing the rank of the first) scaled to `bits` bits.
    static func rangeIDs(_ column: Column, count: Int, bits: Int) -> [UInt64] {
        struct Item {
            var valid: Bool
            var key: UInt64
            var row: Int32
        }
        let keys = orderKeys(column, count: count)
        var items = (0..<count).map { Item(valid: !column.isNull($0), key: keys[$0], row: Int32($0)) }
        items.sort { a, b in a.valid != b.valid ? !a.valid : a.key < b.key }
        var ids = [UInt64](repeating: 0, count: count)
        let n = UInt128(count)
        var runID: UInt64 = 0
        for position in 0..<count {
            let item = items[position]
            if position > 0 {
                let previous = items[position - 1]
                if item.valid != previous.valid || (item.valid && item.key != previous.key) {
                    runID = UInt64((UInt128(position) << UInt128(bits)) / n)
                }
            }
            ids[Int(item.row)] = runID
        }
        return ids
    }

    /// Order-preserving unsigned keys of a column's values (a null's key is 0 and unused).
    static func orderKeys(_ column: Column, count: Int) -> [UInt64] {
        var keys = [UInt64](repeating: 0, count: count)
        let signBit: UInt64 = 1 << 63
        func fixed<T: BitwiseCopyable>(_: T.Type, _ key: (T) -> UInt64) {
            column.values.withUnsafeBufferPointer(as: T.self) { src in
                for i in 0..<min(count, src.count) { keys[i] = key(src[i]) }
            }
        }
        func signed(_ v: Int64) -> UInt64 { UInt64(bitPattern: v) ^ signBit }
        func double(_ d: Double) -> UInt64 {
            let bits = d.bitPattern
            return bits & signBit != 0 ? ~bits : bits | signBit
        }
        switch column.type {
        case .boolean, .uint8: fixed(UInt8.self) { UInt64($0) }
        case .int8: fixed(Int8.self) { signed(Int64($0)) }
        case .int16: fixed(Int16.self) { signed(Int64($0)) }
        case .uint16: fixed(UInt16.self) { UInt64($0) }
        case .int32, .date: fixed(Int32.self) { signed(Int64($0)) }
        case .uint32: fixed(UInt32.self) { UInt64($0) }
        case .int64, .timestamp, .timestampNTZ: fixed(Int64.self) { signed($0) }
        case .uint64: fixed(UInt64.self) { $0 }
        case .float32: fixed(Float.self) { double(Double($0)) }
        case .float64: fixed(Double.self) { double($0) }
        case .decimal(let precision, _):
            if precision <= 18 {
                fixed(Int64.self) { signed($0) }
            } else {
                // The high 64 bits of the sign-flipped 128-bit value keep the order (coarsely).
                fixed(Int128.self) { UInt64(truncatingIfNeeded: (UInt128(bitPattern: $0) ^ (UInt128(1) << 127)) >> 64) }
            }
        case .string, .binary, .fixedSizeBinary:
            // The first 8 bytes, big-endian: a prefix order.
            column.values.withUnsafeBytes { bytes in
                for i in 0..<count {
                    let start = column.offset(i), end = column.offset(i + 1)
                    var key: UInt64 = 0
                    for j in 0..<8 {
                        key <<= 8
                        if start + j < end { key |= UInt64(bytes[start + j]) }
                    }
                    keys[i] = key
                }
            }
        case .struct, .list, .map:
            break
        }
        return keys
    }
}
