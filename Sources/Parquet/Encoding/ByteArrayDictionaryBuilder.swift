#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Columnar

/// Builds the dictionary of a BYTE_ARRAY (or FIXED_LEN_BYTE_ARRAY) column chunk and maps
/// values to dictionary indices (the write side of RLE_DICTIONARY).
///
/// Distinct values are copied into one owned byte store with `Int32` offsets (the Arrow
/// layout, ready for ``PlainEncoder/encodeByteArrays(values:offsets:rows:into:)``). An
/// open-addressing hash table (linear probing, load at most 1/2) holds, per slot, the entry
/// index and the high half of its 64-bit hash, so most mismatches are rejected without
/// touching the bytes.
///
/// A reference type: it owns its memory and is the writer's per-chunk state.
final class ByteArrayDictionaryBuilder {
    /// The entries' bytes, back to back.
    private var bytes: UnsafeMutableRawPointer
    private var bytesCapacity: Int
    private var bytesCount = 0
    /// `count + 1` offsets into `bytes`.
    private var offsets: UnsafeMutablePointer<Int32>
    /// Each entry's full hash (for rehashing).
    private var hashes: UnsafeMutablePointer<UInt64>
    private var entryCapacity: Int
    /// Number of dictionary entries.
    private(set) var count = 0
    /// Slots: `(hash >> 32) << 32 | (index + 1)`, 0 = empty; a power of two of them.
    private var table: UnsafeMutablePointer<UInt64>
    private var tableSize: Int

    /// Creates an empty dictionary.
    init() {
        bytesCapacity = 1024
        bytes = .allocate(byteCount: bytesCapacity, alignment: 16)
        entryCapacity = 64
        offsets = .allocate(capacity: entryCapacity &+ 1)
        offsets[0] = 0
        hashes = .allocate(capacity: entryCapacity)
        tableSize = 128
        table = .allocate(capacity: tableSize)
        table.initialize(repeating: 0, count: tableSize)
    }

    deinit {
        bytes.deallocate()
        offsets.deallocate()
        hashes.deallocate()
        table.deallocate()
    }

    /// Bytes of the PLAIN-encoded dictionary page (a 4-byte length per entry plus the bytes).
    var byteSize: Int { 4 &* count &+ bytesCount }

    /// Bytes of the entries alone.
    var valueBytes: Int { bytesCount }

