import Columnar

/// Re-encodes a Parquet file with our writer: any file we can read becomes one written with
/// the given options (codec, page version, row-group size), with the same rows and schema.
public enum ParquetRewriter {
    /// Rewrites `input` to `output`; returns the new file's metadata.
    ///
    /// File key-value metadata is kept except `ARROW:schema`, which describes the original
    /// file's Arrow types (say, nanosecond timestamps) rather than ours.
    @discardableResult
    public static func rewrite(input: String, output: String, options: ParquetWriterOptions = ParquetWriterOptions()) throws -> FileMetaData {
        let reader = try ParquetFileReader(path: input)
        var options = options
        if options.keyValueMetadata.isEmpty {
            options.keyValueMetadata = (reader.metadata.keyValueMetadata ?? []).filter { $0.key != "ARROW:schema" }
        }
        let writer = try ParquetFileWriter(path: output, schema: reader.schema.schema, options: options)
        var batches = reader.batches()
        while let batch = try batches.next() {
            try writer.write(batch)
        }
        return try writer.close()
    }
}
