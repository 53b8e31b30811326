/// The one error type of the Jobs module: a code, a message, and where the problem is (a JSON
/// path such as `tasks[1].depends_on[0].task_key`, a workspace path, or a file).
public struct JobsError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What kind of failure this is.
    public enum Code: String, Sendable {
        /// A job definition (JSON) is malformed or inconsistent.
        case invalidJob
        /// A Quartz cron expression does not parse.
        case invalidCron
        /// A time zone id is unknown or its data is unreadable.
        case invalidTimeZone
        /// A job, run, notebook or workspace object does not exist.
        case notFound
        /// A workspace object already exists (import without `--overwrite`).
        case alreadyExists
        /// A command-line or API argument is invalid.
        case invalidArgument
        /// A notebook's source cannot be used (wrong format or language).
        case invalidNotebook
        /// The run is in a state that does not allow the request.
        case invalidState
        /// Reading or writing the workspace directory failed.
        case io
    }

    /// What kind of failure this is.
    public var code: Code
    /// What was wrong (and, for bad input, what was expected).
    public var message: String
    /// Where: a JSON path, a workspace path or a file path.
    public var location: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, at location: String? = nil) {
        self.code = code
        self.message = message
        self.location = location
    }

    /// `location: message`.
    public var description: String {
        if let location, !location.isEmpty { return "\(location): \(message)" }
        return message
    }
}
