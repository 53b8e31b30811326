extension ColumnChunk {
    /// Reads a `ColumnChunk` struct. Crypto fields (8, 9) and newer fields are skipped.
    init(thrift reader: inout ThriftCompactReader) throws {
        var fileOffset: Int64?
        var c = ColumnChunk(fileOffset: 0, metaData: nil)
        try reader.readStruct { r, f in
            switch f.id {
            case 1: c.filePath = try r.readString(f, "ColumnChunk.file_path")
            case 2: fileOffset = try r.readI64(f, "ColumnChunk.file_offset")
            case 3:
                try r.expect(f, .struct, "ColumnChunk.meta_data")
                c.metaData = try ColumnMetaData(thrift: &r)
            case 4: c.offsetIndexOffset = try r.readI64(f, "ColumnChunk.offset_index_offset")
            case 5: c.offsetIndexLength = try r.readI32(f, "ColumnChunk.offset_index_length")
            case 6: c.columnIndexOffset = try r.readI64(f, "ColumnChunk.column_index_offset")
            case 7: c.columnIndexLength = try r.readI32(f, "ColumnChunk.column_index_length")
            default: try r.skip(field: f)
            }
        }
        c.fileOffset = try reader.require(fileOffset, "ColumnChunk.file_offset", id: 2)
        self = c
    }

    /// Writes this chunk as a `ColumnChunk` struct: every field that is set, in id order,
    /// except `file_path`, which is never written.
    func write(to writer: inout ThriftCompactWriter) {
        writer.writeStruct { w in
            w.writeField(2, i64: fileOffset)
            if let metaData {
                w.writeFieldBegin(3, .struct)
                metaData.write(to: &w)
            }
            if let offsetIndexOffset { w.writeField(4, i64: offsetIndexOffset) }
            if let offsetIndexLength { w.writeField(5, i32: offsetIndexLength) }
            if let columnIndexOffset { w.writeField(6, i64: columnIndexOffset) }
            if let columnIndexLength { w.writeField(7, i32: columnIndexLength) }
        }
    }
}
