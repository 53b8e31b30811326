#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Columnar

/// Maps the distinct values of a set of key columns to dense group numbers, numbered in the
/// order the keys first appear.
///
/// A batch is hashed a column at a time (fixed-width values, byte strings, nulls), the hashes
/// combined across columns; each row then probes an open-addressing table whose slots hold a
/// group number and 32 bits of its hash, and a candidate group is compared with the row a
/// column at a time against the groups' key values. Those are kept per column in the layout
/// of a ``Column`` (values, offsets for byte strings, a validity flag per group), appended to
/// in place, so the output key columns are the stores themselves. Two keys are equal when
/// every column is null in both or holds the same bytes in both (floating-point keys compare
/// by bit pattern). Nested keys (structs, lists, maps) are compared by their text.
final class GroupTable {
    let keyTypes: [DataType]
    private(set) var count = 0
    /// Every group's key hash (`hashCapacity` allocated).
    private var hashes: UnsafeMutablePointer<UInt64>
    private var hashCapacity = 64
    /// Slots: 0 when empty, else the group's hash's upper 32 bits and group number + 1; a
    /// power of two of them, at most half full.
    private var slots: [UInt64] = Array(repeating: 0, count: 64)
    /// The groups' key values, per key column.
    private var stores: [KeyStore]
    /// Small keys: how they pack into a word, and the groups of the words seen.
    private let packing: PackedKeys?
    private var packedMap = PackedKeyMap()
    /// Applied to every key hash; tests set it to 0 so that every key collides and the
    /// column-by-column comparison decides alone.
    var hashMask: UInt64 = ~0
    /// Per-batch scratch (row hashes; packed keys), kept to spare the allocations.
    private var hashScratch: [UInt64] = []
    private var packedScratch: [UInt64] = []

    init(keyTypes: [DataType]) {
        self.keyTypes = keyTypes
        stores = keyTypes.map { KeyStore(type: $0) }
        packing = PackedKeys(keyTypes)
        hashes = .allocate(capacity: hashCapacity)
    }

    deinit { hashes.deallocate() }

    /// Key values of every group, in group order.
    var keyColumns: [Column] {
        stores.map { $0.column(count) }
    }

    /// The group of every row of `keys` (new groups created; their key values recorded).
    func groups(_ keys: [Column], rows n: Int) -> [Int32] {
        if keys.isEmpty {
            if count == 0 { insertEmptyKey() }
            return [Int32](repeating: 0, count: n)
        }
        guard n > 0 else { return [] }
        // Every row's group is written below.
        var out = [Int32](unsafeUninitializedCapacity: n) { _, count in count = n }
        precondition(ProbeKeys.matches(keys, stores), "group keys of types \(keys.map(\.type)) for a table of \(keyTypes)")
        if let packing, hashMask == ~0, groupsPacked(packing, keys, n, &out) { return out }
        out.withUnsafeMutableBufferPointer { o in
            run(ProbeKeys(keys, n, stores), n, o.baseAddress!, insert: true)
        }
        return out
    }

    /// The packed-key path: false (nothing done) when some key in the batch does not pack.
    private func groupsPacked(_ packing: PackedKeys, _ keys: [Column], _ n: Int, _ out: inout [Int32]) -> Bool {
        if packedScratch.count < n { packedScratch = [UInt64](repeating: 0, count: n) }
        return packedScratch.withUnsafeMutableBufferPointer { pb in
            let packed = pb.baseAddress!
            guard packing.pack(keys, n, into: packed) else { return false }
            out.withUnsafeMutableBufferPointer { o in
                let waiting = packedMap.lookup(packed, n, o.baseAddress!)
                guard !waiting.isEmpty else { return }
                // Keys new to the map, in order of appearance: found or added by the general path.
                let firstRows = keys.map { $0.filtered(waiting) }
                var resolved = [Int32](repeating: 0, count: waiting.count)
                resolved.withUnsafeMutableBufferPointer { r in
                    run(ProbeKeys(firstRows, waiting.count, stores), waiting.count, r.baseAddress!, insert: true)
                }
                packedMap.resolve(packed, n, waiting, resolved, o.baseAddress!)
            }
            return true
        }
    }

