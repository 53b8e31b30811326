import Columnar

/// The precision and scale of a decimal element, logical type preferred.
func decimalPrecisionAndScale(_ element: SchemaElement) -> (precision: Int, scale: Int) {
    if case .decimal(let s, let p) = element.logicalType { return (Int(p), Int(s)) }
    return (Int(element.precision ?? 0), Int(element.scale ?? 0))
}

extension ParquetSchema {
    /// The in-memory type a leaf's values decode to, from its physical type and annotations.
    static func valueType(of element: SchemaElement, physical: PhysicalType, path: [String]) throws -> DataType {
        let column = path.joined(separator: ".")
        func unsupported(_ what: String) -> ParquetError {
            ParquetError(.unsupported, "\(what) is not supported", column: column)
        }
        func decimal() throws -> DataType {
            let (precision, scale) = decimalPrecisionAndScale(element)
            guard precision >= 1, scale >= 0, scale <= precision else {
                throw ParquetError(.corruptMetadata, "DECIMAL(\(precision),\(scale)) is not a valid decimal", column: column)
            }
            // Wider decimals than Delta and Spark allow read as doubles, as DuckDB does.
            guard precision <= DataType.maxDecimalPrecision else { return .float64 }
            return .decimal(precision: precision, scale: scale)
        }
        let isDecimal: Bool = {
            if case .decimal = element.logicalType { return true }
            return element.convertedType == .decimal
        }()

        switch physical {
        case .boolean:
            return .boolean
        case .int32:
            if isDecimal { return try decimal() }
            switch element.logicalType {
            case .date: return .date
            case .integer(let width, let signed):
                switch (width, signed) {
                case (8, true): return .int8
                case (16, true): return .int16
                case (32, true): return .int32
                case (8, false): return .uint8
                case (16, false): return .uint16
                case (32, false): return .uint32
                default: throw unsupported("INT32 with INTEGER(\(width), \(signed ? "signed" : "unsigned"))")
                }
            default: break
            }
            switch element.convertedType {
            case .date: return .date
            case .int8: return .int8
            case .int16: return .int16
            case .uint8: return .uint8
            case .uint16: return .uint16
            case .uint32: return .uint32
            default: return .int32
            }
        case .int64:
            if isDecimal { return try decimal() }
            switch element.logicalType {
            case .timestamp(let utc, _): return utc ? .timestamp : .timestampNTZ
            case .integer(let width, let signed):
                guard width == 64 else { throw unsupported("INT64 with INTEGER(\(width))") }
                return signed ? .int64 : .uint64
            default: break
            }
            switch element.convertedType {
            case .timestampMillis, .timestampMicros: return .timestamp
            case .uint64: return .uint64
            default: return .int64
            }
        case .int96:
            return .timestamp
        case .float:
            return .float32
        case .double:
            return .float64
        case .byteArray:
            if isDecimal { return try decimal() }
            switch element.logicalType {
            case .string, .enum, .json: return .string
            case .some: return .binary
            case nil: break
            }
            switch element.convertedType {
            case .utf8, .enum, .json: return .string
            default: return .binary
            }
        case .fixedLenByteArray:
            guard let width = element.typeLength, width >= 0 else {
                throw ParquetError(.corruptMetadata, "FIXED_LEN_BYTE_ARRAY without a type_length", column: column)
            }
            if isDecimal {
                let type = try decimal()
                guard width >= 1, width <= 16 || type == .float64 else {
                    throw unsupported("DECIMAL in a \(width)-byte FIXED_LEN_BYTE_ARRAY")
                }
                return type
            }
            if element.logicalType == .float16 {
                guard width == 2 else { throw ParquetError(.corruptMetadata, "FLOAT16 with type_length \(width)", column: column) }
                return .float32
            }
            return .fixedSizeBinary(Int(width))
        default:
            throw unsupported("physical type \(physical)")
        }
    }
}
