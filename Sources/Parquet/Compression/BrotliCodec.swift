import CBrotli
import Columnar

/// BROTLI through libbrotlidec / libbrotlienc.
enum BrotliCodec {
    /// arrow-cpp's default quality (see ``CompressionCodec/defaultCompressionLevel``).
    static let defaultQuality: Int32 = 8
    /// The window arrow-cpp and parquet-rs write with: 2^22 bytes.
    static let windowBits: Int32 = 22

    /// Decompresses into exactly `output.count` bytes; both pointers are non-nil. The stream
    /// must end exactly at the end of `input`.
    static func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws {
        guard let state = BrotliDecoderCreateInstance(nil, nil, nil) else {
            throw ParquetError.decompression(.brotli, input: input.count, declared: output.count, "cannot allocate a decoder")
        }
        defer { BrotliDecoderDestroyInstance(state) }
        var availableIn = input.count
        var nextIn: UnsafePointer<UInt8>? = UnsafePointer(input.baseAddress!.assumingMemoryBound(to: UInt8.self))
        var availableOut = output.count
        var nextOut: UnsafeMutablePointer<UInt8>? = output.baseAddress!.assumingMemoryBound(to: UInt8.self)
        // One call runs until the stream ends or input or output runs out.
        let result = BrotliDecoderDecompressStream(state, &availableIn, &nextIn, &availableOut, &nextOut, nil)
        switch result {
        case BROTLI_DECODER_RESULT_SUCCESS:
            guard availableIn == 0 else {
                throw ParquetError.decompression(.brotli, input: input.count, declared: output.count, "\(availableIn) bytes follow the end of the stream")
            }
            let produced = output.count - availableOut
            guard produced == output.count else {
                throw ParquetError.decompressedSize(.brotli, input: input.count, declared: output.count, actual: produced)
            }
        case BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT:
            throw ParquetError.decompressedTooLarge(.brotli, input: input.count, declared: output.count)
        case BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT:
            throw ParquetError.decompression(.brotli, input: input.count, declared: output.count,
                                             "the compressed data is truncated after \(output.count - availableOut) bytes of output")
        default:
            let message = String(cString: BrotliDecoderErrorString(BrotliDecoderGetErrorCode(state)))
            throw ParquetError.decompression(.brotli, input: input.count, declared: output.count, "brotli: \(message)")
        }
    }

    /// Appends the compressed form of `input` (non-nil base) at `quality` (0...11).
    static func compress(_ input: UnsafeRawBufferPointer, into output: inout Buffer, quality: Int32) throws {
        let bound = BrotliEncoderMaxCompressedSize(input.count)
        guard bound > 0 else {
            throw ParquetError.compression(.brotli, input: input.count, "the input is larger than brotli accepts")
        }
        let start = output.count
        let dst = output.appendUninitialized(bound).assumingMemoryBound(to: UInt8.self)
        var produced = bound
        let ok = BrotliEncoderCompress(quality, windowBits, BROTLI_MODE_GENERIC, input.count,
                                       input.baseAddress!.assumingMemoryBound(to: UInt8.self), &produced, dst)
        guard ok != 0, produced <= bound else {
            output.truncate(to: start)
            throw ParquetError.compression(.brotli, input: input.count, "BrotliEncoderCompress failed")
        }
        output.truncate(to: start + produced)
    }
}
