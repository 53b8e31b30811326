/// A table (or file set) a statement read or wrote — what a job run records as lineage.
public struct TableAccess: Sendable, Hashable {
    /// Whether the statement read or wrote it.
    public enum Kind: String, Sendable, Hashable {
        /// Rows were read.
        case read
        /// A commit was made.
        case write
    }

    /// Read or write.
    public var kind: Kind
    /// The table's directory (or, for Parquet/CSV/JSON files, the path as written in SQL).
    public var location: String
    /// The name the statement used (`sales.orders`, ``delta.`/path` ``).
    public var name: String
    /// The Delta version read, or the version committed; nil for plain files.
    public var version: Int64?
    /// For writes: the commit's operation (WRITE, CREATE TABLE AS SELECT, ADD COLUMNS, ...).
    public var operation: String?

    /// Creates an access record.
    public init(kind: Kind, location: String, name: String, version: Int64?, operation: String? = nil) {
        self.kind = kind
        self.location = location
        self.name = name
        self.version = version
        self.operation = operation
    }
}
