/// The compression codec of a column chunk's pages.
///
/// A struct over the Thrift enum's raw value, so values written by newer writers survive
/// parsing and are refused only where they are used.
public struct CompressionCodec: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The Thrift enum value.
    public var rawValue: Int32
    /// Wraps a Thrift enum value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// `UNCOMPRESSED`.
    public static let uncompressed = CompressionCodec(rawValue: 0)
    /// `SNAPPY`.
    public static let snappy = CompressionCodec(rawValue: 1)
    /// `GZIP`.
    public static let gzip = CompressionCodec(rawValue: 2)
    /// `LZO`.
    public static let lzo = CompressionCodec(rawValue: 3)
    /// `BROTLI`.
    public static let brotli = CompressionCodec(rawValue: 4)
    /// `LZ4`.
    public static let lz4 = CompressionCodec(rawValue: 5)
    /// `ZSTD`.
    public static let zstd = CompressionCodec(rawValue: 6)
    /// `LZ4_RAW`.
    public static let lz4Raw = CompressionCodec(rawValue: 7)

    /// The name the Parquet specification uses.
    public var description: String {
        switch rawValue {
        case 0: "UNCOMPRESSED"
        case 1: "SNAPPY"
        case 2: "GZIP"
        case 3: "LZO"
        case 4: "BROTLI"
        case 5: "LZ4"
        case 6: "ZSTD"
        case 7: "LZ4_RAW"
        default: "UNKNOWN(CompressionCodec \(rawValue))"
        }
    }
}
