/// The one error type of the text-format readers (CSV, JSON lines).
public struct TextFormatError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable {
        /// The file could not be read.
        case io
        /// The input is malformed (unterminated quote, invalid JSON, ...).
        case malformed
        /// A value does not fit the column's type.
        case typeMismatch
        /// An argument to the API is invalid.
        case invalidArgument
    }

    /// What kind of failure this is.
    public var code: Code
    /// What was wrong.
    public var message: String
    /// The file involved, when known.
    public var file: String?
    /// The 1-based line, when known.
    public var line: Int?
    /// The column involved, when known.
    public var column: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, file: String? = nil, line: Int? = nil, column: String? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String {
        var s = "\(code.rawValue) error"
        if let file { s += " in '\(file)'" }
        if let line { s += " line \(line)" }
        if let column { s += ", column '\(column)'" }
        return s + ": \(message)"
    }
}
