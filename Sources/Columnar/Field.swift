/// A named, typed column of a ``Schema`` or a child of a nested type.
public struct Field: Hashable, Sendable {
    /// The column name.
    public var name: String
    /// The column type.
    public var type: DataType
    /// Whether the column may hold nulls.
    public var nullable: Bool
    /// Free-form metadata (for example a Parquet field id as `"parquet.field.id"`).
    public var metadata: [String: String]

    /// Creates a field.
    public init(_ name: String, _ type: DataType, nullable: Bool = true, metadata: [String: String] = [:]) {
        self.name = name
        self.type = type
        self.nullable = nullable
        self.metadata = metadata
    }
}
