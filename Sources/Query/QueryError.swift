/// The one error type of the query layer.
///
/// Every error carries a ``Code``, a message naming the expression, table, column or function
/// involved (with the nearest match when something was not found), and — for errors in SQL
/// text — the 1-based line and column of the offending token.
public struct QueryError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable {
        /// The SQL text does not parse.
        case syntax
        /// A table, column or function does not exist.
        case notFound
        /// An expression's types do not fit (comparing a date with a number, say).
        case typeMismatch
        /// A value cannot be computed (overflow or division by zero in ANSI mode, a failed CAST).
        case arithmetic
        /// Valid SQL this engine does not implement.
        case unsupported
        /// Reading or writing a table failed.
        case execution
        /// An argument to the API is invalid.
        case invalidArgument
    }

    /// What kind of failure this is.
    public var code: Code
    /// What was wrong.
    public var message: String
    /// 1-based line of the offending token in the SQL text, when known.
    public var line: Int?
    /// 1-based column of the offending token in the SQL text, when known.
    public var column: Int?
    /// The underlying error, when there is one.
    public var cause: (any Error & Sendable)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, line: Int? = nil, column: Int? = nil, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.line = line
        self.column = column
        self.cause = cause
    }

    public var description: String {
        var s = "\(code.rawValue) error"
        if let line, let column { s += " at line \(line), column \(column)" }
        s += ": \(message)"
        if let cause { s += " (cause: \(cause))" }
        return s
    }
}
