/// A `protocol` action: the reader and writer versions, and table features, a client needs.
public struct Protocol: Hashable, Sendable {
    /// Minimum reader version.
    public var minReaderVersion: Int
    /// Minimum writer version.
    public var minWriterVersion: Int
    /// Reader features (only with reader version 3).
    public var readerFeatures: [String]?
    /// Writer features (only with writer version 7).
    public var writerFeatures: [String]?

    /// Creates a protocol action.
    public init(minReaderVersion: Int, minWriterVersion: Int, readerFeatures: [String]? = nil, writerFeatures: [String]? = nil) {
        self.minReaderVersion = minReaderVersion
        self.minWriterVersion = minWriterVersion
        self.readerFeatures = readerFeatures
        self.writerFeatures = writerFeatures
    }
}
