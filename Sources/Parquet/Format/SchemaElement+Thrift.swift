extension SchemaElement {
    /// Reads a `SchemaElement` struct (4 name R; everything else optional). Newer fields
    /// (e.g. vector_length 11) are skipped.
    init(thrift reader: inout ThriftCompactReader) throws {
        var e = SchemaElement(name: "")
        var hasName = false
        try reader.readStruct { r, f in
            switch f.id {
            case 1: e.type = try r.readEnum(f, "SchemaElement.type")
            case 2: e.typeLength = try r.readI32(f, "SchemaElement.type_length")
            case 3: e.repetitionType = try r.readEnum(f, "SchemaElement.repetition_type")
            case 4:
                e.name = try r.readString(f, "SchemaElement.name")
                hasName = true
            case 5: e.numChildren = try r.readI32(f, "SchemaElement.num_children")
            case 6: e.convertedType = try r.readEnum(f, "SchemaElement.converted_type")
            case 7: e.scale = try r.readI32(f, "SchemaElement.scale")
            case 8: e.precision = try r.readI32(f, "SchemaElement.precision")
            case 9: e.fieldID = try r.readI32(f, "SchemaElement.field_id")
            case 10:
                try r.expect(f, .struct, "SchemaElement.logicalType")
                e.logicalType = try LogicalType(thrift: &r)
            default: try r.skip(field: f)
            }
        }
        if !hasName { throw reader.missingField("SchemaElement.name", id: 4) }
        self = e
    }

    /// Writes this element as a `SchemaElement` struct: every field that is set, in id order
    /// (both logicalType and converted_type when both are set).
    func write(to writer: inout ThriftCompactWriter) {
        writer.writeStruct { w in
            if let type { w.writeField(1, enum: type) }
            if let typeLength { w.writeField(2, i32: typeLength) }
            if let repetitionType { w.writeField(3, enum: repetitionType) }
            w.writeField(4, string: name)
            if let numChildren { w.writeField(5, i32: numChildren) }
            if let convertedType { w.writeField(6, enum: convertedType) }
            if let scale { w.writeField(7, i32: scale) }
            if let precision { w.writeField(8, i32: precision) }
            if let fieldID { w.writeField(9, i32: fieldID) }
            if let logicalType {
                w.writeFieldBegin(10, .struct)
                logicalType.write(to: &w)
            }
        }
    }
}
