/// The one error type of the Parquet codec.
///
/// Every error carries a ``Code`` for matching, a message that says what was wrong, and —
/// when known — the file and the column (dotted path) involved and the underlying cause.
/// Lower layers throw with a message; the file reader adds the file and column.
public struct ParquetError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable {
        /// Reading or writing the underlying file failed.
        case io
        /// The bytes are not a Parquet file (bad magic, footer length past the file).
        case notParquet
        /// The file ends before a structure it declares.
        case truncated
        /// The Thrift footer or a page header is malformed.
        case corruptMetadata
        /// A page's payload is malformed (bad levels, values, lengths or dictionary indices).
        case corruptPage
        /// A valid feature this codec does not implement (codec, encoding, type).
        case unsupported
        /// A compression library reported an error or a size mismatch.
        case compression
        /// The data does not match the schema it is written or read with.
        case schemaMismatch
        /// An argument to the API is invalid.
        case invalidArgument
    }

    /// What kind of failure this is.
    public var code: Code
    /// What was wrong, in words.
    public var message: String
    /// The file involved, when known.
    public var file: String?
    /// The column involved (dotted path), when known.
    public var column: String?
    /// The underlying error, when there is one.
    public var cause: (any Error & Sendable)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, file: String? = nil, column: String? = nil, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.column = column
        self.cause = cause
    }

    /// This error with the file (and column) filled in where not already set.
    public func with(file: String? = nil, column: String? = nil) -> ParquetError {
        var e = self
        if e.file == nil { e.file = file }
        if e.column == nil { e.column = column }
        return e
    }

    public var description: String {
        var s = "parquet error (\(code.rawValue))"
        if let file { s += " in '\(file)'" }
        if let column { s += ", column '\(column)'" }
        s += ": \(message)"
        if let cause { s += " (cause: \(cause))" }
        return s
    }
}
