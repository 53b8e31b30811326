/// What a dataset is, as in Databricks declarative pipelines.
public enum DatasetKind: String, Sendable, CaseIterable {
    /// Append-only processing: each input record (a landing file's row, or a row appended to a
    /// `STREAM(...)` input) is processed exactly once; with ``ApplyChanges`` the rows are upserted
    /// by key instead of appended.
    case streamingTable = "streaming_table"
    /// Recomputed to be exactly its query's current result; skipped when none of its inputs
    /// (nor its definition) changed since the last refresh.
    case materializedView = "materialized_view"

    /// The kind named by a pipeline file (`streaming_table`, `streaming table`, `st`;
    /// `materialized_view`, `materialized view`, `mv`), case-insensitively.
    public init?(name: String) {
        switch name.lowercased().replacingOccurrences(of: " ", with: "_") {
        case "streaming_table", "st", "streaming": self = .streamingTable
        case "materialized_view", "mv", "materialized": self = .materializedView
        default: return nil
        }
    }

    /// "streaming table" or "materialized view".
    public var displayName: String { self == .streamingTable ? "streaming table" : "materialized view" }
}
