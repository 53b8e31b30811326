/// The text formats rows can be printed in (see ``RowWriter``).
public enum RowFormat: String, CaseIterable, Sendable {
    /// An aligned grid for people to read; buffers up to a row limit to size the columns.
    case table
    /// RFC 4180 comma-separated values with a header row.
    case csv
    /// One JSON array holding one object per row, one object per line.
    case json
    /// JSON Lines: one JSON object per row, one row per line.
    case jsonl
}
