import Columnar

/// Encoder for DELTA_BINARY_PACKED (Encodings.md, `DELTA_BINARY_PACKED = 5`), by default with
/// parquet-java's layout: blocks of 128 values in 4 miniblocks of 32. (Arrow C++ writes INT64
/// in blocks of 256; pass `blockSize: 256` to reproduce its bytes.)
///
/// Deltas and the min delta are computed in the value's own width with wrapping arithmetic,
/// so INT32 miniblocks never need more than 32 bits. Unused miniblocks of the last block get
/// bit width 0 and no bytes; the last used miniblock is padded with zeros.
enum DeltaBinaryPackedEncoder {
    /// Appends the encoding of `values` to `out`, in blocks of `blockSize` values (a multiple
    /// of 128) split into `miniblocks` miniblocks (of a multiple of 32 values each).
    static func encode<T: DeltaBinaryPackedInteger>(_ values: UnsafeBufferPointer<T>, blockSize: Int = 128, miniblocks: Int = 4, into out: inout Buffer) {
        precondition(blockSize > 0 && blockSize % 128 == 0 && miniblocks > 0 && blockSize % miniblocks == 0 && (blockSize / miniblocks) % 32 == 0,
                     "DeltaBinaryPackedEncoder: bad block layout \(blockSize)/\(miniblocks)")
        let raw = UnsafeRawPointer(values.baseAddress)
        if T.self == Int64.self {
            encodeCore(UnsafeBufferPointer(start: raw?.assumingMemoryBound(to: Int64.self), count: values.count), blockSize, miniblocks, &out)
        } else {
            encodeCore(UnsafeBufferPointer(start: raw?.assumingMemoryBound(to: Int32.self), count: values.count), blockSize, miniblocks, &out)
        }
    }

    @inline(__always)
    static func encodeCore<T: DeltaBinaryPackedInteger>(_ values: UnsafeBufferPointer<T>, _ blockSize: Int, _ miniblocks: Int, _ out: inout Buffer) {
        let valuesPerMiniblock = blockSize / miniblocks
        ULEB128.append(UInt64(blockSize), to: &out)
        ULEB128.append(UInt64(miniblocks), to: &out)
        ULEB128.append(UInt64(values.count), to: &out)
        ULEB128.appendZigZag(Int64(values.first ?? 0), to: &out)
        guard values.count > 1 else { return }
        withUnsafeTemporaryAllocation(of: T.Magnitude.self, capacity: blockSize) { scratch in
            let deltas = scratch.baseAddress!
            var index = 1
            while index < values.count {
                let n = Swift.min(blockSize, values.count &- index)
                var minDelta = T.max
                for j in 0..<n {
                    let d = values[index &+ j] &- values[index &+ j &- 1]
                    minDelta = Swift.min(minDelta, d)
                    deltas[j] = T.Magnitude(truncatingIfNeeded: d)
                }
                let minBits = T.Magnitude(truncatingIfNeeded: minDelta)
                for j in 0..<n { deltas[j] = deltas[j] &- minBits }
                // Pad the last miniblock with zeros.
                let used = (n &+ valuesPerMiniblock &- 1) / valuesPerMiniblock
                for j in n..<(used &* valuesPerMiniblock) { deltas[j] = 0 }

                ULEB128.appendZigZag(Int64(minDelta), to: &out)
                let widthsOffset = out.count
                out.appendZeros(miniblocks)
                for m in 0..<used {
                    var all: T.Magnitude = 0
                    for j in 0..<valuesPerMiniblock { all |= deltas[m &* valuesPerMiniblock &+ j] }
                    let width = T.Magnitude.bitWidth &- all.leadingZeroBitCount
                    out.withUnsafeMutableBytes { $0[widthsOffset &+ m] = UInt8(truncatingIfNeeded: width) }
                    pack(deltas + m &* valuesPerMiniblock, valuesPerMiniblock, width, &out)
                }
                index &+= n
            }
        }
    }

    @inline(__always)
    static func pack<U: FixedWidthInteger & UnsignedInteger>(_ values: UnsafeMutablePointer<U>, _ valuesPerMiniblock: Int, _ width: Int, _ out: inout Buffer) {
        let raw = UnsafeRawPointer(values)
        if U.self == UInt64.self {
            BitPacking.pack(raw.assumingMemoryBound(to: UInt64.self), count: valuesPerMiniblock, bitWidth: width, appendingTo: &out)
        } else {
            BitPacking.pack(raw.assumingMemoryBound(to: UInt32.self), count: valuesPerMiniblock, bitWidth: width, appendingTo: &out)
        }
    }
}
