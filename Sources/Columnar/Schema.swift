/// An ordered list of top-level fields: the shape of a ``RecordBatch``.
public struct Schema: Hashable, Sendable {
    /// The fields in column order.
    public var fields: [Field]
    /// Free-form key-value metadata.
    public var metadata: [String: String]

    /// Creates a schema.
    public init(_ fields: [Field], metadata: [String: String] = [:]) {
        self.fields = fields
        self.metadata = metadata
    }

    /// The number of top-level columns.
    public var count: Int { fields.count }

    /// The index of the field named `name` (exact match first, then case-insensitive).
    public func index(of name: String) -> Int? {
        if let i = fields.firstIndex(where: { $0.name == name }) { return i }
        let lower = name.lowercased()
        return fields.firstIndex(where: { $0.name.lowercased() == lower })
    }

    /// The field named `name`.
    public subscript(name: String) -> Field? { index(of: name).map { fields[$0] } }
}
