/// Keyed upserts into a streaming table (Databricks' `APPLY CHANGES INTO` / `AUTO CDC`):
/// the incoming rows are deduplicated by ``keys`` keeping the row with the greatest
/// ``sequenceBy`` value (the last one read on ties), then each key's row replaces the target's
/// row unless the target already holds a later sequence value (late, out-of-order data is
/// ignored). Rows matching ``applyAsDeletes`` delete their key instead (SCD type 1).
public struct ApplyChanges: Sendable, Hashable {
    /// The key columns.
    public var keys: [String]
    /// The column ordering versions of a key (later wins).
    public var sequenceBy: String
    /// A SQL condition over the incoming rows marking deletes, or nil.
    public var applyAsDeletes: String?
    /// Columns of the incoming rows not written to the target.
    public var exceptColumns: [String]

    /// Creates the settings.
    public init(keys: [String], sequenceBy: String, applyAsDeletes: String? = nil, exceptColumns: [String] = []) {
        self.keys = keys
        self.sequenceBy = sequenceBy
        self.applyAsDeletes = applyAsDeletes
        self.exceptColumns = exceptColumns
    }
}
