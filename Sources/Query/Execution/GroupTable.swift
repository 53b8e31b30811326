#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Columnar

/// Maps the distinct values of a set of key columns to dense group numbers.
///
/// Each row's key is encoded into bytes (a null flag per column, then the fixed-width value or
/// a length-prefixed byte string), hashed, and looked up in an open-addressing table; new keys
/// get the next group number, and their values are kept as columns for the output.
final class GroupTable {
    let keyTypes: [DataType]
    private(set) var count = 0
    /// The distinct encoded keys, back to back, and where each starts.
    private var keyBytes: [UInt8] = []
    private var keyStarts: [Int] = [0]
    private var hashes: [UInt64] = []
    /// Slots: group number + 1 (0 = empty); a power of two of them.
    private var slots: [Int32] = Array(repeating: 0, count: 64)
    /// Key values of every group, in group order (built a batch at a time).
    private(set) var keyColumns: [Column]

    init(keyTypes: [DataType]) {
        self.keyTypes = keyTypes
        keyColumns = keyTypes.map { Column(empty: $0) }
    }

    /// Encodes row `row` of `columns` into `out`.
    static func encode(_ columns: [Column], _ row: Int, into out: inout [UInt8]) {
        for c in columns {
            if c.isNull(row) {
                out.append(0)
                continue
            }
            out.append(1)
            if let width = c.type.fixedWidth {
                c.values.withUnsafeBytes { b in
                    out.append(contentsOf: UnsafeRawBufferPointer(rebasing: b[(row * width)..<((row + 1) * width)]))
                }
            } else if c.type.isByteArray {
                let start = c.offset(row), end = c.offset(row + 1)
                withUnsafeBytes(of: UInt32(end - start)) { out.append(contentsOf: $0) }
                c.values.withUnsafeBytes { b in out.append(contentsOf: UnsafeRawBufferPointer(rebasing: b[start..<end])) }
            } else {
                // Nested keys: their text is unique enough to group by.
                let text = Array(c.value(at: row).text(as: c.type).utf8)
                withUnsafeBytes(of: UInt32(text.count)) { out.append(contentsOf: $0) }
                out.append(contentsOf: text)
            }
        }
    }

    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var i = 0
        let n = bytes.count
        while i + 8 <= n {
            h = (h ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
            tail |= UInt64(bytes[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        return h ^ (h >> 29)
    }

    /// The group of an encoded key, or nil.
    func lookup(_ key: UnsafeRawBufferPointer) -> Int32? {
        let h = Self.hash(key)
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: h) & mask
        while true {
            let g = slots[s]
            if g == 0 { return nil }
            let k = Int(g) - 1
            if hashes[k] == h {
                let start = keyStarts[k], end = keyStarts[k + 1]
                if end - start == key.count && (key.count == 0 || keyBytes.withUnsafeBytes({ memcmp($0.baseAddress! + start, key.baseAddress!, key.count) == 0 })) {
                    return Int32(k)
                }
            }
            s = (s + 1) & mask
        }
    }

    /// The group of an encoded key, inserting it when new (then `isNew` is true).
    func group(of key: UnsafeRawBufferPointer) -> (group: Int32, isNew: Bool) {
        let h = Self.hash(key)
        var mask = slots.count - 1
        var s = Int(truncatingIfNeeded: h) & mask
        while true {
            let g = slots[s]
            if g == 0 { break }
            let k = Int(g) - 1
            if hashes[k] == h {
                let start = keyStarts[k], end = keyStarts[k + 1]
                if end - start == key.count && (key.count == 0 || keyBytes.withUnsafeBytes({ memcmp($0.baseAddress! + start, key.baseAddress!, key.count) == 0 })) {
                    return (Int32(k), false)
                }
            }
            s = (s + 1) & mask
        }
        let k = count
        count += 1
        keyBytes.append(contentsOf: key)
        keyStarts.append(keyBytes.count)
        hashes.append(h)
        slots[s] = Int32(k + 1)
        if count * 2 > slots.count {
            // Grow and reinsert.
            slots = Array(repeating: 0, count: slots.count * 2)
            mask = slots.count - 1
            for (i, hk) in hashes.enumerated() {
                var p = Int(truncatingIfNeeded: hk) & mask
                while slots[p] != 0 { p = (p + 1) & mask }
                slots[p] = Int32(i + 1)
            }
        }
        return (Int32(k), true)
    }

    /// The group of every row of `keys` (new groups created; their key values recorded).
    func groups(_ keys: [Column], rows n: Int) -> [Int32] {
        var out = [Int32](repeating: 0, count: n)
        if keys.isEmpty {
            if count == 0 { _ = group(of: UnsafeRawBufferPointer(start: nil, count: 0)) }
            return out
        }
        var buffer: [UInt8] = []
        var newRows: [Int32] = []
        for i in 0..<n {
            buffer.removeAll(keepingCapacity: true)
            Self.encode(keys, i, into: &buffer)
            let (g, isNew) = buffer.withUnsafeBytes { group(of: $0) }
            out[i] = g
            if isNew { newRows.append(Int32(i)) }
        }
        if !newRows.isEmpty {
            for c in keys.indices {
                keyColumns[c] = Column.concatenate([keyColumns[c], keys[c].gather(newRows)])
            }
        }
        return out
    }

    /// Folds another table's groups into this one; returns, for each of its groups, the
    /// group here.
    func merge(_ other: GroupTable) -> [Int32] {
        var mapping = [Int32](repeating: 0, count: other.count)
        var newGroups: [Int32] = []
        other.keyBytes.withUnsafeBytes { bytes in
            for k in 0..<other.count {
                let key = UnsafeRawBufferPointer(rebasing: bytes[other.keyStarts[k]..<other.keyStarts[k + 1]])
                let (g, isNew) = group(of: key)
                mapping[k] = g
                if isNew { newGroups.append(Int32(k)) }
            }
        }
        if !newGroups.isEmpty {
            for c in keyColumns.indices {
                keyColumns[c] = Column.concatenate([keyColumns[c], other.keyColumns[c].gather(newGroups)])
            }
        }
        return mapping
    }
}
