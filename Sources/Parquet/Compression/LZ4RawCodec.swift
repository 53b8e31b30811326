import CLZ4
import Columnar

/// LZ4_RAW: one raw LZ4 block, no framing.
enum LZ4RawCodec {
    /// Decompresses into exactly `output.count` bytes; both pointers are non-nil and both
    /// counts are at most `Int32.max`.
    static func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws {
        let produced = decompressBlock(input, into: output)
        guard produced >= 0 else {
            throw ParquetError.decompression(.lz4Raw, input: input.count, declared: output.count,
                                             "the block is corrupt, truncated or decompresses to more than the declared size")
        }
        guard produced == output.count else {
            throw ParquetError.decompressedSize(.lz4Raw, input: input.count, declared: output.count, actual: produced)
        }
    }

    /// Decodes one raw block into `output`: the number of bytes written, or -1 when the block is
    /// malformed or does not fit. Both pointers non-nil, both counts at most `Int32.max`.
    static func decompressBlock(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> Int {
        Int(LZ4_decompress_safe(input.baseAddress!.assumingMemoryBound(to: CChar.self),
                                output.baseAddress!.assumingMemoryBound(to: CChar.self),
                                Int32(input.count), Int32(output.count)))
    }

    /// Appends `input` (non-nil base, at most `Int32.max` bytes) as one raw block.
    static func compress(_ input: UnsafeRawBufferPointer, into output: inout Buffer) throws {
        try compress(input, into: &output, codec: .lz4Raw)
    }

    /// Appends `input` as one raw block; `codec` names the codec in errors. Returns the block's size.
    @discardableResult
    static func compress(_ input: UnsafeRawBufferPointer, into output: inout Buffer, codec: CompressionCodec) throws -> Int {
        let bound = Int(LZ4_compressBound(Int32(input.count)))
        guard bound > 0 else {
            throw ParquetError.compression(codec, input: input.count, "the input is larger than LZ4 accepts")
        }
        let start = output.count
        let dst = output.appendUninitialized(bound).assumingMemoryBound(to: CChar.self)
        let produced = Int(LZ4_compress_default(input.baseAddress!.assumingMemoryBound(to: CChar.self), dst, Int32(input.count), Int32(bound)))
        guard produced > 0, produced <= bound else {
            output.truncate(to: start)
            throw ParquetError.compression(codec, input: input.count, "LZ4_compress_default failed")
        }
        output.truncate(to: start + produced)
        return produced
    }
}
