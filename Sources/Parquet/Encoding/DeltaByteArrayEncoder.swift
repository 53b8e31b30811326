import Columnar

/// Encoder for DELTA_BYTE_ARRAY (Encodings.md, `DELTA_BYTE_ARRAY = 7`): for each value the
/// length of the prefix it shares with the previous value (DELTA_BINARY_PACKED), then the
/// remaining suffixes as DELTA_LENGTH_BYTE_ARRAY. The first value of the page has prefix 0.
///
/// Input is in the Arrow layout: `values` the bytes, `offsets` the `Int32` offsets, `rows` the
/// values to encode.
enum DeltaByteArrayEncoder {
    /// Appends the encoding of `rows` to `out`.
    static func encode(values: Buffer, offsets: Buffer, rows: Range<Int>, into out: inout Buffer) {
        values.withUnsafeBytes { v in
            offsets.withUnsafeBufferPointer(as: Int32.self) { offs in
                precondition(rows.lowerBound >= 0 && rows.upperBound < offs.count, "DeltaByteArrayEncoder: rows \(rows) outside the \(offs.count - 1) offsets")
                let n = rows.count
                let prefixes = UnsafeMutablePointer<Int32>.allocate(capacity: Swift.max(2 &* n, 1))
                defer { prefixes.deallocate() }
                let suffixes = prefixes + n
                let base = v.baseAddress
                var previousStart = 0, previousLength = 0
                for (j, i) in rows.enumerated() {
                    let start = Int(offs[i]), length = Int(offs[i &+ 1]) &- start
                    precondition(start >= 0 && length >= 0 && start &+ length <= v.count, "DeltaByteArrayEncoder: bad offsets at row \(i)")
                    let p = j == 0 ? 0 : commonPrefix(base! + previousStart, base! + start, Swift.min(previousLength, length))
                    prefixes[j] = Int32(truncatingIfNeeded: p)
                    suffixes[j] = Int32(truncatingIfNeeded: length &- p)
                    previousStart = start
                    previousLength = length
                }
                DeltaBinaryPackedEncoder.encode(UnsafeBufferPointer(start: prefixes, count: n), into: &out)
                DeltaBinaryPackedEncoder.encode(UnsafeBufferPointer(start: suffixes, count: n), into: &out)
                for (j, i) in rows.enumerated() {
                    let p = Int(prefixes[j]), s = Int(suffixes[j])
                    if s > 0 { out.append(bytes: UnsafeRawBufferPointer(start: base! + (Int(offs[i]) &+ p), count: s)) }
                }
            }
        }
    }

    /// Length of the common prefix of two byte strings of at least `limit` bytes each.
    @inline(__always)
    static func commonPrefix(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ limit: Int) -> Int {
        var i = 0
        while i &+ 8 <= limit {
            let x = a.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ b.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if x != 0 { return i &+ UInt64(littleEndian: x).trailingZeroBitCount &>> 3 }
            i &+= 8
        }
        while i < limit && a.load(fromByteOffset: i, as: UInt8.self) == b.load(fromByteOffset: i, as: UInt8.self) { i &+= 1 }
        return i
    }
}
