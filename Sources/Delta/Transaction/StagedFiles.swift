import Columnar

/// Data files written ahead of a commit the caller assembles itself (with ``Transaction``):
/// batches are made to fit `schema` (columns matched by name, missing ones null, safe widening
/// casts) and written as Parquet files of about the target size, partitioned Hive-style;
/// ``finish()`` returns their add actions, with statistics. Nothing is visible until a commit
/// adds them. Used by engines that combine adds with removes, several application
/// transactions or metadata of their own (pipelines' upserts and refreshes).
public final class StagedFiles {
    let writer: DataFileWriter
    let conformer: BatchConformer

    /// Files for `table` in `schema` (the table's schema after the commit), partitioned by
    /// `partitionColumns`, with the table's `configuration` (column mapping, statistics
    /// settings) and the Parquet settings and target size of `options`.
    public init(table: DeltaTable, schema: Schema, partitionColumns: [String] = [], configuration: [String: String] = [:], options: WriteOptions = WriteOptions()) {
        writer = DataFileWriter(table: table, schema: schema, partitionColumns: partitionColumns, configuration: configuration, options: options)
        conformer = BatchConformer(schema: schema, location: table.location)
    }

    /// Writes the rows of `batch`.
    public func write(_ batch: RecordBatch) throws {
        try writer.write(try conformer.conform(batch))
    }

    /// Closes the open files; returns one add action per file written.
    public func finish() throws -> [AddFile] {
        try writer.finish()
    }

    /// Rows written so far.
    public var rowsWritten: Int { writer.rows }
    /// Bytes of the files closed so far.
    public var bytesWritten: Int64 { writer.bytes }
}
