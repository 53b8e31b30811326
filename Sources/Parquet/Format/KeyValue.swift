/// A key-value metadata entry (file or column chunk).
public struct KeyValue: Hashable, Sendable {
    /// The key.
    public var key: String
    /// The value, when present.
    public var value: String?

    /// Creates an entry.
    public init(key: String, value: String?) {
        self.key = key
        self.value = value
    }
}
