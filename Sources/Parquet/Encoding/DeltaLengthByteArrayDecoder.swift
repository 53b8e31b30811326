#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Columnar

/// Decoder for DELTA_LENGTH_BYTE_ARRAY (Encodings.md, `DELTA_LENGTH_BYTE_ARRAY = 6`):
/// `<lengths, DELTA_BINARY_PACKED> <the bytes of every value, back to back>`.
///
/// Output goes to `values` / `offsets` as for ``PlainDecoder/decodeByteArrays(_:count:values:offsets:)``:
/// bytes appended to `values`, one `Int32` end offset per value appended to `offsets`. On a
/// throw both buffers are left as they were.
enum DeltaLengthByteArrayDecoder {
    /// Decodes `count` values from the start of `bytes` and returns the bytes consumed.
    ///
    /// Throws `corruptPage` when the lengths stream does not hold exactly `count` values, a
    /// length is negative or the bytes run past the input; `unsupported` when the values no
    /// longer fit `Int32` offsets.
    static func decode(_ bytes: UnsafeRawBufferPointer, count: Int, values: inout Buffer, offsets: inout Buffer) throws -> Int {
        guard count >= 0 else { throw PlainDecoder.negative(count) }
        let offsetsBefore = offsets.count
        do {
            let lengths = offsets.appendUninitialized(4 &* count).assumingMemoryBound(to: Int32.self)
            let consumed = try decodeLengths(bytes, count, lengths, "DELTA_LENGTH_BYTE_ARRAY")
            return try consumed &+ appendConcatenated(UnsafeRawBufferPointer(rebasing: bytes[consumed...]), lengths, count, &values)
        } catch {
            offsets.truncate(to: offsetsBefore)
            throw error
        }
    }

    /// Decodes exactly `count` Int32 lengths from a DELTA_BINARY_PACKED stream into `out`.
    static func decodeLengths(_ bytes: UnsafeRawBufferPointer, _ count: Int, _ out: UnsafeMutablePointer<Int32>, _ what: StaticString) throws -> Int {
        let declared = try DeltaBinaryPackedDecoder.header(bytes).totalCount
        guard declared == count else {
            throw ParquetError(.corruptPage, "\(what): the lengths stream holds \(declared) values, the page \(count)")
        }
        return try DeltaBinaryPackedDecoder.decode(bytes, into: out, capacity: count).bytesConsumed
    }

    /// Appends `count` values whose lengths are in `lengths` and whose bytes lie back to back
    /// at the start of `bytes`, turning `lengths` into end offsets in place; returns the bytes
    /// taken.
    static func appendConcatenated(_ bytes: UnsafeRawBufferPointer, _ lengths: UnsafeMutablePointer<Int32>, _ count: Int, _ values: inout Buffer) throws -> Int {
        var total = 0
        var negative = false
        for i in 0..<count {
            let n = lengths[i]
            negative = negative || n < 0
            total &+= Int(n)
        }
        guard !negative else {
            throw ParquetError(.corruptPage, "DELTA_LENGTH_BYTE_ARRAY: negative value length")
        }
        guard total <= bytes.count else {
            throw ParquetError(.corruptPage, "DELTA_LENGTH_BYTE_ARRAY: lengths add up to \(total) bytes, only \(bytes.count) remain")
        }
        let base = values.count
        guard base &+ total <= Int(Int32.max) else { throw PlainDecoder.offsetOverflow(base &+ total) }
        if total > 0 { memcpy(values.appendUninitialized(total), bytes.baseAddress!, total) }
        var end = Int32(truncatingIfNeeded: base)
        for i in 0..<count {
            end &+= lengths[i]
            lengths[i] = end
        }
        return total
    }
}
