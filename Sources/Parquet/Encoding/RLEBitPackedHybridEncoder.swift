import Columnar

/// Encoder for the RLE/bit-packed hybrid encoding (Encodings.md, `RLE = 3`).
///
/// Chooses runs the way parquet-java and Arrow do: values are buffered in groups of 8; a value
/// repeated at least 8 times in a row becomes an RLE run, everything else goes into bit-packed
/// runs of up to 63 groups (so the run header always fits in the one byte reserved for it).
/// A final partial group is padded with zeros. The output has no length prefix and no
/// bit-width byte; callers add those where the page format wants them.
struct RLEBitPackedHybridEncoder {
    /// Bits per value, 0...32.
    let bitWidth: Int
    /// The low `bitWidth` bits set.
    private let mask: UInt32
    /// Finished runs (and the open bit-packed run).
    private var out = Buffer()
    /// Run state that is not yet written.
    private var state = State()

    /// The part of the state `finish(into:)` completes without touching `out`.
    private struct State {
        /// Values waiting to be bit-packed (at most 8).
        var buffered: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (0, 0, 0, 0, 0, 0, 0, 0)
        var bufferedCount = 0
        /// The last value seen and how many times in a row it was seen since the last flush.
        var previous: UInt32 = 0
        var repeats = 0
        /// Offset of the open bit-packed run's header byte in the output, or -1.
        var headerOffset = -1
        /// Groups in the open bit-packed run.
        var groups = 0
    }

    /// Creates an encoder for values of `bitWidth` (0...32) bits.
    init(bitWidth: Int) {
        precondition(bitWidth >= 0 && bitWidth <= 32, "RLEBitPackedHybridEncoder: bit width \(bitWidth) outside 0...32")
        self.bitWidth = bitWidth
        mask = bitWidth == 32 ? .max : (1 << UInt32(bitWidth)) - 1
    }

    /// Bytes written so far (excluding buffered values), a size estimate for page cutting.
    var byteCount: Int { out.count }

    /// Appends one value; bits above the bit width are dropped.
    @inline(__always)
    mutating func append(_ value: UInt32) {
        Self.append(value & mask, &state, &out, bitWidth)
    }

    /// Appends a batch of values.
    mutating func append<T: FixedWidthInteger & UnsignedInteger>(contentsOf values: UnsafeBufferPointer<T>) {
        // Concrete loops for the level and index types, whatever module the call comes from.
        let raw = UnsafeRawPointer(values.baseAddress)
        if T.self == UInt32.self {
            appendAll(UnsafeBufferPointer(start: raw?.assumingMemoryBound(to: UInt32.self), count: values.count))
        } else if T.self == UInt8.self {
            appendAll(UnsafeBufferPointer(start: raw?.assumingMemoryBound(to: UInt8.self), count: values.count))
        } else {
            appendAll(values)
        }
    }

    @inline(__always)
    private mutating func appendAll<T: FixedWidthInteger & UnsignedInteger>(_ values: UnsafeBufferPointer<T>) {
        var s = state
        let mask = mask, bitWidth = bitWidth
        for v in values { Self.append(UInt32(truncatingIfNeeded: v) & mask, &s, &out, bitWidth) }
        state = s
    }

    /// Appends the encoded data to `buffer`. The encoder is left as it was, so it can keep
    /// appending (and finish again later).
    func finish(into buffer: inout Buffer) {
        let base = buffer.count
        out.withUnsafeBytes { buffer.append(bytes: $0) }
        var s = state
        if s.headerOffset >= 0 { s.headerOffset += base }
        if s.repeats >= 8 {
            Self.writeRLE(&s, &buffer, bitWidth)
        } else if s.bufferedCount > 0 {
            withUnsafeMutableBytes(of: &s.buffered) { raw in
                let p = raw.bindMemory(to: UInt32.self).baseAddress!
                (p + s.bufferedCount).update(repeating: 0, count: 8 - s.bufferedCount)
            }
            Self.writeGroup(&s, &buffer, bitWidth)
            Self.endBitPacked(&s, &buffer)
        } else {
            Self.endBitPacked(&s, &buffer)
        }
    }

    /// Discards everything appended.
    mutating func removeAll() {
        out.removeAll()
        state = State()
    }

    @inline(__always)
    private static func append(_ value: UInt32, _ s: inout State, _ out: inout Buffer, _ bitWidth: Int) {
        if value == s.previous {
            s.repeats += 1
            // Eight in a row: certainly an RLE run; keep counting without buffering.
            if s.repeats >= 8 { return }
        } else {
            if s.repeats >= 8 { writeRLE(&s, &out, bitWidth) }
            s.repeats = 1
            s.previous = value
        }
        withUnsafeMutableBytes(of: &s.buffered) { raw in
            raw.storeBytes(of: value, toByteOffset: s.bufferedCount &* 4, as: UInt32.self)
        }
        s.bufferedCount += 1
        if s.bufferedCount == 8 { writeGroup(&s, &out, bitWidth) }
    }

    /// Writes the 8 buffered values as a group of the open bit-packed run (opening one).
    private static func writeGroup(_ s: inout State, _ out: inout Buffer, _ bitWidth: Int) {
        if s.groups >= 63 { endBitPacked(&s, &out) }
        if s.headerOffset < 0 {
            s.headerOffset = out.count
            out.append(UInt8(0))
        }
        withUnsafeBytes(of: &s.buffered) { raw in
            BitPacking.pack(raw.bindMemory(to: UInt32.self).baseAddress!, count: 8, bitWidth: bitWidth, appendingTo: &out)
        }
        s.bufferedCount = 0
        // The repeats just packed no longer count toward an RLE run.
        s.repeats = 0
        s.groups += 1
    }

    /// Closes the open bit-packed run by filling in its header byte.
    private static func endBitPacked(_ s: inout State, _ out: inout Buffer) {
        guard s.headerOffset >= 0 else { return }
        let header = UInt8(truncatingIfNeeded: s.groups << 1 | 1)
        let offset = s.headerOffset
        out.withUnsafeMutableBytes { $0[offset] = header }
        s.headerOffset = -1
        s.groups = 0
    }

    /// Writes the pending repeats of `previous` as an RLE run.
    private static func writeRLE(_ s: inout State, _ out: inout Buffer, _ bitWidth: Int) {
        endBitPacked(&s, &out)
        ULEB128.append(UInt64(s.repeats) << 1, to: &out)
        var v = s.previous
        for _ in 0..<((bitWidth + 7) / 8) {
            out.append(UInt8(truncatingIfNeeded: v))
            v >>= 8
        }
        s.repeats = 0
        // The buffered values were all repeats, now written.
        s.bufferedCount = 0
    }
}
