/// The one error type of the JSON module: what was wrong and at which byte offset.
public struct JSONError: Error, Sendable, CustomStringConvertible {
    /// What was wrong.
    public var message: String
    /// Byte offset in the input where the problem was found.
    public var offset: Int

    /// Creates an error.
    public init(_ message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { "invalid JSON at byte \(offset): \(message)" }
}
