import Columnar
import Foundation
import LakeJSON
import Parquet
import TextFormats

/// Reads the landing files of a ``FileSource`` into batches of the bronze table's shape: the
/// data columns, then `_rescued_data` (unless the mode is ``SchemaEvolutionMode/none``), then
/// the metadata columns.
///
/// Work is split in two: ``plan(_:tableSchema:)`` decides the data columns for a set of files
/// (inferring them for a new table, adding new columns under `addNewColumns`, refusing them
/// under `failOnNewColumns`), then ``read(_:dataSchema:ingestedAt:_:)`` streams each file's
/// rows in that schema. Values that do not fit a column read as null and are kept, as text,
/// in the rescued-data JSON with the file's path under `_file_path`.
public struct FileIngestor: Sendable {
    /// The source.
    public let source: FileSource
    /// The parsed schema hints.
    public let hints: [String: DataType]

    /// An ingestor for `source`.
    public init(_ source: FileSource) throws {
        self.source = source
        hints = try source.schemaHints.map { try SchemaHints.parse($0) } ?? [:]
    }

    /// What reading a set of files will do to the schema.
    public struct Plan: Sendable {
        /// The data columns every file is read into.
        public var dataSchema: Schema
        /// Columns added by this plan, with the file that brought each.
        public var addedColumns: [(column: String, file: String)]
        /// Columns present in files but not kept (rescued or ignored), with the file.
        public var unknownColumns: [(column: String, file: String)]
    }

    /// The names of the columns the ingestor adds after the data columns.
    public var extraColumnNames: Set<String> {
        var names = Set<String>()
        if source.keepsRescuedData { names.insert(source.rescuedDataColumn.lowercased()) }
        if let f = source.fileColumn { names.insert(f.lowercased()) }
        if let t = source.ingestedAtColumn { names.insert(t.lowercased()) }
        return names
    }

    /// The data columns of a bronze table's schema (without the rescued-data and metadata columns).
    public func dataSchema(ofTable schema: Schema) -> Schema {
        let extra = extraColumnNames
        return Schema(schema.fields.filter { !extra.contains($0.name.lowercased()) })
    }

    /// The whole table schema for data columns `data`.
    public func tableSchema(_ data: Schema) -> Schema {
        var fields = data.fields
        if source.keepsRescuedData { fields.append(Field(source.rescuedDataColumn, .string)) }
        if let f = source.fileColumn { fields.append(Field(f, .string)) }
        if let t = source.ingestedAtColumn { fields.append(Field(t, .timestamp)) }
        return Schema(fields)
    }

    func path(_ file: LandingFile) -> String { source.path + "/" + file.name }

    func csvOptions(_ file: LandingFile) -> CSVOptions {
        var o = CSVOptions()
        o.delimiter = file.name.lowercased().hasSuffix(".tsv") ? "\t" : source.delimiter
        return o
    }

    /// The schema the file's own values infer to (hints applied).
    public func inferSchema(_ file: LandingFile) throws -> Schema {
        do {
            switch source.format {
            case .csv:
                var o = csvOptions(file)
                o.schemaHints = hints
                return try CSVReader(path: path(file), options: o).schema
            case .json:
                return try JSONLinesReader(path: path(file), options: JSONLinesOptions(schemaHints: hints)).schema
            case .parquet:
                return try ParquetFileReader(path: path(file)).schema.schema
            }
        } catch {
            throw PipelineError(.ingestion, "cannot read landing file '\(file.name)': \(error)", cause: error)
        }
    }

