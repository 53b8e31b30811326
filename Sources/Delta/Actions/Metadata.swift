/// A `metaData` action: the table's identity, schema, partitioning and configuration.
public struct Metadata: Hashable, Sendable {
    /// The table's unique id (a UUID).
    public var id: String
    /// User-facing name.
    public var name: String?
    /// User-facing description.
    public var description: String?
    /// Data file format; always `parquet`.
    public var formatProvider: String
    /// Format options.
    public var formatOptions: [String: String]
    /// The schema, as Spark's JSON StructType.
    public var schemaString: String
    /// Partition columns, in order.
    public var partitionColumns: [String]
    /// Table properties (`delta.appendOnly`, `delta.checkpointInterval`, ...).
    public var configuration: [String: String]
    /// Milliseconds since the epoch when the table was created.
    public var createdTime: Int64?

    /// Creates a metadata action.
    public init(
        id: String, name: String? = nil, description: String? = nil, formatProvider: String = "parquet",
        formatOptions: [String: String] = [:], schemaString: String, partitionColumns: [String] = [],
        configuration: [String: String] = [:], createdTime: Int64? = nil
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.formatProvider = formatProvider
        self.formatOptions = formatOptions
        self.schemaString = schemaString
        self.partitionColumns = partitionColumns
        self.configuration = configuration
        self.createdTime = createdTime
    }
}
