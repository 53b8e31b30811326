extension LogicalType {
    /// Reads a `LogicalType` union.
    ///
    /// Members this codec does not know (VARIANT, GEOMETRY, ... or anything newer) become
    /// ``unrecognized(fieldID:)``, as do TIME and TIMESTAMP with a unit it does not know.
    /// Fields inside the empty member structs are skipped. Only the first member is used.
    init(thrift reader: inout ThriftCompactReader) throws {
        var result: LogicalType?
        try reader.readStruct { r, f in
            guard result == nil else { return try r.skip(field: f) }
            switch f.id {
            case 1: result = try Self.readEmpty(&r, f, "LogicalType.STRING", .string)
            case 2: result = try Self.readEmpty(&r, f, "LogicalType.MAP", .map)
            case 3: result = try Self.readEmpty(&r, f, "LogicalType.LIST", .list)
            case 4: result = try Self.readEmpty(&r, f, "LogicalType.ENUM", .enum)
            case 5: result = try Self.readDecimal(&r, f)
            case 6: result = try Self.readEmpty(&r, f, "LogicalType.DATE", .date)
            case 7: result = try Self.readTime(&r, f, "LogicalType.TIME", timestamp: false)
            case 8: result = try Self.readTime(&r, f, "LogicalType.TIMESTAMP", timestamp: true)
            case 10: result = try Self.readInteger(&r, f)
            case 11: result = try Self.readEmpty(&r, f, "LogicalType.UNKNOWN", .unknown)
            case 12: result = try Self.readEmpty(&r, f, "LogicalType.JSON", .json)
            case 13: result = try Self.readEmpty(&r, f, "LogicalType.BSON", .bson)
            case 14: result = try Self.readEmpty(&r, f, "LogicalType.UUID", .uuid)
            case 15: result = try Self.readEmpty(&r, f, "LogicalType.FLOAT16", .float16)
            default:
                try r.skip(field: f)
                result = .unrecognized(fieldID: f.id)
            }
        }
        guard let result else { throw reader.corrupt("LogicalType union has no member, ending", at: reader.position) }
        self = result
    }

    private static func readEmpty(
        _ r: inout ThriftCompactReader, _ f: ThriftCompactReader.FieldHeader, _ name: StaticString, _ value: LogicalType
    ) throws -> LogicalType {
        try r.expect(f, .struct, name)
        try r.skip(.struct)
        return value
    }

    private static func readDecimal(_ r: inout ThriftCompactReader, _ f: ThriftCompactReader.FieldHeader) throws -> LogicalType {
        try r.expect(f, .struct, "LogicalType.DECIMAL")
        var scale: Int32?
        var precision: Int32?
        try r.readStruct { r, f in
            switch f.id {
            case 1: scale = try r.readI32(f, "DecimalType.scale")
            case 2: precision = try r.readI32(f, "DecimalType.precision")
            default: try r.skip(field: f)
            }
        }
        return .decimal(
            scale: try r.require(scale, "DecimalType.scale", id: 1),
            precision: try r.require(precision, "DecimalType.precision", id: 2)
        )
    }

    private static func readTime(
        _ r: inout ThriftCompactReader, _ f: ThriftCompactReader.FieldHeader, _ name: StaticString, timestamp: Bool
    ) throws -> LogicalType {
        try r.expect(f, .struct, name)
        var adjusted: Bool?
        var unit: TimeUnit??
        try r.readStruct { r, f in
            switch f.id {
            case 1: adjusted = try r.readBool(f, "TimeType.isAdjustedToUTC")
            case 2:
                try r.expect(f, .struct, "TimeType.unit")
                unit = .some(try TimeUnit.read(thrift: &r))
            default: try r.skip(field: f)
            }
        }
        let isAdjustedToUTC = try r.require(adjusted, "TimeType.isAdjustedToUTC", id: 1)
        guard let known = try r.require(unit, "TimeType.unit", id: 2) else {
            return .unrecognized(fieldID: f.id)
        }
        return timestamp
            ? .timestamp(isAdjustedToUTC: isAdjustedToUTC, unit: known)
            : .time(isAdjustedToUTC: isAdjustedToUTC, unit: known)
    }

    private static func readInteger(_ r: inout ThriftCompactReader, _ f: ThriftCompactReader.FieldHeader) throws -> LogicalType {
        try r.expect(f, .struct, "LogicalType.INTEGER")
        var bitWidth: Int8?
        var isSigned: Bool?
        try r.readStruct { r, f in
            switch f.id {
            case 1: bitWidth = try r.readI8(f, "IntType.bitWidth")
            case 2: isSigned = try r.readBool(f, "IntType.isSigned")
            default: try r.skip(field: f)
            }
        }
        return .integer(
            bitWidth: try r.require(bitWidth, "IntType.bitWidth", id: 1),
            isSigned: try r.require(isSigned, "IntType.isSigned", id: 2)
        )
    }

    /// The union member's field id.
    var thriftFieldID: Int16 {
        switch self {
        case .string: 1
        case .map: 2
        case .list: 3
        case .enum: 4
        case .decimal: 5
        case .date: 6
        case .time: 7
        case .timestamp: 8
        case .integer: 10
        case .unknown: 11
        case .json: 12
        case .bson: 13
        case .uuid: 14
        case .float16: 15
        case .unrecognized(let id): id
        }
    }

    /// Writes this annotation as a `LogicalType` union. An ``unrecognized(fieldID:)`` member
    /// is written as an empty struct under its field id.
    func write(to writer: inout ThriftCompactWriter) {
        writer.writeStruct { w in
            switch self {
            case .decimal(let scale, let precision):
                w.writeField(5, struct: { w in
                    w.writeField(1, i32: scale)
                    w.writeField(2, i32: precision)
                })
            case .time(let adjusted, let unit), .timestamp(let adjusted, let unit):
                w.writeField(thriftFieldID, struct: { w in
                    w.writeField(1, bool: adjusted)
                    w.writeFieldBegin(2, .struct)
                    unit.write(to: &w)
                })
            case .integer(let bitWidth, let isSigned):
                w.writeField(10, struct: { w in
                    w.writeField(1, i8: bitWidth)
                    w.writeField(2, bool: isSigned)
                })
            default:
                w.writeField(thriftFieldID, struct: { _ in })
            }
        }
    }
}

extension TimeUnit {
    /// Reads a `TimeUnit` union; nil when its member is one this codec does not know.
    static func read(thrift reader: inout ThriftCompactReader) throws -> TimeUnit? {
        var result: TimeUnit??
        try reader.readStruct { r, f in
            guard result == nil else { return try r.skip(field: f) }
            let unit: TimeUnit?
            switch f.id {
            case 1: unit = .millis
            case 2: unit = .micros
            case 3: unit = .nanos
            default: unit = nil
            }
            if unit != nil { try r.expect(f, .struct, "TimeUnit member") }
            try r.skip(field: f)
            result = .some(unit)
        }
        guard let result else { throw reader.corrupt("TimeUnit union has no member, ending", at: reader.position) }
        return result
    }

    /// The union member's field id.
    var thriftFieldID: Int16 {
        switch self {
        case .millis: 1
        case .micros: 2
        case .nanos: 3
        }
    }

    /// Writes this unit as a `TimeUnit` union.
    func write(to writer: inout ThriftCompactWriter) {
        writer.writeStruct { w in
            w.writeField(thriftFieldID, struct: { _ in })
        }
    }
}
