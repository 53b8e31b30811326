#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Columnar

/// Encoder for DELTA_LENGTH_BYTE_ARRAY (Encodings.md, `DELTA_LENGTH_BYTE_ARRAY = 6`): the
/// lengths DELTA_BINARY_PACKED, then all the bytes back to back.
///
/// Input is in the Arrow layout: `values` the bytes, `offsets` the `Int32` offsets, `rows` the
/// values to encode (value `i` is `values[offsets[i] ..< offsets[i + 1]]`).
enum DeltaLengthByteArrayEncoder {
    /// Appends the encoding of `rows` to `out`.
    static func encode(values: Buffer, offsets: Buffer, rows: Range<Int>, into out: inout Buffer) {
        values.withUnsafeBytes { v in
            offsets.withUnsafeBufferPointer(as: Int32.self) { offs in
                precondition(rows.lowerBound >= 0 && rows.upperBound < offs.count, "DeltaLengthByteArrayEncoder: rows \(rows) outside the \(offs.count - 1) offsets")
                let lengths = UnsafeMutablePointer<Int32>.allocate(capacity: Swift.max(rows.count, 1))
                defer { lengths.deallocate() }
                for (j, i) in rows.enumerated() { lengths[j] = offs[i &+ 1] &- offs[i] }
                DeltaBinaryPackedEncoder.encode(UnsafeBufferPointer(start: lengths, count: rows.count), into: &out)
                guard !rows.isEmpty else { return }
                let first = Int(offs[rows.lowerBound]), last = Int(offs[rows.upperBound])
                precondition(first >= 0 && first <= last && last <= v.count, "DeltaLengthByteArrayEncoder: offsets outside the values")
                // The values of a row range are contiguous already.
                if last > first { memcpy(out.appendUninitialized(last &- first), v.baseAddress! + first, last &- first) }
            }
        }
    }
}
