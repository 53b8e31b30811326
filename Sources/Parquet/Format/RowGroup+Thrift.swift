extension RowGroup {
    /// Reads a `RowGroup` struct.
    init(thrift reader: inout ThriftCompactReader) throws {
        var columns: [ColumnChunk]?
        var totalByteSize: Int64?
        var numRows: Int64?
        var g = RowGroup(columns: [], totalByteSize: 0, numRows: 0)
        try reader.readStruct { r, f in
            switch f.id {
            case 1: columns = try r.readList(f, "RowGroup.columns", of: .struct) { try ColumnChunk(thrift: &$0) }
            case 2: totalByteSize = try r.readI64(f, "RowGroup.total_byte_size")
            case 3: numRows = try r.readI64(f, "RowGroup.num_rows")
            case 4: g.sortingColumns = try r.readList(f, "RowGroup.sorting_columns", of: .struct) { try SortingColumn(thrift: &$0) }
            case 5: g.fileOffset = try r.readI64(f, "RowGroup.file_offset")
            case 6: g.totalCompressedSize = try r.readI64(f, "RowGroup.total_compressed_size")
            case 7: g.ordinal = try r.readI16(f, "RowGroup.ordinal")
            default: try r.skip(field: f)
            }
        }
        g.columns = try reader.require(columns, "RowGroup.columns", id: 1)
        g.totalByteSize = try reader.require(totalByteSize, "RowGroup.total_byte_size", id: 2)
        g.numRows = try reader.require(numRows, "RowGroup.num_rows", id: 3)
        self = g
    }

    /// Writes this row group as a `RowGroup` struct: every field that is set, in id order.
    func write(to writer: inout ThriftCompactWriter) {
        writer.writeStruct { w in
            w.writeField(1, list: columns, of: .struct) { w, c in c.write(to: &w) }
            w.writeField(2, i64: totalByteSize)
            w.writeField(3, i64: numRows)
            if let sortingColumns {
                w.writeField(4, list: sortingColumns, of: .struct) { w, s in s.write(to: &w) }
            }
            if let fileOffset { w.writeField(5, i64: fileOffset) }
            if let totalCompressedSize { w.writeField(6, i64: totalCompressedSize) }
            if let ordinal { w.writeField(7, i16: ordinal) }
        }
    }
}
