#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Columnar

/// Encoder for the PLAIN encoding (Encodings.md, `PLAIN = 0`): the inverse of
/// ``PlainDecoder``, appending to a ``Buffer``.
///
/// Byte arrays come in the Arrow layout: `values` holds the bytes, `offsets` the `Int32`
/// offsets (`count + 1` of them for a whole column), and `rows` picks the values to encode,
/// value `i` being `values[offsets[i] ..< offsets[i + 1]]`.
enum PlainEncoder {
    /// Fixed-width values (INT32, INT64, FLOAT, DOUBLE), copied as is (little endian).
    static func encode<T: BitwiseCopyable>(_ values: UnsafeBufferPointer<T>, into out: inout Buffer) {
        out.append(bytes: UnsafeRawBufferPointer(values))
    }

    /// BOOLEAN: one byte (zero is false) per value, bit-packed LSB first.
    static func encodeBooleans(_ values: UnsafeBufferPointer<UInt8>, into out: inout Buffer) {
        let n = BitPacking.byteCount(values: values.count, bitWidth: 1)
        guard n > 0, let src = values.baseAddress else { return }
        let dst = out.appendUninitialized(n)
        for b in 0..<n {
            var byte: UInt8 = 0
            let start = b &* 8
            for j in 0..<Swift.min(8, values.count &- start) where src[start &+ j] != 0 {
                byte |= 1 << UInt8(j)
            }
            dst.storeBytes(of: byte, toByteOffset: b, as: UInt8.self)
        }
    }

    /// INT96 from microseconds since the Unix epoch: 8-byte LE nanoseconds of the day, then
    /// the 4-byte LE Julian day.
    static func encodeInt96(_ values: UnsafeBufferPointer<Int64>, into out: inout Buffer) {
        guard values.count > 0 else { return }
        let dst = out.appendUninitialized(12 &* values.count)
        for (i, micros) in values.enumerated() {
            var day = micros / PlainDecoder.microsecondsPerDay
            var rest = micros % PlainDecoder.microsecondsPerDay
            if rest < 0 {
                day -= 1
                rest += PlainDecoder.microsecondsPerDay
            }
            dst.storeBytes(of: (rest &* 1000).littleEndian, toByteOffset: i &* 12, as: Int64.self)
            dst.storeBytes(of: UInt32(truncatingIfNeeded: day &+ PlainDecoder.julianDayOfUnixEpoch).littleEndian, toByteOffset: i &* 12 &+ 8, as: UInt32.self)
        }
    }

    /// BYTE_ARRAY: for each of `rows`, a 4-byte LE length and the bytes.
    static func encodeByteArrays(values: Buffer, offsets: Buffer, rows: Range<Int>, into out: inout Buffer) {
        guard !rows.isEmpty else { return }
        values.withUnsafeBytes { v in
            offsets.withUnsafeBufferPointer(as: Int32.self) { offs in
                precondition(rows.lowerBound >= 0 && rows.upperBound < offs.count, "PlainEncoder: rows \(rows) outside the \(offs.count - 1) offsets")
                let first = Int(offs[rows.lowerBound]), last = Int(offs[rows.upperBound])
                precondition(first >= 0 && first <= last && last <= v.count, "PlainEncoder: offsets outside the values")
                let dst = out.appendUninitialized(4 &* rows.count &+ (last &- first))
                var position = 0
                for i in rows {
                    let start = Int(offs[i]), length = Int(offs[i &+ 1]) &- start
                    precondition(length >= 0, "PlainEncoder: decreasing offsets at row \(i)")
                    dst.storeBytes(of: UInt32(truncatingIfNeeded: length).littleEndian, toByteOffset: position, as: UInt32.self)
                    if length > 0 { PlainDecoder.copySmall(dst + (position &+ 4), v.baseAddress! + start, length) }
                    position &+= 4 &+ length
                }
            }
        }
    }

    /// FIXED_LEN_BYTE_ARRAY: the bytes of each of `rows`, which must all be `width` long.
    static func encodeFixedLenByteArrays(values: Buffer, offsets: Buffer, rows: Range<Int>, width: Int, into out: inout Buffer) {
        guard !rows.isEmpty, width > 0 else { return }
        values.withUnsafeBytes { v in
            offsets.withUnsafeBufferPointer(as: Int32.self) { offs in
                precondition(rows.lowerBound >= 0 && rows.upperBound < offs.count, "PlainEncoder: rows \(rows) outside the \(offs.count - 1) offsets")
                let first = Int(offs[rows.lowerBound]), last = Int(offs[rows.upperBound])
                precondition(first >= 0 && last - first == rows.count * width && last <= v.count, "PlainEncoder: values are not \(width) bytes each")
                // Fixed-width values are contiguous: one copy.
                memcpy(out.appendUninitialized(last &- first), v.baseAddress! + first, last &- first)
            }
        }
    }
}
