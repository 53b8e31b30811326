import Columnar

/// Reads a CSV file as a stream of ``RecordBatch``es, inferring a schema unless one is given
/// (see ``CSVOptions`` for the grammar, the inference rules and the rescue semantics).
///
/// The file is read in blocks of ``CSVOptions/blockSize`` bytes, never whole: records may
/// straddle blocks. Initialization reads the header and, for inference, the sample records;
/// ``next()`` then returns batches of up to ``CSVOptions/batchRows`` rows until the input ends.
///
/// ```swift
/// var reader = try CSVReader(path: "sales.csv")
/// print(reader.schema)
/// while let batch = try reader.next() { ... }
/// ```
///
/// After ``next()`` throws, the reader is finished and throws the same error again.
public struct CSVReader {
    /// The schema of every batch: the file's columns (inferred, hinted or as given) plus the
    /// rescued-data column when ``CSVOptions/rescuedDataColumn`` is set.
    public let schema: Schema
    /// The name used in error messages (the path, or the name given with the bytes).
    public let name: String
    /// The file's column names: the header (invalid UTF-8 repaired, empty names replaced by
    /// `columnN`, repeats suffixed `_1`, `_2`, ...), or `column0`, `column1`, ... without one.
    public let columnNames: [String]
    /// Header columns absent from an explicit ``CSVOptions/schema`` (their values go to the
    /// rescued-data column, if any): what an ingestion pipeline sees as new columns.
    public let unexpectedColumns: [String]
    /// Fields of an explicit ``CSVOptions/schema`` absent from the header (they read as null).
    public let missingColumns: [String]

    private var scanner: CSVScanner
    private var builders: [CSVColumnBuilder]
    private let nulls: NullMatcher
    private let expectedFields: Int
    /// Field positions no schema column reads (rescued when rescuing).
    private let unmappedPositions: [Int]
    private let rescueIndex: Int?
    private let batchRows: Int
    private var builtRows = 0
    private var failure: TextFormatError?
    private var valid: [UInt8] = []
    private var rescued: [CSVRescue] = []

    /// Opens the CSV file at `path`, reads its header and infers its schema.
    public init(path: String, options: CSVOptions = CSVOptions()) throws(TextFormatError) {
        try self.init(source: ByteSource(path: path), options: options)
    }

    /// Reads CSV text held in memory; `name` names it in error messages.
    public init(bytes: [UInt8], name: String = "<memory>", options: CSVOptions = CSVOptions()) throws(TextFormatError) {
        try self.init(source: ByteSource(bytes: bytes, name: name), options: options)
    }

