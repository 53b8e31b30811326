extension ParquetSchema {
    /// The schema in parquet-java's message syntax, annotations included:
    ///
    /// ```
    /// message schema {
    ///   optional int64 id;
    ///   optional binary name (STRING);
    /// }
    /// ```
    public var messageDescription: String {
        var lines: [String] = []
        var position = 1
        let root = elements[0]
        lines.append("message \(root.name) {")
        for _ in 0..<Int(root.numChildren ?? 0) { describe(&position, depth: 1, into: &lines) }
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    private func describe(_ position: inout Int, depth: Int, into lines: inout [String]) {
        guard position < elements.count else { return }
        let e = elements[position]
        position += 1
        let indent = String(repeating: "  ", count: depth)
        let repetition = (e.repetitionType ?? .required).description.lowercased()
        var annotation = Self.annotation(e)
        if let id = e.fieldID { annotation += " = \(id)" }
        if let children = e.numChildren, e.type == nil {
            lines.append("\(indent)\(repetition) group \(e.name)\(annotation) {")
            for _ in 0..<Int(children) { describe(&position, depth: depth + 1, into: &lines) }
            lines.append("\(indent)}")
        } else {
            var type = (e.type ?? .int32).description.lowercased()
            if e.type == .fixedLenByteArray { type += "(\(e.typeLength ?? 0))" }
            lines.append("\(indent)\(repetition) \(type) \(e.name)\(annotation);")
        }
    }

    /// The annotation in parentheses, logical type preferred.
    static func annotation(_ e: SchemaElement) -> String {
        if let logical = e.logicalType { return " (\(logical.displayName))" }
        if let converted = e.convertedType {
            if converted == .decimal { return " (DECIMAL(\(e.precision ?? 0),\(e.scale ?? 0)))" }
            return " (\(converted))"
        }
        return ""
    }
}

extension LogicalType {
    /// The name parquet-java prints (`STRING`, `DECIMAL(10,2)`, `TIMESTAMP(MICROS,true)`, ...).
    public var displayName: String {
        func unit(_ u: TimeUnit) -> String {
            switch u {
            case .millis: "MILLIS"
            case .micros: "MICROS"
            case .nanos: "NANOS"
            }
        }
        switch self {
        case .string: return "STRING"
        case .map: return "MAP"
        case .list: return "LIST"
        case .enum: return "ENUM"
        case .decimal(let s, let p): return "DECIMAL(\(p),\(s))"
        case .date: return "DATE"
        case .time(let utc, let u): return "TIME(\(unit(u)),\(utc))"
        case .timestamp(let utc, let u): return "TIMESTAMP(\(unit(u)),\(utc))"
        case .integer(let w, let signed): return "INTEGER(\(w),\(signed))"
        case .unknown: return "UNKNOWN"
        case .json: return "JSON"
        case .bson: return "BSON"
        case .uuid: return "UUID"
        case .float16: return "FLOAT16"
        case .unrecognized(let id): return "UNRECOGNIZED(\(id))"
        }
    }
}
