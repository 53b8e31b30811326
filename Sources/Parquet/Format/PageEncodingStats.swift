/// How many pages of a column chunk use an encoding (ColumnMetaData.encoding_stats).
public struct PageEncodingStats: Hashable, Sendable {
    /// The page kind.
    public var pageType: PageType
    /// The encoding of the page values.
    public var encoding: Encoding
    /// Number of pages.
    public var count: Int32

    /// Creates an entry.
    public init(pageType: PageType, encoding: Encoding, count: Int32) {
        self.pageType = pageType
        self.encoding = encoding
        self.count = count
    }
}
