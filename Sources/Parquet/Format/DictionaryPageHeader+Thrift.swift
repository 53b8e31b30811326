extension DictionaryPageHeader {
    /// Reads a `DictionaryPageHeader` struct.
    init(thrift reader: inout ThriftCompactReader) throws {
        var numValues: Int32?
        var encoding: Encoding?
        var isSorted: Bool?
        try reader.readStruct { r, f in
            switch f.id {
            case 1: numValues = try r.readI32(f, "DictionaryPageHeader.num_values")
            case 2: encoding = try r.readEnum(f, "DictionaryPageHeader.encoding")
            case 3: isSorted = try r.readBool(f, "DictionaryPageHeader.is_sorted")
            default: try r.skip(field: f)
            }
        }
        self.init(
            numValues: try reader.require(numValues, "DictionaryPageHeader.num_values", id: 1),
            encoding: try reader.require(encoding, "DictionaryPageHeader.encoding", id: 2),
            isSorted: isSorted
        )
    }

    /// Writes this header as a `DictionaryPageHeader` struct.
    func write(to writer: inout ThriftCompactWriter) {
        writer.writeStruct { w in
            w.writeField(1, i32: numValues)
            w.writeField(2, enum: encoding)
            if let isSorted { w.writeField(3, bool: isSorted) }
        }
    }
}
