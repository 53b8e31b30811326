/// The kind of a page.
///
/// A struct over the Thrift enum's raw value, so values written by newer writers survive
/// parsing and are refused only where they are used.
public struct PageType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The Thrift enum value.
    public var rawValue: Int32
    /// Wraps a Thrift enum value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// `DATA_PAGE`.
    public static let dataPage = PageType(rawValue: 0)
    /// `INDEX_PAGE`.
    public static let indexPage = PageType(rawValue: 1)
    /// `DICTIONARY_PAGE`.
    public static let dictionaryPage = PageType(rawValue: 2)
    /// `DATA_PAGE_V2`.
    public static let dataPageV2 = PageType(rawValue: 3)

    /// The name the Parquet specification uses.
    public var description: String {
        switch rawValue {
        case 0: "DATA_PAGE"
        case 1: "INDEX_PAGE"
        case 2: "DICTIONARY_PAGE"
        case 3: "DATA_PAGE_V2"
        default: "UNKNOWN(PageType \(rawValue))"
        }
    }
}
