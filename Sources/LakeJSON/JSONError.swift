/// The one error type of the JSON module: what was wrong and where.
///
/// A *syntax* error (the bytes are not JSON) carries the byte offset where the problem was
/// found and, when parsing JSON lines, the 1-based line number. A *decoding* error (the JSON is
/// well formed but a typed accessor such as ``JSONValue/string(_:)`` found a key missing or of
/// the wrong type) has no position: its ``offset`` is 0.
public struct JSONError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Kind: String, Sendable {
        /// The input is not valid JSON.
        case syntax
        /// The JSON is valid but not shaped as expected (missing key, wrong type).
        case decoding
    }

    /// What was wrong.
    public var message: String
    /// Byte offset in the input where the problem was found (for JSON lines: from the start of
    /// the whole buffer, not of the line). 0 for decoding errors.
    public var offset: Int
    /// The 1-based line number, for errors found while parsing JSON lines.
    public var line: Int? = nil
    /// Whether the bytes were malformed or a typed accessor failed.
    public var kind: Kind = .syntax

    /// Creates a syntax error at a byte offset.
    public init(_ message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    /// Creates a syntax error at a byte offset on a line of JSON lines input.
    public init(_ message: String, offset: Int, line: Int?) {
        self.message = message
        self.offset = offset
        self.line = line
    }

    /// A decoding error: the JSON is valid but a key is missing or has the wrong type.
    public static func decoding(_ message: String) -> JSONError {
        var e = JSONError(message, offset: 0)
        e.kind = .decoding
        return e
    }

    public var description: String {
        switch kind {
        case .decoding:
            return "unexpected JSON: \(message)"
        case .syntax:
            if let line { return "invalid JSON at line \(line) (byte \(offset)): \(message)" }
            return "invalid JSON at byte \(offset): \(message)"
        }
    }
}
