#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Columnar
import Parquet

/// Writes batches in the table schema as data files: rows split by partition values into
/// Hive-style directories (`col=value/`, values escaped), each partition's rows rolled into
/// files of about the target size, and one add action (with statistics) per file. Every batch
/// passes the table's ``ConstraintChecker`` first. With a `directoryPrefix` of `_change_data/`
/// it writes change data files instead (named `cdc-...`, without statistics).
final class DataFileWriter {
    let table: DeltaTable
    let schema: Schema
    let partitionColumns: [String]
    let options: WriteOptions
    let mapping: ColumnMappingMode
    let stats: StatsCollector
    let dataSchema: Schema
    let physicalSchema: Schema
    let partitionIndices: [Int]
    let dataIndices: [Int]
    let dataChange: Bool
    let checker: ConstraintChecker?
    let directoryPrefix: String
    let filePrefix: String
    let collectsStats: Bool
    private var open: [String: OpenFile] = [:]
    private(set) var adds: [AddFile] = []
    private(set) var rows = 0
    private(set) var bytes: Int64 = 0

    struct OpenFile {
        var writer: ParquetFileWriter
        var relativePath: String
        var partitionValues: [String: String?]
    }

    init(
        table: DeltaTable, schema: Schema, partitionColumns: [String], configuration: [String: String], options: WriteOptions,
        dataChange: Bool = true, checker: ConstraintChecker? = nil, directoryPrefix: String = "", filePrefix: String = "part",
        collectsStats: Bool = true
    ) {
        self.table = table
        self.checker = checker.flatMap { $0.isEmpty ? nil : $0 }
        self.directoryPrefix = directoryPrefix
        self.filePrefix = filePrefix
        self.collectsStats = collectsStats
        self.schema = schema
        self.partitionColumns = partitionColumns
        self.options = options
        self.dataChange = dataChange
        mapping = ColumnMappingMode(configuration: configuration)
        stats = StatsCollector(configuration: configuration)
        let partitionSet = Set(partitionColumns.map { $0.lowercased() })
        partitionIndices = partitionColumns.compactMap { schema.index(of: $0) }
        dataIndices = schema.fields.indices.filter { !partitionSet.contains(schema.fields[$0].name.lowercased()) }
        dataSchema = Schema(dataIndices.map { schema.fields[$0] })
        let mode = mapping
        physicalSchema = Schema(dataSchema.fields.map { Self.physical($0, mode) })
    }

    /// A field as data files store it under column mapping: physical names, field ids.
    static func physical(_ field: Field, _ mapping: ColumnMappingMode) -> Field {
        var f = field
        f.name = mapping.physicalName(field)
        f.metadata = [:]
        // Spark and delta-rs write field ids under either mapping mode (and delta-rs matches by them).
        if mapping != .none, let id = ColumnMappingMode.id(field) { f.metadata[ParquetSchema.fieldIDKey] = String(id) }
        switch field.type {
        case .struct(let children): f.type = .struct(children.map { physical($0, mapping) })
        default: break
        }
        return f
    }

    /// Writes the rows of a batch already in the table schema.
    func write(_ batch: RecordBatch) throws {
        guard batch.count > 0 else { return }
        try checker?.check(batch)
        rows += batch.count
        if partitionIndices.isEmpty {
            try append(RecordBatch(schema: dataSchema, columns: dataIndices.map { batch.columns[$0] }, count: batch.count), partition: [:], directory: "")
            return
        }
        // Group the rows by their partition values.
        var groups: [[String?]: [Int32]] = [:]
        var order: [[String?]] = []
        for row in 0..<batch.count {
            let key = partitionIndices.map { i in Literals.partitionString(batch.columns[i].value(at: row), schema.fields[i].type) }
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(Int32(row))
        }
        for key in order {
            let rowsOfGroup = groups[key]!
            var values: [String: String?] = [:]
            var directory = ""
            for (k, i) in partitionIndices.enumerated() {
                let name = mapping.physicalName(schema.fields[i])
                values.updateValue(key[k].flatMap { $0.isEmpty ? nil : $0 }, forKey: name)  // keeps an explicit null
                directory += name + "=" + PathEncoding.escapePartitionValue(key[k]) + "/"
            }
            let sub = rowsOfGroup.count == batch.count
                ? RecordBatch(schema: dataSchema, columns: dataIndices.map { batch.columns[$0] }, count: batch.count)
                : RecordBatch(schema: dataSchema, columns: dataIndices.map { batch.columns[$0].gather(rowsOfGroup) }, count: rowsOfGroup.count)
            try append(sub, partition: values, directory: directory)
        }
    }