    private init(source: ByteSource, options: CSVOptions) throws(TextFormatError) {
        let file = source.name
        let syntax = try CSVReader.validate(options, file: file)
        name = file
        batchRows = options.batchRows
        nulls = NullMatcher(options.nullStrings)
        let tokenizer = CSVTokenizer(
            delimiter: syntax.delimiter, quote: syntax.quote, backslashEscape: options.escape == .backslash,
            comment: Array((options.commentPrefix ?? "").utf8), fileName: file
        )
        var scanner = try CSVScanner(source: source, blockSize: options.blockSize, tokenizer: tokenizer)

        // The header.
        var header: [String]? = nil
        if options.header {
            try scanner.tokenize(rows: 1, grow: true)
            if scanner.table.rowCount == 1 {
                let table = scanner.table
                let p = UnsafePointer(scanner.buffer.pointer)
                header = CSVReader.uniqueNames((0..<table.fieldCount(ofRow: 0)).map { table.text(ofField: Int(table.rowFields[0]) + $0, in: p) })
                scanner.table.removeAll()
            }
        }
        let rescueName = options.rescuedDataColumn

        var fields: [Field] = []
        var sources: [CSVColumnBuilder.Source] = []
        var unexpected: [String] = []
        var missing: [String] = []
        var unmapped: [Int] = []
        var names: [String]
        if let schema = options.schema {
            let readFields = schema.fields.filter { $0.name != rescueName }
            if let header {
                names = header
                var used = Set<Int>()
                let byName = Schema(header.map { Field($0, .string) })
                for field in schema.fields {
                    if field.name == rescueName {
                        sources.append(.rescued)
                    } else if let k = byName.index(of: field.name), !used.contains(k) {
                        used.insert(k)
                        sources.append(.field(k))
                    } else {
                        sources.append(.missing)
                        missing.append(field.name)
                    }
                }
                for (k, n) in header.enumerated() where !used.contains(k) {
                    unexpected.append(n)
                    unmapped.append(k)
                }
            } else {
                names = readFields.map(\.name)
                var position = 0
                for field in schema.fields {
                    if field.name == rescueName {
                        sources.append(.rescued)
                    } else {
                        sources.append(.field(position))
                        position += 1
                    }
                }
            }
            fields = schema.fields
            if let rescueName, !schema.fields.contains(where: { $0.name == rescueName }) {
                fields.append(Field(rescueName, .string))
                sources.append(.rescued)
            }
        } else {
            // Inference over the sample.
            try scanner.tokenize(rows: options.inferenceRows, grow: true, byteLimit: CSVReader.inferenceByteLimit)
            if let header {
                names = header
            } else {
                let count = scanner.table.rowCount > 0 ? scanner.table.fieldCount(ofRow: 0) : 0
                names = (0..<count).map { "column\($0)" }
            }
            var types = CSVReader.infer(scanner, columns: names.count, nulls: nulls).map(\.dataType)
            let byName = Schema(names.map { Field($0, .string) })
            for (hintName, type) in options.schemaHints {
                if let k = byName.index(of: hintName) { types[k] = type }
            }
            for (k, n) in names.enumerated() {
                if n == rescueName {
                    throw TextFormatError(.invalidArgument, "the file has a column named like the rescued-data column '\(n)'", file: file)
                }
                fields.append(Field(n, types[k]))
                sources.append(.field(k))
            }
            if let rescueName {
                fields.append(Field(rescueName, .string))
                sources.append(.rescued)
            }
        }
        for field in fields where !CSVColumnBuilder.supports(field.type) {
            throw TextFormatError(.invalidArgument, "CSV columns cannot have type \(field.type)", file: file, column: field.name)
        }
        if let k = fields.firstIndex(where: { $0.name == rescueName }), fields[k].type != .string {
            throw TextFormatError(.invalidArgument, "the rescued-data column must be a string column, not \(fields[k].type)", file: file, column: fields[k].name)
        }

        schema = Schema(fields)
        columnNames = names
        unexpectedColumns = unexpected
        missingColumns = missing
        expectedFields = names.count
        unmappedPositions = rescueName == nil ? [] : unmapped
        rescueIndex = sources.firstIndex(of: .rescued)
        builders = zip(fields, sources).map { CSVColumnBuilder(type: $0.type, source: $1, capacity: options.batchRows) }
        self.scanner = scanner
    }

