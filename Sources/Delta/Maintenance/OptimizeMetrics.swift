import Columnar

/// What ``DeltaTable/optimize(_:)`` did: Delta's OptimizeMetrics (the `metrics` column of
/// `OPTIMIZE`'s result row) and the commit, when there was one.
public struct OptimizeMetrics: Sendable {
    /// Files written.
    public var numFilesAdded = 0
    /// Files replaced (removed with dataChange = false).
    public var numFilesRemoved = 0
    /// Sizes of the files written.
    public var filesAdded = FileSizeMetrics()
    /// Sizes of the files replaced.
    public var filesRemoved = FileSizeMetrics()
    /// Partitions with at least one bin rewritten.
    public var partitionsOptimized = 0
    /// Bins rewritten (each bin-packing bin becomes one file; a Z-order bin is a partition).
    public var numBatches = 0
    /// Files the partition predicate selected.
    public var totalConsideredFiles = 0
    /// Selected files left as they were.
    public var totalFilesSkipped = 0
    /// Rows read from the replaced files (deletion-vector rows excluded) and written again.
    public var numRowsRewritten: Int64 = 0
    /// Deletion vectors dropped with the files they belonged to.
    public var numDeletionVectorsRemoved = 0
    /// Rows those deletion vectors marked deleted (now gone from the data).
    public var numDeletionVectorRowsRemoved: Int64 = 0
    /// The Z-order columns (empty for bin-packing).
    public var zOrderBy: [String] = []
    /// Columns of the table.
    public var numTableColumns = 0
    /// Columns with statistics (`delta.dataSkippingNumIndexedCols`, bounded by the columns).
    public var numTableColumnsWithStats = 0
    /// When the command started, milliseconds since the epoch.
    public var startTimeMs: Int64 = 0
    /// When the command ended, milliseconds since the epoch.
    public var endTimeMs: Int64 = 0
    /// The OPTIMIZE commit; nil when there was nothing to rewrite (no new version).
    public var commit: CommitResult?

    /// Empty metrics.
    public init() {}

    static let fileSizeType = DataType.struct([
        Field("min", .int64), Field("max", .int64), Field("avg", .float64), Field("totalFiles", .int64), Field("totalSize", .int64),
    ])

    /// The columns of OPTIMIZE's result: `path` and a `metrics` struct, as Databricks returns them.
    public static let resultSchema = Schema([
        Field("path", .string),
        Field("metrics", .struct([
            Field("numFilesAdded", .int64), Field("numFilesRemoved", .int64),
            Field("filesAdded", fileSizeType), Field("filesRemoved", fileSizeType),
            Field("partitionsOptimized", .int64), Field("zOrderBy", .list(Field("element", .string))),
            Field("numBatches", .int64), Field("totalConsideredFiles", .int64), Field("totalFilesSkipped", .int64),
            Field("numRowsRewritten", .int64),
            Field("numDeletionVectorsRemoved", .int64), Field("numDeletionVectorRowsRemoved", .int64),
            Field("startTimeMs", .int64), Field("endTimeMs", .int64),
            Field("numTableColumns", .int64), Field("numTableColumnsWithStats", .int64),
            Field("version", .int64),
        ])),
    ])

    /// OPTIMIZE's result row for the table at `path`.
    public func resultBatch(path: String) -> RecordBatch {
        func sizes(_ m: FileSizeMetrics) -> Value {
            .struct([.int(m.min), .int(m.max), .double(m.avg), .int(m.totalFiles), .int(m.totalSize)])
        }
        let metrics: Value = .struct([
            .int(Int64(numFilesAdded)), .int(Int64(numFilesRemoved)), sizes(filesAdded), sizes(filesRemoved),
            .int(Int64(partitionsOptimized)), .list(zOrderBy.map { .string($0) }),
            .int(Int64(numBatches)), .int(Int64(totalConsideredFiles)), .int(Int64(totalFilesSkipped)),
            .int(numRowsRewritten),
            .int(Int64(numDeletionVectorsRemoved)), .int(numDeletionVectorRowsRemoved),
            .int(startTimeMs), .int(endTimeMs), .int(Int64(numTableColumns)), .int(Int64(numTableColumnsWithStats)),
            commit.map { .int($0.version) } ?? .null,
        ])
        let schema = Self.resultSchema
        return RecordBatch(schema: schema, columns: [Column(.string, [.string(path)]), Column(schema.fields[1].type, [metrics])], count: 1)
    }
}
