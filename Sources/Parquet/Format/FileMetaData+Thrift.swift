extension FileMetaData {
    /// Parses a Thrift compact-encoded `FileMetaData`: the footer bytes between the last
    /// row group (or page index) and the 8-byte tail (footer length + `PAR1`).
    ///
    /// Reading stays within `footerBytes`; bytes after the struct (such as a footer
    /// signature) are ignored. Fields this codec does not know are skipped.
    /// - Throws: ``ParquetError`` with code `.corruptMetadata` naming what is malformed and
    ///   its byte offset, or which required field is missing.
    public init(footerBytes: UnsafeRawBufferPointer) throws {
        var reader = ThriftCompactReader(footerBytes)
        try self.init(thrift: &reader)
    }

    /// The Thrift compact encoding of this metadata (what goes before the 8-byte tail).
    public func serialized() -> [UInt8] {
        let columns = rowGroups.first?.columns.count ?? 0
        var writer = ThriftCompactWriter(capacity: 256 + schema.count * 32 + rowGroups.count * (columns + 1) * 96)
        write(to: &writer)
        return writer.finish()
    }

    /// Reads a `FileMetaData` struct. Encryption fields (8, 9) and newer fields are skipped.
    init(thrift reader: inout ThriftCompactReader) throws {
        var version: Int32?
        var schema: [SchemaElement]?
        var numRows: Int64?
        var rowGroups: [RowGroup]?
        var keyValueMetadata: [KeyValue]?
        var createdBy: String?
        var columnOrders: [ColumnOrder]?
        try reader.readStruct { r, f in
            switch f.id {
            case 1: version = try r.readI32(f, "FileMetaData.version")
            case 2: schema = try r.readList(f, "FileMetaData.schema", of: .struct) { try SchemaElement(thrift: &$0) }
            case 3: numRows = try r.readI64(f, "FileMetaData.num_rows")
            case 4: rowGroups = try r.readList(f, "FileMetaData.row_groups", of: .struct) { try RowGroup(thrift: &$0) }
            case 5:
                keyValueMetadata = try r.readList(f, "FileMetaData.key_value_metadata", of: .struct) { try KeyValue(thrift: &$0) }
            case 6: createdBy = try r.readString(f, "FileMetaData.created_by")
            case 7: columnOrders = try r.readList(f, "FileMetaData.column_orders", of: .struct) { try ColumnOrder(thrift: &$0) }
            default: try r.skip(field: f)
            }
        }
        self.init(
            version: try reader.require(version, "FileMetaData.version", id: 1),
            schema: try reader.require(schema, "FileMetaData.schema", id: 2),
            numRows: try reader.require(numRows, "FileMetaData.num_rows", id: 3),
            rowGroups: try reader.require(rowGroups, "FileMetaData.row_groups", id: 4),
            keyValueMetadata: keyValueMetadata,
            createdBy: createdBy,
            columnOrders: columnOrders
        )
    }

    /// Writes this metadata as a `FileMetaData` struct: every field that is set, in id order.
    func write(to writer: inout ThriftCompactWriter) {
        writer.writeStruct { w in
            w.writeField(1, i32: version)
            w.writeField(2, list: schema, of: .struct) { w, e in e.write(to: &w) }
            w.writeField(3, i64: numRows)
            w.writeField(4, list: rowGroups, of: .struct) { w, g in g.write(to: &w) }
            if let keyValueMetadata {
                w.writeField(5, list: keyValueMetadata, of: .struct) { w, kv in kv.write(to: &w) }
            }
            if let createdBy { w.writeField(6, string: createdBy) }
            if let columnOrders {
                w.writeField(7, list: columnOrders, of: .struct) { w, o in o.write(to: &w) }
            }
        }
    }
}
