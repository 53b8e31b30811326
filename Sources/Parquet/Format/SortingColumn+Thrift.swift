extension SortingColumn {
    /// Reads a `SortingColumn` struct (1 column_idx R, 2 descending R, 3 nulls_first R).
    init(thrift reader: inout ThriftCompactReader) throws {
        var columnIndex: Int32?
        var descending: Bool?
        var nullsFirst: Bool?
        try reader.readStruct { r, f in
            switch f.id {
            case 1: columnIndex = try r.readI32(f, "SortingColumn.column_idx")
            case 2: descending = try r.readBool(f, "SortingColumn.descending")
            case 3: nullsFirst = try r.readBool(f, "SortingColumn.nulls_first")
            default: try r.skip(field: f)
            }
        }
        self.init(
            columnIndex: try reader.require(columnIndex, "SortingColumn.column_idx", id: 1),
            descending: try reader.require(descending, "SortingColumn.descending", id: 2),
            nullsFirst: try reader.require(nullsFirst, "SortingColumn.nulls_first", id: 3)
        )
    }

    /// Writes this entry as a `SortingColumn` struct.
    func write(to writer: inout ThriftCompactWriter) {
        writer.writeStruct { w in
            w.writeField(1, i32: columnIndex)
            w.writeField(2, bool: descending)
            w.writeField(3, bool: nullsFirst)
        }
    }
}
