/// Prints record batches as text in one of the ``RowFormat``s, streaming to an output sink.
///
/// Create one writer per output, call ``write(_:)`` for each batch as it arrives, then
/// ``finish(totalRows:)`` once. Output goes to the sink in chunks that always end at a row
/// boundary: whenever the pending text passes ``Options/flushThreshold`` bytes and at the end
/// of every ``write(_:)``. Memory stays bounded by one batch's text, except for `table`.
///
/// Formats:
/// - `jsonl`: one JSON object per row and line, keys in column order, compact (no spaces).
/// - `json`: `[`, then the same objects one per line separated by `,`, then `]` (`[]` when
///   there are no rows).
/// - `csv`: RFC 4180 with a header row of column names; a field is quoted when it is empty
///   (so an empty string or binary, `""`, differs from null, an empty field) or holds a comma,
///   quote, CR or LF, with quotes doubled. Numbers, booleans and temporal values are never
///   quoted. Lines end with ``Options/csvLineTerminator`` (LF by default; RFC 4180 readers
///   accept it).
/// - `table`: an aligned box-drawing grid with a name line and a type line per column,
///   numbers right-aligned, `NULL` for null, cells cut at ``Options/tableMaxCellWidth``
///   Characters with `…`. Column widths need the rows first, so
///   the writer keeps the cell text of the first ``Options/tableRowLimit`` rows and prints the
///   grid in ``finish(totalRows:)``; later rows are only counted. The footer reads `3 rows`,
///   or `25000 rows (showing first 10000)` when capped. ``needsMoreRows`` turns false once the
///   cap is known to be exceeded, so a caller may stop reading and pass the true total (from
///   metadata) to ``finish(totalRows:)``.
///
/// Value text, the same for every format (JSON formats quote the strings; CSV and table
/// print them bare):
/// - null: `null` in JSON, an empty field in CSV, `NULL` in a table.
/// - booleans: `true`, `false`; integers of every width in decimal.
/// - floats: see ``FloatFormat`` (shortest round-trip digits, `Float` not widened; NaN and
///   infinities as the strings `"NaN"`, `"Infinity"`, `"-Infinity"` in JSON).
/// - decimals: see ``DecimalFormat``, quoted in JSON (`"12.30"`).
/// - strings: JSON strings with `"`, `\` and control characters escaped, non-ASCII as UTF-8;
///   invalid UTF-8 becomes U+FFFD in every format.
/// - binary and fixed-size binary: standard padded base64.
/// - date: `YYYY-MM-DD`; timestamp: `YYYY-MM-DDTHH:MM:SS.ffffffZ`; timestamp_ntz: the same
///   without `Z` (see ``TemporalFormat``).
/// - struct: a JSON object with keys in field order; list: a JSON array; map: a JSON object
///   whose keys are the key's text (strings as is, `1`, `2024-01-01`, ...). In CSV and tables
///   nested values print as their JSON text.
///
/// Rendering switches on each column's type once per batch and renders the whole column
/// before interleaving rows; no value is boxed. Each column is rendered by its own type;
/// the schema supplies names and the table's type line. A batch must have as many columns as
/// the schema (checked).
public struct RowWriter {
    /// Tuning knobs; the defaults suit a terminal.
    public struct Options: Sendable {
        /// Rows kept and shown by `table` (default 10,000).
        public var tableRowLimit: Int
        /// Widest `table` cell in Characters before it is cut with `…` (default 40, minimum 1).
        public var tableMaxCellWidth: Int
        /// Whether `csv` starts with a header row of column names (default true).
        public var csvHeader: Bool
        /// The `csv` line terminator (default `"\n"`; `"\r\n"` for strict RFC 4180).
        public var csvLineTerminator: String
        /// Pending bytes that trigger a flush to the sink between rows (default 64 KiB).
        public var flushThreshold: Int

        /// Creates options.
        public init(
            tableRowLimit: Int = 10_000, tableMaxCellWidth: Int = 40, csvHeader: Bool = true,
            csvLineTerminator: String = "\n", flushThreshold: Int = 1 << 16
        ) {
            self.tableRowLimit = tableRowLimit
            self.tableMaxCellWidth = tableMaxCellWidth
            self.csvHeader = csvHeader
            self.csvLineTerminator = csvLineTerminator
            self.flushThreshold = flushThreshold
        }
    }

    /// The output format.
    public let format: RowFormat
    /// Column names (and, for `table`, types) come from here.
    public let schema: Schema
    /// The options in force.
    public let options: Options
    /// Rows passed to ``write(_:)`` so far.
    public private(set) var rowCount = 0
    /// Whether ``finish(totalRows:)`` has run.
    public private(set) var isFinished = false

    private let output: (UnsafeRawBufferPointer) -> Void
    private var pending: [UInt8] = []
    private var rendered: [RenderedColumn] = []
    private var keyPrefixes: [[UInt8]] = []
    private var lineTerminator: [UInt8]
    private var started = false
    private var table: TableLayout?

    /// Creates a writer that hands UTF-8 chunks to `output` (valid only during the call).
    ///
    /// Pass the sink with its label (`output:` or `textOutput:`): as a trailing closure the
    /// two initializers are ambiguous.
    public init(format: RowFormat, schema: Schema, options: Options = Options(), output: @escaping (UnsafeRawBufferPointer) -> Void) {
        self.format = format
        self.schema = schema
        self.options = options
        self.output = output
        lineTerminator = Array(options.csvLineTerminator.utf8)
        switch format {
        case .json, .jsonl:
            keyPrefixes = ColumnRenderer.objectKeyPrefixes(schema.fields.map(\.name))
        case .table:
            table = TableLayout(schema: schema, rowLimit: options.tableRowLimit, maxWidth: options.tableMaxCellWidth)
        case .csv:
            break
        }
        rendered = Array(repeating: RenderedColumn(), count: format == .table ? 1 : schema.fields.count)
        pending.reserveCapacity(Swift.min(Swift.max(options.flushThreshold, 0), 1 << 20) + 4096)
    }

