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
            // Eight values at a time through the same in-register transpose as the decoder.
            let out = UnsafeMutableRawPointer(dst)
            var i = 0
            while i &+ 8 <= count {
                let v = values + i &* 8
                var r0 = v.loadUnaligned(as: UInt64.self), r1 = v.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                var r2 = v.loadUnaligned(fromByteOffset: 16, as: UInt64.self), r3 = v.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
                var r4 = v.loadUnaligned(fromByteOffset: 32, as: UInt64.self), r5 = v.loadUnaligned(fromByteOffset: 40, as: UInt64.self)
                var r6 = v.loadUnaligned(fromByteOffset: 48, as: UInt64.self), r7 = v.loadUnaligned(fromByteOffset: 56, as: UInt64.self)
                ByteStreamSplitDecoder.transpose8x8(&r0, &r1, &r2, &r3, &r4, &r5, &r6, &r7)
                out.storeBytes(of: r0, toByteOffset: i, as: UInt64.self)
                out.storeBytes(of: r1, toByteOffset: count &+ i, as: UInt64.self)
                out.storeBytes(of: r2, toByteOffset: 2 &* count &+ i, as: UInt64.self)
                out.storeBytes(of: r3, toByteOffset: 3 &* count &+ i, as: UInt64.self)
                out.storeBytes(of: r4, toByteOffset: 4 &* count &+ i, as: UInt64.self)
                out.storeBytes(of: r5, toByteOffset: 5 &* count &+ i, as: UInt64.self)
                out.storeBytes(of: r6, toByteOffset: 6 &* count &+ i, as: UInt64.self)
                out.storeBytes(of: r7, toByteOffset: 7 &* count &+ i, as: UInt64.self)
                i &+= 8
            }
            while i < count {
                let v = UInt64(littleEndian: values.loadUnaligned(fromByteOffset: i &* 8, as: UInt64.self))
                for k in 0..<8 { dst[k &* count &+ i] = UInt8(truncatingIfNeeded: v &>> UInt64(8 &* k)) }
                i &+= 1
            }
        default:
            for k in 0..<width {
                let stream = dst + k &* count
                for i in 0..<count { stream[i] = values.load(fromByteOffset: i &* width &+ k, as: UInt8.self) }
            }
        }
    }
}
