extension Statistics {
    /// Reads a `Statistics` struct (all fields optional; `nan_count` (9) and newer fields are skipped).
    init(thrift reader: inout ThriftCompactReader) throws {
        var s = Statistics()
        try reader.readStruct { r, f in
            switch f.id {
            case 1: s.max = try r.readBinary(f, "Statistics.max")
            case 2: s.min = try r.readBinary(f, "Statistics.min")
            case 3: s.nullCount = try r.readI64(f, "Statistics.null_count")
            case 4: s.distinctCount = try r.readI64(f, "Statistics.distinct_count")
            case 5: s.maxValue = try r.readBinary(f, "Statistics.max_value")
            case 6: s.minValue = try r.readBinary(f, "Statistics.min_value")
            case 7: s.isMaxValueExact = try r.readBool(f, "Statistics.is_max_value_exact")
            case 8: s.isMinValueExact = try r.readBool(f, "Statistics.is_min_value_exact")
            default: try r.skip(field: f)
            }
        }
        self = s
    }

    /// Writes these statistics as a `Statistics` struct (every field that is set).
    func write(to writer: inout ThriftCompactWriter) {
        writer.writeStruct { w in
            if let max { w.writeField(1, binary: max) }
            if let min { w.writeField(2, binary: min) }
            if let nullCount { w.writeField(3, i64: nullCount) }
            if let distinctCount { w.writeField(4, i64: distinctCount) }
            if let maxValue { w.writeField(5, binary: maxValue) }
            if let minValue { w.writeField(6, binary: minValue) }
            if let isMaxValueExact { w.writeField(7, bool: isMaxValueExact) }
            if let isMinValueExact { w.writeField(8, bool: isMinValueExact) }
        }
    }
}