    /// The group of every row of `keys`, or -1 where the key has no group (nothing inserted).
    func find(_ keys: [Column], rows n: Int) -> [Int32] {
        var out = [Int32](repeating: -1, count: n)
        guard n > 0 else { return out }
        if keys.isEmpty {
            if count > 0 { for i in 0..<n { out[i] = 0 } }
            return out
        }
        // Keys stored differently from this table's never equal one of its keys.
        guard ProbeKeys.matches(keys, stores) else { return out }
        out.withUnsafeMutableBufferPointer { o in
            run(ProbeKeys(keys, n, stores), n, o.baseAddress!, insert: false)
        }
        return out
    }

    /// Folds another table's groups into this one; returns, for each of its groups, the
    /// group here.
    func merge(_ other: GroupTable) -> [Int32] {
        if other.count == 0 { return [] }
        if keyTypes.isEmpty {
            if count == 0 { insertEmptyKey() }
            return [Int32](repeating: 0, count: other.count)
        }
        return groups(other.keyColumns, rows: other.count)
    }

    /// The single group of a table without key columns.
    private func insertEmptyKey() {
        count = 1
        hashes[0] = 0
    }

    /// Room for `extra` more group hashes.
    private func reserveHashes(_ extra: Int) {
        guard count + extra > hashCapacity else { return }
        let capacity = max(count + extra, hashCapacity * 2)
        let fresh = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
        fresh.update(from: hashes, count: count)
        hashes.deallocate()
        hashes = fresh
        hashCapacity = capacity
    }

    // MARK: - Probing

    /// Looks up (and with `insert`, adds) every row.
    private func run(_ keys: ProbeKeys, _ n: Int, _ out: UnsafeMutablePointer<Int32>, insert: Bool) {
        if hashScratch.count < n { hashScratch = [UInt64](repeating: 0, count: n) }
        var hashesOfRows: [UInt64] = []
        swap(&hashesOfRows, &hashScratch)
        defer { swap(&hashesOfRows, &hashScratch) }
        hashesOfRows.withUnsafeMutableBufferPointer { h in
            keys.hash(into: h.baseAddress!, n)
            if hashMask != ~0 { for i in 0..<n { h[i] &= hashMask } }
        }
        let before = count
        // Room for every row becoming a group: the loop appends through raw pointers.
        if insert {
            for s in stores.indices { stores[s].reserve(rows: n, bytes: keys.columns[s].byteCount) }
            reserveHashes(n)
        }
        let views = stores.indices.map { stores[$0].view(keys.columns[$0]) }
        hashesOfRows.withUnsafeBufferPointer { hb in
            views.withUnsafeBufferPointer { vb in
                let h = hb.baseAddress!, v = vb.baseAddress!
                if vb.count == 1 && v[0].kind == .fixed {
                    switch v[0].width {
                    case 1: probe(v, h, n, out, insert: insert) { $0[0].equalSingle(UInt8.self, row: $1, group: $2) }
                    case 2: probe(v, h, n, out, insert: insert) { $0[0].equalSingle(UInt16.self, row: $1, group: $2) }
                    case 4: probe(v, h, n, out, insert: insert) { $0[0].equalSingle(UInt32.self, row: $1, group: $2) }
                    case 8: probe(v, h, n, out, insert: insert) { $0[0].equalSingle(UInt64.self, row: $1, group: $2) }
                    default: probe(v, h, n, out, insert: insert) { $0[0].equalSingle(UInt128.self, row: $1, group: $2) }
                    }
                } else {
                    let columnCount = vb.count
                    probe(v, h, n, out, insert: insert) { v, i, g in
                        for c in 0..<columnCount where !v[c].equal(row: i, group: g) { return false }
                        return true
                    }
                }
            }
        }
        if insert && count > before {
            for s in stores.indices {
                stores[s].commit(count: count, from: before)
                if stores[s].kind == .nested { stores[s].appendNested(keys.columns[s].original, out, n, from: before, to: count) }
            }
        }
    }

