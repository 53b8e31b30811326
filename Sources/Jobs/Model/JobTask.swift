/// One task of a job (Jobs API 2.1 `tasks[]`).
public struct JobTask: Sendable, Equatable {
    /// The task's unique key within the job.
    public var taskKey: String
    /// A description.
    public var description: String?
    /// The task keys this task waits for.
    public var dependsOn: [String]
    /// When it runs, given its dependencies' outcomes.
    public var runIf: RunIf
    /// Seconds an attempt may take before it is stopped (0: no limit).
    public var timeoutSeconds: Int
    /// Retries after a failed attempt (-1: retry until it succeeds).
    public var maxRetries: Int
    /// Minimum milliseconds between the start of a failed attempt and the next one.
    public var minRetryIntervalMillis: Int
    /// Whether an attempt that timed out is retried.
    public var retryOnTimeout: Bool
    /// What the task runs.
    public var body: TaskBody

    /// A task.
    public init(taskKey: String, body: TaskBody, dependsOn: [String] = [], runIf: RunIf = .allSuccess, timeoutSeconds: Int = 0,
                maxRetries: Int = 0, minRetryIntervalMillis: Int = 0, retryOnTimeout: Bool = false, description: String? = nil) {
        self.taskKey = taskKey
        self.body = body
        self.dependsOn = dependsOn
        self.runIf = runIf
        self.timeoutSeconds = timeoutSeconds
        self.maxRetries = maxRetries
        self.minRetryIntervalMillis = minRetryIntervalMillis
        self.retryOnTimeout = retryOnTimeout
        self.description = description
    }
}

/// What a task runs.
public enum TaskBody: Sendable, Equatable {
    /// A workspace notebook (SQL notebooks run cell by cell).
    case notebook(NotebookTask)
    /// A pipeline definition file, run by the pipeline module.
    case pipeline(PipelineTask)
    /// SQL from a file or inline.
    case sql(SQLTask)
    /// A process (glue: copy files, call a script).
    case command(CommandTask)

    /// The Jobs API field holding this body.
    public var fieldName: String {
        switch self {
        case .notebook: "notebook_task"
        case .pipeline: "pipeline_task"
        case .sql: "sql_task"
        case .command: "command_task"
        }
    }

    /// A short description for progress lines and tables.
    public var summary: String {
        switch self {
        case .notebook(let n): "notebook \(n.notebookPath)"
        case .pipeline(let p): "pipeline \(p.pipeline)" + (p.fullRefresh ? " (full refresh)" : "")
        case .sql(let s): s.file.map { "sql file \($0)" } ?? "sql query"
        case .command(let c): "command " + (c.shell ?? c.arguments.joined(separator: " "))
        }
    }
}

/// `notebook_task`.
public struct NotebookTask: Sendable, Equatable {
    /// The notebook's workspace path (`/Users/me/DataProcessing`).
    public var notebookPath: String
    /// Widget values (job parameters with the same name override them).
    public var baseParameters: [String: String]

    /// A notebook task.
    public init(notebookPath: String, baseParameters: [String: String] = [:]) {
        self.notebookPath = notebookPath
        self.baseParameters = baseParameters
    }
}

/// `pipeline_task`: runs a pipeline definition file.
public struct PipelineTask: Sendable, Equatable {
    /// The pipeline file (`pipeline` or `pipeline_id` in the JSON), absolute once the job's
    /// directory is applied.
    public var pipeline: String
    /// Whether to reprocess everything (streaming tables truncated).
    public var fullRefresh: Bool

    /// A pipeline task.
    public init(pipeline: String, fullRefresh: Bool = false) {
        self.pipeline = pipeline
        self.fullRefresh = fullRefresh
    }
}

/// `sql_task`: a SQL file (`file.path`: a workspace file or notebook, else a local file) or
/// inline SQL (`query`).
public struct SQLTask: Sendable, Equatable {
    /// The file path.
    public var file: String?
    /// Inline SQL.
    public var query: String?
    /// Parameter values (`:name`, `${name}`, `{{name}}`).
    public var parameters: [String: String]

    /// A SQL task.
    public init(file: String? = nil, query: String? = nil, parameters: [String: String] = [:]) {
        self.file = file
        self.query = query
        self.parameters = parameters
    }
}

/// `command_task` (a lake extension for glue steps): a shell command line (`/bin/sh -c`) or
/// an argument vector.
public struct CommandTask: Sendable, Equatable {
    /// A shell command line, run with `/bin/sh -c`.
    public var shell: String?
    /// Or: the program and its arguments.
    public var arguments: [String]
    /// Extra environment variables.
    public var environment: [String: String]
    /// The working directory (default: the warehouse).
    public var workingDirectory: String?

    /// A command task.
    public init(shell: String? = nil, arguments: [String] = [], environment: [String: String] = [:], workingDirectory: String? = nil) {
        self.shell = shell
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
    }
}
