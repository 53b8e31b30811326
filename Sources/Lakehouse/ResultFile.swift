import Columnar
import Parquet
import Query

/// Writes a query result to a file chosen by extension: Parquet, CSV, JSON or JSON lines.
public enum ResultFile {
    /// Writes `result` to `path`.
    public static func write(_ result: QueryResult, to path: String) throws {
        let lower = path.lowercased()
        if lower.hasSuffix(".parquet") {
            let writer = try ParquetFileWriter(path: path, schema: result.schema)
            for b in result.batches { try writer.write(b) }
            try writer.close(sync: true)
            return
        }
        let format: RowFormat
        if lower.hasSuffix(".csv") { format = .csv }
        else if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { format = .jsonl }
        else if lower.hasSuffix(".json") { format = .json }
        else { throw QueryError(.invalidArgument, "'\(path)' needs a .parquet, .csv, .json or .jsonl extension") }
        let file = try TextFile(path: path)
        var writer = RowWriter(format: format, schema: result.schema, output: { file.write($0) })
        for b in result.batches { writer.write(b) }
        writer.finish()
        try file.close()
    }
}
