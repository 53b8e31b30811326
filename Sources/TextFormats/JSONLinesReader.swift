import Columnar
import LakeJSON

/// Reads JSON lines (one JSON object per line) as a stream of ``RecordBatch``es, inferring a
/// schema unless one is given (see ``JSONLinesOptions`` for the rules). Values are parsed with
/// LakeJSON's ``JSONValue`` parser.
///
/// The file is read in blocks of ``JSONLinesOptions/blockSize`` bytes, never whole.
/// Initialization samples the first lines for inference; ``next()`` then returns batches of up
/// to ``JSONLinesOptions/batchRows`` rows until the input ends.
///
/// ```swift
/// var reader = try JSONLinesReader(path: "events.jsonl")
/// while let batch = try reader.next() { ... }
/// print(reader.unexpectedColumns)  // keys met after the sample that no column reads
/// ```
///
/// After ``next()`` throws, the reader is finished and throws the same error again.
public struct JSONLinesReader {
    /// The schema of every batch: the inferred, hinted or given fields, plus the rescued-data
    /// column when ``JSONLinesOptions/rescuedDataColumn`` is set.
    public let schema: Schema
    /// The name used in error messages (the path, or the name given with the bytes).
    public let name: String

    private var buffer: BlockBuffer
    /// Number of lines before ``BlockBuffer/start``.
    private var linesConsumed = 0
    private let plan: JSONColumnPlan
    private var columns: [Column]
    private var rescuedColumn: Column
    private let rescueIndex: Int?
    private var appender: JSONValueAppender
    private let batchRows: Int
    private var failure: TextFormatError?

    /// Opens the JSON-lines file at `path` and infers its schema from the first lines.
    public init(path: String, options: JSONLinesOptions = JSONLinesOptions()) throws(TextFormatError) {
        try self.init(source: ByteSource(path: path), options: options)
    }

    /// Reads JSON lines held in memory; `name` names them in error messages.
    public init(bytes: [UInt8], name: String = "<memory>", options: JSONLinesOptions = JSONLinesOptions()) throws(TextFormatError) {
        try self.init(source: ByteSource(bytes: bytes, name: name), options: options)
    }

    private init(source: ByteSource, options: JSONLinesOptions) throws(TextFormatError) {
        let file = source.name
        func bad(_ message: String) -> TextFormatError { TextFormatError(.invalidArgument, message, file: file) }
        if options.batchRows < 1 { throw bad("batchRows must be at least 1") }
        if options.blockSize < 1 || options.blockSize > 1 << 30 { throw bad("blockSize must be between 1 byte and 1 GiB") }
        if options.inferenceRows < 0 { throw bad("inferenceRows must not be negative") }
        if options.rescuedDataColumn == "" { throw bad("the rescued-data column needs a name") }
        name = file
        batchRows = options.batchRows
        buffer = BlockBuffer(source: source, blockSize: options.blockSize)
        let rescueName = options.rescuedDataColumn

        var fields: [Field]
        if let schema = options.schema {
            fields = schema.fields
            if let rescueName, !fields.contains(where: { $0.name == rescueName }) {
                fields.append(Field(rescueName, .string))
            }
        } else {
            let inferred = try JSONLinesReader.sample(&buffer, rows: options.inferenceRows, file: file)
            fields = zip(inferred.names, inferred.types).map { Field($0, $1.dataType) }
            let byName = Schema(fields)
            for (hintName, type) in options.schemaHints {
                if let k = byName.index(of: hintName) { fields[k].type = type }
            }
            if let rescueName {
                if fields.contains(where: { $0.name == rescueName }) {
                    throw bad("the input has a key named like the rescued-data column '\(rescueName)'")
                }
                fields.append(Field(rescueName, .string))
            }
        }
        let rescueIndex = fields.firstIndex { $0.name == rescueName }
        if let rescueIndex, fields[rescueIndex].type != .string {
            throw TextFormatError(.invalidArgument, "the rescued-data column must be a string column, not \(fields[rescueIndex].type)", file: file, column: rescueName)
        }
        for f in fields where !JSONLinesReader.validDecimals(f.type) {
            throw TextFormatError(.invalidArgument, "invalid decimal type in \(f.type)", file: file, column: f.name)
        }
        let readFields = fields.enumerated().filter { $0.offset != rescueIndex }.map(\.element)
        do {
            plan = try JSONColumnPlan(.struct(readFields))
        } catch {
            var e = error
            e.file = file
            throw e
        }
        schema = Schema(fields)
        self.rescueIndex = rescueIndex
        columns = readFields.map { Column(empty: $0.type, capacity: options.batchRows) }
        rescuedColumn = Column(empty: .string)
        appender = JSONValueAppender(rescue: rescueIndex != nil)
    }

