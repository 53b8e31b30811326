/// The integer types DELTA_BINARY_PACKED encodes (INT32 and INT64).
protocol DeltaBinaryPackedInteger: FixedWidthInteger, SignedInteger, BitwiseCopyable where Magnitude: BitwiseCopyable {}
extension Int32: DeltaBinaryPackedInteger {}
extension Int64: DeltaBinaryPackedInteger {}

/// Decoder for DELTA_BINARY_PACKED (Encodings.md, `DELTA_BINARY_PACKED = 5`).
///
/// ```
/// header := <block size: ULEB128, multiple of 128> <miniblocks per block: ULEB128>
///           <total value count: ULEB128> <first value: zigzag ULEB128>
/// block  := <min delta: zigzag ULEB128> <one bit-width byte per miniblock> <miniblocks>
/// ```
///
/// Each miniblock holds `block size / miniblocks` deltas minus the min delta, bit-packed LSB
/// first; the last needed miniblock is padded to full length, miniblocks after it have a
/// width byte but no bytes. All arithmetic wraps. The number of bytes consumed is exact, since
/// DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY data follow the encoded integers.
enum DeltaBinaryPackedDecoder {
    /// The parsed stream header.
    struct Header {
        /// Values per block (a multiple of 128).
        var blockSize: Int
        /// Miniblocks per block.
        var miniblocks: Int
        /// Values per miniblock (a multiple of 32).
        var valuesPerMiniblock: Int
        /// Values in the stream, the first value included.
        var totalCount: Int
        /// The first value, sign-extended.
        var firstValue: Int64
        /// Bytes the header takes.
        var byteCount: Int
    }

    /// Parses and validates the header at the start of `bytes`.
    static func header(_ bytes: UnsafeRawBufferPointer) throws -> Header {
        guard let base = bytes.baseAddress, bytes.count > 0 else {
            throw ParquetError(.corruptPage, "DELTA_BINARY_PACKED: the data has no header")
        }
        var position = 0
        let end = bytes.count
        let blockSize = try ULEB128.read(base, &position, end, "DELTA_BINARY_PACKED header")
        let miniblocks = try ULEB128.read(base, &position, end, "DELTA_BINARY_PACKED header")
        let total = try ULEB128.read(base, &position, end, "DELTA_BINARY_PACKED header")
        let first = try ULEB128.readZigZag(base, &position, end, "DELTA_BINARY_PACKED header")
        guard blockSize > 0, blockSize % 128 == 0, blockSize <= 1 << 30 else {
            throw ParquetError(.corruptPage, "DELTA_BINARY_PACKED: block size \(blockSize) is not a positive multiple of 128 (up to 2^30)")
        }
        guard miniblocks > 0, blockSize % miniblocks == 0, (blockSize / miniblocks) % 32 == 0 else {
            throw ParquetError(.corruptPage, "DELTA_BINARY_PACKED: \(miniblocks) miniblocks do not split a block of \(blockSize) into multiples of 32 values")
        }
        guard total <= UInt64(Int32.max) else {
            throw ParquetError(.corruptPage, "DELTA_BINARY_PACKED: value count \(total) exceeds the 2^31-1 a page can hold")
        }
        return Header(blockSize: Int(blockSize), miniblocks: Int(miniblocks), valuesPerMiniblock: Int(blockSize / miniblocks),
                      totalCount: Int(total), firstValue: first, byteCount: position)
    }

    /// Decodes the stream at the start of `bytes` into `out`, which has room for `capacity`
    /// values, and returns the values decoded (the header's total count) and the exact bytes
    /// the stream took.
    ///
    /// Throws `corruptPage` when the stream is malformed or truncated, or declares more values
    /// than `capacity`. Bit widths up to 64 are accepted for INT32 too (the low 32 bits of the
    /// wrapped sum are the same).
    static func decode<T: DeltaBinaryPackedInteger>(_ bytes: UnsafeRawBufferPointer, into out: UnsafeMutablePointer<T>, capacity: Int) throws -> (values: Int, bytesConsumed: Int) {
        let raw = UnsafeMutableRawPointer(out)
        if T.self == Int64.self {
            return try decode64(bytes, raw.assumingMemoryBound(to: UInt64.self), capacity)
        }
        return try decode32(bytes, raw.assumingMemoryBound(to: UInt32.self), capacity)
    }

