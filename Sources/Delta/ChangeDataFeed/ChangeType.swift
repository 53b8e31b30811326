/// The `_change_type` of a row in the change data feed.
public enum ChangeType: String, Sendable, CaseIterable {
    /// A row that was added.
    case insert
    /// A row that was removed.
    case delete
    /// A row as it was before an update.
    case updatePreimage = "update_preimage"
    /// A row as it is after an update.
    case updatePostimage = "update_postimage"

    /// The name of the column holding the change type.
    public static let columnName = "_change_type"
}
