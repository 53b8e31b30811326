/// The physical (storage) type of a Parquet leaf column.
///
/// A struct over the Thrift enum's raw value, so values written by newer writers survive
/// parsing and are refused only where they are used.
public struct PhysicalType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The Thrift enum value.
    public var rawValue: Int32
    /// Wraps a Thrift enum value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// `BOOLEAN`.
    public static let boolean = PhysicalType(rawValue: 0)
    /// `INT32`.
    public static let int32 = PhysicalType(rawValue: 1)
    /// `INT64`.
    public static let int64 = PhysicalType(rawValue: 2)
    /// `INT96`.
    public static let int96 = PhysicalType(rawValue: 3)
    /// `FLOAT`.
    public static let float = PhysicalType(rawValue: 4)
    /// `DOUBLE`.
    public static let double = PhysicalType(rawValue: 5)
    /// `BYTE_ARRAY`.
    public static let byteArray = PhysicalType(rawValue: 6)
    /// `FIXED_LEN_BYTE_ARRAY`.
    public static let fixedLenByteArray = PhysicalType(rawValue: 7)

    /// The name the Parquet specification uses.
    public var description: String {
        switch rawValue {
        case 0: "BOOLEAN"
        case 1: "INT32"
        case 2: "INT64"
        case 3: "INT96"
        case 4: "FLOAT"
        case 5: "DOUBLE"
        case 6: "BYTE_ARRAY"
        case 7: "FIXED_LEN_BYTE_ARRAY"
        default: "UNKNOWN(PhysicalType \(rawValue))"
        }
    }
}