    /// The 64-bit decoder, on bit patterns.
    static func decode64(_ bytes: UnsafeRawBufferPointer, _ out: UnsafeMutablePointer<UInt64>, _ capacity: Int) throws -> (values: Int, bytesConsumed: Int) {
        try decodeCore(bytes, out, capacity, 64) { input, count, width, o in
            BitPacking.unpack(input, count: count, bitWidth: width, into: o)
        }
    }

    /// The 32-bit decoder, on bit patterns; widths over 32 go through a 64-bit scratch.
    static func decode32(_ bytes: UnsafeRawBufferPointer, _ out: UnsafeMutablePointer<UInt32>, _ capacity: Int) throws -> (values: Int, bytesConsumed: Int) {
        try decodeCore(bytes, out, capacity, 64) { input, count, width, o in
            if width <= 32 {
                BitPacking.unpack(input, count: count, bitWidth: width, into: o)
            } else {
                unpackWide(input, count, width, o)
            }
        }
    }

    /// Unpacks values wider than 32 bits, keeping their low 32 bits.
    @inline(never)
    static func unpackWide(_ input: UnsafeRawBufferPointer, _ count: Int, _ width: Int, _ out: UnsafeMutablePointer<UInt32>) {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 32) { scratch in
            let s = scratch.baseAddress!
            var done = 0
            while done < count {
                // Chunks of 32 values start on byte boundaries (32 · width bits).
                let n = Swift.min(32, count &- done)
                let skip = (done &>> 3) &* width
                BitPacking.unpack(UnsafeRawBufferPointer(rebasing: input[skip...]), count: n, bitWidth: width, into: s)
                for j in 0..<n { out[done &+ j] = UInt32(truncatingIfNeeded: s[j]) }
                done &+= n
            }
        }
    }

    @inline(__always)
    static func decodeCore<U: FixedWidthInteger & UnsignedInteger>(
        _ bytes: UnsafeRawBufferPointer, _ out: UnsafeMutablePointer<U>, _ capacity: Int, _ maxWidth: Int,
        _ unpack: (UnsafeRawBufferPointer, Int, Int, UnsafeMutablePointer<U>) -> Void
    ) throws -> (values: Int, bytesConsumed: Int) {
        let h = try header(bytes)
        let total = h.totalCount
        guard total <= capacity else {
            throw ParquetError(.corruptPage, "DELTA_BINARY_PACKED: the stream declares \(total) values, more than the \(capacity) expected")
        }
        guard total > 0 else { return (0, h.byteCount) }
        let base = bytes.baseAddress!
        let end = bytes.count
        var position = h.byteCount
        var last = U(truncatingIfNeeded: h.firstValue)
        out[0] = last
        var produced = 1
        while produced < total {
            let minDelta = U(truncatingIfNeeded: try ULEB128.readZigZag(base, &position, end, "DELTA_BINARY_PACKED block"))
            guard end &- position >= h.miniblocks else {
                throw ParquetError(.corruptPage, "DELTA_BINARY_PACKED: block bit widths at byte \(position) run past the end of the data")
            }
            let widths = base + position
            position &+= h.miniblocks
            var m = 0
            while m < h.miniblocks && produced < total {
                let width = Int(widths.load(fromByteOffset: m, as: UInt8.self))
                guard width <= maxWidth else {
                    throw ParquetError(.corruptPage, "DELTA_BINARY_PACKED: miniblock bit width \(width) exceeds \(maxWidth)")
                }
                let n = Swift.min(h.valuesPerMiniblock, total &- produced)
                let needed = BitPacking.byteCount(values: n, bitWidth: width)
                guard end &- position >= needed else {
                    throw ParquetError(.corruptPage, "DELTA_BINARY_PACKED: miniblock at byte \(position) needs \(needed) bytes, only \(end &- position) remain")
                }
                let o = out + produced
                unpack(UnsafeRawBufferPointer(start: base + position, count: needed), n, width, o)
                // Two independent running sums (the packed deltas, and the min deltas from the
                // value before the miniblock), so the serial dependency is one add per value.
                var sum: U = 0
                var offset = last
                for j in 0..<n {
                    sum = sum &+ o[j]
                    offset = offset &+ minDelta
                    o[j] = offset &+ sum
                }
                last = o[n &- 1]
                // A full miniblock's bytes, even when only partly used (the padding); a writer
                // that left out the final padding ends the data here.
                position &+= Swift.min((h.valuesPerMiniblock &* width) &>> 3, end &- position)
                produced &+= n
                m &+= 1
            }
        }
        return (produced, position)
    }
}