    /// Calls `body` with the entries: their bytes and their `count + 1` offsets.
    func withEntries<R>(_ body: (UnsafeRawBufferPointer, UnsafeBufferPointer<Int32>) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: bytes, count: bytesCount), UnsafeBufferPointer(start: offsets, count: count &+ 1))
    }

    /// Appends the PLAIN encoding of the entries (the dictionary page payload) to `out`.
    func encodePlain(into out: inout Buffer) {
        guard count > 0 else { return }
        let dst = out.appendUninitialized(byteSize)
        var position = 0
        for k in 0..<count {
            let start = Int(offsets[k]), length = Int(offsets[k &+ 1]) &- start
            dst.storeBytes(of: UInt32(truncatingIfNeeded: length).littleEndian, toByteOffset: position, as: UInt32.self)
            if length > 0 { memcpy(dst + (position &+ 4), bytes + start, length) }
            position &+= 4 &+ length
        }
    }

    /// Empties the dictionary (for the next column chunk), keeping its memory.
    func removeAll() {
        count = 0
        bytesCount = 0
        table.update(repeating: 0, count: tableSize)
    }

    /// Looks up (adding when new) each of `rows` of a byte-array column in the Arrow layout
    /// (`offsets` holds `Int32` offsets into `values`) and appends its dictionary index to
    /// `indices` as a `UInt32`.
    ///
    /// Throws `unsupported` when the dictionary's bytes would pass `Int32` offsets (a writer
    /// falls back to PLAIN long before).
    func append(values: UnsafeRawBufferPointer, offsets inputOffsets: UnsafeBufferPointer<Int32>, rows: Range<Int>, indices: inout Buffer) throws {
        guard !rows.isEmpty else { return }
        precondition(rows.lowerBound >= 0 && rows.upperBound < inputOffsets.count, "ByteArrayDictionaryBuilder: rows \(rows) outside the offsets")
        let src = values.baseAddress ?? UnsafeRawPointer(bitPattern: 16)!
        let inOffs = inputOffsets.baseAddress!
        precondition(inOffs[rows.lowerBound] >= 0 && Int(inOffs[rows.upperBound]) <= values.count, "ByteArrayDictionaryBuilder: offsets outside the values")
        let out = indices.appendUninitialized(4 &* rows.count).assumingMemoryBound(to: UInt32.self)
        var row = rows.lowerBound
        while row < rows.upperBound {
            // Make room for a chunk's worth of new entries and bytes, so the probe loop never grows.
            let n = Swift.min(4096, rows.upperBound &- row)
            let chunkBytes = Int(inOffs[row &+ n]) &- Int(inOffs[row])
            guard bytesCount &+ chunkBytes <= Int(Int32.max) else {
                throw ParquetError(.unsupported, "byte-array dictionary passes 2^31-1 bytes")
            }
            reserve(entries: count &+ n, bytes: bytesCount &+ chunkBytes)
            let t = table, mask = tableSize &- 1
            let store = bytes, offs = offsets, hs = hashes
            var c = count
            var used = bytesCount
            for i in row..<(row &+ n) {
                let start = Int(inOffs[i]), length = Int(inOffs[i &+ 1]) &- start
                let p = src + start
                let h = Self.hash(p, length)
                let tag = h & 0xFFFF_FFFF_0000_0000
                var s = Int(truncatingIfNeeded: h) & mask
                while true {
                    let slot = t[s]
                    if slot == 0 {
                        memcpy(store + used, p, length)
                        used &+= length
                        hs[c] = h
                        c &+= 1
                        offs[c] = Int32(truncatingIfNeeded: used)
                        t[s] = tag | UInt64(c)
                        out[i &- rows.lowerBound] = UInt32(truncatingIfNeeded: c &- 1)
                        break
                    }
                    if slot & 0xFFFF_FFFF_0000_0000 == tag {
                        let k = Int(truncatingIfNeeded: slot & 0xFFFF_FFFF) &- 1
                        let kStart = Int(offs[k])
                        if Int(offs[k &+ 1]) &- kStart == length && Self.equal(store + kStart, p, length) {
                            out[i &- rows.lowerBound] = UInt32(truncatingIfNeeded: k)
                            break
                        }
                    }
                    s = (s &+ 1) & mask
                }
            }
            count = c
            bytesCount = used
            row &+= n
        }
    }

    /// ``append(values:offsets:rows:indices:)`` with the column in buffers.
    func append(values: Buffer, offsets: Buffer, rows: Range<Int>, indices: inout Buffer) throws {
        try values.withUnsafeBytes { v in
            try offsets.withUnsafeBufferPointer(as: Int32.self) { o in
                try append(values: v, offsets: o, rows: rows, indices: &indices)
            }
        }
    }

    private func reserve(entries: Int, bytes needed: Int) {
        if needed > bytesCapacity {
            var capacity = bytesCapacity
            while capacity < needed { capacity &*= 2 }
            let fresh = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
            if bytesCount > 0 { memcpy(fresh, bytes, bytesCount) }
            bytes.deallocate()
            bytes = fresh
            bytesCapacity = capacity
        }
        if entries > entryCapacity {
            var capacity = entryCapacity
            while capacity < entries { capacity &*= 2 }
            let freshOffsets = UnsafeMutablePointer<Int32>.allocate(capacity: capacity &+ 1)
            freshOffsets.update(from: offsets, count: count &+ 1)
            offsets.deallocate()
            offsets = freshOffsets
            let freshHashes = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
            freshHashes.update(from: hashes, count: count)
            hashes.deallocate()
            hashes = freshHashes
            entryCapacity = capacity
        }
        guard entries &* 2 > tableSize else { return }
        var size = tableSize
        while size < entries &* 2 { size &*= 2 }
        table.deallocate()
        table = .allocate(capacity: size)
        table.initialize(repeating: 0, count: size)
        tableSize = size
        let mask = size &- 1
        for k in 0..<count {
            let h = hashes[k]
            var s = Int(truncatingIfNeeded: h) & mask
            while table[s] != 0 { s = (s &+ 1) & mask }
            table[s] = h & 0xFFFF_FFFF_0000_0000 | UInt64(k &+ 1)
        }
    }

    /// Whether `length` bytes at `a` and `b` are equal; short strings without a call.
    @inline(__always)
    static func equal(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ length: Int) -> Bool {
        if length >= 8 && length <= 16 {
            return a.loadUnaligned(as: UInt64.self) == b.loadUnaligned(as: UInt64.self)
                && a.loadUnaligned(fromByteOffset: length &- 8, as: UInt64.self) == b.loadUnaligned(fromByteOffset: length &- 8, as: UInt64.self)
        }
        if length >= 4 && length < 8 {
            return a.loadUnaligned(as: UInt32.self) == b.loadUnaligned(as: UInt32.self)
                && a.loadUnaligned(fromByteOffset: length &- 4, as: UInt32.self) == b.loadUnaligned(fromByteOffset: length &- 4, as: UInt32.self)
        }
        return memcmp(a, b, length) == 0
    }

    // MARK: - Hash

    /// Folds the 128-bit product of `a` and `b` to 64 bits: a cheap, well-mixing step.
    @inline(__always)
    static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (high, low) = a.multipliedFullWidth(by: b)
        return high ^ low
    }

    /// A fast 64-bit hash of `length` bytes at `p` that reads only those bytes: short strings
    /// take two overlapping loads and one multiply, longer ones a multiply per 16 bytes.
    @inline(__always)
    static func hash(_ p: UnsafeRawPointer, _ length: Int) -> UInt64 {
        let k0: UInt64 = 0xA076_1D64_78BD_642F, k1: UInt64 = 0xE703_7ED1_A0B4_28DB, k2: UInt64 = 0x8EBC_6AF0_9C88_C6E3
        let seed = k0 ^ UInt64(truncatingIfNeeded: length)
        var a: UInt64, b: UInt64
        if length <= 16 {
            if length >= 8 {
                a = p.loadUnaligned(as: UInt64.self)
                b = p.loadUnaligned(fromByteOffset: length &- 8, as: UInt64.self)
            } else if length >= 4 {
                a = UInt64(p.loadUnaligned(as: UInt32.self))
                b = UInt64(p.loadUnaligned(fromByteOffset: length &- 4, as: UInt32.self))
            } else if length > 0 {
                a = UInt64(p.load(as: UInt8.self)) &<< 16 | UInt64(p.load(fromByteOffset: length &>> 1, as: UInt8.self)) &<< 8
                    | UInt64(p.load(fromByteOffset: length &- 1, as: UInt8.self))
                b = 0
            } else {
                a = 0
                b = 0
            }
            return mix(mix(a ^ k1, b ^ seed), k2 ^ seed)
        }
        var h = seed
        var i = 0
        while i &+ 16 < length {
            h = mix(p.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ k1, p.loadUnaligned(fromByteOffset: i &+ 8, as: UInt64.self) ^ h)
            i &+= 16
        }
        a = p.loadUnaligned(fromByteOffset: length &- 16, as: UInt64.self)
        b = p.loadUnaligned(fromByteOffset: length &- 8, as: UInt64.self)
        return mix(mix(a ^ k2, b ^ h), k1 ^ seed)
    }
}
