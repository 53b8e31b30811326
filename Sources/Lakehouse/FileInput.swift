import Columnar
import Delta
import Parquet
import TextFormats

/// A data file read as batches: Parquet, CSV (header row, inferred types) or JSON lines,
/// chosen by extension (`.parquet`, `.csv`, `.json`/`.jsonl`/`.ndjson`).
public struct FileInput {
    /// The file's schema.
    public let schema: Schema
    /// The path.
    public let path: String
    private var source: Source

    enum Source {
        case parquet(ParquetFileReader.BatchIterator)
        case csv(CSVReader)
        case json(JSONLinesReader)
    }

    /// The kind of file a path names, by extension.
    public enum Kind: String, Sendable {
        case parquet, csv, json

        /// The kind of `path`, or nil for an unknown extension.
        public init?(path: String) {
            let lower = path.lowercased()
            if lower.hasSuffix(".parquet") || lower.hasSuffix(".parq") { self = .parquet }
            else if lower.hasSuffix(".csv") || lower.hasSuffix(".tsv") { self = .csv }
            else if lower.hasSuffix(".json") || lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { self = .json }
            else { return nil }
        }
    }

    /// Opens `path` (its kind from the extension unless given).
    public init(path: String, kind: Kind? = nil) throws {
        guard let kind = kind ?? Kind(path: path) else {
            throw DeltaError(.invalidArgument, "'\(path)' is not a .parquet, .csv or .json/.jsonl file")
        }
        self.path = path
        switch kind {
        case .parquet:
            let reader = try ParquetFileReader(path: path)
            schema = reader.schema.schema
            source = .parquet(reader.batches())
        case .csv:
            var options = CSVOptions()
            if path.lowercased().hasSuffix(".tsv") { options.delimiter = "\t" }
            let reader = try CSVReader(path: path, options: options)
            schema = reader.schema
            source = .csv(reader)
        case .json:
            let reader = try JSONLinesReader(path: path)
            schema = reader.schema
            source = .json(reader)
        }
    }

    /// The next batch, or nil at the end.
    public mutating func next() throws -> RecordBatch? {
        switch source {
        case .parquet(var it):
            let b = try it.next()
            source = .parquet(it)
            return b
        case .csv(var r):
            let b = try r.next()
            source = .csv(r)
            return b
        case .json(var r):
            let b = try r.next()
            source = .json(r)
            return b
        }
    }
}
