import Columnar

/// One leaf column of a Parquet schema: its path, physical type, levels and the in-memory
/// type its values decode to.
public struct ColumnDescriptor: Hashable, Sendable {
    /// Position among the leaves (the column chunk index in each row group).
    public var leafIndex: Int
    /// Names from the root's child down to the leaf.
    public var path: [String]
    /// The leaf's schema element.
    public var element: SchemaElement
    /// Physical storage type.
    public var physicalType: PhysicalType
    /// Maximum definition level (optional and repeated ancestors, the leaf included).
    public var maxDefinitionLevel: Int
    /// Maximum repetition level (repeated ancestors, the leaf included).
    public var maxRepetitionLevel: Int
    /// The in-memory type of one value.
    public var valueType: DataType

    /// The dotted path, for messages.
    public var dottedPath: String { path.joined(separator: ".") }

    /// Byte width of FIXED_LEN_BYTE_ARRAY values (0 for other types).
    public var typeLength: Int { Int(element.typeLength ?? 0) }
}
