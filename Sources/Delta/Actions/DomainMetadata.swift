/// A `domainMetadata` action: configuration owned by a named domain (kept even when unknown).
public struct DomainMetadata: Hashable, Sendable {
    /// The domain name.
    public var domain: String
    /// The domain's configuration, usually JSON.
    public var configuration: String
    /// Whether the domain is removed.
    public var removed: Bool

    /// Creates a domain metadata action.
    public init(domain: String, configuration: String, removed: Bool = false) {
        self.domain = domain
        self.configuration = configuration
        self.removed = removed
    }
}
