import Columnar
import Parquet
import Query

/// Writes query results to a file chosen by extension: Parquet, CSV, JSON or JSON lines —
/// whole (``write(_:to:)``) or batch by batch as a query streams (``Writer``).
public enum ResultFile {
    /// Writes `result` to `path`.
    public static func write(_ result: QueryResult, to path: String) throws {
        let writer = try Writer(path: path, schema: result.schema)
        for b in result.batches { try writer.write(b) }
        try writer.close()
    }

    /// A result file being written batch by batch.
    public final class Writer {
        private var parquet: ParquetFileWriter?
        private var file: TextFile?
        private var rows: RowWriter?

        /// Creates `path` (.parquet, .csv, .json or .jsonl) for rows of `schema`.
        public init(path: String, schema: Schema) throws {
            let lower = path.lowercased()
            if lower.hasSuffix(".parquet") {
                parquet = try ParquetFileWriter(path: path, schema: schema)
                return
            }
            let format: RowFormat
            if lower.hasSuffix(".csv") { format = .csv }
            else if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { format = .jsonl }
            else if lower.hasSuffix(".json") { format = .json }
            else { throw QueryError(.invalidArgument, "'\(path)' needs a .parquet, .csv, .json or .jsonl extension") }
            let file = try TextFile(path: path)
            self.file = file
            rows = RowWriter(format: format, schema: schema, output: { file.write($0) })
        }

        /// Appends a batch.
        public func write(_ batch: RecordBatch) throws {
            if let parquet { try parquet.write(batch) } else { rows?.write(batch) }
        }

        /// Finishes the file (synced to disk).
        public func close() throws {
            if let parquet { try parquet.close(sync: true) }
            rows?.finish()
            try file?.close()
        }
    }
}
