#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Columnar

/// Builds the dictionary of a column chunk of 4- or 8-byte values (INT32, INT64, FLOAT,
/// DOUBLE) and maps values to dictionary indices (the write side of RLE_DICTIONARY).
///
/// Values are keyed by their bit pattern (`Bits` is `UInt32` or `UInt64`), so floating-point
/// values that compare equal but differ in bits (-0.0 and 0.0, NaNs with different payloads)
/// are distinct entries and every value round-trips exactly. An open-addressing hash table
/// (linear probing, load at most 1/2) maps a bit pattern to its index; entries keep their
/// first-seen order.
///
/// A reference type: it owns its table and is the writer's per-chunk state.
final class FixedWidthDictionaryBuilder<Bits: FixedWidthInteger & UnsignedInteger & BitwiseCopyable> {
    /// Distinct values in index order.
    private var entries: UnsafeMutablePointer<Bits>
    private var entryCapacity: Int
    /// Number of dictionary entries.
    private(set) var count = 0
    /// Slots holding entry index + 1 (0 = empty); a power of two of them.
    private var table: UnsafeMutablePointer<UInt32>
    private var tableSize: Int

    /// Creates an empty dictionary.
    init() {
        entryCapacity = 64
        entries = .allocate(capacity: entryCapacity)
        tableSize = 128
        table = .allocate(capacity: tableSize)
        table.initialize(repeating: 0, count: tableSize)
    }

    deinit {
        entries.deallocate()
        table.deallocate()
    }

    /// Bytes of the PLAIN-encoded dictionary page.
    var byteSize: Int { count &* MemoryLayout<Bits>.size }

    /// Calls `body` with the entries in index order.
    func withEntries<R>(_ body: (UnsafeBufferPointer<Bits>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: entries, count: count))
    }

    /// Appends the PLAIN encoding of the entries (the dictionary page payload) to `out`.
    func encodePlain(into out: inout Buffer) {
        out.append(bytes: UnsafeRawBufferPointer(start: entries, count: byteSize))
    }

    /// Empties the dictionary (for the next column chunk), keeping its memory.
    func removeAll() {
        count = 0
        table.update(repeating: 0, count: tableSize)
    }

    /// Looks up (adding when new) each of `values`, whose size must be that of `Bits`, and
    /// appends its dictionary index to `indices` as a `UInt32`.
    func append<T: BitwiseCopyable>(_ values: UnsafeBufferPointer<T>, indices: inout Buffer) {
        precondition(MemoryLayout<T>.stride == MemoryLayout<Bits>.stride, "FixedWidthDictionaryBuilder: value size does not match")
        guard let start = values.baseAddress, values.count > 0 else { return }
        let bits = UnsafeRawPointer(start).assumingMemoryBound(to: Bits.self)
        let out = indices.appendUninitialized(4 &* values.count).assumingMemoryBound(to: UInt32.self)
        var done = 0
        while done < values.count {
            // Make room for a chunk's worth of new entries, so the probe loop never grows.
            let n = Swift.min(4096, values.count &- done)
            reserve(count &+ n)
            let t = table, e = entries, mask = tableSize &- 1, shift = UInt64(64 &- tableSize.trailingZeroBitCount)
            var c = count
            for i in done..<(done &+ n) {
                let v = bits[i]
                var h = Int(truncatingIfNeeded: (UInt64(truncatingIfNeeded: v) &* 0x9E37_79B9_7F4A_7C15) &>> shift)
                while true {
                    let slot = t[h]
                    if slot == 0 {
                        e[c] = v
                        c &+= 1
                        t[h] = UInt32(truncatingIfNeeded: c)
                        out[i] = UInt32(truncatingIfNeeded: c &- 1)
                        break
                    }
                    if e[Int(slot &- 1)] == v {
                        out[i] = slot &- 1
                        break
                    }
                    h = (h &+ 1) & mask
                }
            }
            count = c
            done &+= n
        }
    }

    /// Grows the entries and the table so `entries` entries fit at load 1/2.
    private func reserve(_ entries: Int) {
        if entries > entryCapacity {
            var capacity = entryCapacity
            while capacity < entries { capacity &*= 2 }
            let fresh = UnsafeMutablePointer<Bits>.allocate(capacity: capacity)
            fresh.update(from: self.entries, count: count)
            self.entries.deallocate()
            self.entries = fresh
            entryCapacity = capacity
        }
        guard entries &* 2 > tableSize else { return }
        var size = tableSize
        while size < entries &* 2 { size &*= 2 }
        table.deallocate()
        table = .allocate(capacity: size)
        table.initialize(repeating: 0, count: size)
        tableSize = size
        let mask = size &- 1, shift = UInt64(64 &- size.trailingZeroBitCount)
        for k in 0..<count {
            var h = Int(truncatingIfNeeded: (UInt64(truncatingIfNeeded: self.entries[k]) &* 0x9E37_79B9_7F4A_7C15) &>> shift)
            while table[h] != 0 { h = (h &+ 1) & mask }
            table[h] = UInt32(truncatingIfNeeded: k &+ 1)
        }
    }
}
