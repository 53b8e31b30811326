/// The logical type of a column, modelled on the types Delta Lake and Spark share.
///
/// Each type has one in-memory representation (see ``Column``): integers and floats are
/// stored natively, `date` as `Int32` days since 1970-01-01, `timestamp` and `timestampNTZ`
/// as `Int64` microseconds since the epoch, `decimal` as an unscaled `Int64` when the
/// precision is at most 18 and as `Int128` above, `boolean` as one byte per value (0 or 1),
/// strings and binaries as `Int32` offsets plus bytes.
public indirect enum DataType: Hashable, Sendable {
    case boolean
    case int8, int16, int32, int64
    case uint8, uint16, uint32, uint64
    case float32, float64
    /// A fixed-point number with `precision` digits, `scale` of them after the point.
    case decimal(precision: Int, scale: Int)
    /// UTF-8 text.
    case string
    /// Arbitrary bytes.
    case binary
    /// Byte strings of exactly `width` bytes.
    case fixedSizeBinary(Int)
    /// Days since 1970-01-01.
    case date
    /// Microseconds since 1970-01-01T00:00:00Z (an instant, shown in UTC).
    case timestamp
    /// Microseconds since 1970-01-01T00:00:00 of a wall-clock time with no time zone.
    case timestampNTZ
    /// A record of named fields.
    case `struct`([Field])
    /// A variable-length list of elements.
    case list(Field)
    /// Key-value pairs; keys are never null.
    case map(key: Field, value: Field)

    /// The largest precision a decimal can have.
    public static let maxDecimalPrecision = 38

    /// True for struct, list and map.
    public var isNested: Bool {
        switch self {
        case .struct, .list, .map: true
        default: false
        }
    }

    /// The width in bytes of one value in the fixed-width values buffer, or nil for
    /// variable-width and nested types.
    public var fixedWidth: Int? {
        switch self {
        case .boolean, .int8, .uint8: 1
        case .int16, .uint16: 2
        case .int32, .uint32, .float32, .date: 4
        case .int64, .uint64, .float64, .timestamp, .timestampNTZ: 8
        case .decimal(let p, _): p <= 18 ? 8 : 16
        case .string, .binary, .fixedSizeBinary, .struct, .list, .map: nil
        }
    }

    /// True for string, binary and fixed-size binary (offsets plus bytes).
    public var isByteArray: Bool {
        switch self {
        case .string, .binary, .fixedSizeBinary: true
        default: false
        }
    }

    /// The Spark SQL name of the type (`bigint`, `decimal(10,2)`, `array<int>`, ...).
    public var sqlName: String {
        switch self {
        case .boolean: "boolean"
        case .int8: "tinyint"
        case .int16: "smallint"
        case .int32: "int"
        case .int64: "bigint"
        case .uint8: "tinyint unsigned"
        case .uint16: "smallint unsigned"
        case .uint32: "int unsigned"
        case .uint64: "bigint unsigned"
        case .float32: "float"
        case .float64: "double"
        case .decimal(let p, let s): "decimal(\(p),\(s))"
        case .string: "string"
        case .binary: "binary"
        case .fixedSizeBinary(let w): "binary(\(w))"
        case .date: "date"
        case .timestamp: "timestamp"
        case .timestampNTZ: "timestamp_ntz"
        case .struct(let fields): "struct<" + fields.map { "\($0.name):\($0.type.sqlName)" }.joined(separator: ",") + ">"
        case .list(let e): "array<\(e.type.sqlName)>"
        case .map(let k, let v): "map<\(k.type.sqlName),\(v.type.sqlName)>"
        }
    }
}

extension DataType: CustomStringConvertible {
    public var description: String { sqlName }
}
