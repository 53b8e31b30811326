/// What happens to a row that violates an expectation (DLT's `expect`, `expect_or_drop`,
/// `expect_or_fail`).
public enum ExpectationAction: String, Sendable, CaseIterable {
    /// Keep the row; count it as failed.
    case warn
    /// Drop the row before it is written; count it as failed and dropped.
    case drop
    /// Abort the dataset's update: nothing is committed to the dataset, the update fails.
    case fail
}

/// A named data-quality rule on a dataset's rows: a boolean SQL condition over the dataset's
/// output columns, and what to do with rows for which it is false. A condition that is NULL
/// does not violate the expectation (as with SQL CHECK constraints): write
/// `x IS NOT NULL AND x > 0` to reject missing values too.
public struct Expectation: Sendable, Hashable {
    /// The name (unique within the dataset), used in metrics and the event log.
    public var name: String
    /// The condition, SQL.
    public var condition: String
    /// What happens to violating rows.
    public var action: ExpectationAction

    /// Creates an expectation.
    public init(_ name: String, _ condition: String, action: ExpectationAction = .warn) {
        self.name = name
        self.condition = condition
        self.action = action
    }
}