    /// The probe loop: each row's hash picks a slot; slots are scanned until an empty one (a
    /// new group, or -1 without `insert`) or a group whose tag matches and key is `equal`.
    @inline(__always)
    private func probe(
        _ v: UnsafePointer<KeyView>, _ h: UnsafePointer<UInt64>, _ n: Int, _ out: UnsafeMutablePointer<Int32>, insert: Bool,
        _ equal: (UnsafePointer<KeyView>, Int, Int) -> Bool
    ) {
        let columnCount = keyTypes.count
        var slotPointer = slots.withUnsafeMutableBufferPointer { $0.baseAddress! }
        var mask = slots.count &- 1
        var groupCount = count
        let groupHashes = hashes
        for i in 0..<n {
            let hash = h[i]
            let tag = hash >> 32
            var s = Int(truncatingIfNeeded: hash) & mask
            while true {
                let e = slotPointer[s]
                if e == 0 {
                    guard insert else { out[i] = -1; break }
                    let g = groupCount
                    for c in 0..<columnCount { v[c].append(row: i, group: g) }
                    slotPointer[s] = tag << 32 | UInt64(g &+ 1)
                    groupHashes[g] = hash
                    groupCount = g &+ 1
                    out[i] = Int32(truncatingIfNeeded: g)
                    if groupCount &* 2 > mask {
                        count = groupCount
                        grow()
                        slotPointer = slots.withUnsafeMutableBufferPointer { $0.baseAddress! }
                        mask = slots.count &- 1
                    }
                    break
                }
                if e >> 32 == tag {
                    let g = Int(truncatingIfNeeded: e & 0xFFFF_FFFF) &- 1
                    if equal(v, i, g) {
                        out[i] = Int32(truncatingIfNeeded: g)
                        break
                    }
                }
                s = (s &+ 1) & mask
            }
        }
        count = groupCount
    }

    /// Doubles the slots and reinserts every group.
    @inline(never)
    private func grow() {
        var fresh = [UInt64](repeating: 0, count: slots.count * 2)
        let mask = fresh.count - 1
        fresh.withUnsafeMutableBufferPointer { f in
            do {
                let hs = hashes
                for g in 0..<count {
                    var p = Int(truncatingIfNeeded: hs[g]) & mask
                    while f[p] != 0 { p = (p + 1) & mask }
                    f[p] = (hs[g] >> 32) << 32 | UInt64(g + 1)
                }
            }
        }
        slots = fresh
    }
}

// MARK: - Hashing

/// Hash mixing shared by the key columns: each column's 64-bit value digest is folded into
/// the row's running hash, and a final avalanche spreads it over every bit.
enum KeyHash {
    static let seed: UInt64 = 0x9E37_79B9_7F4A_7C15
    /// What a null contributes.
    static let null: UInt64 = 0x51_7CC1_B727_220A

    @inline(__always)
    static func combine(_ h: UInt64, _ v: UInt64) -> UInt64 {
        let x = (h ^ v) &* 0xBF58_476D_1CE4_E5B9
        return x ^ (x >> 31)
    }

    @inline(__always)
    static func finish(_ h: UInt64) -> UInt64 {
        var x = h &* 0x94D0_49BB_1331_11EB
        x ^= x >> 29
        x = x &* 0xBF58_476D_1CE4_E5B9
        return x ^ (x >> 32)
    }

