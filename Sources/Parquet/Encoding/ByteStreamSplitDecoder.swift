/// Decoder for BYTE_STREAM_SPLIT (Encodings.md, `BYTE_STREAM_SPLIT = 9`): `K` streams of `N`
/// bytes, stream `k` holding byte `k` of every value (FLOAT, DOUBLE, INT32, INT64: `K` = 4 or
/// 8; FIXED_LEN_BYTE_ARRAY: `K` = the type length; FLOAT16: 2).
enum ByteStreamSplitDecoder {
    /// Decodes `count` values of `width` bytes from `bytes` (whose streams are `count` bytes
    /// long) into `out`, `count · width` bytes, and returns the bytes consumed (the same).
    ///
    /// Throws `corruptPage` when `bytes` holds fewer than `count · width` bytes.
    static func decode(_ bytes: UnsafeRawBufferPointer, count: Int, width: Int, into out: UnsafeMutableRawPointer) throws -> Int {
        guard width > 0 else { throw ParquetError(.invalidArgument, "BYTE_STREAM_SPLIT: width \(width) is not positive") }
        let needed = try PlainDecoder.byteCount(count, width, bytes.count, "BYTE_STREAM_SPLIT")
        guard count > 0 else { return 0 }
        let src = bytes.baseAddress!
        switch width {
        case 4: decode4(src, count, out)
        case 8: decode8(src, count, out)
        case 2: decode2(src, count, out)
        default:
            for k in 0..<width {
                let stream = src + k &* count
                for i in 0..<count {
                    out.storeBytes(of: stream.load(fromByteOffset: i, as: UInt8.self), toByteOffset: i &* width &+ k, as: UInt8.self)
                }
            }
        }
        return needed
    }

    static func decode2(_ src: UnsafeRawPointer, _ n: Int, _ out: UnsafeMutableRawPointer) {
        let s0 = src.assumingMemoryBound(to: UInt8.self), s1 = s0 + n
        for i in 0..<n {
            let v = UInt16(s0[i]) | UInt16(s1[i]) &<< 8
            out.storeBytes(of: v.littleEndian, toByteOffset: i &* 2, as: UInt16.self)
        }
    }

    static func decode4(_ src: UnsafeRawPointer, _ n: Int, _ out: UnsafeMutableRawPointer) {
        let s0 = src.assumingMemoryBound(to: UInt8.self), s1 = s0 + n, s2 = s1 + n, s3 = s2 + n
        for i in 0..<n {
            let v = UInt32(s0[i]) | UInt32(s1[i]) &<< 8 | UInt32(s2[i]) &<< 16 | UInt32(s3[i]) &<< 24
            out.storeBytes(of: v.littleEndian, toByteOffset: i &* 4, as: UInt32.self)
        }
    }

    /// Eight values at a time: one 8-byte load per stream gives an 8×8 byte matrix (row k =
    /// byte k of values i..<i+8), transposed in registers so row j becomes value i+j.
    static func decode8(_ src: UnsafeRawPointer, _ n: Int, _ out: UnsafeMutableRawPointer) {
        var i = 0
        while i &+ 8 <= n {
            var r0 = src.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            var r1 = src.loadUnaligned(fromByteOffset: n &+ i, as: UInt64.self)
            var r2 = src.loadUnaligned(fromByteOffset: 2 &* n &+ i, as: UInt64.self)
            var r3 = src.loadUnaligned(fromByteOffset: 3 &* n &+ i, as: UInt64.self)
            var r4 = src.loadUnaligned(fromByteOffset: 4 &* n &+ i, as: UInt64.self)
            var r5 = src.loadUnaligned(fromByteOffset: 5 &* n &+ i, as: UInt64.self)
            var r6 = src.loadUnaligned(fromByteOffset: 6 &* n &+ i, as: UInt64.self)
            var r7 = src.loadUnaligned(fromByteOffset: 7 &* n &+ i, as: UInt64.self)
            transpose8x8(&r0, &r1, &r2, &r3, &r4, &r5, &r6, &r7)
            let o = out + i &* 8
            o.storeBytes(of: r0, as: UInt64.self)
            o.storeBytes(of: r1, toByteOffset: 8, as: UInt64.self)
            o.storeBytes(of: r2, toByteOffset: 16, as: UInt64.self)
            o.storeBytes(of: r3, toByteOffset: 24, as: UInt64.self)
            o.storeBytes(of: r4, toByteOffset: 32, as: UInt64.self)
            o.storeBytes(of: r5, toByteOffset: 40, as: UInt64.self)
            o.storeBytes(of: r6, toByteOffset: 48, as: UInt64.self)
            o.storeBytes(of: r7, toByteOffset: 56, as: UInt64.self)
            i &+= 8
        }
        let s = src.assumingMemoryBound(to: UInt8.self)
        while i < n {
            var v: UInt64 = 0
            for k in 0..<8 { v |= UInt64(s[k &* n &+ i]) &<< UInt64(8 &* k) }
            out.storeBytes(of: v.littleEndian, toByteOffset: i &* 8, as: UInt64.self)
            i &+= 1
        }
    }

    /// Transposes the 8×8 byte matrix whose rows are `r0...r7` (byte `c` of a row at bits
    /// `8c ..< 8c + 8`, as loaded on a little-endian machine): three rounds of swapping
    /// 1-, 2- and 4-byte blocks between row pairs. Its own inverse.
    @inline(__always)
    static func transpose8x8(_ r0: inout UInt64, _ r1: inout UInt64, _ r2: inout UInt64, _ r3: inout UInt64,
                             _ r4: inout UInt64, _ r5: inout UInt64, _ r6: inout UInt64, _ r7: inout UInt64) {
        @inline(__always) func swap(_ a: inout UInt64, _ b: inout UInt64, _ shift: UInt64, _ mask: UInt64) {
            let t = ((a &>> shift) ^ b) & mask
            b ^= t
            a ^= t &<< shift
        }
        swap(&r0, &r1, 8, 0x00FF_00FF_00FF_00FF)
        swap(&r2, &r3, 8, 0x00FF_00FF_00FF_00FF)
        swap(&r4, &r5, 8, 0x00FF_00FF_00FF_00FF)
        swap(&r6, &r7, 8, 0x00FF_00FF_00FF_00FF)
        swap(&r0, &r2, 16, 0x0000_FFFF_0000_FFFF)
        swap(&r1, &r3, 16, 0x0000_FFFF_0000_FFFF)
        swap(&r4, &r6, 16, 0x0000_FFFF_0000_FFFF)
        swap(&r5, &r7, 16, 0x0000_FFFF_0000_FFFF)
        swap(&r0, &r4, 32, 0x0000_0000_FFFF_FFFF)
        swap(&r1, &r5, 32, 0x0000_0000_FFFF_FFFF)
        swap(&r2, &r6, 32, 0x0000_0000_FFFF_FFFF)
        swap(&r3, &r7, 32, 0x0000_0000_FFFF_FFFF)
    }
}
