#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Columnar

/// Builds the dictionary of a column chunk of 4- or 8-byte values (INT32, INT64, FLOAT,
/// DOUBLE, and 4/8-byte FIXED_LEN_BYTE_ARRAY) and maps values to dictionary indices (the
/// write side of RLE_DICTIONARY).
///
/// Values are keyed by their bit pattern, so floating-point values that compare equal but
/// differ in bits (-0.0 and 0.0, NaNs with different payloads) are distinct entries and every
/// value round-trips exactly. An open-addressing hash table (multiplicative hashing, linear
/// probing, load at most 1/2) maps a bit pattern to its index; entries keep their first-seen
/// order, stored as the PLAIN encoding of the dictionary page.
///
/// A reference type: it owns its table and is the writer's per-chunk state.
final class FixedWidthDictionaryBuilder {
    /// Bytes per value: 4 or 8.
    let width: Int
    /// Distinct values in index order, `width` bytes each.
    private var entries: UnsafeMutableRawPointer
    private var entryCapacity: Int
    /// Number of dictionary entries.
    private(set) var count = 0
    /// Slots holding entry index + 1 (0 = empty); a power of two of them.
    private var table: UnsafeMutablePointer<UInt32>
    private var tableSize: Int

    /// Creates an empty dictionary of values of `width` (4 or 8) bytes.
    init(width: Int) {
        precondition(width == 4 || width == 8, "FixedWidthDictionaryBuilder: width \(width) is not 4 or 8")
        self.width = width
        entryCapacity = 64
        entries = .allocate(byteCount: entryCapacity &* width, alignment: 8)
        tableSize = 128
        table = .allocate(capacity: tableSize)
        table.initialize(repeating: 0, count: tableSize)
    }

    deinit {
        entries.deallocate()
        table.deallocate()
    }

    /// Bytes of the PLAIN-encoded dictionary page.
    var byteSize: Int { count &* width }

    /// Calls `body` with the entries in index order (the PLAIN-encoded dictionary page).
    func withEntries<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: entries, count: byteSize))
    }

    /// Calls `body` with the entries in index order viewed as `T` (of `width` bytes).
    func withEntries<T: BitwiseCopyable, R>(as type: T.Type, _ body: (UnsafeBufferPointer<T>) throws -> R) rethrows -> R {
        precondition(MemoryLayout<T>.stride == width, "FixedWidthDictionaryBuilder: \(T.self) is not \(width) bytes")
        return try body(UnsafeBufferPointer(start: entries.assumingMemoryBound(to: T.self), count: count))
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

    /// Looks up (adding when new) each of `values`, whose size must be `width`, and appends its
    /// dictionary index to `indices` as a `UInt32`.
    func append<T: BitwiseCopyable>(_ values: UnsafeBufferPointer<T>, indices: inout Buffer) {
        precondition(MemoryLayout<T>.stride == width, "FixedWidthDictionaryBuilder: \(T.self) is not \(width) bytes")
        guard let start = values.baseAddress, values.count > 0 else { return }
        let out = indices.appendUninitialized(4 &* values.count).assumingMemoryBound(to: UInt32.self)
        // Concrete loops, whatever module the call comes from.
        if width == 8 {
            append(UnsafeRawPointer(start).assumingMemoryBound(to: UInt64.self), values.count, out)
        } else {
            append(UnsafeRawPointer(start).assumingMemoryBound(to: UInt32.self), values.count, out)
        }
    }

    @inline(__always)
    private func append<Bits: FixedWidthInteger & UnsignedInteger>(_ bits: UnsafePointer<Bits>, _ total: Int, _ out: UnsafeMutablePointer<UInt32>) {
        var done = 0
        while done < total {
            // Make room for a chunk's worth of new entries, so the probe loop never grows.
            let n = Swift.min(4096, total &- done)
            reserve(count &+ n)
            let t = table, e = entries.assumingMemoryBound(to: Bits.self)
            let mask = tableSize &- 1, shift = Self.shift(tableSize)
            var c = count
            for i in done..<(done &+ n) {
                let v = bits[i]
                var h = Self.slot(UInt64(truncatingIfNeeded: v), shift)
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

    /// The home slot of a bit pattern: the top bits of a multiplicative (Fibonacci) hash.
    @inline(__always)
    private static func slot(_ bits: UInt64, _ shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (bits &* 0x9E37_79B9_7F4A_7C15) &>> shift)
    }

    @inline(__always)
    private static func shift(_ tableSize: Int) -> UInt64 {
        UInt64(64 &- tableSize.trailingZeroBitCount)
    }

    /// Grows the entries and the table so `entries` entries fit at load 1/2.
    private func reserve(_ needed: Int) {
        if needed > entryCapacity {
            var capacity = entryCapacity
            while capacity < needed { capacity &*= 2 }
            let fresh = UnsafeMutableRawPointer.allocate(byteCount: capacity &* width, alignment: 8)
            fresh.copyMemory(from: entries, byteCount: byteSize)
            entries.deallocate()
            entries = fresh
            entryCapacity = capacity
        }
        guard needed &* 2 > tableSize else { return }
        var size = tableSize
        while size < needed &* 2 { size &*= 2 }
        table.deallocate()
        table = .allocate(capacity: size)
        table.initialize(repeating: 0, count: size)
        tableSize = size
        let mask = size &- 1, shift = Self.shift(size)
        for k in 0..<count {
            let bits = width == 8 ? entries.load(fromByteOffset: k &* 8, as: UInt64.self)
                : UInt64(entries.load(fromByteOffset: k &* 4, as: UInt32.self))
            var h = Self.slot(bits, shift)
            while table[h] != 0 { h = (h &+ 1) & mask }
            table[h] = UInt32(truncatingIfNeeded: k &+ 1)
        }
    }
}