    /// Keys met while reading that no column reads (top-level names, and dotted paths for
    /// members of structs), in first-seen order: what an ingestion pipeline sees as new
    /// columns. Grows as ``next()`` reads.
    public var unexpectedColumns: [String] { appender.unexpected }

    /// Returns the next batch of rows, or nil at the end of the input.
    public mutating func next() throws(TextFormatError) -> RecordBatch? {
        if let failure { throw failure }
        do {
            return try nextBatch()
        } catch {
            failure = error
            throw error
        }
    }

    private mutating func nextBatch() throws(TextFormatError) -> RecordBatch? {
        var built = 0
        while built < batchRows {
            guard let (regionEnd, lines) = try nextRegion(lines: batchRows - built) else { break }
            let region = UnsafeRawBufferPointer(start: buffer.pointer + buffer.start, count: regionEnd - buffer.start)
            built += try convert(region)
            buffer.start = regionEnd
            linesConsumed += lines
        }
        guard built > 0 else { return nil }
        var out = columns.indices.map { k in
            let c = columns[k]
            columns[k] = Column(empty: c.type, capacity: batchRows)
            return c
        }
        if let rescueIndex {
            out.insert(rescuedColumn, at: rescueIndex)
            rescuedColumn = Column(empty: .string)
        }
        for c in out where c.type.isByteArray && c.values.count > Int(Int32.max) {
            throw TextFormatError(.invalidArgument, "a string column exceeds 2 GiB in one batch; lower batchRows", file: name)
        }
        return RecordBatch(schema: schema, columns: out, count: built)
    }

    /// The end of the next run of at most `lines` whole lines in the buffer (loading more
    /// input as needed) and the number of line ends in it; nil at the end of the input.
    private mutating func nextRegion(lines: Int) throws(TextFormatError) -> (end: Int, lines: Int)? {
        var scanned = buffer.start
        while true {
            let p = buffer.pointer
            var count = 0
            var i = scanned
            var lastEnd = -1
            while i < buffer.end && count < lines {
                guard let nl = JSONLinesReader.findNewline(p, from: i, to: buffer.end) else { break }
                count += 1
                i = nl + 1
                lastEnd = i
            }
            if count > 0 { return (lastEnd, count) }
            if buffer.atEOF {
                return buffer.start < buffer.end ? (buffer.end, 0) : nil
            }
            scanned = buffer.end
            let before = buffer.start
            try buffer.load(compact: true)
            scanned -= before - buffer.start
        }
    }

