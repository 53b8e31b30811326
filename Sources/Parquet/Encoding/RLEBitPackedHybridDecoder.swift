/// Decoder for the RLE/bit-packed hybrid encoding (Encodings.md, `RLE = 3`): definition and
/// repetition levels, dictionary indices and RLE booleans.
///
/// ```
/// encoded-data := <run>*
/// run := <bit-packed-run> | <rle-run>
/// bit-packed-run := varint(<groups of 8 values> << 1 | 1) <groups · bit-width bytes, LSB first>
/// rle-run := varint(<run length> << 1) <value in ceil(bit-width / 8) bytes, little endian>
/// ```
///
/// The decoder is handed the encoded data only (no 4-byte length prefix, no bit-width byte)
/// and hands out values in batches of any size; runs may span batches. RLE runs become a fill,
/// bit-packed runs go through the ``BitPacking`` kernels. A bit-packed run's final group may
/// be cut short when the stream ends inside it (writers pad only what they need); every other
/// run must lie wholly inside the data.
struct RLEBitPackedHybridDecoder {
    /// Start of the encoded data (nil only when it is empty).
    private let base: UnsafeRawPointer?
    /// Length of the encoded data in bytes.
    private let end: Int
    /// Next unread byte (the next run header).
    private var position = 0
    /// Bits per value, 0...32.
    let bitWidth: Int
    /// Bytes of an RLE run's value.
    private let valueBytes: Int

    /// Values left in the current RLE run.
    private var rleLeft = 0
    /// The current RLE run's value.
    private var rleValue: UInt32 = 0

    /// Values left in the current bit-packed run.
    private var packedLeft = 0
    /// Index within the run of the next bit-packed value.
    private var packedIndex = 0
    /// Byte offset of the current bit-packed run's payload.
    private var packedStart = 0
    /// Payload bytes of the current bit-packed run present in the data.
    private var packedBytes = 0

    /// Creates a decoder over `bytes` (which must outlive it) for values of `bitWidth` bits.
    ///
    /// Throws `corruptPage` when the bit width is outside 0...32.
    init(_ bytes: UnsafeRawBufferPointer, bitWidth: Int) throws {
        guard bitWidth >= 0 && bitWidth <= 32 else {
            throw ParquetError(.corruptPage, "RLE/bit-packed hybrid: bit width \(bitWidth) is outside 0...32")
        }
        base = bytes.count > 0 ? bytes.baseAddress : nil
        end = base == nil ? 0 : bytes.count
        self.bitWidth = bitWidth
        valueBytes = (bitWidth + 7) / 8
    }

    /// Creates a decoder over a dictionary-index data page's value bytes: one bit-width byte
    /// (at most 32), then the RLE/bit-packed hybrid data.
    static func dictionaryIndices(_ bytes: UnsafeRawBufferPointer) throws -> RLEBitPackedHybridDecoder {
        guard let first = bytes.first else {
            throw ParquetError(.corruptPage, "dictionary indices: the data page has no bit-width byte")
        }
        return try RLEBitPackedHybridDecoder(UnsafeRawBufferPointer(rebasing: bytes.dropFirst()), bitWidth: Int(first))
    }

    /// Bytes consumed so far (run headers and payloads read).
    var bytesConsumed: Int { position }

