import Columnar

/// Writes a Parquet file from ``Columnar/RecordBatch``es, streaming: pages are encoded and
/// compressed as batches arrive, and at most one row group's encoded pages are held in memory
/// before they are written out.
///
/// ```swift
/// let writer = try ParquetFileWriter(path: "out.parquet", schema: batch.schema)
/// try writer.write(batch)
/// let metadata = try writer.close()
/// ```
///
/// The file is what strict readers (parquet-java, DuckDB, pyarrow) expect: both logical and
/// converted types, `path_in_schema`, `dictionary_page_offset`, `encoding_stats`,
/// `column_orders`, statistics with `min_value`/`max_value` and `null_count`, and a
/// `created_by` they can parse.
public final class ParquetFileWriter {
    /// The in-memory schema the batches must have.
    public let schema: Schema
    /// The Parquet schema written to the footer.
    public let parquetSchema: ParquetSchema
    /// The options in effect.
    public let options: ParquetWriterOptions
    private let sink: FileSink
    private let name: String
    private var chunks: [ColumnChunkWriter]
    private var rowGroups: [RowGroup] = []
    private var rowGroupRows = 0
    private var totalRows: Int64 = 0
    private var closed = false

    /// Creates (or replaces) the file at `path`.
    public convenience init(path: String, schema: Schema, options: ParquetWriterOptions = ParquetWriterOptions()) throws {
        try self.init(sink: FileSink(path: path), name: path, schema: schema, options: options)
    }

    /// A writer that keeps the file in memory; read it with ``bytes`` after ``close()``.
    public convenience init(schema: Schema, options: ParquetWriterOptions = ParquetWriterOptions()) throws {
        try self.init(sink: FileSink(), name: "<memory>", schema: schema, options: options)
    }

    private init(sink: FileSink, name: String, schema: Schema, options: ParquetWriterOptions) throws {
        guard options.dataPageVersion == 1 || options.dataPageVersion == 2 else {
            throw ParquetError(.invalidArgument, "data page version \(options.dataPageVersion) (use 1 or 2)", file: name)
        }
        self.sink = sink
        self.name = name
        self.schema = schema
        self.options = options
        do {
            parquetSchema = try ParquetSchema(writing: schema)
            chunks = parquetSchema.leaves.map { ColumnChunkWriter(descriptor: $0, options: options) }
            try sink.write(Array("PAR1".utf8))
        } catch let error as ParquetError {
            sink.abandon()
            throw error.with(file: name)
        }
    }

    /// The file's bytes, for a writer created without a path (after ``close()``).
    public var bytes: [UInt8] { sink.memory.bytes }

    /// Bytes written to the file so far.
    public var bytesWritten: Int64 { sink.position }

    /// Appends the rows of `batch`, whose columns must have the writer's schema's types.
    public func write(_ batch: RecordBatch) throws {
        guard !closed else { throw ParquetError(.invalidArgument, "write after close", file: name) }
        guard batch.columns.count == schema.fields.count else {
            throw ParquetError(.schemaMismatch, "the batch has \(batch.columns.count) columns; the file has \(schema.fields.count)", file: name)
        }
        for (column, field) in zip(batch.columns, schema.fields) where column.type != field.type {
            throw ParquetError(.schemaMismatch, "the batch's column has type \(column.type); the file's is \(field.type)", file: name, column: field.name)
        }
        do {
            var start = 0
            while start < batch.count {
                let room = options.rowGroupRowLimit - rowGroupRows
                let step = min(room, batch.count - start, sliceRows(batch))
                try append(batch, rows: start..<(start + step))
                start += step
                if rowGroupRows >= options.rowGroupRowLimit || chunks.reduce(0, { $0 + $1.estimatedSize }) >= options.rowGroupByteLimit {
                    try flushRowGroup()
                }
            }
        } catch let error as ParquetError {
            throw error.with(file: name)
        }
    }

    /// Rows shredded at a time: a page's worth, fewer for wide rows.
    private func sliceRows(_ batch: RecordBatch) -> Int {
        var bytesPerRow = 0
        for column in batch.columns {
            bytesPerRow += column.type.fixedWidth ?? max(1, (column.values.count + column.offsets.count) / max(column.count, 1))
        }
        return max(1, min(options.dataPageRowLimit, options.dataPageByteLimit / max(bytesPerRow, 1)))
    }

    private func append(_ batch: RecordBatch, rows: Range<Int>) throws {
        for (f, column) in batch.columns.enumerated() {
            let leaves = parquetSchema.fieldLeaves[f]
            let outputs = ColumnShredder.shred(
                column, node: parquetSchema.levelNodes[f], rows: rows,
                leafMaxDefinition: leaves.map { parquetSchema.leaves[$0].maxDefinitionLevel },
                leafMaxRepetition: leaves.map { parquetSchema.leaves[$0].maxRepetitionLevel })
            for (k, leaf) in leaves.enumerated() {
                do {
                    try chunks[leaf].append(outputs[k], rows: rows.count)
                } catch let error as ParquetError {
                    throw error.with(column: parquetSchema.leaves[leaf].dottedPath)
                }
            }
        }
        rowGroupRows += rows.count
    }

    /// Writes the current row group's column chunks.
    private func flushRowGroup() throws {
        guard rowGroupRows > 0 else { return }
        let start = sink.position
        var columns: [ColumnChunk] = []
        var uncompressed: Int64 = 0
        for i in chunks.indices {
            let offset = sink.position
            let (bytes, metadata) = try chunks[i].finish(at: offset)
            try sink.write(bytes)
            uncompressed += metadata.totalUncompressedSize
            columns.append(ColumnChunk(fileOffset: offset, metaData: metadata))
            chunks[i] = ColumnChunkWriter(descriptor: parquetSchema.leaves[i], options: options)
        }
        rowGroups.append(RowGroup(
            columns: columns, totalByteSize: uncompressed, numRows: Int64(rowGroupRows), fileOffset: start,
            totalCompressedSize: sink.position - start, ordinal: Int16(truncatingIfNeeded: rowGroups.count)))
        totalRows += Int64(rowGroupRows)
        rowGroupRows = 0
    }

    /// Writes the last row group and the footer, and closes the file; `sync` makes the bytes
    /// durable before returning.
    @discardableResult
    public func close(sync: Bool = false) throws -> FileMetaData {
        guard !closed else { throw ParquetError(.invalidArgument, "close called twice", file: name) }
        closed = true
        do {
            try flushRowGroup()
            let metadata = FileMetaData(
                version: 1, schema: parquetSchema.elements, numRows: totalRows, rowGroups: rowGroups,
                keyValueMetadata: options.keyValueMetadata.isEmpty ? nil : options.keyValueMetadata,
                createdBy: options.createdBy,
                columnOrders: Array(repeating: .typeDefinedOrder, count: parquetSchema.leaves.count))
            let footer = metadata.serialized()
            try sink.write(footer)
            try sink.write(UInt32(footer.count).littleEndianBytes + Array("PAR1".utf8))
            try sink.close(sync: sync)
            return metadata
        } catch let error as ParquetError {
            sink.abandon()
            throw error.with(file: name)
        }
    }
}

extension UInt32 {
    var littleEndianBytes: [UInt8] { withUnsafeBytes(of: littleEndian) { Array($0) } }
}
