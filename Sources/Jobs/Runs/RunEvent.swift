/// What the executor reports while a run progresses (the CLI prints these).
public enum RunEvent: Sendable {
    /// The run started (RUNNING), or found it had nothing to do.
    case runStarted(JobRun)
    /// A task attempt started.
    case taskStarted(taskKey: String, attempt: Int)
    /// A task attempt failed and will be retried after `delayMillis`.
    case taskRetrying(taskKey: String, attempt: Int, delayMillis: Int64, message: String)
    /// A task reached its final state.
    case taskFinished(TaskRun)
    /// The run reached its final state.
    case runFinished(JobRun)
}
