import Columnar

/// How a ``JSONLinesReader`` types and repairs its input.
///
/// **Input.** One JSON object per line (RFC 8259, strictly: invalid JSON or invalid UTF-8 is
/// an error). Lines end with `\n` (a `\r` before it is allowed); blank lines are skipped; the
/// last line may lack its line end. A line holding anything but an object is malformed.
///
/// **Inference** (when ``schema`` is nil) reads the first ``inferenceRows`` lines (at most
/// 64 MiB of them). Columns are the union of the objects' keys in first-seen order; a key's
/// type is the union of its values' types:
/// - `true` / `false` → `boolean`; integers → `bigint`; numbers with a fraction or exponent,
///   and integers beyond `Int64` → `double`; `bigint` mixed with `double` → `double`;
/// - strings → `string` (never dates or timestamps: ask for those with ``schemaHints``);
/// - objects → `struct` with the union of their keys (same rules, recursively); an object
///   that is only ever empty → `string`;
/// - arrays → `array` of the union of their elements' types;
/// - any other mix → `string`, which holds strings as they are and other values as their
///   compact JSON text; a key that is only ever null (or an array only ever empty, for its
///   elements) → `string`.
///
/// **Reading** follows the schema: missing keys and `null` are null; keys not in the schema
/// (at any depth) are reported by ``JSONLinesReader/unexpectedColumns`` and rescued when
/// ``rescuedDataColumn`` is set, otherwise dropped. Values convert as follows: integers to any
/// integer type in range, numbers to floating point and decimal columns (exactly, rounding half
/// away from zero past the scale), numeric strings to decimals, ISO 8601 strings to `date`,
/// `timestamp` and `timestamp_ntz` (the grammar of ``CSVOptions``), strings to `binary` as
/// their UTF-8 bytes, objects to `map<string, …>`; anything into a `string` column. Other
/// values do not fit: an error (``TextFormatError/Code/typeMismatch`` naming file, line,
/// column path and value), or, with ``rescuedDataColumn``, null and rescued.
public struct JSONLinesOptions: Sendable {
    /// How many lines type inference samples (default 20_480); at most 64 MiB is sampled.
    public var inferenceRows: Int = 20_480
    /// Types forced on named top-level columns (matched exactly, then case-insensitively);
    /// the others are inferred. Names absent from the sample are ignored.
    public var schemaHints: [String: DataType] = [:]
    /// The exact schema to read: no inference. Top-level keys (and struct members) match
    /// fields by name, exactly, then case-insensitively. A field named ``rescuedDataColumn``
    /// is that column, not read from the input.
    public var schema: Schema? = nil
    /// When set, values that do not fit their column read as null and are kept, with the keys
    /// no column reads, in a JSON object `{"path": value, ...}` in this string column, added
    /// last (null when nothing was rescued). Paths are dotted (`a.b`), with `[i]` for list
    /// elements. This is Databricks Auto Loader's `_rescued_data`.
    public var rescuedDataColumn: String? = nil
    /// Rows per ``RecordBatch`` (default 65_536).
    public var batchRows: Int = 65_536
    /// Bytes read from the file at a time (default 8 MiB); longer lines are read whole.
    public var blockSize: Int = 8 << 20

    /// Default options.
    public init() {}

    /// Options with the given settings (the rest default).
    public init(
        inferenceRows: Int = 20_480,
        schemaHints: [String: DataType] = [:],
        schema: Schema? = nil,
        rescuedDataColumn: String? = nil,
        batchRows: Int = 65_536,
        blockSize: Int = 8 << 20
    ) {
        self.inferenceRows = inferenceRows
        self.schemaHints = schemaHints
        self.schema = schema
        self.rescuedDataColumn = rescuedDataColumn
        self.batchRows = batchRows
        self.blockSize = blockSize
    }
}
