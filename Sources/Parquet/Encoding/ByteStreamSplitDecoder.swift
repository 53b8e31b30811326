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

    static func decode8(_ src: UnsafeRawPointer, _ n: Int, _ out: UnsafeMutableRawPointer) {
        let s0 = src.assumingMemoryBound(to: UInt8.self), s1 = s0 + n, s2 = s1 + n, s3 = s2 + n
        let s4 = s3 + n, s5 = s4 + n, s6 = s5 + n, s7 = s6 + n
        for i in 0..<n {
            let lo = UInt64(s0[i]) | UInt64(s1[i]) &<< 8 | UInt64(s2[i]) &<< 16 | UInt64(s3[i]) &<< 24
            let hi = UInt64(s4[i]) &<< 32 | UInt64(s5[i]) &<< 40 | UInt64(s6[i]) &<< 48 | UInt64(s7[i]) &<< 56
            out.storeBytes(of: (lo | hi).littleEndian, toByteOffset: i &* 8, as: UInt64.self)
        }
    }
}
