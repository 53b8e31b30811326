import Columnar

/// Encoder for BYTE_STREAM_SPLIT (Encodings.md, `BYTE_STREAM_SPLIT = 9`): scatters byte `k`
/// of every value to stream `k` and appends the streams in order.
enum ByteStreamSplitEncoder {
    /// Appends the encoding of `count` values of `width` bytes at `values`.
    static func encode(_ values: UnsafeRawPointer, count: Int, width: Int, into out: inout Buffer) {
        precondition(width > 0 && count >= 0, "ByteStreamSplitEncoder: bad width \(width) or count \(count)")
        guard count > 0 else { return }
        let dst = out.appendUninitialized(count &* width).assumingMemoryBound(to: UInt8.self)
        switch width {
        case 4:
            let d1 = dst + count, d2 = d1 + count, d3 = d2 + count
            for i in 0..<count {
                let v = UInt32(littleEndian: values.loadUnaligned(fromByteOffset: i &* 4, as: UInt32.self))
                dst[i] = UInt8(truncatingIfNeeded: v)
                d1[i] = UInt8(truncatingIfNeeded: v &>> 8)
                d2[i] = UInt8(truncatingIfNeeded: v &>> 16)
                d3[i] = UInt8(truncatingIfNeeded: v &>> 24)
            }
        case 8:
            for i in 0..<count {
                let v = UInt64(littleEndian: values.loadUnaligned(fromByteOffset: i &* 8, as: UInt64.self))
                for k in 0..<8 { dst[k &* count &+ i] = UInt8(truncatingIfNeeded: v &>> UInt64(8 &* k)) }
            }
        default:
            for k in 0..<width {
                let stream = dst + k &* count
                for i in 0..<count { stream[i] = values.load(fromByteOffset: i &* width &+ k, as: UInt8.self) }
            }
        }
    }
}
