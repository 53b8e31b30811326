extension ColumnOrder {
    /// Reads a `ColumnOrder` union: TYPE_ORDER (1) or, for any other member (IEEE 754 total
    /// order, INT96 timestamp order, anything newer), ``unrecognized(fieldID:)``.
    init(thrift reader: inout ThriftCompactReader) throws {
        var result: ColumnOrder?
        try reader.readStruct { r, f in
            guard result == nil else { return try r.skip(field: f) }
            if f.id == 1 {
                try r.expect(f, .struct, "ColumnOrder.TYPE_ORDER")
                result = .typeDefinedOrder
            } else {
                result = .unrecognized(fieldID: f.id)
            }
            try r.skip(field: f)
        }
        guard let result else { throw reader.corrupt("ColumnOrder union has no member, ending", at: reader.position) }
        self = result
    }

    /// Writes this order as a `ColumnOrder` union (every member is an empty struct).
    func write(to writer: inout ThriftCompactWriter) {
        let id: Int16
        switch self {
        case .typeDefinedOrder: id = 1
        case .unrecognized(let fieldID): id = fieldID
        }
        writer.writeStruct { w in w.writeField(id, struct: { _ in }) }
    }
}