    /// The most bytes inference samples.
    static let inferenceByteLimit = 64 << 20

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
        while builtRows < batchRows {
            if scanner.pendingRows > 0 {
                let n = min(scanner.pendingRows, batchRows - builtRows)
                try convert(rows: n)
                scanner.nextRow += n
                builtRows += n
                continue
            }
            scanner.dropConverted()
            try scanner.tokenize(rows: batchRows - builtRows, grow: false)
            if scanner.table.rowCount == 0 { break }
        }
        guard builtRows > 0 else { return nil }
        let columns = builders.indices.map { builders[$0].take(capacity: batchRows) }
        let batch = RecordBatch(schema: schema, columns: columns, count: builtRows)
        builtRows = 0
        return batch
    }

    /// Converts the next `count` tokenized records into the column builders.
    private mutating func convert(rows count: Int) throws(TextFormatError) {
        let first = scanner.nextRow
        let table = scanner.table
        let rescue = rescueIndex != nil
        if !rescue {
            for r in first..<(first + count) where table.fieldCount(ofRow: r) != expectedFields {
                throw TextFormatError(
                    .malformed, "the record has \(table.fieldCount(ofRow: r)) fields, expected \(expectedFields)",
                    file: name, line: table.rowLines[r]
                )
            }
        }
        if valid.count < count { valid = [UInt8](repeating: 0, count: max(count, 64)) }
        var builders = self.builders
        self.builders = []
        var rescued = self.rescued
        rescued.removeAll(keepingCapacity: true)
        var valid = self.valid
        self.valid = []
        var failure: (row: Int, builder: Int)?
        let buffer = UnsafePointer(scanner.buffer.pointer)
        let nulls = self.nulls
        table.starts.withUnsafeBufferPointer { starts in
            table.ends.withUnsafeBufferPointer { ends in
                table.rowFields.withUnsafeBufferPointer { rowFields in
                    valid.withUnsafeMutableBufferPointer { valid in
                        let chunk = CSVChunk(
                            buffer: buffer, starts: starts.baseAddress!, ends: ends.baseAddress!,
                            rowFields: rowFields.baseAddress! + first, count: count
                        )
                        for j in builders.indices where builders[j].source != .rescued {
                            if let k = builders[j].append(chunk, nulls: nulls, rescue: rescue, rescued: &rescued, valid: valid.baseAddress!) {
                                failure = (k, j)
                                return
                            }
                        }
                        if let rescueIndex {
                            appendRescued(chunk, to: &builders[rescueIndex].column, rescued: &rescued)
                        }
                    }
                }
            }
        }
        self.builders = builders
        self.rescued = rescued
        self.valid = valid
        if let failure {
            throw mismatch(row: first + failure.row, builder: failure.builder)
        }
        for b in self.builders where b.column.values.count > Int(Int32.max) {
            throw TextFormatError(.invalidArgument, "a string column exceeds 2 GiB in one batch; lower batchRows", file: name)
        }
    }

    /// Fills the rescued-data column for a chunk: values that did not fit (already in
    /// `rescued`), unexpected columns and fields past the header's count.
    private func appendRescued(_ chunk: CSVChunk, to column: inout Column, rescued: inout [CSVRescue]) {
        for k in 0..<chunk.count {
            let rs = Int(chunk.rowFields[k]), re = Int(chunk.rowFields[k + 1])
            for position in unmappedPositions where rs + position < re {
                rescued.append(CSVRescue(row: Int32(k), position: Int32(position)))
            }
            var position = expectedFields
            while rs + position < re {
                rescued.append(CSVRescue(row: Int32(k), position: Int32(position)))
                position += 1
            }
        }
        rescued.sort()
        var next = 0
        for k in 0..<chunk.count {
            guard next < rescued.count, rescued[next].row == Int32(k) else {
                column.appendNull()
                continue
            }
            var object = RescuedData()
            let rs = Int(chunk.rowFields[k])
            while next < rescued.count && rescued[next].row == Int32(k) {
                let position = Int(rescued[next].position)
                next += 1
                let fi = rs + position
                let s = Int(chunk.starts[fi]), raw = chunk.ends[fi]
                let len = Int(raw & CSVFieldTable.valueMask) - s
                let quoted = raw & CSVFieldTable.quotedFlag != 0
                if !quoted && nulls.matches(chunk.buffer + s, len) { continue }
                object.append(key: fieldName(position), text: chunk.buffer + s, len)
            }
            if object.count == 0 {
                column.appendNull()
            } else {
                column.appendValidity(true)
                column.values.append(contentsOf: object.text)
                column.offsets.append(Int32(truncatingIfNeeded: column.values.count))
                column.count += 1
            }
        }
    }

    /// The key of field `position` in rescued data.
    private func fieldName(_ position: Int) -> String {
        position < columnNames.count ? columnNames[position] : "column\(position)"
    }

    /// The error for a value that does not fit its column.
    private func mismatch(row r: Int, builder j: Int) -> TextFormatError {
        let table = scanner.table
        let field = schema.fields[j]
        var value = ""
        if case .field(let position) = builders[j].source {
            value = table.text(ofField: Int(table.rowFields[r]) + position, in: UnsafePointer(scanner.buffer.pointer))
        }
        if value.count > 100 { value = String(value.prefix(100)) + "..." }
        return TextFormatError(
            .typeMismatch, "'\(value)' is not a valid \(field.type.sqlName)",
            file: name, line: table.rowLines[r], column: field.name
        )
    }

    /// The narrowest type of each of the first `columns` columns over the tokenized records.
    static func infer(_ scanner: CSVScanner, columns: Int, nulls: NullMatcher) -> [InferredType] {
        var types = [InferredType](repeating: .null, count: columns)
        let table = scanner.table
        let buffer = UnsafePointer(scanner.buffer.pointer)
        for r in 0..<table.rowCount {
            let rs = Int(table.rowFields[r]), re = Int(table.rowFields[r + 1])
            for c in 0..<min(columns, re - rs) where types[c] != .string {
                let fi = rs + c
                let s = Int(table.starts[fi]), raw = table.ends[fi]
                let len = Int(raw & CSVFieldTable.valueMask) - s
                let quoted = raw & CSVFieldTable.quotedFlag != 0
                if quoted ? len == 0 : nulls.matches(buffer + s, len) { continue }
                if types[c] != .null && InferredType.accepts(types[c], buffer + s, len) { continue }
                types[c] = types[c].joined(with: InferredType.classify(buffer + s, len))
            }
        }
        return types
    }

    /// Header names made usable: empty ones named by position, repeats suffixed.
    static func uniqueNames(_ raw: [String]) -> [String] {
        var seen = Set<String>()
        var out: [String] = []
        for (k, n) in raw.enumerated() {
            var name = n.isEmpty ? "column\(k)" : n
            if seen.contains(name) {
                var suffix = 1
                while seen.contains("\(name)_\(suffix)") { suffix += 1 }
                name = "\(name)_\(suffix)"
            }
            seen.insert(name)
            out.append(name)
        }
        return out
    }

    /// Checks the options; returns the delimiter and quote bytes.
    static func validate(_ options: CSVOptions, file: String) throws(TextFormatError) -> (delimiter: UInt8, quote: UInt8?) {
        func bad(_ message: String) -> TextFormatError { TextFormatError(.invalidArgument, message, file: file) }
        func ascii(_ s: Unicode.Scalar, _ what: String) throws(TextFormatError) -> UInt8 {
            guard s.isASCII, s != "\n", s != "\r" else { throw bad("the \(what) must be an ASCII character other than a line end") }
            return UInt8(s.value)
        }
        let delimiter = try ascii(options.delimiter, "delimiter")
        let quote = try options.quote.map { (q: Unicode.Scalar) throws(TextFormatError) in try ascii(q, "quote") }
        if quote == delimiter { throw bad("the quote and the delimiter must differ") }
        if options.batchRows < 1 { throw bad("batchRows must be at least 1") }
        if options.blockSize < 1 || options.blockSize > 1 << 30 { throw bad("blockSize must be between 1 byte and 1 GiB") }
        if options.inferenceRows < 0 { throw bad("inferenceRows must not be negative") }
        if options.commentPrefix == "" { throw bad("the comment prefix must not be empty") }
        if options.rescuedDataColumn == "" { throw bad("the rescued-data column needs a name") }
        let types = (options.schema?.fields.map(\.type) ?? []) + Array(options.schemaHints.values)
        for type in types {
            if case .decimal(let p, let s) = type, !(1...DataType.maxDecimalPrecision).contains(p) || s < 0 || s > p {
                throw bad("invalid decimal(\(p),\(s))")
            }
        }
        return (delimiter, quote)
    }
}
