/// What one expectation found in one dataset's update (DLT's `data_quality.expectations[]`).
public struct ExpectationMetrics: Sendable, Hashable {
    /// The expectation's name.
    public var name: String
    /// The dataset.
    public var dataset: String
    /// The action on violation.
    public var action: ExpectationAction
    /// Rows for which the condition was true (or NULL).
    public var passedRecords: Int
    /// Rows for which the condition was false.
    public var failedRecords: Int

    /// Creates metrics.
    public init(name: String, dataset: String, action: ExpectationAction, passedRecords: Int = 0, failedRecords: Int = 0) {
        self.name = name
        self.dataset = dataset
        self.action = action
        self.passedRecords = passedRecords
        self.failedRecords = failedRecords
    }
}
