extension KeyValue {
    /// Reads a `KeyValue` struct (1 key R, 2 value).
    init(thrift reader: inout ThriftCompactReader) throws {
        var key: String?
        var value: String?
        try reader.readStruct { r, f in
            switch f.id {
            case 1: key = try r.readString(f, "KeyValue.key")
            case 2: value = try r.readString(f, "KeyValue.value")
            default: try r.skip(field: f)
            }
        }
        self.init(key: try reader.require(key, "KeyValue.key", id: 1), value: value)
    }

    /// Writes this entry as a `KeyValue` struct.
    func write(to writer: inout ThriftCompactWriter) {
        writer.writeStruct { w in
            w.writeField(1, string: key)
            if let value { w.writeField(2, string: value) }
        }
    }
}
