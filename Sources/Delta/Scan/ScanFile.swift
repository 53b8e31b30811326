import Columnar

/// A data file a scan will read: its add action, its partition values typed by the table
/// schema, and its row count when the statistics give one.
public struct ScanFile: Sendable {
    /// The add action.
    public let add: AddFile
    /// Partition column → typed value.
    public let partitionValues: [String: Value]
    /// Rows in the file, from its statistics.
    public let numRecords: Int64?
}
