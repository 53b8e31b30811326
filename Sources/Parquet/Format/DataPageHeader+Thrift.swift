extension DataPageHeader {
    /// Reads a `DataPageHeader` struct.
    init(thrift reader: inout ThriftCompactReader) throws {
        var numValues: Int32?
        var encoding: Encoding?
        var definitionLevelEncoding: Encoding?
        var repetitionLevelEncoding: Encoding?
        var statistics: Statistics?
        try reader.readStruct { r, f in
            switch f.id {
            case 1: numValues = try r.readI32(f, "DataPageHeader.num_values")
            case 2: encoding = try r.readEnum(f, "DataPageHeader.encoding")
            case 3: definitionLevelEncoding = try r.readEnum(f, "DataPageHeader.definition_level_encoding")
            case 4: repetitionLevelEncoding = try r.readEnum(f, "DataPageHeader.repetition_level_encoding")
            case 5:
                try r.expect(f, .struct, "DataPageHeader.statistics")
                statistics = try Statistics(thrift: &r)
            default: try r.skip(field: f)
            }
        }
        self.init(
            numValues: try reader.require(numValues, "DataPageHeader.num_values", id: 1),
            encoding: try reader.require(encoding, "DataPageHeader.encoding", id: 2),
            definitionLevelEncoding: try reader.require(definitionLevelEncoding, "DataPageHeader.definition_level_encoding", id: 3),
            repetitionLevelEncoding: try reader.require(repetitionLevelEncoding, "DataPageHeader.repetition_level_encoding", id: 4),
            statistics: statistics
        )
    }

    /// Writes this header as a `DataPageHeader` struct.
    func write(to writer: inout ThriftCompactWriter) {
        writer.writeStruct { w in
            w.writeField(1, i32: numValues)
            w.writeField(2, enum: encoding)
            w.writeField(3, enum: definitionLevelEncoding)
            w.writeField(4, enum: repetitionLevelEncoding)
            if let statistics {
                w.writeFieldBegin(5, .struct)
                statistics.write(to: &w)
            }
        }
    }
}