    /// A digest of `len` bytes at `p`; `readable` bytes from `p` may be read (for whole-word
    /// loads past a short string's end, masked off).
    @inline(__always)
    static func bytes(_ p: UnsafeRawPointer, _ len: Int, readable: Int) -> UInt64 {
        if len <= 8 {
            return UInt64(len) &* 0x9FB2_1C65_1E98_DF25 ^ word(p, len, readable: readable)
        }
        var h = UInt64(len) &* 0x9FB2_1C65_1E98_DF25
        var k = 0
        while k + 8 <= len {
            h = combine(h, p.loadUnaligned(fromByteOffset: k, as: UInt64.self))
            k += 8
        }
        if k < len { h = combine(h, word(p + k, len - k, readable: readable - k)) }
        return h
    }

    /// The first `len` (≤ 8) bytes at `p` as a little-endian word, the rest zero.
    @inline(__always)
    static func word(_ p: UnsafeRawPointer, _ len: Int, readable: Int) -> UInt64 {
        if len == 0 { return 0 }
        if readable >= 8 {
            let w = p.loadUnaligned(as: UInt64.self)
            return len == 8 ? w : w & ((1 &<< UInt64(len &* 8)) &- 1)
        }
        var w: UInt64 = 0
        for k in 0..<len { w |= UInt64(p.load(fromByteOffset: k, as: UInt8.self)) &<< UInt64(k &* 8) }
        return w
    }
}

/// One batch's key columns, ready to hash and probe.
struct ProbeKeys {
    struct Key {
        /// The column (for nested keys: their text, as binary).
        let column: Column
        let kind: KeyView.Kind
        let width: Int
        /// Byte-string bytes in the batch (what a store may need to add).
        var byteCount: Int { kind == .bytes ? column.values.count : 0 }
        /// The original column (nested keys keep their values for output).
        let original: Column
    }

    let columns: [Key]

    init(_ keys: [Column], _ n: Int, _ stores: [KeyStore]) {
        columns = keys.indices.map { c in
            let column = keys[c]
            switch stores[c].kind {
            case .fixed: return Key(column: column, kind: .fixed, width: stores[c].width, original: column)
            case .bytes: return Key(column: column, kind: .bytes, width: 0, original: column)
            case .nested: return Key(column: KeyStore.text(column), kind: .bytes, width: 0, original: column)
            }
        }
    }

    /// Whether every key column is stored like the store it probes (same width or kind).
    static func matches(_ keys: [Column], _ stores: [KeyStore]) -> Bool {
        keys.count == stores.count && zip(keys, stores).allSatisfy { c, s in
            switch s.kind {
            case .fixed: c.type.fixedWidth == s.width
            case .bytes: c.type.isByteArray
            case .nested: c.type.fixedWidth == nil && !c.type.isByteArray
            }
        }
    }

