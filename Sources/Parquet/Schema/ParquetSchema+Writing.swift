import Columnar

extension ParquetSchema {
    /// The Parquet schema our writer uses for `schema`: standard three-level lists and maps,
    /// both logical and converted type annotations, decimals by precision (INT32 up to 9
    /// digits, INT64 up to 18, FIXED_LEN_BYTE_ARRAY above), timestamps as INT64 microseconds.
    public init(writing schema: Schema, rootName: String = "schema") throws {
        var elements = [SchemaElement(name: rootName, numChildren: Int32(schema.fields.count))]
        for field in schema.fields {
            try Self.appendElements(for: field, repetition: field.nullable ? .optional : .required, to: &elements)
        }
        try self.init(elements: elements)
    }

    /// The number of bytes a FIXED_LEN_BYTE_ARRAY needs for a decimal of `precision` digits.
    static func decimalByteWidth(precision: Int) -> Int {
        var width = 1
        // The largest unscaled value 10^p - 1 must fit in a signed `width`-byte integer.
        while width < 16 {
            let bits = width * 8 - 1
            // log2(10) ≈ 3.321928; digits that fit in `bits` bits = floor(bits * log10(2)).
            if Double(bits) * 0.30102999566398120 >= Double(precision) { break }
            width += 1
        }
        return width
    }

    private static func appendElements(for field: Field, repetition: FieldRepetitionType, to elements: inout [SchemaElement]) throws {
        let fieldID = field.metadata[fieldIDKey].flatMap { Int32($0) }
        let preserved = field.metadata[logicalTypeKey].flatMap { preservedLogicalTypes[$0] }
        func leaf(_ type: PhysicalType, logical: LogicalType? = nil, converted: ConvertedType? = nil, length: Int32? = nil) {
            var logical = logical, converted = converted
            switch (preserved, type) {
            case (.uuid?, .fixedLenByteArray) where length == 16: logical = .uuid
            case (.json?, .byteArray): (logical, converted) = (.json, .json)
            case (.enum?, .byteArray): (logical, converted) = (.enum, .enum)
            case (.bson?, .byteArray): (logical, converted) = (.bson, .bson)
            case (.unknown?, _): (logical, converted) = (.unknown, nil)
            default: break
            }
            elements.append(SchemaElement(
                type: type, typeLength: length, repetitionType: repetition, name: field.name,
                convertedType: converted, fieldID: fieldID, logicalType: logical))
        }
        switch field.type {
        case .boolean: leaf(.boolean)
        case .int8: leaf(.int32, logical: .integer(bitWidth: 8, isSigned: true), converted: .int8)
        case .int16: leaf(.int32, logical: .integer(bitWidth: 16, isSigned: true), converted: .int16)
        case .int32: leaf(.int32)
        case .int64: leaf(.int64)
        case .uint8: leaf(.int32, logical: .integer(bitWidth: 8, isSigned: false), converted: .uint8)
        case .uint16: leaf(.int32, logical: .integer(bitWidth: 16, isSigned: false), converted: .uint16)
        case .uint32: leaf(.int32, logical: .integer(bitWidth: 32, isSigned: false), converted: .uint32)
        case .uint64: leaf(.int64, logical: .integer(bitWidth: 64, isSigned: false), converted: .uint64)
        case .float32: leaf(.float)
        case .float64: leaf(.double)
        case .decimal(let p, let s):
            guard p >= 1, p <= DataType.maxDecimalPrecision, s >= 0, s <= p else {
                throw ParquetError(.invalidArgument, "decimal(\(p),\(s)) cannot be written", column: field.name)
            }
            let physical: PhysicalType = p <= 9 ? .int32 : p <= 18 ? .int64 : .fixedLenByteArray
            elements.append(SchemaElement(
                type: physical, typeLength: physical == .fixedLenByteArray ? Int32(decimalByteWidth(precision: p)) : nil,
                repetitionType: repetition, name: field.name, convertedType: .decimal, scale: Int32(s), precision: Int32(p),
                fieldID: fieldID, logicalType: .decimal(scale: Int32(s), precision: Int32(p))))
        case .string: leaf(.byteArray, logical: .string, converted: .utf8)
        case .binary: leaf(.byteArray)
        case .fixedSizeBinary(let width): leaf(.fixedLenByteArray, length: Int32(width))
        case .date: leaf(.int32, logical: .date, converted: .date)
        case .timestamp: leaf(.int64, logical: .timestamp(isAdjustedToUTC: true, unit: .micros), converted: .timestampMicros)
        case .timestampNTZ: leaf(.int64, logical: .timestamp(isAdjustedToUTC: false, unit: .micros))
        case .struct(let fields):
            guard !fields.isEmpty else {
                throw ParquetError(.invalidArgument, "a struct with no fields cannot be written to Parquet", column: field.name)
            }
            elements.append(SchemaElement(repetitionType: repetition, name: field.name, numChildren: Int32(fields.count), fieldID: fieldID))
            for child in fields {
                try appendElements(for: child, repetition: child.nullable ? .optional : .required, to: &elements)
            }
        case .list(let element):
            elements.append(SchemaElement(
                repetitionType: repetition, name: field.name, numChildren: 1, convertedType: .list, fieldID: fieldID, logicalType: .list))
            elements.append(SchemaElement(repetitionType: .repeated, name: "list", numChildren: 1))
            var child = element
            child.name = "element"
            try appendElements(for: child, repetition: element.nullable ? .optional : .required, to: &elements)
        case .map(let key, let value):
            elements.append(SchemaElement(
                repetitionType: repetition, name: field.name, numChildren: 1, convertedType: .map, fieldID: fieldID, logicalType: .map))
            elements.append(SchemaElement(repetitionType: .repeated, name: "key_value", numChildren: 2))
            var k = key
            k.name = "key"
            var v = value
            v.name = "value"
            try appendElements(for: k, repetition: .required, to: &elements)
            try appendElements(for: v, repetition: value.nullable ? .optional : .required, to: &elements)
        }
    }
}
