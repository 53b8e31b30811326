/// `VACUUM name [RETAIN n HOURS] [DRY RUN]`.
public struct Vacuum: Hashable, Sendable, CustomStringConvertible {
    /// The table.
    public var table: TableSource
    /// The retention in hours, as written (`168`, `0.5`); nil for the table's default.
    public var retainHours: String?
    /// `DRY RUN`: list the files instead of deleting them.
    public var dryRun: Bool
    /// Where `VACUUM` is.
    public var position: SourcePosition

    /// Creates a statement.
    public init(table: TableSource, retainHours: String? = nil, dryRun: Bool = false, position: SourcePosition = .unknown) {
        self.table = table
        self.retainHours = retainHours
        self.dryRun = dryRun
        self.position = position
    }

    /// The statement as SQL.
    public var description: String {
        var s = "VACUUM \(table)"
        if let retainHours { s += " RETAIN \(retainHours) HOURS" }
        if dryRun { s += " DRY RUN" }
        return s
    }
}