    /// Every row's hash, combined over the key columns.
    func hash(into h: UnsafeMutablePointer<UInt64>, _ n: Int) {
        h.initialize(repeating: KeyHash.seed, count: n)
        for key in columns {
            let c = key.column
            c.values.withUnsafeBytes { raw in
                let base = raw.baseAddress!
                switch key.kind {
                case .fixed:
                    switch key.width {
                    case 1: hashFixed(base.assumingMemoryBound(to: UInt8.self), h, n) { UInt64($0) }
                    case 2: hashFixed(base.assumingMemoryBound(to: UInt16.self), h, n) { UInt64($0) }
                    case 4: hashFixed(base.assumingMemoryBound(to: UInt32.self), h, n) { UInt64($0) }
                    case 8: hashFixed(base.assumingMemoryBound(to: UInt64.self), h, n) { $0 }
                    default:
                        hashFixed(base.assumingMemoryBound(to: UInt128.self), h, n) {
                            UInt64(truncatingIfNeeded: $0) ^ (UInt64(truncatingIfNeeded: $0 >> 64) &* 0xC2B2_AE3D_27D4_EB4F)
                        }
                    }
                case .bytes:
                    let total = raw.count
                    c.offsets.withUnsafeBufferPointer(as: Int32.self) { offs in
                        let o = offs.baseAddress!
                        for i in 0..<n {
                            let start = Int(o[i]), len = Int(o[i &+ 1]) &- start
                            h[i] = KeyHash.combine(h[i], KeyHash.bytes(base + start, len, readable: total &- start))
                        }
                    }
                }
            }
        }
        // Rows with a null in some key column: recomputed with a null's digest there, whatever
        // bytes the null row holds.
        let withNulls = columns.compactMap(\.column.validity)
        if !withNulls.isEmpty {
            let wordCount = (n + 63) >> 6
            var missing = [UInt64](repeating: 0, count: wordCount)
            for validity in withNulls {
                validity.words.withUnsafeBufferPointer(as: UInt64.self) { w in
                    for k in 0..<wordCount { missing[k] |= ~w[k] }
                }
            }
            if n & 63 != 0 { missing[wordCount - 1] &= (1 << UInt64(n & 63)) &- 1 }
            for k in 0..<wordCount {
                var bits = missing[k]
                while bits != 0 {
                    let i = k << 6 + bits.trailingZeroBitCount
                    bits &= bits &- 1
                    var x = KeyHash.seed
                    for key in columns { x = KeyHash.combine(x, rowDigest(key, i)) }
                    h[i] = x
                }
            }
        }
        for i in 0..<n { h[i] = KeyHash.finish(h[i]) }
    }

    @inline(__always)
    func hashFixed<T>(_ v: UnsafePointer<T>, _ h: UnsafeMutablePointer<UInt64>, _ n: Int, _ digest: (T) -> UInt64) {
        for i in 0..<n { h[i] = KeyHash.combine(h[i], digest(v[i])) }
    }

    /// One row's digest of one key column (as `hash` folds it in).
    func rowDigest(_ key: Key, _ i: Int) -> UInt64 {
        let c = key.column
        if c.isNull(i) { return KeyHash.null }
        switch key.kind {
        case .fixed:
            switch key.width {
            case 1: return UInt64(c.values.load(i, as: UInt8.self))
            case 2: return UInt64(c.values.load(i, as: UInt16.self))
            case 4: return UInt64(c.values.load(i, as: UInt32.self))
            case 8: return c.values.load(i, as: UInt64.self)
            default:
                let x = c.values.load(i, as: UInt128.self)
                return UInt64(truncatingIfNeeded: x) ^ (UInt64(truncatingIfNeeded: x >> 64) &* 0xC2B2_AE3D_27D4_EB4F)
            }
        case .bytes:
            let start = c.offset(i), end = c.offset(i + 1)
            return c.values.withUnsafeBytes { KeyHash.bytes($0.baseAddress! + start, end - start, readable: $0.count - start) }
        }
    }
}

// MARK: - Key storage

/// One key column's values for every group, laid out like a ``Column``: fixed-width values or
/// bytes with Int32 offsets, and a validity byte per group.
struct KeyStore {
    let type: DataType
    let kind: Kind
    let width: Int
    /// Fixed-width values, or the bytes of byte strings (nested keys: their text).
    var values = Buffer()
    /// Byte strings: group g's bytes are `offsets[g]..<offsets[g+1]`.
    var offsets = Buffer()
    /// 1 where the group's key value is not null.
    var valid = Buffer()
    var hasNull = false
    /// Nested keys: their values, for output.
    var nested: Column?

    enum Kind { case fixed, bytes, nested }

    init(type: DataType) {
        self.type = type
        if let w = type.fixedWidth {
            kind = .fixed
            width = w
        } else if type.isByteArray {
            kind = .bytes
            width = 0
            offsets.append(Int32(0))
        } else {
            kind = .nested
            width = 0
            offsets.append(Int32(0))
            nested = Column(empty: type)
        }
    }

