import Columnar

/// Small group keys packed into one 64-bit word per row, and a map from packed words to
/// groups: the fast path of ``GroupTable`` for keys such as two one-letter flags or a date
/// and a short code.
///
/// Every key column gets a byte that is 0 for a null and otherwise 1 (fixed-width values) or
/// the string's length + 1, followed by its value: a fixed-width value of at most 4 bytes, or
/// a byte string of at most `budget` bytes (zero-padded). Two keys are equal exactly when
/// their packed words are, so the map compares words only. A batch with a longer string
/// falls back to the general path; keys the map has not seen yet are resolved through the
/// general path too, in the order they first appear, so group numbers do not change.
struct PackedKeys {
    /// Where each key column goes in the word.
    struct Part {
        let shift: UInt64
        /// Value bytes (fixed width) or the string budget.
        let size: Int
        let isBytes: Bool
    }

    let parts: [Part]

    /// The packing for `types`, or nil when they do not fit in a word (or a single
    /// fixed-width column, which the general path handles as fast).
    init?(_ types: [DataType]) {
        if types.isEmpty || (types.count == 1 && types[0].fixedWidth != nil) { return nil }
        var fixedBytes = 0, strings = 0
        for t in types {
            if let w = t.fixedWidth {
                guard w <= 4 else { return nil }
                fixedBytes += 1 + w
            } else if t.isByteArray {
                strings += 1
            } else {
                return nil
            }
        }
        guard fixedBytes <= 8 else { return nil }
        let budget = strings == 0 ? 0 : (8 - fixedBytes) / strings - 1
        guard strings == 0 || budget >= 1 else { return nil }
        var shift: UInt64 = 0
        var parts: [Part] = []
        for t in types {
            let size = t.fixedWidth ?? budget
            parts.append(Part(shift: shift, size: size, isBytes: t.fixedWidth == nil))
            shift += UInt64(8 * (1 + size))
        }
        self.parts = parts
    }

    /// Packs every row of `keys` into `out`; false when a string is longer than its budget.
    func pack(_ keys: [Column], _ n: Int, into out: UnsafeMutablePointer<UInt64>) -> Bool {
        out.initialize(repeating: 0, count: n)
        for (c, part) in zip(keys, parts) {
            let ok: Bool = c.values.withUnsafeBytes { raw in
                let base = raw.baseAddress!
                if part.isBytes {
                    return c.offsets.withUnsafeBufferPointer(as: Int32.self) { offs in
                        Self.packBytes(base, raw.count, offs.baseAddress!, n, part, out)
                    }
                }
                switch part.size {
                case 1: Self.packFixed(base.assumingMemoryBound(to: UInt8.self), n, part.shift, out)
                case 2: Self.packFixed(base.assumingMemoryBound(to: UInt16.self), n, part.shift, out)
                default: Self.packFixed(base.assumingMemoryBound(to: UInt32.self), n, part.shift, out)
                }
                return true
            }
            guard ok else { return false }
            if let validity = c.validity {
                // Null rows: the column's bytes are all zero.
                let clear = ~((part.size >= 7 ? ~0 : (UInt64(1) << UInt64(8 * (1 + part.size))) &- 1) << part.shift)
                validity.words.withUnsafeBufferPointer(as: UInt64.self) { w in
                    for k in 0..<((n + 63) >> 6) {
                        var missing = ~w[k]
                        if k == (n - 1) >> 6 && n & 63 != 0 { missing &= (1 << UInt64(n & 63)) &- 1 }
                        while missing != 0 {
                            out[k << 6 + missing.trailingZeroBitCount] &= clear
                            missing &= missing &- 1
                        }
                    }
                }
            }
        }
        return true
    }

    @inline(__always)
    static func packFixed<T: FixedWidthInteger>(_ v: UnsafePointer<T>, _ n: Int, _ shift: UInt64, _ out: UnsafeMutablePointer<UInt64>) {
        for i in 0..<n { out[i] |= (1 | UInt64(v[i]) &<< 8) &<< shift }
    }

