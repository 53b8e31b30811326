import ArgumentParser
import Lakehouse

/// `lake parquet rewrite IN OUT`.
struct ParquetRewriteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rewrite",
        abstract: "Re-encode any readable Parquet file with lake's writer.")

    @Argument(help: "The Parquet file to read.")
    var input: String

    @Argument(help: "The Parquet file to write (replaced if it exists).")
    var output: String

    @Option(help: "Compression: none, snappy, gzip, zstd, lz4 (LZ4_RAW) or brotli.")
    var compression: CompressionName = .zstd

    @Option(help: "Compression level (codec-specific; default: the codec's own).")
    var compressionLevel: Int32?

    @Option(help: "Data page version: 1 or 2.")
    var pageVersion: Int = 1

    @Option(help: "Rows per row group.")
    var rowGroupRows: Int = 1 << 20

    @Option(help: "Dictionary encoding: on or off.")
    var dictionary: Toggle = .on

    func validate() throws {
        guard pageVersion == 1 || pageVersion == 2 else { throw ValidationError("--page-version must be 1 or 2") }
        guard rowGroupRows > 0 else { throw ValidationError("--row-group-rows must be positive") }
    }

    func run() throws {
        var options = ParquetWriterOptions()
        options.compression = compression.codec
        options.compressionLevel = compressionLevel
        options.dataPageVersion = pageVersion
        options.rowGroupRowLimit = rowGroupRows
        options.dictionaryEnabled = dictionary == .on
        let metadata = try ParquetRewriter.rewrite(input: input, output: output, options: options)
        StandardOutput.error("wrote \(output): \(metadata.numRows) rows in \(metadata.rowGroups.count) row group(s)")
    }
}

/// Codec names on the command line.
enum CompressionName: String, ExpressibleByArgument, CaseIterable {
    case none, snappy, gzip, zstd, lz4, brotli

    var codec: CompressionCodec {
        switch self {
        case .none: .uncompressed
        case .snappy: .snappy
        case .gzip: .gzip
        case .zstd: .zstd
        case .lz4: .lz4Raw
        case .brotli: .brotli
        }
    }
}

/// An on/off switch option.
enum Toggle: String, ExpressibleByArgument, CaseIterable {
    case on, off
}
