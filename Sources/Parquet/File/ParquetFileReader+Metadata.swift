import Columnar

extension ParquetFileReader {
    /// File-level facts for display: name, writer, version, rows, row groups, size and the
    /// key-value metadata.
    public var summary: [(key: String, value: String)] {
        var out: [(String, String)] = [
            ("file", name),
            ("created_by", metadata.createdBy ?? "(unknown)"),
            ("format_version", String(metadata.version)),
            ("rows", String(metadata.numRows)),
            ("row_groups", String(metadata.rowGroups.count)),
            ("leaf_columns", String(schema.leaves.count)),
            ("compressed_bytes", String(metadata.rowGroups.reduce(Int64(0)) { $0 + ($1.totalCompressedSize ?? $1.columns.reduce(0) { $0 + ($1.metaData?.totalCompressedSize ?? 0) }) })),
            ("uncompressed_bytes", String(metadata.rowGroups.reduce(Int64(0)) { $0 + $1.totalByteSize })),
        ]
        for kv in metadata.keyValueMetadata ?? [] {
            var value = kv.value ?? ""
            if value.count > 200 { value = String(value.prefix(200)) + "… (\(value.utf8.count) bytes)" }
            out.append(("metadata." + kv.key, value))
        }
        return out
    }

    /// The schema of ``columnChunkBatch()``.
    public static let columnChunkSchema = Schema([
        Field("row_group", .int32, nullable: false),
        Field("column", .string, nullable: false),
        Field("physical_type", .string, nullable: false),
        Field("logical_type", .string),
        Field("codec", .string),
        Field("encodings", .string),
        Field("num_values", .int64),
        Field("null_count", .int64),
        Field("min", .string),
        Field("max", .string),
        Field("compressed_bytes", .int64),
        Field("uncompressed_bytes", .int64),
        Field("dictionary_page_offset", .int64),
        Field("data_page_offset", .int64),
    ])

    /// One row per column chunk: where it is, how it is encoded and its statistics (min and
    /// max decoded to the column's type).
    public func columnChunkBatch() -> RecordBatch {
        var columns = Self.columnChunkSchema.fields.map { Column(empty: $0.type) }
        func add(_ values: Value...) { for (i, v) in values.enumerated() { columns[i].append(v) } }
        func int(_ v: Int64?) -> Value { v.map { .int($0) } ?? .null }
        for (g, group) in metadata.rowGroups.enumerated() {
            for (c, chunk) in group.columns.enumerated() {
                let descriptor = schema.leaves[c]
                let meta = chunk.metaData
                let stats = meta?.statistics
                let minBytes = stats?.minValue ?? stats?.min, maxBytes = stats?.maxValue ?? stats?.max
                let minValue = minBytes.flatMap { descriptor.statisticValue($0) }
                let maxValue = maxBytes.flatMap { descriptor.statisticValue($0) }
                add(
                    .int(Int64(g)), .string(descriptor.dottedPath), .string(descriptor.physicalType.description),
                    ParquetSchema.annotation(descriptor.element).isEmpty
                        ? .null : .string(String(ParquetSchema.annotation(descriptor.element).dropFirst(2).dropLast())),
                    meta.map { .string($0.codec.description) } ?? .null,
                    meta.map { .string($0.encodings.map(\.description).joined(separator: ",")) } ?? .null,
                    int(meta?.numValues), int(stats?.nullCount),
                    minValue.map { .string($0.text(as: descriptor.valueType)) } ?? .null,
                    maxValue.map { .string($0.text(as: descriptor.valueType)) } ?? .null,
                    int(meta?.totalCompressedSize), int(meta?.totalUncompressedSize),
                    int(meta?.dictionaryPageOffset), int(meta?.dataPageOffset))
            }
        }
        return RecordBatch(schema: Self.columnChunkSchema, columns: columns)
    }

    /// The rows of the file, one batch per row group, up to `limit` rows in all.
    public func batches(columns: [Int]? = nil, limit: Int? = nil) -> BatchIterator {
        BatchIterator(reader: self, columns: columns, remaining: limit ?? Int.max)
    }

    /// Reads a file's row groups one at a time (``ParquetFileReader/batches(columns:limit:)``).
    public struct BatchIterator {
        let reader: ParquetFileReader
        let columns: [Int]?
        var remaining: Int
        var group = 0

        /// The next row group's batch, or nil at the end (or once `limit` rows were returned).
        public mutating func next() throws -> RecordBatch? {
            guard remaining > 0, group < reader.rowGroupCount else { return nil }
            var batch = try reader.readRowGroup(group, columns: columns)
            group += 1
            if batch.count > remaining {
                batch = RecordBatch(schema: batch.schema, columns: batch.columns.map { $0.slice(0..<remaining) }, count: remaining)
            }
            remaining -= batch.count
            return batch
        }
    }
}
