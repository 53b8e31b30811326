/// One node of the flattened (depth-first) Parquet schema.
public struct SchemaElement: Hashable, Sendable {
    /// Physical type; set on leaves only.
    public var type: PhysicalType?
    /// Byte width for FIXED_LEN_BYTE_ARRAY leaves.
    public var typeLength: Int32?
    /// Repetition; absent on the root.
    public var repetitionType: FieldRepetitionType?
    /// Field name.
    public var name: String
    /// Number of children; set on groups (including the root) only.
    public var numChildren: Int32?
    /// Legacy annotation.
    public var convertedType: ConvertedType?
    /// Decimal scale (legacy position).
    public var scale: Int32?
    /// Decimal precision (legacy position).
    public var precision: Int32?
    /// Field id (Iceberg/Delta column mapping).
    public var fieldID: Int32?
    /// Logical type annotation.
    public var logicalType: LogicalType?

    /// Creates a schema element.
    public init(
        type: PhysicalType? = nil, typeLength: Int32? = nil, repetitionType: FieldRepetitionType? = nil, name: String,
        numChildren: Int32? = nil, convertedType: ConvertedType? = nil, scale: Int32? = nil, precision: Int32? = nil,
        fieldID: Int32? = nil, logicalType: LogicalType? = nil
    ) {
        self.type = type
        self.typeLength = typeLength
        self.repetitionType = repetitionType
        self.name = name
        self.numChildren = numChildren
        self.convertedType = convertedType
        self.scale = scale
        self.precision = precision
        self.fieldID = fieldID
        self.logicalType = logicalType
    }
}
