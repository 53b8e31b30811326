#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Columnar

/// Decoder for the PLAIN encoding (Encodings.md, `PLAIN = 0`), one page at a time.
///
/// Every function decodes exactly `count` values from the start of `bytes`, appends or writes
/// them densely, and returns the number of input bytes consumed. Input too short for `count`
/// values throws `corruptPage`.
///
/// Byte arrays go to two buffers in the Arrow layout: the bytes are appended to `values` and
/// one `Int32` end offset per value to `offsets` (offsets continue from `values.count`, so the
/// caller seeds `offsets` with the column's starting 0).
enum PlainDecoder {
    /// Fixed-width values (INT32, INT64, FLOAT, DOUBLE: little endian) copied as is.
    static func decode<T: BitwiseCopyable>(_ bytes: UnsafeRawBufferPointer, count: Int, into out: UnsafeMutablePointer<T>) throws -> Int {
        let needed = try byteCount(count, MemoryLayout<T>.size, bytes.count, "PLAIN")
        if needed > 0 { memcpy(out, bytes.baseAddress!, needed) }
        return needed
    }

    /// BOOLEAN: bit-packed LSB first; one byte (0 or 1) per value in `out`.
    static func decodeBooleans(_ bytes: UnsafeRawBufferPointer, count: Int, into out: UnsafeMutablePointer<UInt8>) throws -> Int {
        guard count >= 0 else { throw negative(count) }
        guard count <= bytes.count &* 8 else { throw short("PLAIN BOOLEAN", count, (count / 8) &+ 1, bytes.count) }
        let needed = BitPacking.byteCount(values: count, bitWidth: 1)
        guard bytes.count >= needed else { throw short("PLAIN BOOLEAN", count, needed, bytes.count) }
        BitPacking.unpack(bytes, count: count, bitWidth: 1, into: out)
        return needed
    }

    /// Julian day number of 1970-01-01.
    static let julianDayOfUnixEpoch: Int64 = 2_440_588
    /// Microseconds in a day.
    static let microsecondsPerDay: Int64 = 86_400_000_000

    /// INT96 timestamps (8-byte LE nanoseconds of the day, then 4-byte LE Julian day) as
    /// microseconds since the Unix epoch; nanoseconds round toward negative infinity.
    ///
    /// Throws `corruptPage` when a value does not fit in an `Int64` of microseconds.
    static func decodeInt96(_ bytes: UnsafeRawBufferPointer, count: Int, into out: UnsafeMutablePointer<Int64>) throws -> Int {
        let needed = try byteCount(count, 12, bytes.count, "PLAIN INT96")
        guard count > 0 else { return 0 }
        let p = bytes.baseAddress!
        var overflow = false
        for i in 0..<count {
            let nanos = Int64(littleEndian: p.loadUnaligned(fromByteOffset: i &* 12, as: Int64.self))
            let day = Int64(UInt32(littleEndian: p.loadUnaligned(fromByteOffset: i &* 12 &+ 8, as: UInt32.self)))
            let (dayMicros, o1) = (day &- julianDayOfUnixEpoch).multipliedReportingOverflow(by: microsecondsPerDay)
            // Floor division of the nanoseconds by 1000.
            var micros = nanos / 1000
            if nanos % 1000 < 0 { micros &-= 1 }
            let (value, o2) = dayMicros.addingReportingOverflow(micros)
            overflow = overflow || o1 || o2
            out[i] = value
        }
        if overflow {
            throw ParquetError(.corruptPage, "PLAIN INT96: a timestamp does not fit in 64-bit microseconds")
        }
        return needed
    }

    /// BYTE_ARRAY: `count` values of a 4-byte LE length and that many bytes.
    ///
    /// Throws `corruptPage` when a length runs past the input and `unsupported` when the
    /// values no longer fit `Int32` offsets; the buffers are then left as they were.
    static func decodeByteArrays(_ bytes: UnsafeRawBufferPointer, count: Int, values: inout Buffer, offsets: inout Buffer) throws -> Int {
        guard count >= 0 else { throw negative(count) }
        guard count > 0 else { return 0 }
        guard let p = bytes.baseAddress, bytes.count >= 4 &* count else {
            throw short("PLAIN BYTE_ARRAY", count, 4 &* count, bytes.count)
        }
        let end = bytes.count
        let base = values.count, offsetsBefore = offsets.count
        // The payload is shorter than the input; 16 bytes of slack let short values be copied
        // as two 8-byte words, the excess overwritten by the next value or cut off at the end.
        let dst = values.appendUninitialized(end &+ 16)
        let offs = offsets.appendUninitialized(4 &* count).assumingMemoryBound(to: Int32.self)
        var position = 0
        var written = 0
        var i = 0
        while i < count {
            guard end &- position >= 4 else { break }
            let length = Int(UInt32(littleEndian: p.loadUnaligned(fromByteOffset: position, as: UInt32.self)))
            let start = position &+ 4
            guard end &- start >= length else { break }
            if length <= 16 && end &- start >= 16 {
                copy16(dst + written, p + start)
            } else {
                copySmall(dst + written, p + start, length)
            }
            written &+= length
            position = start &+ length
            offs[i] = Int32(truncatingIfNeeded: base &+ written)
            i &+= 1
        }
        guard i == count, base &+ written <= Int(Int32.max) else {
            values.truncate(to: base)
            offsets.truncate(to: offsetsBefore)
            if i == count { throw offsetOverflow(base &+ written) }
            throw truncated(i, count, position, end)
        }
        values.truncate(to: base &+ written)
        return position
    }