    static func packBytes(
        _ base: UnsafeRawPointer, _ readable: Int, _ o: UnsafePointer<Int32>, _ n: Int, _ part: Part, _ out: UnsafeMutablePointer<UInt64>
    ) -> Bool {
        let budget = part.size, shift = part.shift
        // Strings starting at least a word before the end are read as a whole word, masked.
        let wordEnd = readable &- 8
        for i in 0..<n {
            let start = Int(o[i]), len = Int(o[i &+ 1]) &- start
            if len > budget || len < 0 { return false }
            let word: UInt64
            if start <= wordEnd {
                word = (base + start).loadUnaligned(as: UInt64.self) & ((1 &<< UInt64(truncatingIfNeeded: len &<< 3)) &- 1)
            } else {
                word = KeyHash.word(base + start, len, readable: readable &- start)
            }
            out[i] |= (UInt64(truncatingIfNeeded: len &+ 1) | word &<< 8) &<< shift
        }
        return true
    }
}

/// An open-addressing map from packed keys to groups.
struct PackedKeyMap {
    private var keys: [UInt64] = Array(repeating: 0, count: 64)
    /// Group + 1 (0: empty slot); negative while a new key waits for its group number.
    private var values: [Int32] = Array(repeating: 0, count: 64)
    private var used = 0

    @inline(__always)
    static func slot(_ key: UInt64) -> Int {
        let x = (key ^ (key >> 29)) &* 0xBF58_476D_1CE4_E5B9
        return Int(truncatingIfNeeded: x ^ (x >> 32))
    }

    /// Looks every packed key up: `out[i]` is its group, or -(p+1) for the p-th key not seen
    /// before (those are added, waiting); returns the first row of each waiting key.
    mutating func lookup(_ packed: UnsafePointer<UInt64>, _ n: Int, _ out: UnsafeMutablePointer<Int32>) -> [Int32] {
        var waiting: [Int32] = []
        var i = 0
        while i < n {
            // Room for every remaining row being new, at most half full.
            if (used + min(n - i, 4096)) * 2 > keys.count { grow(minimum: used + min(n - i, 4096)) }
            let end = min(n, i + 4096)
            keys.withUnsafeMutableBufferPointer { kb in
                values.withUnsafeMutableBufferPointer { vb in
                    let k = kb.baseAddress!, v = vb.baseAddress!
                    let mask = kb.count &- 1
                    while i < end {
                        let key = packed[i]
                        // Runs of one key are common (sorted or clustered data).
                        if i > 0 && packed[i &- 1] == key {
                            out[i] = out[i &- 1]
                            i &+= 1
                            continue
                        }
                        var s = Self.slot(key) & mask
                        while true {
                            let g = v[s]
                            if g == 0 {
                                waiting.append(Int32(truncatingIfNeeded: i))
                                let marker = -Int32(truncatingIfNeeded: waiting.count)
                                k[s] = key
                                v[s] = marker
                                used &+= 1
                                out[i] = marker
                                break
                            }
                            if k[s] == key {
                                out[i] = g > 0 ? g &- 1 : g
                                break
                            }
                            s = (s &+ 1) & mask
                        }
                        i &+= 1
                    }
                }
            }
        }
        return waiting
    }

    /// Records the groups of the waiting keys (`groups[p]` for the p-th) and fixes `out`.
    mutating func resolve(_ packed: UnsafePointer<UInt64>, _ n: Int, _ waiting: [Int32], _ groups: [Int32], _ out: UnsafeMutablePointer<Int32>) {
        keys.withUnsafeBufferPointer { kb in
            values.withUnsafeMutableBufferPointer { vb in
                let mask = kb.count - 1
                for (p, row) in waiting.enumerated() {
                    let key = packed[Int(row)]
                    var s = Self.slot(key) & mask
                    while kb[s] != key || vb[s] == 0 { s = (s + 1) & mask }
                    vb[s] = groups[p] + 1
                }
            }
        }
        for i in 0..<n where out[i] < 0 { out[i] = groups[Int(-out[i]) - 1] }
    }

    private mutating func grow(minimum: Int) {
        var capacity = keys.count
        while minimum * 2 > capacity { capacity *= 2 }
        var newKeys = [UInt64](repeating: 0, count: capacity), newValues = [Int32](repeating: 0, count: capacity)
        let mask = capacity - 1
        for s in keys.indices where values[s] != 0 {
            var p = Self.slot(keys[s]) & mask
            while newValues[p] != 0 { p = (p + 1) & mask }
            newKeys[p] = keys[s]
            newValues[p] = values[s]
        }
        keys = newKeys
        values = newValues
    }
}
