/// How the values or levels of a page are encoded.
///
/// A struct over the Thrift enum's raw value, so values written by newer writers survive
/// parsing and are refused only where they are used.
public struct Encoding: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The Thrift enum value.
    public var rawValue: Int32
    /// Wraps a Thrift enum value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// `PLAIN`.
    public static let plain = Encoding(rawValue: 0)
    /// `PLAIN_DICTIONARY`.
    public static let plainDictionary = Encoding(rawValue: 2)
    /// `RLE`.
    public static let rle = Encoding(rawValue: 3)
    /// `BIT_PACKED`.
    public static let bitPacked = Encoding(rawValue: 4)
    /// `DELTA_BINARY_PACKED`.
    public static let deltaBinaryPacked = Encoding(rawValue: 5)
    /// `DELTA_LENGTH_BYTE_ARRAY`.
    public static let deltaLengthByteArray = Encoding(rawValue: 6)
    /// `DELTA_BYTE_ARRAY`.
    public static let deltaByteArray = Encoding(rawValue: 7)
    /// `RLE_DICTIONARY`.
    public static let rleDictionary = Encoding(rawValue: 8)
    /// `BYTE_STREAM_SPLIT`.
    public static let byteStreamSplit = Encoding(rawValue: 9)

    /// The name the Parquet specification uses.
    public var description: String {
        switch rawValue {
        case 0: "PLAIN"
        case 2: "PLAIN_DICTIONARY"
        case 3: "RLE"
        case 4: "BIT_PACKED"
        case 5: "DELTA_BINARY_PACKED"
        case 6: "DELTA_LENGTH_BYTE_ARRAY"
        case 7: "DELTA_BYTE_ARRAY"
        case 8: "RLE_DICTIONARY"
        case 9: "BYTE_STREAM_SPLIT"
        default: "UNKNOWN(Encoding \(rawValue))"
        }
    }
}