    /// Decodes up to `count` values into `out` and returns how many it decoded; fewer than
    /// `count` only when the data ends.
    ///
    /// `UInt8` (levels, booleans) and `UInt32` (dictionary indices) take dedicated paths; other
    /// unsigned types go through a 32-bit scratch. Throws `corruptPage` on a malformed run and
    /// `invalidArgument` when the bit width does not fit in `T`.
    mutating func decode<T: FixedWidthInteger & UnsignedInteger>(into out: UnsafeMutablePointer<T>, count: Int) throws -> Int {
        if T.self == UInt32.self {
            return try decode32(UnsafeMutableRawPointer(out).assumingMemoryBound(to: UInt32.self), count)
        }
        if T.self == UInt8.self {
            return try decode8(UnsafeMutableRawPointer(out).assumingMemoryBound(to: UInt8.self), count)
        }
        guard bitWidth <= T.bitWidth else { throw Self.tooWide(bitWidth, T.bitWidth) }
        return try withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 256) { scratch in
            let s = scratch.baseAddress!
            var produced = 0
            while produced < count {
                let n = try decode32(s, Swift.min(256, count - produced))
                for i in 0..<n { out[produced &+ i] = T(truncatingIfNeeded: s[i]) }
                produced += n
                if n == 0 { break }
            }
            return produced
        }
    }

    /// Decodes up to `count` values into 32-bit slots.
    mutating func decode32(_ out: UnsafeMutablePointer<UInt32>, _ count: Int) throws -> Int {
        var produced = 0
        while produced < count {
            if rleLeft > 0 {
                let n = Swift.min(rleLeft, count &- produced)
                (out + produced).initialize(repeating: rleValue, count: n)
                rleLeft &-= n
                produced &+= n
            } else if packedLeft > 0 {
                let n = Swift.min(packedLeft, count &- produced)
                unpackPacked32(out + produced, n)
                produced &+= n
            } else if try !nextRun() {
                break
            }
        }
        return produced
    }

    /// Decodes up to `count` values into bytes (bit width at most 8).
    mutating func decode8(_ out: UnsafeMutablePointer<UInt8>, _ count: Int) throws -> Int {
        guard bitWidth <= 8 else { throw Self.tooWide(bitWidth, 8) }
        var produced = 0
        while produced < count {
            if rleLeft > 0 {
                let n = Swift.min(rleLeft, count &- produced)
                (out + produced).initialize(repeating: UInt8(truncatingIfNeeded: rleValue), count: n)
                rleLeft &-= n
                produced &+= n
            } else if packedLeft > 0 {
                let n = Swift.min(packedLeft, count &- produced)
                unpackPacked8(out + produced, n)
                produced &+= n
            } else if try !nextRun() {
                break
            }
        }
        return produced
    }

    /// The data from the group holding value `index` of the current bit-packed run to the end
    /// of the data (not just of the run: the unpack kernels read only the bytes of the values
    /// asked for, and the slack lets them take their fast paths on short runs).
    @inline(__always)
    private func payload(fromValue index: Int) -> UnsafeRawBufferPointer {
        let start = packedStart &+ (index &>> 3) &* bitWidth
        return UnsafeRawBufferPointer(start: base.map { $0 + start }, count: end &- start)
    }

    /// Moves `n` (≤ `packedLeft`) bit-packed values to `out`.
    private mutating func unpackPacked32(_ out: UnsafeMutablePointer<UInt32>, _ n: Int) {
        var done = 0
        let phase = packedIndex & 7
        if phase != 0 {
            // Resume inside a group: decode its head into scratch and keep the wanted part.
            done = Swift.min(n, 8 &- phase)
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 8) { s in
                BitPacking.unpack(payload(fromValue: packedIndex), count: phase &+ done, bitWidth: bitWidth, into: s.baseAddress!)
                out.update(from: s.baseAddress! + phase, count: done)
            }
            packedIndex &+= done
        }
        if n > done {
            BitPacking.unpack(payload(fromValue: packedIndex), count: n &- done, bitWidth: bitWidth, into: out + done)
            packedIndex &+= n &- done
        }
        packedLeft &-= n
    }

    /// Moves `n` (≤ `packedLeft`) bit-packed values to `out`, one byte each.
    private mutating func unpackPacked8(_ out: UnsafeMutablePointer<UInt8>, _ n: Int) {
        var done = 0
        let phase = packedIndex & 7
        if phase != 0 {
            done = Swift.min(n, 8 &- phase)
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 8) { s in
                BitPacking.unpack(payload(fromValue: packedIndex), count: phase &+ done, bitWidth: bitWidth, into: s.baseAddress!)
                out.update(from: s.baseAddress! + phase, count: done)
            }
            packedIndex &+= done
        }
        if n > done {
            BitPacking.unpack(payload(fromValue: packedIndex), count: n &- done, bitWidth: bitWidth, into: out + done)
            packedIndex &+= n &- done
        }
        packedLeft &-= n
    }

    /// Reads the next run header; false when the data is exhausted.
    private mutating func nextRun() throws -> Bool {
        guard position < end, let base else { return false }
        let header = try ULEB128.read(base, &position, end, "RLE/bit-packed hybrid run header")
        if header & 1 == 0 {
            let length = header &>> 1
            guard length <= UInt64(Int32.max) else {
                throw ParquetError(.corruptPage, "RLE/bit-packed hybrid: RLE run of \(length) values exceeds 2^31-1")
            }
            guard end &- position >= valueBytes else {
                throw ParquetError(.corruptPage, "RLE/bit-packed hybrid: RLE run value at byte \(position) runs past the end of the data (\(end) bytes)")
            }
            var value: UInt32 = 0
            for i in 0..<valueBytes {
                value |= UInt32(base.load(fromByteOffset: position &+ i, as: UInt8.self)) &<< UInt32(8 &* i)
            }
            position &+= valueBytes
            if bitWidth < 32 && value >> UInt32(bitWidth) != 0 {
                throw ParquetError(.corruptPage, "RLE/bit-packed hybrid: RLE run value \(value) does not fit in \(bitWidth) bits")
            }
            rleValue = value
            rleLeft = Int(length)
        } else {
            let groups = header &>> 1
            guard groups <= UInt64(Int32.max / 8) else {
                throw ParquetError(.corruptPage, "RLE/bit-packed hybrid: bit-packed run of \(groups) groups exceeds 2^31-1 values")
            }
            let values = Int(groups) &* 8
            let declared = Int(groups) &* bitWidth
            let available = end &- position
            if declared <= available {
                packedBytes = declared
                packedLeft = values
            } else if declared &- available < bitWidth {
                // The stream ends inside the run's final group: keep the whole values present.
                packedBytes = available
                packedLeft = available &* 8 / bitWidth
            } else {
                throw ParquetError(.corruptPage, "RLE/bit-packed hybrid: bit-packed run of \(values) values at byte \(position) needs \(declared) bytes, only \(available) remain")
            }
            packedStart = position
            packedIndex = 0
            position &+= packedBytes
        }
        return true
    }

    private static func tooWide(_ bitWidth: Int, _ limit: Int) -> ParquetError {
        ParquetError(.invalidArgument, "RLE/bit-packed hybrid: bit width \(bitWidth) does not fit the \(limit)-bit output")
    }
}
