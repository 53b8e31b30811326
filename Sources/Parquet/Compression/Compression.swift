import Columnar

// The page codec's entry points: the page reader calls `decompress`, the page writer calls
// `compress`. Each codec lives in its own `*Codec` namespace in this folder; these two
// functions validate sizes, normalize empty buffers and dispatch.

/// Decompresses one page's payload compressed with `codec` into `output`.
///
/// `output.count` is the page's declared uncompressed size: the decompressed data must fill it
/// exactly. A different size, corrupt or truncated input, or any library error throws
/// ``ParquetError`` with code `.compression` naming the codec and the sizes. LZO and codecs this
/// reader does not know throw `.unsupported`.
///
/// An empty `input` with an empty `output` is accepted for every supported codec: an empty
/// payload has nothing to decompress, whatever bytes its codec would write for it.
///
/// For `LZ4` (the deprecated Hadoop-framed codec) the input is parsed as Hadoop frames first;
/// when it does not parse, it is read as a raw LZ4 block and then as the LZ4 frame format, as
/// arrow-cpp and parquet-rs do for files from older writers.
func decompress(_ codec: CompressionCodec, _ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws {
    guard codec.isSupportedForCompression else { throw ParquetError.unsupportedCodec(codec) }
    guard input.count <= Int(Int32.max), output.count <= Int(Int32.max) else {
        throw ParquetError(.invalidArgument, "\(codec) page of \(input.count) compressed bytes declared as \(output.count) bytes uncompressed is larger than a Parquet page can be")
    }
    guard input.count > 0, let inputBase = input.baseAddress else {
        guard output.count == 0 else {
            throw ParquetError.decompression(codec, input: 0, declared: output.count, "there are no compressed bytes")
        }
        return
    }
    guard output.count > 0, output.baseAddress != nil else {
        // Libraries get a real (if zero-length) destination pointer, never null.
        try withUnsafeTemporaryAllocation(byteCount: 1, alignment: 1) { scratch in
            let empty = UnsafeMutableRawBufferPointer(start: scratch.baseAddress, count: 0)
            try decompressNonEmpty(codec, UnsafeRawBufferPointer(start: inputBase, count: input.count), into: empty)
        }
        return
    }
    try decompressNonEmpty(codec, input, into: output)
}

/// Dispatches with both pointers non-nil.
private func decompressNonEmpty(_ codec: CompressionCodec, _ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws {
    switch codec {
    case .uncompressed:
        guard input.count == output.count else {
            throw ParquetError.decompression(codec, input: input.count, declared: output.count, "an uncompressed page must be as long as its declared size")
        }
        output.baseAddress!.copyMemory(from: input.baseAddress!, byteCount: input.count)
    case .snappy: try SnappyCodec.decompress(input, into: output)
    case .gzip: try GzipCodec.decompress(input, into: output)
    case .zstd: try ZstdCodec.decompress(input, into: output)
    case .lz4Raw: try LZ4RawCodec.decompress(input, into: output)
    case .lz4: try LZ4HadoopCodec.decompress(input, into: output)
    case .brotli: try BrotliCodec.decompress(input, into: output)
    default: throw ParquetError.unsupportedCodec(codec)
    }
}

/// Compresses `input` with `codec` and appends the compressed bytes to `output`.
///
/// `level` applies to GZIP (0...9), ZSTD (`ZSTD_minCLevel()...ZSTD_maxCLevel()`) and BROTLI
/// quality (0...11); nil means ``CompressionCodec/defaultCompressionLevel``. Other codecs have
/// no level and ignore it. An out-of-range level throws `.invalidArgument`.
///
/// `LZ4` writes a single Hadoop frame (`[u32 BE uncompressed size][u32 BE compressed size]`
/// followed by a raw LZ4 block); GZIP writes the gzip format.
func compress(_ codec: CompressionCodec, _ input: UnsafeRawBufferPointer, into output: inout Buffer, level: Int32? = nil) throws {
    guard codec.isSupportedForCompression else { throw ParquetError.unsupportedCodec(codec) }
    guard input.count <= Int(Int32.max) else {
        throw ParquetError(.invalidArgument, "cannot compress \(input.count) bytes with \(codec): larger than a Parquet page can be")
    }
    let level = try codec.validatedCompressionLevel(level)
    guard input.baseAddress != nil else {
        // Libraries get a real (if zero-length) source pointer, never null.
        try withUnsafeTemporaryAllocation(byteCount: 1, alignment: 1) { scratch in
            try compressNonNil(codec, UnsafeRawBufferPointer(start: scratch.baseAddress, count: 0), into: &output, level: level)
        }
        return
    }
    try compressNonNil(codec, input, into: &output, level: level)
}

/// Dispatches with a non-nil source pointer.
private func compressNonNil(_ codec: CompressionCodec, _ input: UnsafeRawBufferPointer, into output: inout Buffer, level: Int32?) throws {
    switch codec {
    case .uncompressed: output.append(bytes: input)
    case .snappy: try SnappyCodec.compress(input, into: &output)
    case .gzip: try GzipCodec.compress(input, into: &output, level: level ?? GzipCodec.defaultLevel)
    case .zstd: try ZstdCodec.compress(input, into: &output, level: level ?? ZstdCodec.defaultLevel)
    case .lz4Raw: try LZ4RawCodec.compress(input, into: &output)
    case .lz4: try LZ4HadoopCodec.compress(input, into: &output)
    case .brotli: try BrotliCodec.compress(input, into: &output, quality: level ?? BrotliCodec.defaultQuality)
    default: throw ParquetError.unsupportedCodec(codec)
    }
}
