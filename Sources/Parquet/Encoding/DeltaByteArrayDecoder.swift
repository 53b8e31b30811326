#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Columnar

/// Decoder for DELTA_BYTE_ARRAY (Encodings.md, `DELTA_BYTE_ARRAY = 7`), front coding:
/// `<prefix lengths, DELTA_BINARY_PACKED> <suffixes, DELTA_LENGTH_BYTE_ARRAY>`; value `i` is
/// the first `prefix[i]` bytes of value `i - 1` followed by suffix `i`.
///
/// Each page starts afresh (the first prefix must be 0), as arrow-rs and DuckDB read it.
/// Output goes to `values` / `offsets` as for ``PlainDecoder/decodeByteArrays(_:count:values:offsets:)``;
/// on a throw both buffers are left as they were.
enum DeltaByteArrayDecoder {
    /// Decodes `count` values from the start of `bytes` and returns the bytes consumed.
    ///
    /// Throws `corruptPage` when a stream does not hold `count` values, a prefix is longer than
    /// the value before it, a length is negative or the suffix bytes run past the input;
    /// `unsupported` when the values no longer fit `Int32` offsets.
    static func decode(_ bytes: UnsafeRawBufferPointer, count: Int, values: inout Buffer, offsets: inout Buffer) throws -> Int {
        guard count >= 0 else { throw PlainDecoder.negative(count) }
        let prefixes = UnsafeMutablePointer<Int32>.allocate(capacity: count)
        defer { prefixes.deallocate() }
        let offsetsBefore = offsets.count
        do {
            var position = try DeltaLengthByteArrayDecoder.decodeLengths(bytes, count, prefixes, "DELTA_BYTE_ARRAY prefixes")
            let suffixes = offsets.appendUninitialized(4 &* count).assumingMemoryBound(to: Int32.self)
            position &+= try DeltaLengthByteArrayDecoder.decodeLengths(UnsafeRawBufferPointer(rebasing: bytes[position...]), count, suffixes, "DELTA_BYTE_ARRAY suffixes")

            // Validate and size in one pass, so the copy pass neither checks nor grows.
            var previous = 0
            var total = 0
            var suffixTotal = 0
            var bad = false
            for i in 0..<count {
                let p = Int(prefixes[i]), s = Int(suffixes[i])
                bad = bad || p < 0 || s < 0 || p > previous
                previous = p &+ s
                total &+= previous
                suffixTotal &+= s
            }
            guard !bad else {
                throw ParquetError(.corruptPage, "DELTA_BYTE_ARRAY: a prefix is longer than the value before it, or a length is negative")
            }
            guard suffixTotal <= bytes.count &- position else {
                throw ParquetError(.corruptPage, "DELTA_BYTE_ARRAY: suffix lengths add up to \(suffixTotal) bytes, only \(bytes.count &- position) remain")
            }
            let base = values.count
            guard base &+ total <= Int(Int32.max) else { throw PlainDecoder.offsetOverflow(base &+ total) }
            // 16 bytes of slack let short suffixes be copied as two 8-byte words; the excess
            // is overwritten by what follows or cut off at the end.
            let dst = values.appendUninitialized(total &+ 16)
            defer { values.truncate(to: base &+ total) }
            let src = bytes.baseAddress! + position
            let srcCount = bytes.count &- position
            var read = 0
            var written = 0
            var previousStart = 0
            for i in 0..<count {
                let p = Int(prefixes[i]), s = Int(suffixes[i])
                let start = written
                // The prefix comes from the previous value, which ends where this one starts.
                // (Reading back bytes just written is this encoding's serial bottleneck.)
                if p > 0 { PlainDecoder.copySmall(dst + start, dst + previousStart, p) }
                if s <= 16 && srcCount &- read >= 16 {
                    PlainDecoder.copy16(dst + (start &+ p), src + read)
                } else if s > 0 {
                    PlainDecoder.copySmall(dst + (start &+ p), src + read, s)
                }
                read &+= s
                written &+= p &+ s
                previousStart = start
                suffixes[i] = Int32(truncatingIfNeeded: base &+ written)
            }
            return position &+ suffixTotal
        } catch {
            offsets.truncate(to: offsetsBefore)
            throw error
        }
    }
}
