import Columnar

/// How a ``CSVReader`` splits, types and repairs its input.
///
/// **Records.** Fields are separated by ``delimiter``; records end at `\n`, `\r\n` or a lone
/// `\r`, and the last record may lack its line end. A field that starts with ``quote`` runs to
/// the matching closing quote and may contain delimiters and line ends; inside it a quote is
/// written twice (RFC 4180) or, with ``QuoteEscape/backslash``, preceded by a backslash (which
/// also escapes any other byte). Text between a closing quote and the next delimiter is kept
/// (`"ab"c` reads as `abc`); a quote inside an unquoted field is an ordinary character. Empty
/// lines are skipped, and so are lines starting with ``commentPrefix``. A UTF-8 byte order mark
/// at the start of the input is skipped.
///
/// **Nulls.** An unquoted field equal to one of ``nullStrings`` is null (by default only the
/// empty field); quoted fields never match (`""` is the empty string). In a column that is not a
/// string or binary column a quoted empty field is null too — there is no empty number. A
/// record with fewer fields than the header has nulls in the missing columns (see
/// ``rescuedDataColumn``).
///
/// **Inference** (when ``schema`` is nil) samples the first ``inferenceRows`` records (at most
/// 64 MiB of them) and gives each column the narrowest type holding all its sampled values, in
/// the manner of DuckDB's sniffer: `boolean` (`true`/`false`, any case), `bigint` (`Int64`),
/// `double`, `date` (`YYYY-MM-DD`), `timestamp` (`YYYY-MM-DD[T ]HH:MM[:SS[.fraction]]` with an
/// optional `Z` or `±HH:MM` offset; values without an offset are taken as UTC), else `string`.
/// Integers mixed with doubles give `double`, dates mixed with timestamps give `timestamp`, any
/// other mix gives `string`. Integers beyond `Int64` infer as `double`; `nan`, `inf` and
/// `infinity` (any case, signed) are doubles. A column with no non-null sampled value is
/// `string`. Numbers, booleans, dates and timestamps may carry leading and trailing spaces or
/// tabs; string values are kept byte for byte. Decimals are never inferred — ask for them with
/// ``schemaHints`` or ``schema``.
///
/// **Values that do not fit** their column (rows after the sample, or columns typed by hints or
/// a schema) are an error (``TextFormatError/Code/typeMismatch`` naming file, line, column and
/// value) unless ``rescuedDataColumn`` is set.
///
/// **Decimals** parse exactly (an exponent is allowed); more fraction digits than the scale
/// round half away from zero (Spark's `HALF_UP`), and a value needing more than the precision's
/// digits does not fit.
///
/// **Text** must be UTF-8: invalid sequences in string columns (and in header names) are
/// replaced with U+FFFD. Binary columns keep the bytes as they are.
public struct CSVOptions: Sendable {
    /// How a quote character is written inside a quoted field.
    public enum QuoteEscape: Sendable, Hashable {
        /// Twice in a row (`""`), as in RFC 4180.
        case doubling
        /// Preceded by a backslash (`\"`); a backslash escapes any byte inside quotes.
        case backslash
    }

    /// The field separator (an ASCII character other than the quote, `\r` and `\n`). Default `,`.
    public var delimiter: Unicode.Scalar = ","
    /// The quote character (ASCII), or nil for no quoting at all. Default `"`.
    public var quote: Unicode.Scalar? = "\""
    /// How quotes are escaped inside quoted fields. Default ``QuoteEscape/doubling``.
    public var escape: QuoteEscape = .doubling
    /// Whether the first record holds the column names. Default true; without a header the
    /// columns are named `column0`, `column1`, ... (or by ``schema``, by position).
    public var header: Bool = true
    /// Unquoted field texts that mean null. Default `[""]`.
    public var nullStrings: [String] = [""]
    /// Lines starting with this text are skipped; nil (the default) skips none.
    public var commentPrefix: String? = nil
    /// How many records type inference samples (default 20_480, DuckDB's sample size); at most
    /// 64 MiB of input is sampled whatever the count.
    public var inferenceRows: Int = 20_480
    /// Types forced on named columns (matched exactly, then case-insensitively); the other
    /// columns are inferred. Names missing from the file are ignored.
    public var schemaHints: [String: DataType] = [:]
    /// The exact schema to read: no inference. With a header, fields are matched to columns by
    /// name (header columns not in the schema are reported by ``CSVReader/unexpectedColumns``
    /// and rescued, schema fields not in the header read as null); without one, by position.
    /// A field named ``rescuedDataColumn`` in the schema is that column, not read from the file.
    public var schema: Schema? = nil
    /// When set, values that do not fit their column read as null and are kept, with the values
    /// of unexpected columns and of fields past the header's count, in a JSON object
    /// `{"column":"raw text", ...}` in this string column, added last (null for rows where nothing
    /// was rescued) — Databricks Auto Loader's `_rescued_data`. Records with too few fields read
    /// their missing columns as null. Without it, both are errors.
    public var rescuedDataColumn: String? = nil
    /// Rows per ``RecordBatch`` (default 65_536).
    public var batchRows: Int = 65_536
    /// Bytes read from the file at a time (default 8 MiB); records may straddle blocks.
    public var blockSize: Int = 8 << 20

    /// Default options.
    public init() {}

    /// Options with the given settings (the rest default).
    public init(
        delimiter: Unicode.Scalar = ",",
        quote: Unicode.Scalar? = "\"",
        escape: QuoteEscape = .doubling,
        header: Bool = true,
        nullStrings: [String] = [""],
        commentPrefix: String? = nil,
        inferenceRows: Int = 20_480,
        schemaHints: [String: DataType] = [:],
        schema: Schema? = nil,
        rescuedDataColumn: String? = nil,
        batchRows: Int = 65_536,
        blockSize: Int = 8 << 20
    ) {
        self.delimiter = delimiter
        self.quote = quote
        self.escape = escape
        self.header = header
        self.nullStrings = nullStrings
        self.commentPrefix = commentPrefix
        self.inferenceRows = inferenceRows
        self.schemaHints = schemaHints
        self.schema = schema
        self.rescuedDataColumn = rescuedDataColumn
        self.batchRows = batchRows
        self.blockSize = blockSize
    }
}