    /// Writes rows already in the data schema (partition columns left out) into one partition,
    /// given by its values as the log stores them (keyed by physical name): OPTIMIZE keeps a
    /// partition's values byte for byte.
    func write(dataBatch batch: RecordBatch, partitionValues: [String: String?]) throws {
        guard batch.count > 0 else { return }
        rows += batch.count
        var directory = ""
        for i in partitionIndices {
            let name = mapping.physicalName(schema.fields[i])
            directory += name + "=" + PathEncoding.escapePartitionValue(partitionValues[name] ?? nil) + "/"
        }
        try append(batch, partition: partitionValues, directory: directory)
    }

    private func append(_ batch: RecordBatch, partition: [String: String?], directory: String) throws {
        var file: OpenFile
        if let existing = open[directory] {
            file = existing
        } else {
            let name = "\(filePrefix)-00000-\(UUID4.make())-c000.\(Self.codecName(options.parquet.compression)).parquet"
            let relative = directoryPrefix + directory + name
            guard let local = table.storage.localPath(relative) else {
                throw DeltaError(.unsupportedFeature, "data files can only be written to local storage", table: table.location)
            }
            try Self.makeDirectories(for: local)
            do {
                file = OpenFile(
                    writer: try ParquetFileWriter(path: local, schema: physicalSchema, options: options.parquet),
                    relativePath: relative, partitionValues: partition)
            } catch let error as ParquetError {
                throw DeltaError(.dataFile, "cannot create data file '\(relative)': \(error)", table: table.location, cause: error)
            }
        }
        let physicalBatch = RecordBatch(schema: physicalSchema, columns: batch.columns.enumerated().map { i, c in
            var column = c
            column.type = physicalSchema.fields[i].type
            return column
        }, count: batch.count)
        do {
            try file.writer.write(physicalBatch)
        } catch let error as ParquetError {
            throw DeltaError(.dataFile, "cannot write data file '\(file.relativePath)': \(error)", table: table.location, cause: error)
        }
        open[directory] = file
        if file.writer.bytesWritten >= Int64(options.targetFileSize) {
            try close(directory)
        }
    }

    private func close(_ directory: String) throws {
        guard let file = open.removeValue(forKey: directory) else { return }
        let metadata: FileMetaData
        do {
            metadata = try file.writer.close(sync: true)
        } catch let error as ParquetError {
            throw DeltaError(.dataFile, "cannot finish data file '\(file.relativePath)': \(error)", table: table.location, cause: error)
        }
        let size = file.writer.bytesWritten
        bytes += size
        adds.append(AddFile(
            path: PathEncoding.encode(file.relativePath), partitionValues: file.partitionValues, size: size,
            modificationTime: Clock.nowMillis(), dataChange: dataChange,
            stats: collectsStats ? stats.stats(metadata, schema: file.writer.parquetSchema) : nil))
    }

    /// Closes every open file; returns the add actions of all files written.
    func finish() throws -> [AddFile] {
        for directory in open.keys.sorted() { try close(directory) }
        return adds
    }

    /// Closes and deletes every file written so far (after a failed statement; the files were
    /// never committed, so nothing references them).
    func discard() {
        for (_, file) in open {
            _ = try? file.writer.close(sync: false)
            if let local = table.storage.localPath(file.relativePath) { unlink(local) }
        }
        open.removeAll()
        for add in adds {
            if let local = table.storage.localPath(PathEncoding.decode(add.path)) { unlink(local) }
        }
        adds.removeAll()
    }

    static func makeDirectories(for file: String) throws {
        var dir = file.hasPrefix("/") ? "" : "."
        for part in file.split(separator: "/").dropLast() {
            dir += "/" + part
            if mkdir(dir, 0o755) != 0 && errno != EEXIST {
                throw DeltaError(.io, "cannot create directory '\(dir)'")
            }
        }
    }

    static func codecName(_ codec: CompressionCodec) -> String {
        switch codec {
        case .uncompressed: "uncompressed"
        case .snappy: "snappy"
        case .gzip: "gz"
        case .zstd: "zstd"
        case .lz4Raw, .lz4: "lz4"
        case .brotli: "br"
        default: "parquet"
        }
    }
}
