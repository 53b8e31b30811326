import Columnar

/// Reads a Parquet file: its footer, schema and row groups, decoding the projected columns of
/// one row group at a time into ``Columnar/RecordBatch``es.
///
/// The footer is read once when the reader opens. Each column chunk is fetched with one read
/// and decoded page by page; memory stays bounded by one row group's projected columns. A
/// reader may decode different row groups from several threads at once.
///
/// ```swift
/// let reader = try ParquetFileReader(path: "data.parquet")
/// for i in 0..<reader.rowGroupCount {
///     let batch = try reader.readRowGroup(i, columns: [0, 2])
/// }
/// ```
public final class ParquetFileReader: Sendable {
    /// The file's name, used in error messages.
    public let name: String
    /// The decoded footer.
    public let metadata: FileMetaData
    /// The schema, with leaf columns and the in-memory types.
    public let schema: ParquetSchema
    private let source: FileSource

    /// Bytes read from the end of the file on open, in the hope that the footer fits.
    static let footerReadSize = 64 * 1024

    /// Opens the file at `path` and reads its footer.
    public init(path: String) throws {
        name = path
        source = try FileSource.open(path: path)
        do {
            (metadata, schema) = try Self.readFooter(source)
        } catch let error as ParquetError {
            source.close()
            throw error.with(file: path)
        }
    }

    /// Reads a file held in memory; `name` appears in error messages.
    public init(bytes: [UInt8], name: String = "<memory>") throws {
        self.name = name
        source = .memory(Buffer(bytes))
        do {
            (metadata, schema) = try Self.readFooter(source)
        } catch let error as ParquetError {
            throw error.with(file: name)
        }
    }

    deinit { source.close() }

    private static func readFooter(_ source: FileSource) throws -> (FileMetaData, ParquetSchema) {
        let size = source.size
        guard size >= 12 else {
            throw ParquetError(.notParquet, "the file has \(size) bytes, too few for a Parquet file (at least 12)")
        }
        let head = try source.read(offset: 0, count: 4)
        let tailSize = min(size, footerReadSize)
        var tail = try source.read(offset: size - tailSize, count: tailSize)
        let magic = tail.withUnsafeBytes { Array($0[(tailSize - 4)...]) }
        if magic == Array("PARE".utf8) {
            throw ParquetError(.unsupported, "the file uses Parquet modular encryption")
        }
        guard magic == Array("PAR1".utf8), head.bytes == Array("PAR1".utf8) else {
            throw ParquetError(.notParquet, "the file does not start and end with the magic bytes PAR1")
        }
        let footerLength = Int(tail.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: tailSize - 8, as: UInt32.self).littleEndian })
        guard footerLength <= size - 12 else {
            throw ParquetError(.notParquet, "the footer length \(footerLength) exceeds the file size \(size)")
        }
        if footerLength + 8 > tailSize {
            tail = try source.read(offset: size - 8 - footerLength, count: footerLength + 8)
        }
        let metadata = try tail.withUnsafeBytes { bytes in
            try FileMetaData(footerBytes: UnsafeRawBufferPointer(rebasing: bytes[(bytes.count - 8 - footerLength)..<(bytes.count - 8)]))
        }
        let schema = try ParquetSchema(elements: metadata.schema)
        for (i, group) in metadata.rowGroups.enumerated() where group.columns.count != schema.leaves.count {
            throw ParquetError(.corruptMetadata, "row group \(i) has \(group.columns.count) column chunks for \(schema.leaves.count) leaf columns")
        }
        return (metadata, schema)
    }

    /// Number of row groups.
    public var rowGroupCount: Int { metadata.rowGroups.count }

    /// Number of rows in the file.
    public var rowCount: Int { Int(metadata.numRows) }

    /// Decodes row group `index`, all top-level columns or those at `columns` (indices into
    /// ``ParquetSchema/schema``), in the order given.
    public func readRowGroup(_ index: Int, columns: [Int]? = nil) throws -> RecordBatch {
        guard index >= 0, index < metadata.rowGroups.count else {
            throw ParquetError(.invalidArgument, "row group \(index) does not exist; the file has \(metadata.rowGroups.count)", file: name)
        }
        let fields = columns ?? Array(schema.schema.fields.indices)
        let group = metadata.rowGroups[index]
        let rows = Int(group.numRows)
        var out: [Column] = []
        out.reserveCapacity(fields.count)
        for f in fields {
            guard f >= 0, f < schema.schema.fields.count else {
                throw ParquetError(.invalidArgument, "column \(f) does not exist; the file has \(schema.schema.fields.count)", file: name)
            }
            let field = schema.schema.fields[f]
            var leaves: [Int: LeafData] = [:]
            var names: [Int: String] = [:]
            for leaf in schema.fieldLeaves[f] {
                let descriptor = schema.leaves[leaf]
                names[leaf] = descriptor.dottedPath
                do {
                    leaves[leaf] = try readChunk(group.columns[leaf], descriptor)
                } catch let error as ParquetError {
                    throw error.with(file: name, column: descriptor.dottedPath)
                }
            }
            let column: Column
            do {
                column = try RecordAssembler(leaves: leaves, leafNames: names).assemble(schema.levelNodes[f], type: field.type)
            } catch let error as ParquetError {
                throw error.with(file: name, column: field.name)
            }
            guard column.count == rows else {
                throw ParquetError(.corruptPage, "row group \(index) declares \(rows) rows but the column holds \(column.count)", file: name, column: field.name)
            }
            out.append(column)
        }
        let projected = Schema(fields.map { schema.schema.fields[$0] }, metadata: schema.schema.metadata)
        return RecordBatch(schema: projected, columns: out, count: rows)
    }

    /// Reads and decodes one column chunk.
    private func readChunk(_ chunk: ColumnChunk, _ descriptor: ColumnDescriptor) throws -> LeafData {
        guard chunk.filePath == nil else {
            throw ParquetError(.unsupported, "column chunks in external files ('\(chunk.filePath!)')")
        }
        guard let meta = chunk.metaData else {
            throw ParquetError(.corruptMetadata, "the column chunk has no metadata")
        }
        if meta.numValues == 0 {
            return LeafData(valueType: descriptor.valueType)  // writers leave empty chunks' offsets at 0
        }
        var start = meta.dataPageOffset
        if let dictionary = meta.dictionaryPageOffset, dictionary > 0, dictionary < start {
            start = dictionary
        }
        let length = meta.totalCompressedSize
        guard start >= 4, length >= 0, start <= Int64(source.size), length <= Int64(source.size) - start else {
            throw ParquetError(.corruptMetadata, "the column chunk's byte range \(start)+\(length) lies outside the \(source.size)-byte file")
        }
        let bytes = try source.read(offset: Int(start), count: Int(length))
        let reader = try ColumnChunkReader(descriptor: descriptor, metadata: meta)
        return try bytes.withUnsafeBytes { try reader.read($0) }
    }
}