    /// Creates a writer that hands text chunks to `textOutput`; each chunk ends at a row boundary.
    public init(format: RowFormat, schema: Schema, options: Options = Options(), textOutput: @escaping (String) -> Void) {
        self.init(format: format, schema: schema, options: options) { bytes in
            textOutput(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// All of `batches` in `format` as one string (for tests and small outputs).
    public static func string(_ batches: [RecordBatch], format: RowFormat, schema: Schema, options: Options = Options()) -> String {
        var text = ""
        var writer = RowWriter(format: format, schema: schema, options: options, textOutput: { text += $0 })
        for batch in batches { writer.write(batch) }
        writer.finish()
        return text
    }

    /// False once `table` has kept its row limit and seen a row past it: further batches
    /// would only be counted. Always true for the streaming formats.
    public var needsMoreRows: Bool {
        format != .table || rowCount <= options.tableRowLimit
    }

    /// Prints (or, for `table`, keeps) the rows of `batch`.
    public mutating func write(_ batch: RecordBatch) {
        precondition(!isFinished, "RowWriter.write after finish")
        precondition(batch.columns.count == schema.fields.count,
                     "RowWriter: batch has \(batch.columns.count) columns, schema has \(schema.fields.count)")
        switch format {
        case .jsonl, .json:
            writeJSON(batch)
        case .csv:
            writeCSVHeaderIfNeeded()
            writeCSV(batch)
        case .table:
            table?.append(batch, scratch: &rendered[0])
        }
        rowCount += batch.count
        flush()
    }

    /// Ends the output: the closing `]` for `json`, the header for an empty `csv`, the whole
    /// grid for `table`, whose footer counts `totalRows` rows when given (for a caller that
    /// stopped early) and ``rowCount`` otherwise. Calling it again does nothing.
    public mutating func finish(totalRows: Int? = nil) {
        guard !isFinished else { return }
        isFinished = true
        switch format {
        case .jsonl:
            break
        case .json:
            pending.appendASCII(started ? "\n]\n" : "[]\n")
        case .csv:
            writeCSVHeaderIfNeeded()
        case .table:
            if let table {
                let output = self.output, threshold = options.flushThreshold
                table.render(totalRows: Swift.max(totalRows ?? rowCount, rowCount), into: &pending) { bytes in
                    if bytes.count >= threshold { Self.emit(&bytes, to: output) }
                }
            }
            table = nil
        }
        flush()
    }

    // MARK: - JSON

    private mutating func writeJSON(_ batch: RecordBatch) {
        for k in batch.columns.indices {
            ColumnRenderer.render(batch.columns[k], mode: .json, into: &rendered[k])
        }
        for i in 0..<batch.count {
            if format == .json {
                pending.appendASCII(started ? ",\n" : "[\n")
                started = true
            }
            if keyPrefixes.isEmpty { pending.append(UInt8(ascii: "{")) }
            for k in keyPrefixes.indices {
                pending.append(contentsOf: keyPrefixes[k])
                pending.append(contentsOf: rendered[k][i])
            }
            pending.append(UInt8(ascii: "}"))
            if format == .jsonl { pending.append(0x0A) }
            maybeFlush()
        }
    }

    // MARK: - CSV

    private mutating func writeCSVHeaderIfNeeded() {
        guard !started else { return }
        started = true
        guard options.csvHeader else { return }
        for (k, field) in schema.fields.enumerated() {
            if k > 0 { pending.append(UInt8(ascii: ",")) }
            appendCSVField(ArraySlice(field.name.utf8), mayNeedQuotes: true)
        }
        pending.append(contentsOf: lineTerminator)
    }

    private mutating func writeCSV(_ batch: RecordBatch) {
        var quotable = [Bool](repeating: false, count: batch.columns.count)
        for (k, column) in batch.columns.enumerated() {
            ColumnRenderer.render(column, mode: .text, into: &rendered[k])
            switch column.type {
            case .string, .binary, .fixedSizeBinary, .struct, .list, .map: quotable[k] = true
            default: quotable[k] = false
            }
        }
        for i in 0..<batch.count {
            for (k, column) in batch.columns.enumerated() {
                if k > 0 { pending.append(UInt8(ascii: ",")) }
                if column.isNull(i) { continue }
                appendCSVField(rendered[k][i], mayNeedQuotes: quotable[k])
            }
            pending.append(contentsOf: lineTerminator)
            maybeFlush()
        }
    }

    private mutating func appendCSVField(_ text: ArraySlice<UInt8>, mayNeedQuotes: Bool) {
        if mayNeedQuotes && UTF8Text.csvNeedsQuotes(text) {
            UTF8Text.appendCSVQuoted(text, to: &pending)
        } else {
            pending.append(contentsOf: text)
        }
    }

    // MARK: - Output

    private mutating func maybeFlush() {
        if pending.count >= options.flushThreshold { Self.emit(&pending, to: output) }
    }

    private mutating func flush() {
        Self.emit(&pending, to: output)
    }

    private static func emit(_ bytes: inout [UInt8], to output: (UnsafeRawBufferPointer) -> Void) {
        guard !bytes.isEmpty else { return }
        bytes.withUnsafeBytes { output($0) }
        bytes.removeAll(keepingCapacity: true)
    }
}
