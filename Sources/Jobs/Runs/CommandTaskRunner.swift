/// Runs command tasks as processes: a shell line with `/bin/sh -c`, or an argument vector;
/// output goes to the attempt's log. The process leads its own process group, so a timeout or
/// cancel stops it and its children (SIGTERM, then SIGKILL after two seconds).
///
/// The environment adds `LAKE_JOB_ID`, `LAKE_RUN_ID`, `LAKE_TASK_KEY`, `LAKE_TASK_ATTEMPT`,
/// `LAKE_WAREHOUSE`, `LAKE_WORKSPACE` and each job parameter as `LAKE_PARAM_<name>`;
/// `{{job.parameters.x}}`-style references in the command are filled in.
public enum CommandTaskRunner {
    /// Runs a command task.
    public static func run(_ task: CommandTask, _ context: TaskContext) throws {
        let substitution = context.substitution(taskParameters: [:])
        let arguments: [String]
        if let shell = task.shell {
            arguments = ["/bin/sh", "-c", substitution.apply(shell)]
        } else {
            arguments = task.arguments.map { substitution.apply($0) }
        }
        var environment = ChildProcess.environmentDictionary()
        environment["LAKE_JOB_ID"] = String(context.jobId)
        environment["LAKE_RUN_ID"] = String(context.runId)
        environment["LAKE_TASK_KEY"] = context.taskKey
        environment["LAKE_TASK_ATTEMPT"] = String(context.attempt)
        environment["LAKE_WAREHOUSE"] = context.warehouse
        environment["LAKE_WORKSPACE"] = context.workspace.root
        for (k, v) in context.jobParameters { environment["LAKE_PARAM_\(k)"] = v }
        for (k, v) in task.environment { environment[k] = substitution.apply(v) }
        let directory = context.resolvePath(task.workingDirectory ?? context.warehouse)
        context.log("$ \(arguments.joined(separator: " "))")
        let pid: Int32
        do {
            pid = try ChildProcess.spawn(arguments, environment: environment, workingDirectory: directory, outputPath: context.logPath)
        } catch let e as JobsError {
            throw TaskFailure(e.description)
        }
        switch ChildProcess.wait(pid, shouldStop: { context.isStopRequested }) {
        case .exited(0):
            return
        case .exited(let code):
            throw TaskFailure("command exited with status \(code)")
        case .signaled(let signal):
            throw TaskFailure("command was killed by signal \(signal)")
        case .stopped:
            throw TaskStopped(context.stopReason ?? .canceled)
        }
    }
}
