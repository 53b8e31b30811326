/// The one error type of the pipeline layer.
///
/// Every error carries a ``Code`` and a message naming what was wrong: the pipeline file with
/// the line, column and field path of a bad definition; the dataset, landing file, column or
/// expectation of a failed update.
public struct PipelineError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable {
        /// The pipeline file (or Swift definition) is not a valid pipeline: a missing or
        /// misspelled field, a value of the wrong kind, a duplicate dataset.
        case invalidDefinition
        /// A dataset reads a table that is neither a dataset of the pipeline nor an existing table.
        case unknownInput
        /// The datasets' dependencies form a cycle.
        case cycle
        /// A dataset's SQL or an expectation does not bind: unknown column, wrong types, bad syntax.
        case invalidQuery
        /// Reading a landing file failed, or it has new columns under `failOnNewColumns`.
        case ingestion
        /// An expectation with action `fail` found violating rows; the dataset's commit did not happen.
        case expectationFailed
        /// An input of a streaming table was rewritten (not appended to): it needs a full refresh.
        case nonAppendInput
        /// The ingestion checkpoint is missing or does not match the table.
        case checkpoint
        /// Reading or writing a table failed.
        case execution
        /// A pipeline, table or event log does not exist.
        case notFound
    }

    /// What kind of failure this is.
    public var code: Code
    /// What was wrong.
    public var message: String
    /// The dataset involved, when there is one.
    public var dataset: String?
    /// The pipeline file, for definition errors.
    public var file: String?
    /// 1-based line in ``file``.
    public var line: Int?
    /// 1-based column in ``file``.
    public var column: Int?
    /// The underlying error, when there is one.
    public var cause: (any Error & Sendable)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, dataset: String? = nil, file: String? = nil, line: Int? = nil, column: Int? = nil, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.dataset = dataset
        self.file = file
        self.line = line
        self.column = column
        self.cause = cause
    }

    /// `file:line:column: message`, or `dataset: message`.
    public var description: String {
        var prefix = ""
        if let file {
            prefix = file
            if let line { prefix += ":\(line)" + (column.map { ":\($0)" } ?? "") }
            prefix += ": "
        }
        if let dataset, !message.hasPrefix(dataset) { prefix += dataset + ": " }
        return prefix + message
    }
}