    /// Spare room for `rows` more groups holding up to `bytes` more bytes, plus a word of
    /// padding for whole-word loads. The spare room is appended (to be written through the
    /// view) and trimmed by ``commit(count:view:)``.
    mutating func reserve(rows: Int, bytes: Int) {
        switch kind {
        case .fixed:
            _ = values.appendUninitialized(rows * width + 8)
        case .bytes, .nested:
            _ = values.appendUninitialized(bytes + 8)
            _ = offsets.appendUninitialized(rows * 4)
        }
        _ = valid.appendUninitialized(rows)
    }

    /// Pointers for one batch's probe (after ``reserve(rows:bytes:)``, so nothing moves).
    func view(_ key: ProbeKeys.Key) -> KeyView {
        let c = key.column
        let validity = c.validity.map { v in v.words.withUnsafeBytes { $0.baseAddress!.assumingMemoryBound(to: UInt64.self) } }
        let rowValues = c.values.withUnsafeBytes { $0.baseAddress! }
        let rowOffsets = key.kind == .bytes ? c.offsets.withUnsafeBytes { $0.baseAddress!.assumingMemoryBound(to: Int32.self) } : nil
        let store = UnsafeMutableRawPointer(mutating: values.withUnsafeBytes { $0.baseAddress! })
        let storeOffsets = kind == .fixed ? nil : UnsafeMutableRawPointer(mutating: offsets.withUnsafeBytes { $0.baseAddress! }).assumingMemoryBound(to: Int32.self)
        let storeValid = UnsafeMutableRawPointer(mutating: valid.withUnsafeBytes { $0.baseAddress! }).assumingMemoryBound(to: UInt8.self)
        return KeyView(
            kind: key.kind, width: width, values: rowValues, valuesCount: c.values.count, offsets: rowOffsets, validity: validity,
            store: store, storeCapacity: values.count, storeOffsets: storeOffsets, storeValid: storeValid)
    }

    /// Trims the spare room to `count` groups after a probe added groups `from..<count`.
    mutating func commit(count: Int, from: Int) {
        if !hasNull {
            hasNull = valid.withUnsafeBufferPointer(as: UInt8.self) { v in (from..<count).contains { v[$0] == 0 } }
        }
        valid.truncate(to: count)
        switch kind {
        case .fixed:
            values.truncate(to: count * width)
        case .bytes, .nested:
            offsets.truncate(to: (count + 1) * 4)
            values.truncate(to: Int(offsets.load(count, as: Int32.self)))
        }
    }

    /// The groups' key values as a column of `count` rows.
    func column(_ count: Int) -> Column {
        var validity: BitVector?
        if hasNull {
            validity = valid.withUnsafeBufferPointer(as: UInt8.self) { BitVector(bytes: UnsafeBufferPointer(rebasing: $0[0..<count])) }
        }
        switch kind {
        case .fixed:
            return Column(type: type, count: count, validity: validity, values: values)
        case .bytes:
            return Column(type: type, count: count, validity: validity, values: values, offsets: offsets)
        case .nested:
            return nested ?? Column(empty: type)
        }
    }

    /// Nested keys: appends the values of groups `from..<to`, taken from the rows that made them
    /// (`gids` is the batch's groups; a new group's first row made it, in group order).
    mutating func appendNested(_ original: Column, _ gids: UnsafePointer<Int32>, _ n: Int, from: Int, to: Int) {
        var rows: [Int32] = []
        var next = from
        for i in 0..<n where Int(gids[i]) == next {
            rows.append(Int32(i))
            next += 1
            if next == to { break }
        }
        let added = original.gather(rows)
        nested = nested.map { Column.concatenate([$0, added]) } ?? added
    }

    /// Nested values as their text (binary), the form they are compared in.
    static func text(_ c: Column) -> Column {
        var out = Column(empty: .binary, capacity: c.count)
        for i in 0..<c.count {
            if c.isNull(i) { out.appendNull() } else { out.append(.binary(Array(c.value(at: i).text(as: c.type).utf8))) }
        }
        return out
    }
}