    /// Decides the data columns for reading `files` into a table whose schema is `tableSchema`
    /// (nil for a new table).
    public func plan(_ files: [LandingFile], tableSchema: Schema?) throws -> Plan {
        guard let tableSchema else {
            // A new table: the union of the files' inferred schemas, types widened.
            var fields: [Field] = []
            for file in files {
                for f in try inferSchema(file).fields where !extraColumnNames.contains(f.name.lowercased()) {
                    if let i = fields.firstIndex(where: { $0.name.lowercased() == f.name.lowercased() }) {
                        fields[i].type = Self.widen(fields[i].type, f.type)
                    } else {
                        fields.append(Field(f.name, f.type))
                    }
                }
            }
            return Plan(dataSchema: Schema(fields), addedColumns: [], unknownColumns: [])
        }
        var data = dataSchema(ofTable: tableSchema)
        var added: [(String, String)] = []
        var unknown: [(String, String)] = []
        for file in files {
            let known = Set(data.fields.map { $0.name.lowercased() })
            let newFields: [Field]
            if source.format == .csv {
                // The header alone tells; types are inferred only when there is something new.
                var o = csvOptions(file)
                o.schema = data
                o.rescuedDataColumn = source.rescuedDataColumn
                let reader: CSVReader
                do { reader = try CSVReader(path: path(file), options: o) } catch {
                    throw PipelineError(.ingestion, "cannot read landing file '\(file.name)': \(error)", cause: error)
                }
                let names = reader.unexpectedColumns.filter { !extraColumnNames.contains($0.lowercased()) && !known.contains($0.lowercased()) }
                newFields = names.isEmpty ? [] : try inferSchema(file).fields.filter { f in names.contains { $0.lowercased() == f.name.lowercased() } }
            } else {
                newFields = try inferSchema(file).fields.filter { !known.contains($0.name.lowercased()) && !extraColumnNames.contains($0.name.lowercased()) }
            }
            guard !newFields.isEmpty else { continue }
            switch source.schemaEvolutionMode {
            case .addNewColumns:
                for f in newFields {
                    data.fields.append(Field(f.name, f.type))
                    added.append((f.name, file.name))
                }
            case .failOnNewColumns:
                throw PipelineError(.ingestion, "landing file '\(file.name)' has new column(s) \(newFields.map { "'\($0.name)'" }.joined(separator: ", ")) and the schema evolution mode is failOnNewColumns (use addNewColumns to add them, or rescue to keep them in \(source.rescuedDataColumn))")
            case .rescue, .none:
                for f in newFields { unknown.append((f.name, file.name)) }
            }
        }
        return Plan(dataSchema: data, addedColumns: added, unknownColumns: unknown)
    }

    /// Reads `file` in `dataSchema`, calling `body` with each batch in the table's shape.
    public func read(_ file: LandingFile, dataSchema: Schema, ingestedAt: Int64, _ body: (RecordBatch) throws -> Void) throws {
        let filePath = path(file)
        let out = tableSchema(dataSchema)
        func finish(_ batch: RecordBatch) throws {
            // batch: data columns then the reader's rescued column.
            var columns = Array(batch.columns.prefix(dataSchema.count))
            if source.keepsRescuedData {
                columns.append(withFilePath(batch.columns[dataSchema.count], file: filePath))
            }
            if source.fileColumn != nil { columns.append(.repeating(.string(file.name), .string, count: batch.count)) }
            if source.ingestedAtColumn != nil { columns.append(.repeating(.timestamp(ingestedAt), .timestamp, count: batch.count)) }
            try body(RecordBatch(schema: out, columns: columns, count: batch.count))
        }
        do {
            // When the file's own inferred columns are the table's (a new table's first file,
            // say), read it by inference: the readers' fastest path, with the same results.
            func matches(_ inferred: Schema) -> Bool {
                let fields = inferred.fields.dropLast()  // the rescued column
                return fields.count == dataSchema.count && zip(fields, dataSchema.fields).allSatisfy { $0.name == $1.name && $0.type == $1.type }
            }
            switch source.format {
            case .csv:
                var o = csvOptions(file)
                o.schemaHints = hints
                o.rescuedDataColumn = source.rescuedDataColumn
                var reader = try CSVReader(path: filePath, options: o)
                if !matches(reader.schema) {
                    o.schemaHints = [:]
                    o.schema = dataSchema
                    reader = try CSVReader(path: filePath, options: o)
                }
                while let batch = try reader.next() { try finish(batch) }
            case .json:
                var reader = try JSONLinesReader(path: filePath, options: JSONLinesOptions(schemaHints: hints, rescuedDataColumn: source.rescuedDataColumn))
                if !matches(reader.schema) {
                    reader = try JSONLinesReader(path: filePath, options: JSONLinesOptions(schema: dataSchema, rescuedDataColumn: source.rescuedDataColumn))
                }
                while let batch = try reader.next() { try finish(batch) }
            case .parquet:
                let reader = try ParquetFileReader(path: filePath)
                var batches = reader.batches()
                while let batch = try batches.next() { try finish(Self.conformParquet(batch, to: dataSchema, rescue: source.rescuedDataColumn)) }
            }
        } catch let e as PipelineError {
            throw e
        } catch {
            throw PipelineError(.ingestion, "cannot read landing file '\(file.name)': \(error)", cause: error)
        }
    }

