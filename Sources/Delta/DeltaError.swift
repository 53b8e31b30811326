/// The one error type of the Delta module.
///
/// Every error carries a ``Code`` for matching and a message naming the table, version, file,
/// column or expression involved, with the underlying cause when there is one. A lost commit
/// race is not an error (see ``CommitResult``); a *conflict* found after losing one is.
public struct DeltaError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable {
        /// Reading or writing storage failed.
        case io
        /// No Delta table at the location.
        case tableNotFound
        /// A table already exists where one was to be created (error-if-exists mode).
        case tableAlreadyExists
        /// The requested version or timestamp is not available (never existed, or cleaned up).
        case versionNotFound
        /// A log file, checkpoint or action is malformed.
        case corruptLog
        /// The table needs a reader or writer feature this engine does not implement.
        case unsupportedFeature
        /// Data does not fit the table schema (missing column, wrong type, null in NOT NULL).
        case schemaMismatch
        /// A concurrent commit conflicts with this transaction.
        case concurrentModification
        /// The commit did not land after the retry limit.
        case commitFailed
        /// An argument or expression is invalid.
        case invalidArgument
        /// A data file could not be read or written.
        case dataFile
        /// Written rows violate a NOT NULL or CHECK constraint of the table.
        case constraintViolation
    }

    /// What kind of failure this is.
    public var code: Code
    /// What was wrong, naming what was involved.
    public var message: String
    /// The table location, when known.
    public var table: String?
    /// The underlying error, when there is one.
    public var cause: (any Error & Sendable)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, table: String? = nil, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.table = table
        self.cause = cause
    }

    public var description: String {
        var s = "delta error (\(code.rawValue))"
        if let table { s += " in table '\(table)'" }
        s += ": \(message)"
        if let cause { s += " (cause: \(cause))" }
        return s
    }
}
