import CLZ4
import Columnar

/// The deprecated `LZ4` codec: raw LZ4 blocks in Hadoop's framing, each frame being
/// `[u32 big-endian decompressed size][u32 big-endian compressed size][raw LZ4 block]`
/// (see ``decompressHadoopFrames(_:into:)`` for the multi-chunk blocks Hadoop also writes).
///
/// Older writers (parquet-cpp before the codec was clarified, early parquet-rs) stored a bare
/// raw block or the LZ4 frame format under the same codec value, so reading falls back to
/// those when the input does not parse as Hadoop frames.
enum LZ4HadoopCodec {
    /// Bytes of one frame header.
    static let frameHeaderSize = 8

    /// Decompresses into exactly `output.count` bytes; both pointers are non-nil and both
    /// counts are at most `Int32.max`.
    static func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws {
        if decompressHadoopFrames(input, into: output) { return }
        if LZ4RawCodec.decompressBlock(input, into: output) == output.count { return }
        if LZ4FrameFormat.decompress(input, into: output) { return }
        throw ParquetError.decompression(.lz4, input: input.count, declared: output.count,
                                         "the data is neither Hadoop-framed LZ4, a raw LZ4 block nor the LZ4 frame format of the declared size")
    }

    /// Decodes a sequence of Hadoop blocks that together fill `output` exactly and consume all
    /// of `input`; false when the input does not parse as such.
    ///
    /// A block is `[u32 BE uncompressed size]` followed by one or more
    /// `[u32 BE compressed size][raw LZ4 block]` chunks whose outputs add up to that size.
    /// Writers that produce one chunk per block (arrow-cpp, parquet-rs, ours) yield exactly the
    /// frames described on ``LZ4HadoopCodec``; Hadoop's own `BlockCompressorStream` (used by
    /// parquet-mr) splits inputs larger than its buffer (256 KiB by default) into several chunks.
    static func decompressHadoopFrames(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> Bool {
        var inOffset = 0, outOffset = 0
        while inOffset < input.count {
            guard input.count - inOffset >= 4 else { return false }
            let blockSize = Int(bigEndianUInt32(input, at: inOffset))
            inOffset += 4
            guard blockSize <= output.count - outOffset else { return false }
            // Every chunk consumes at least 5 input bytes, so this loop ends.
            var filled = 0
            repeat {
                guard input.count - inOffset >= 4 else { return false }
                let chunkSize = Int(bigEndianUInt32(input, at: inOffset))
                inOffset += 4
                // An empty chunk is not valid LZ4.
                guard chunkSize > 0, chunkSize <= input.count - inOffset else { return false }
                let chunk = UnsafeRawBufferPointer(rebasing: input[inOffset..<(inOffset + chunkSize)])
                let target = UnsafeMutableRawBufferPointer(rebasing: output[(outOffset + filled)..<(outOffset + blockSize)])
                let produced = LZ4RawCodec.decompressBlock(chunk, into: target)
                guard produced >= 0 else { return false }
                filled += produced
                inOffset += chunkSize
            } while filled < blockSize
            outOffset += blockSize
        }
        return outOffset == output.count
    }

    /// Appends `input` (non-nil base, at most `Int32.max` bytes) as one Hadoop frame.
    static func compress(_ input: UnsafeRawBufferPointer, into output: inout Buffer) throws {
        let headerOffset = output.count
        output.appendZeros(frameHeaderSize)
        let blockSize = try LZ4RawCodec.compress(input, into: &output, codec: .lz4)
        output.withUnsafeMutableBytes { bytes in
            bytes.storeBytes(of: UInt32(truncatingIfNeeded: input.count).bigEndian, toByteOffset: headerOffset, as: UInt32.self)
            bytes.storeBytes(of: UInt32(truncatingIfNeeded: blockSize).bigEndian, toByteOffset: headerOffset + 4, as: UInt32.self)
        }
    }

    /// The big-endian `UInt32` at `offset` (the caller checks 4 bytes remain).
    private static func bigEndianUInt32(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt32 {
        UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }
}
