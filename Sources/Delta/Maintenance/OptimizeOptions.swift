import Parquet

/// Options of ``DeltaTable/optimize(_:)``: which partitions, Z-order columns and file sizes
/// (Spark's `spark.databricks.delta.optimize.*` settings).
public struct OptimizeOptions: Sendable {
    /// Only files of partitions matching this predicate are rewritten; it may name partition
    /// columns only (`OPTIMIZE t WHERE day >= '2024-01-01'`).
    public var partitionPredicate: Expression?
    /// Z-order columns (`ZORDER BY (a, b)`); empty for plain bin-packing.
    public var zOrderBy: [String] = []
    /// The target size of the files written, in bytes. Nil: the table's `delta.targetFileSize`,
    /// else 1 GiB (`spark.databricks.delta.optimize.maxFileSize`).
    public var maxFileSize: Int64?
    /// Bin-packing leaves files at least this large alone (nil: ``maxFileSize``); Z-ordering
    /// rewrites every file of a partition.
    public var minFileSize: Int64?
    /// Files whose deletion vectors mark more than this share of their rows are compacted even
    /// when large (`spark.databricks.delta.optimize.maxDeletedRowsRatio`, default 0.05).
    public var maxDeletedRowsRatio = 0.05
    /// How the new files are encoded (ZSTD by default, as every write).
    public var parquet: ParquetWriterOptions = WriteOptions().parquet

    /// Default options: bin-pack every partition to 1 GiB files.
    public init() {}
}
