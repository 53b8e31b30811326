/// Runs a pipeline task (supplied by the layer that has the pipeline module). Returning
/// means success; throwing fails the attempt with the error's description as its
/// state_message. Check ``TaskContext/isStopRequested`` between steps; commit through
/// engines from ``TaskContext/makeEngine(extraCommitInfo:)`` (or add
/// ``TaskContext/commitInfoJob`` to your commits) so commits carry the job and run ids.
public typealias PipelineTaskRunner = @Sendable (PipelineTask, TaskContext) throws -> Void

/// How each kind of task body runs. The defaults run notebooks and SQL through the query
/// engine and commands as processes; pipeline tasks need a runner from above (the Jobs module
/// does not depend on the pipeline module).
public struct TaskRunners: Sendable {
    /// Runs `notebook_task`.
    public var notebook: @Sendable (NotebookTask, TaskContext) throws -> Void
    /// Runs `sql_task`.
    public var sql: @Sendable (SQLTask, TaskContext) throws -> Void
    /// Runs `command_task`.
    public var command: @Sendable (CommandTask, TaskContext) throws -> Void
    /// Runs `pipeline_task`.
    public var pipeline: PipelineTaskRunner

    /// The built-in runners, with `pipeline` for pipeline tasks.
    public init(pipeline: @escaping PipelineTaskRunner = TaskRunners.pipelineUnavailable) {
        notebook = { try SQLTaskRunner.run($0, $1) }
        sql = { try SQLTaskRunner.run($0, $1) }
        command = { try CommandTaskRunner.run($0, $1) }
        self.pipeline = pipeline
    }

    /// The pipeline runner used until one is supplied: fails the task saying so.
    public static let pipelineUnavailable: PipelineTaskRunner = { task, _ in
        throw JobsError(.invalidState, "pipeline tasks need the pipeline module, which this build does not wire in (pipeline \(task.pipeline))")
    }

    /// Runs a task's body.
    func run(_ body: TaskBody, _ context: TaskContext) throws {
        switch body {
        case .notebook(let t): try notebook(t, context)
        case .sql(let t): try sql(t, context)
        case .command(let t): try command(t, context)
        case .pipeline(let t): try pipeline(t, context)
        }
    }
}

/// The error a runner throws when it stopped because the executor asked it to.
public struct TaskStopped: Error, Sendable, CustomStringConvertible {
    /// Why.
    public var reason: StopReason
    /// Creates the error.
    public init(_ reason: StopReason) { self.reason = reason }
    /// Why, in words.
    public var description: String { "stopped (\(reason))" }
}
