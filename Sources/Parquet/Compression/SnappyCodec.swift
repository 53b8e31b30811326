import CSnappy
import Columnar

/// SNAPPY through the C API of libsnappy (`snappy-c.h`).
enum SnappyCodec {
    /// Decompresses into exactly `output.count` bytes; both pointers are non-nil.
    static func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws {
        let src = input.baseAddress!.assumingMemoryBound(to: CChar.self)
        // The stream starts with its uncompressed length: check it against the declared size
        // before decoding, so a hostile length is never acted on.
        var length = 0
        guard snappy_uncompressed_length(src, input.count, &length) == SNAPPY_OK else {
            throw ParquetError.decompression(.snappy, input: input.count, declared: output.count, "the stream does not start with a valid length")
        }
        guard length == output.count else {
            throw ParquetError.decompressedSize(.snappy, input: input.count, declared: output.count, actual: length)
        }
        var produced = output.count
        let status = snappy_uncompress(src, input.count, output.baseAddress!.assumingMemoryBound(to: CChar.self), &produced)
        guard status == SNAPPY_OK else {
            throw ParquetError.decompression(.snappy, input: input.count, declared: output.count, "the compressed data is corrupt (snappy status \(status.rawValue))")
        }
        guard produced == output.count else {
            throw ParquetError.decompressedSize(.snappy, input: input.count, declared: output.count, actual: produced)
        }
    }

    /// Appends the compressed form of `input` (non-nil base) to `output`.
    static func compress(_ input: UnsafeRawBufferPointer, into output: inout Buffer) throws {
        let bound = snappy_max_compressed_length(input.count)
        let start = output.count
        let dst = output.appendUninitialized(bound).assumingMemoryBound(to: CChar.self)
        var produced = bound
        let status = snappy_compress(input.baseAddress!.assumingMemoryBound(to: CChar.self), input.count, dst, &produced)
        guard status == SNAPPY_OK, produced <= bound else {
            output.truncate(to: start)
            throw ParquetError.compression(.snappy, input: input.count, "snappy status \(status.rawValue)")
        }
        output.truncate(to: start + produced)
    }
}
