/// A set of equally long columns with a schema: the unit of data that flows between layers.
public struct RecordBatch: Sendable {
    /// The shape of the batch.
    public var schema: Schema
    /// One column per schema field.
    public var columns: [Column]
    /// Number of rows.
    public var count: Int

    /// Creates a batch; every column must have `count` rows.
    public init(schema: Schema, columns: [Column], count: Int? = nil) {
        precondition(schema.fields.count == columns.count, "RecordBatch: \(schema.fields.count) fields but \(columns.count) columns")
        let n = count ?? columns.first?.count ?? 0
        precondition(columns.allSatisfy { $0.count == n }, "RecordBatch: columns differ in length")
        self.schema = schema
        self.columns = columns
        self.count = n
    }

    /// An empty batch of `schema`.
    public init(empty schema: Schema) {
        self.init(schema: schema, columns: schema.fields.map { Column(empty: $0.type) }, count: 0)
    }

    /// The column named `name`.
    public func column(named name: String) -> Column? {
        schema.index(of: name).map { columns[$0] }
    }

    /// The row at `index` as boxed values (cold path).
    public func row(_ index: Int) -> [Value] {
        columns.map { $0.value(at: index) }
    }
}