    /// Adds `"_file_path": "..."` to each non-null rescued-data object.
    func withFilePath(_ column: Column, file: String) -> Column {
        let present = column.count - column.nullCount
        guard present > 0 else { return column }
        let suffix = ",\"_file_path\":" + JSONValue.quoted(file) + "}"
        var out = Column(empty: .string, capacity: column.count)
        for i in 0..<column.count {
            if column.isNull(i) {
                out.appendNull()
            } else {
                var text = column.string(at: i)
                if text.hasSuffix("}") && text.count > 2 { text.removeLast(); text += suffix } else { text = "{" + suffix.dropFirst() }
                out.append(.string(text))
            }
        }
        return out
    }

    /// A Parquet batch in `schema` (by name, case-insensitively; missing columns null; columns
    /// of another type kept as text in the rescued column), plus the rescued column.
    static func conformParquet(_ batch: RecordBatch, to schema: Schema, rescue: String) -> RecordBatch {
        var rescued = [String?](repeating: nil, count: batch.count)
        var columns: [Column] = []
        for field in schema.fields {
            guard let i = batch.schema.fields.firstIndex(where: { $0.name.lowercased() == field.name.lowercased() }) else {
                columns.append(.nulls(field.type, count: batch.count))
                continue
            }
            let c = batch.columns[i]
            if c.type == field.type || Self.widen(c.type, field.type) == field.type && c.type.isNumericWidening(to: field.type) {
                columns.append(c)
                continue
            }
            for r in 0..<batch.count where !c.isNull(r) {
                let member = JSONValue.quoted(field.name) + ":" + JSONValue.quoted(c.value(at: r).text(as: c.type))
                rescued[r] = rescued[r].map { $0 + "," + member } ?? member
            }
            columns.append(.nulls(field.type, count: batch.count))
        }
        let known = Set(schema.fields.map { $0.name.lowercased() })
        for (i, f) in batch.schema.fields.enumerated() where !known.contains(f.name.lowercased()) {
            let c = batch.columns[i]
            for r in 0..<batch.count where !c.isNull(r) {
                let member = JSONValue.quoted(f.name) + ":" + JSONValue.quoted(c.value(at: r).text(as: c.type))
                rescued[r] = rescued[r].map { $0 + "," + member } ?? member
            }
        }
        columns.append(Column(.string, rescued.map { $0.map { .string("{" + $0 + "}") } ?? .null }))
        return RecordBatch(schema: Schema(schema.fields + [Field(rescue, .string)]), columns: columns, count: batch.count)
    }

    /// The narrowest type holding values of both.
    static func widen(_ a: DataType, _ b: DataType) -> DataType {
        if a == b { return a }
        switch (a, b) {
        case (.int64, .float64), (.float64, .int64): return .float64
        case (.int32, .int64), (.int64, .int32): return .int64
        case (.date, .timestamp), (.timestamp, .date): return .timestamp
        default: return .string
        }
    }
}

extension DataType {
    /// Whether values of this type convert to `other` without loss (Delta's safe widening).
    func isNumericWidening(to other: DataType) -> Bool {
        switch (self, other) {
        case (.int8, .int16), (.int8, .int32), (.int8, .int64), (.int16, .int32), (.int16, .int64), (.int32, .int64),
             (.float32, .float64), (.int32, .float64): return true
        default: return false
        }
    }
}