    /// Parses and converts the lines of `region`; returns the number of rows.
    private mutating func convert(_ region: UnsafeRawBufferPointer) throws(TextFormatError) -> Int {
        var rows = 0
        var columns = self.columns
        self.columns = []
        var appender = self.appender
        var rescuedColumn = self.rescuedColumn
        let plan = self.plan
        let rescue = rescueIndex != nil
        let firstLine = linesConsumed
        let file = name
        defer {
            self.columns = columns
            self.appender = appender
            self.rescuedColumn = rescuedColumn
        }
        do {
            try JSONValue.parseLines(region) { value, line in
                guard case .object(let object) = value else {
                    throw TextFormatError(.malformed, "the line holds a JSON \(value.kindName), not an object", file: file, line: firstLine + line)
                }
                appender.beginRow()
                guard appender.appendRow(object, plan: plan, columns: &columns) else {
                    let f = appender.failure!
                    throw TextFormatError(.typeMismatch, "\(f.value) is not a valid \(f.type.sqlName)", file: file, line: firstLine + line, column: f.path)
                }
                if rescue {
                    if appender.rescued.count == 0 {
                        rescuedColumn.appendNull()
                    } else {
                        let text = appender.rescued.text
                        rescuedColumn.appendValidity(true)
                        rescuedColumn.values.append(contentsOf: text)
                        rescuedColumn.offsets.append(Int32(truncatingIfNeeded: rescuedColumn.values.count))
                        rescuedColumn.count += 1
                    }
                }
                rows += 1
            }
        } catch let e as TextFormatError {
            throw e
        } catch let e as JSONError {
            throw TextFormatError(.malformed, "invalid JSON: \(e.message)", file: file, line: e.line.map { firstLine + $0 })
        } catch {
            throw TextFormatError(.malformed, "\(error)", file: file)
        }
        return rows
    }

    /// Parses up to `rows` lines from the buffer's start (loading without consuming) and
    /// returns the union of their keys and types.
    static func sample(_ buffer: inout BlockBuffer, rows: Int, file: String) throws(TextFormatError) -> JSONInferredFields {
        var fields = JSONInferredFields()
        var position = buffer.start
        var line = 0
        var parsed = 0
        while parsed < rows {
            let p = buffer.pointer
            var lineEnd: Int
            if let nl = findNewline(p, from: position, to: buffer.end) {
                lineEnd = nl
            } else if buffer.atEOF {
                if position >= buffer.end { break }
                lineEnd = buffer.end
            } else {
                if buffer.end - buffer.start >= CSVReader.inferenceByteLimit && parsed > 0 { break }
                try buffer.load(compact: false)
                continue
            }
            line += 1
            let next = lineEnd + 1
            // Trim blanks as JSON lines does; skip blank lines.
            var s = position
            while s < lineEnd && (p[s] == 0x20 || p[s] == 0x09 || p[s] == 0x0D) { s += 1 }
            while lineEnd > s && (p[lineEnd - 1] == 0x20 || p[lineEnd - 1] == 0x09 || p[lineEnd - 1] == 0x0D) { lineEnd -= 1 }
            position = next
            if s == lineEnd { continue }
            let value: JSONValue
            do {
                value = try JSONValue(parsing: UnsafeRawBufferPointer(start: p + s, count: lineEnd - s))
            } catch {
                throw TextFormatError(.malformed, "invalid JSON: \(error.message)", file: file, line: line)
            }
            guard case .object(let object) = value else {
                throw TextFormatError(.malformed, "the line holds a JSON \(value.kindName), not an object", file: file, line: line)
            }
            fields.merge(object)
            parsed += 1
        }
        return fields
    }

    /// The position of the first `\n` in `p[from..<to]`.
    static func findNewline(_ p: UnsafeMutablePointer<UInt8>, from: Int, to: Int) -> Int? {
        var i = from
        let ones: UInt64 = 0x0101_0101_0101_0101
        let raw = UnsafeRawPointer(p)
        while to - i >= 8 {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self).littleEndian ^ (ones &* 0x0A)
            let mask = (w &- ones) & ~w & (ones &* 0x80)
            if mask != 0 { return i + (mask.trailingZeroBitCount >> 3) }
            i += 8
        }
        while i < to {
            if p[i] == 0x0A { return i }
            i += 1
        }
        return nil
    }

    /// Whether every decimal inside `type` has a valid precision and scale.
    static func validDecimals(_ type: DataType) -> Bool {
        switch type {
        case .decimal(let p, let s): return (1...DataType.maxDecimalPrecision).contains(p) && s >= 0 && s <= p
        case .struct(let fields): return fields.allSatisfy { validDecimals($0.type) }
        case .list(let e): return validDecimals(e.type)
        case .map(let k, let v): return validDecimals(k.type) && validDecimals(v.type)
        default: return true
        }
    }
}
