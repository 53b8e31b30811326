/// A `txn` action: the latest version an application committed, for idempotent writes.
public struct SetTransaction: Hashable, Sendable {
    /// The application's id.
    public var appId: String
    /// The application-defined version of its latest commit.
    public var version: Int64
    /// Milliseconds since the epoch when it was written.
    public var lastUpdated: Int64?

    /// Creates a txn action.
    public init(appId: String, version: Int64, lastUpdated: Int64? = nil) {
        self.appId = appId
        self.version = version
        self.lastUpdated = lastUpdated
    }
}