/// Raw pointers into a batch's key column and the matching store, for the probe loop.
struct KeyView {
    enum Kind { case fixed, bytes }

    let kind: Kind
    let width: Int
    /// The batch column's values (fixed-width values or bytes) and byte count.
    let values: UnsafeRawPointer
    let valuesCount: Int
    /// The batch column's offsets (byte strings).
    let offsets: UnsafePointer<Int32>?
    /// The batch column's validity words (nil: no nulls).
    let validity: UnsafePointer<UInt64>?
    /// The store's values (with spare room) and how many bytes may be read from it.
    let store: UnsafeMutableRawPointer
    let storeCapacity: Int
    let storeOffsets: UnsafeMutablePointer<Int32>?
    let storeValid: UnsafeMutablePointer<UInt8>

    @inline(__always)
    func isNull(_ i: Int) -> Bool {
        guard let validity else { return false }
        return validity[i &>> 6] & (1 &<< UInt64(i & 63)) == 0
    }

    /// Whether row `i`'s value equals group `g`'s, for a fixed-width column of `T`-sized values.
    @inline(__always)
    func equalSingle<T: FixedWidthInteger>(_: T.Type, row i: Int, group g: Int) -> Bool {
        let rowNull = isNull(i), groupNull = storeValid[g] == 0
        if rowNull || groupNull { return rowNull == groupNull }
        return values.load(fromByteOffset: i &* MemoryLayout<T>.size, as: T.self) == store.load(fromByteOffset: g &* MemoryLayout<T>.size, as: T.self)
    }

    /// Whether row `i`'s value equals group `g`'s.
    @inline(__always)
    func equal(row i: Int, group g: Int) -> Bool {
        let rowNull = isNull(i), groupNull = storeValid[g] == 0
        if rowNull || groupNull { return rowNull == groupNull }
        switch kind {
        case .fixed:
            switch width {
            case 1: return values.load(fromByteOffset: i, as: UInt8.self) == store.load(fromByteOffset: g, as: UInt8.self)
            case 2: return values.load(fromByteOffset: i &* 2, as: UInt16.self) == store.load(fromByteOffset: g &* 2, as: UInt16.self)
            case 4: return values.load(fromByteOffset: i &* 4, as: UInt32.self) == store.load(fromByteOffset: g &* 4, as: UInt32.self)
            case 8: return values.load(fromByteOffset: i &* 8, as: UInt64.self) == store.load(fromByteOffset: g &* 8, as: UInt64.self)
            default: return values.load(fromByteOffset: i &* 16, as: UInt128.self) == store.load(fromByteOffset: g &* 16, as: UInt128.self)
            }
        case .bytes:
            let o = offsets!, so = storeOffsets!
            let start = Int(o[i]), len = Int(o[i &+ 1]) &- start
            let gStart = Int(so[g]), gLen = Int(so[g &+ 1]) &- gStart
            if len != gLen { return false }
            if len <= 8 {
                return KeyHash.word(values + start, len, readable: valuesCount &- start)
                    == KeyHash.word(store + gStart, len, readable: storeCapacity &- gStart)
            }
            return memcmp(values + start, store + gStart, len) == 0
        }
    }

    /// Records row `i`'s value as group `g`'s (its room reserved).
    @inline(__always)
    func append(row i: Int, group g: Int) {
        let rowNull = isNull(i)
        storeValid[g] = rowNull ? 0 : 1
        switch kind {
        case .fixed:
            (store + g &* width).copyMemory(from: values + i &* width, byteCount: width)
        case .bytes:
            let o = offsets!, so = storeOffsets!
            let start = Int(o[i]), len = Int(o[i &+ 1]) &- start
            let gStart = Int(so[g])
            if len > 0 { (store + gStart).copyMemory(from: values + start, byteCount: len) }
            so[g &+ 1] = Int32(truncatingIfNeeded: gStart &+ len)
        }
    }
}
