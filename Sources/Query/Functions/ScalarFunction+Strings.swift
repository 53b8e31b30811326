import Columnar

/// Columnar kernels for string functions: loops over a column's bytes and offsets, with no
/// per-value `String`.
extension ScalarFunction {
    /// `length` of a string column in characters (Unicode code points, as Spark counts: every
    /// byte that does not continue a UTF-8 sequence), or of a binary column in bytes.
    static func length(_ c: Column) -> Column {
        let n = c.count
        var values = Buffer(capacity: n * 4)
        let out = values.appendUninitialized(n * 4).assumingMemoryBound(to: Int32.self)
        let bytesOnly = c.type == .binary
        c.offsets.withUnsafeBufferPointer(as: Int32.self) { o in
            c.values.withUnsafeBytes { raw in
                for i in 0..<n {
                    let start = Int(o[i]), end = Int(o[i &+ 1])
                    guard end > start, let base = raw.baseAddress, end <= raw.count, start >= 0 else { out[i] = 0; continue }
                    out[i] = Int32(truncatingIfNeeded: bytesOnly ? end &- start : codePoints(base + start, end &- start))
                }
            }
        }
        return Column(type: .int32, count: n, validity: c.validity, values: values)
    }

    /// The code points in `len` UTF-8 bytes: the bytes less the continuation bytes
    /// (`10xxxxxx`), counted a word at a time.
    @inline(__always)
    static func codePoints(_ p: UnsafeRawPointer, _ len: Int) -> Int {
        var continuations = 0, k = 0
        while k &+ 8 <= len {
            let w = p.loadUnaligned(fromByteOffset: k, as: UInt64.self)
            // Bit 7 set and bit 6 clear in a byte: shifting left by one moves bit 6 onto bit 7.
            continuations &+= (w & ~(w &<< 1) & 0x8080_8080_8080_8080).nonzeroBitCount
            k &+= 8
        }
        while k < len {
            continuations &+= p.load(fromByteOffset: k, as: UInt8.self) & 0xC0 == 0x80 ? 1 : 0
            k &+= 1
        }
        return len &- continuations
    }

    /// `lower`/`upper` of a string column: ASCII strings mapped byte by byte, the others (rare)
    /// through `String`'s Unicode case mapping.
    static func changeCase(_ c: Column, upper: Bool) -> Column {
        let n = c.count
        var values = Buffer(capacity: c.values.count)
        var offsets = Buffer(capacity: (n + 1) * 4)
        offsets.append(Int32(0))
        c.offsets.withUnsafeBufferPointer(as: Int32.self) { o in
            c.values.withUnsafeBytes { raw in
                for i in 0..<n {
                    let start = Int(o[i]), end = Int(o[i &+ 1])
                    if end > start, let base = raw.baseAddress, end <= raw.count, start >= 0 {
                        let s = UnsafeRawBufferPointer(start: base + start, count: end &- start)
                        if s.allSatisfy({ $0 < 0x80 }) {
                            let dst = values.appendUninitialized(s.count).assumingMemoryBound(to: UInt8.self)
                            let (from, to): (UInt8, UInt8) = upper ? (0x61, 0x7A) : (0x41, 0x5A)
                            for k in 0..<s.count {
                                let b = s[k]
                                dst[k] = b >= from && b <= to ? b ^ 0x20 : b
                            }
                        } else {
                            let text = String(decoding: s, as: UTF8.self)
                            values.append(contentsOf: (upper ? text.uppercased() : text.lowercased()).utf8)
                        }
                    }
                    offsets.append(Int32(truncatingIfNeeded: values.count))
                }
            }
        }
        return Column(type: .string, count: n, validity: c.validity, values: values, offsets: offsets)
    }
}
