extension DataPageHeaderV2 {
    /// Reads a `DataPageHeaderV2` struct (`is_compressed` defaults to true when absent).
    init(thrift reader: inout ThriftCompactReader) throws {
        var numValues: Int32?
        var numNulls: Int32?
        var numRows: Int32?
        var encoding: Encoding?
        var definitionLevelsByteLength: Int32?
        var repetitionLevelsByteLength: Int32?
        var isCompressed = true
        var statistics: Statistics?
        try reader.readStruct { r, f in
            switch f.id {
            case 1: numValues = try r.readI32(f, "DataPageHeaderV2.num_values")
            case 2: numNulls = try r.readI32(f, "DataPageHeaderV2.num_nulls")
            case 3: numRows = try r.readI32(f, "DataPageHeaderV2.num_rows")
            case 4: encoding = try r.readEnum(f, "DataPageHeaderV2.encoding")
            case 5: definitionLevelsByteLength = try r.readI32(f, "DataPageHeaderV2.definition_levels_byte_length")
            case 6: repetitionLevelsByteLength = try r.readI32(f, "DataPageHeaderV2.repetition_levels_byte_length")
            case 7: isCompressed = try r.readBool(f, "DataPageHeaderV2.is_compressed")
            case 8:
                try r.expect(f, .struct, "DataPageHeaderV2.statistics")
                statistics = try Statistics(thrift: &r)
            default: try r.skip(field: f)
            }
        }
        self.init(
            numValues: try reader.require(numValues, "DataPageHeaderV2.num_values", id: 1),
            numNulls: try reader.require(numNulls, "DataPageHeaderV2.num_nulls", id: 2),
            numRows: try reader.require(numRows, "DataPageHeaderV2.num_rows", id: 3),
            encoding: try reader.require(encoding, "DataPageHeaderV2.encoding", id: 4),
            definitionLevelsByteLength: try reader.require(
                definitionLevelsByteLength, "DataPageHeaderV2.definition_levels_byte_length", id: 5),
            repetitionLevelsByteLength: try reader.require(
                repetitionLevelsByteLength, "DataPageHeaderV2.repetition_levels_byte_length", id: 6),
            isCompressed: isCompressed,
            statistics: statistics
        )
    }

    /// Writes this header as a `DataPageHeaderV2` struct (`is_compressed` always written).
    func write(to writer: inout ThriftCompactWriter) {
        writer.writeStruct { w in
            w.writeField(1, i32: numValues)
            w.writeField(2, i32: numNulls)
            w.writeField(3, i32: numRows)
            w.writeField(4, enum: encoding)
            w.writeField(5, i32: definitionLevelsByteLength)
            w.writeField(6, i32: repetitionLevelsByteLength)
            w.writeField(7, bool: isCompressed)
            if let statistics {
                w.writeFieldBegin(8, .struct)
                statistics.write(to: &w)
            }
        }
    }
}
