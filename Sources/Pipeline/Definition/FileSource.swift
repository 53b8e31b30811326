/// The formats a landing directory can hold.
public enum FileFormat: String, Sendable, CaseIterable {
    /// CSV with a header row (`.csv`, `.tsv`).
    case csv
    /// JSON lines, one object per line (`.json`, `.jsonl`, `.ndjson`).
    case json
    /// Apache Parquet (`.parquet`, `.parq`).
    case parquet

    /// The format named by a pipeline file (`jsonl` and `ndjson` mean `json`).
    public init?(name: String) {
        switch name.lowercased() {
        case "csv", "tsv": self = .csv
        case "json", "jsonl", "ndjson", "jsonlines", "json_lines": self = .json
        case "parquet": self = .parquet
        default: return nil
        }
    }

    /// File name endings of the format (lowercase).
    public var extensions: [String] {
        switch self {
        case .csv: [".csv", ".tsv"]
        case .json: [".json", ".jsonl", ".ndjson"]
        case .parquet: [".parquet", ".parq"]
        }
    }
}

/// What a file source does when a landing file has columns the table does not (Auto Loader's
/// `cloudFiles.schemaEvolutionMode`).
public enum SchemaEvolutionMode: String, Sendable, CaseIterable {
    /// Add the new columns to the table (typed from the file) and keep going. (Auto Loader stops
    /// the stream and picks the columns up on restart; here the same update goes on.)
    case addNewColumns
    /// Never change the schema: new columns' values go to `_rescued_data`.
    case rescue
    /// Fail the update, naming the file and the new columns.
    case failOnNewColumns
    /// Never change the schema and ignore new columns (no `_rescued_data` column is kept).
    case none

    /// The mode named by a pipeline file (`addNewColumns`, `add_new_columns`, ...; any case).
    public init?(name: String) {
        let key = name.lowercased().replacingOccurrences(of: "_", with: "")
        guard let mode = Self.allCases.first(where: { $0.rawValue.lowercased() == key }) else { return nil }
        self = mode
    }
}

/// An Auto Loader-like incremental file source: the files of a landing directory, each
/// ingested exactly once. The set of ingested files is checkpointed with the Delta `txn`
/// action committed atomically with the data, so a crash or a re-run never ingests a file
/// twice nor skips one.
///
/// The schema is inferred from the first files (CSV and JSON values are typed, see
/// TextFormats' readers), with ``schemaHints`` forcing the types of named columns; later files
/// are read with the table's schema. Values that do not fit their column read as null and are
/// kept in ``rescuedDataColumn`` as JSON (`{"column": "raw text", ..., "_file_path": "..."}`).
/// Two metadata columns are added: ``fileColumn`` (the file's path relative to the landing
/// directory) and ``ingestedAtColumn`` (the update's start time, UTC).
public struct FileSource: Sendable, Hashable {
    /// The landing directory (absolute).
    public var path: String
    /// The files' format.
    public var format: FileFormat
    /// Column types forced on inference: `"amount DECIMAL(10,2), day DATE"` (Auto Loader's
    /// `cloudFiles.schemaHints`).
    public var schemaHints: String?
    /// What to do with new columns.
    public var schemaEvolutionMode: SchemaEvolutionMode
    /// At most this many new files per update (nil: all of them).
    public var maxFilesPerUpdate: Int?
    /// The CSV field separator.
    public var delimiter: Unicode.Scalar
    /// The rescued-data column's name (`_rescued_data`).
    public var rescuedDataColumn: String
    /// The source-file metadata column's name (`_source_file`), or nil for none.
    public var fileColumn: String?
    /// The ingestion-time metadata column's name (`_ingested_at`), or nil for none.
    public var ingestedAtColumn: String?

    /// Creates a source.
    public init(
        path: String, format: FileFormat, schemaHints: String? = nil, schemaEvolutionMode: SchemaEvolutionMode = .addNewColumns,
        maxFilesPerUpdate: Int? = nil, delimiter: Unicode.Scalar = ",", rescuedDataColumn: String = "_rescued_data",
        fileColumn: String? = "_source_file", ingestedAtColumn: String? = "_ingested_at"
    ) {
        self.path = path
        self.format = format
        self.schemaHints = schemaHints
        self.schemaEvolutionMode = schemaEvolutionMode
        self.maxFilesPerUpdate = maxFilesPerUpdate
        self.delimiter = delimiter
        self.rescuedDataColumn = rescuedDataColumn
        self.fileColumn = fileColumn
        self.ingestedAtColumn = ingestedAtColumn
    }

    /// Whether the table keeps a rescued-data column (every mode but ``SchemaEvolutionMode/none``).
    public var keepsRescuedData: Bool { schemaEvolutionMode != .none }
}
