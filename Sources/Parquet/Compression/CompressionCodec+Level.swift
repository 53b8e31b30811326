import CZstd

extension CompressionCodec {
    /// Whether ``decompress(_:_:into:)`` and ``compress(_:_:into:level:)`` handle this codec
    /// (every codec of the specification except LZO).
    var isSupportedForCompression: Bool {
        switch self {
        case .uncompressed, .snappy, .gzip, .zstd, .lz4Raw, .lz4, .brotli: true
        default: false
        }
    }

    /// The level ``compress(_:_:into:level:)`` uses when given none; nil for codecs without one.
    ///
    /// - ZSTD: 1, the default of both arrow-cpp (pyarrow's
    ///   `Codec.default_compression_level("zstd")`) and parquet-rs (`ZstdLevel::default()`).
    /// - GZIP: 6, zlib's own default and parquet-rs's `GzipLevel::default()` (arrow-cpp uses 9,
    ///   which is markedly slower for little gain on page-sized inputs).
    /// - BROTLI: quality 8, arrow-cpp's default (parquet-rs uses 1), with arrow's 22-bit window.
    var defaultCompressionLevel: Int32? {
        switch self {
        case .gzip: GzipCodec.defaultLevel
        case .zstd: ZstdCodec.defaultLevel
        case .brotli: BrotliCodec.defaultQuality
        default: nil
        }
    }

    /// The levels the codec's library accepts; nil for codecs without levels.
    var compressionLevels: ClosedRange<Int32>? {
        switch self {
        case .gzip: 0...9
        case .zstd: ZSTD_minCLevel()...ZSTD_maxCLevel()
        case .brotli: 0...11
        default: nil
        }
    }

    /// `level`, or the default when nil; throws `.invalidArgument` when out of range.
    func validatedCompressionLevel(_ level: Int32?) throws -> Int32? {
        guard let range = compressionLevels else { return nil }
        guard let level else { return defaultCompressionLevel }
        guard range.contains(level) else {
            throw ParquetError(.invalidArgument, "compression level \(level) is out of range \(range.lowerBound)...\(range.upperBound) for \(self)")
        }
        return level
    }
}
