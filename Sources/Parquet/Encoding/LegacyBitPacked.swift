import Columnar

/// The deprecated BIT_PACKED level encoding (Encodings.md, `BIT_PACKED = 4`): values back to
/// back, most significant bit first, the last byte padded with zeros; no header, no runs.
///
/// parquet-java still labels level streams of max level 0 (bit width 0, no bytes) with it.
enum LegacyBitPacked {
    /// Decodes `count` levels of `bitWidth` (0...8) bits from `bytes` into `out` and returns the
    /// bytes consumed, `ceil(count · bitWidth / 8)`.
    ///
    /// Throws `corruptPage` when `bytes` is shorter than that or the bit width exceeds 8.
    static func decode(_ bytes: UnsafeRawBufferPointer, bitWidth: Int, count: Int, into out: UnsafeMutablePointer<UInt8>) throws -> Int {
        guard bitWidth >= 0 && bitWidth <= 8 else {
            throw ParquetError(.corruptPage, "BIT_PACKED levels: bit width \(bitWidth) is outside 0...8")
        }
        guard count > 0 else { return 0 }
        guard count <= Int.max >> 4 else {
            throw ParquetError(.invalidArgument, "BIT_PACKED levels: implausible value count \(count)")
        }
        if bitWidth == 0 {
            out.initialize(repeating: 0, count: count)
            return 0
        }
        let needed = BitPacking.byteCount(values: count, bitWidth: bitWidth)
        guard bytes.count >= needed, let p = bytes.baseAddress else {
            throw ParquetError(.corruptPage, "BIT_PACKED levels: \(count) values of \(bitWidth) bits need \(needed) bytes, only \(bytes.count) present")
        }
        let mask = UInt32(1) << UInt32(bitWidth) - 1
        for i in 0..<count {
            let bit = i &* bitWidth
            let byte = bit &>> 3
            // A value of at most 8 bits spans at most two bytes; read them big-endian.
            var window = UInt32(p.load(fromByteOffset: byte, as: UInt8.self)) << 8
            if byte &+ 1 < needed { window |= UInt32(p.load(fromByteOffset: byte &+ 1, as: UInt8.self)) }
            let shift = 16 &- (bit & 7) &- bitWidth
            out[i] = UInt8(truncatingIfNeeded: (window &>> UInt32(shift)) & mask)
        }
        return needed
    }

    /// Appends `count` levels of `bitWidth` (0...8) bits, most significant bit first.
    static func encode(_ values: UnsafePointer<UInt8>, count: Int, bitWidth: Int, into buffer: inout Buffer) {
        precondition(bitWidth >= 0 && bitWidth <= 8, "LegacyBitPacked: bit width \(bitWidth) outside 0...8")
        let needed = BitPacking.byteCount(values: count, bitWidth: bitWidth)
        guard needed > 0 else { return }
        let out = buffer.appendUninitialized(needed)
        out.initializeMemory(as: UInt8.self, repeating: 0, count: needed)
        let mask = UInt32(1) << UInt32(bitWidth) - 1
        for i in 0..<count {
            let bit = i &* bitWidth
            let byte = bit &>> 3
            let shifted = (UInt32(values[i]) & mask) << UInt32(16 &- (bit & 7) &- bitWidth)
            out.storeBytes(of: out.load(fromByteOffset: byte, as: UInt8.self) | UInt8(truncatingIfNeeded: shifted >> 8), toByteOffset: byte, as: UInt8.self)
            if byte &+ 1 < needed {
                out.storeBytes(of: out.load(fromByteOffset: byte &+ 1, as: UInt8.self) | UInt8(truncatingIfNeeded: shifted), toByteOffset: byte &+ 1, as: UInt8.self)
            }
        }
    }
}
