extension ParquetError {
    /// A page that fails to decompress: names the codec, the compressed size and the declared
    /// uncompressed size, then what went wrong.
    @inline(never)
    static func decompression(_ codec: CompressionCodec, input: Int, declared: Int, _ detail: String) -> ParquetError {
        ParquetError(.compression, "\(codec): cannot decompress \(input) bytes into the declared \(declared) bytes: \(detail)")
    }

    /// Decompressed data whose size differs from the declared one.
    @inline(never)
    static func decompressedSize(_ codec: CompressionCodec, input: Int, declared: Int, actual: Int) -> ParquetError {
        decompression(codec, input: input, declared: declared, "the data decompresses to \(actual) bytes")
    }

    /// Decompressed data that does not fit the declared size.
    @inline(never)
    static func decompressedTooLarge(_ codec: CompressionCodec, input: Int, declared: Int) -> ParquetError {
        decompression(codec, input: input, declared: declared, "the data decompresses to more than the declared size")
    }

    /// A compression library failure while writing.
    @inline(never)
    static func compression(_ codec: CompressionCodec, input: Int, _ detail: String) -> ParquetError {
        ParquetError(.compression, "\(codec): cannot compress \(input) bytes: \(detail)")
    }

    /// A codec this reader and writer do not implement (LZO, or a value newer than the format
    /// version known here).
    @inline(never)
    static func unsupportedCodec(_ codec: CompressionCodec) -> ParquetError {
        ParquetError(.unsupported, "compression codec \(codec) is not supported")
    }
}
