/// Whether a schema element is required, optional or repeated.
///
/// A struct over the Thrift enum's raw value, so values written by newer writers survive
/// parsing and are refused only where they are used.
public struct FieldRepetitionType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The Thrift enum value.
    public var rawValue: Int32
    /// Wraps a Thrift enum value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// `REQUIRED`.
    public static let required = FieldRepetitionType(rawValue: 0)
    /// `OPTIONAL`.
    public static let optional = FieldRepetitionType(rawValue: 1)
    /// `REPEATED`.
    public static let repeated = FieldRepetitionType(rawValue: 2)

    /// The name the Parquet specification uses.
    public var description: String {
        switch rawValue {
        case 0: "REQUIRED"
        case 1: "OPTIONAL"
        case 2: "REPEATED"
        default: "UNKNOWN(FieldRepetitionType \(rawValue))"
        }
    }
}