    /// FIXED_LEN_BYTE_ARRAY of `width` bytes each, appended like byte arrays.
    static func decodeFixedLenByteArrays(_ bytes: UnsafeRawBufferPointer, count: Int, width: Int, values: inout Buffer, offsets: inout Buffer) throws -> Int {
        guard width >= 0 else { throw ParquetError(.invalidArgument, "PLAIN FIXED_LEN_BYTE_ARRAY: negative width \(width)") }
        let needed = try byteCount(count, width, bytes.count, "PLAIN FIXED_LEN_BYTE_ARRAY")
        guard count > 0 else { return 0 }
        let base = values.count
        guard base &+ needed <= Int(Int32.max) else { throw offsetOverflow(base &+ needed) }
        if needed > 0 { memcpy(values.appendUninitialized(needed), bytes.baseAddress!, needed) }
        let offs = offsets.appendUninitialized(4 &* count).assumingMemoryBound(to: Int32.self)
        for i in 0..<count { offs[i] = Int32(truncatingIfNeeded: base &+ (i &+ 1) &* width) }
        return needed
    }

    /// Copies 16 bytes as two unaligned 8-byte words.
    @inline(__always)
    static func copy16(_ dst: UnsafeMutableRawPointer, _ src: UnsafeRawPointer) {
        dst.storeBytes(of: src.loadUnaligned(as: UInt64.self), as: UInt64.self)
        dst.storeBytes(of: src.loadUnaligned(fromByteOffset: 8, as: UInt64.self), toByteOffset: 8, as: UInt64.self)
    }

    /// Copies a short byte string; memcpy's call overhead dominates for the typical few bytes.
    @inline(__always)
    static func copySmall(_ dst: UnsafeMutableRawPointer, _ src: UnsafeRawPointer, _ n: Int) {
        if n <= 16 {
            if n >= 8 {
                dst.storeBytes(of: src.loadUnaligned(as: UInt64.self), as: UInt64.self)
                dst.storeBytes(of: src.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self), toByteOffset: n &- 8, as: UInt64.self)
            } else if n >= 4 {
                dst.storeBytes(of: src.loadUnaligned(as: UInt32.self), as: UInt32.self)
                dst.storeBytes(of: src.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self), toByteOffset: n &- 4, as: UInt32.self)
            } else {
                for j in 0..<n { dst.storeBytes(of: src.load(fromByteOffset: j, as: UInt8.self), toByteOffset: j, as: UInt8.self) }
            }
        } else {
            memcpy(dst, src, n)
        }
    }

    /// `count · width`, checked against the input length.
    @inline(__always)
    static func byteCount(_ count: Int, _ width: Int, _ available: Int, _ what: StaticString) throws -> Int {
        guard count >= 0 else { throw negative(count) }
        let (needed, o) = count.multipliedReportingOverflow(by: width)
        guard !o, available >= needed else { throw short(what, count, o ? Int.max : needed, available) }
        return needed
    }

    static func negative(_ count: Int) -> ParquetError {
        ParquetError(.invalidArgument, "PLAIN: negative value count \(count)")
    }

    static func short(_ what: StaticString, _ count: Int, _ needed: Int, _ available: Int) -> ParquetError {
        ParquetError(.corruptPage, "\(what): \(count) values need \(needed) bytes, the page has \(available)")
    }

    static func truncated(_ index: Int, _ count: Int, _ position: Int, _ end: Int) -> ParquetError {
        ParquetError(.corruptPage, "PLAIN BYTE_ARRAY: value \(index) of \(count) at byte \(position) runs past the end of the page (\(end) bytes)")
    }

    static func offsetOverflow(_ total: Int) -> ParquetError {
        ParquetError(.unsupported, "byte array values reach \(total) bytes, past the 2^31-1 limit of Int32 offsets")
    }
}
