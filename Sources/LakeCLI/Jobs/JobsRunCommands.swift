import ArgumentParser
import Lakehouse

// The run verbs exist twice — as `lake jobs get-run ...` (the Databricks CLI) and as
// `lake runs get ...` (the seed's `run get`) — so their arguments live in shared groups.

/// The arguments of get-run.
struct GetRunArguments: ParsableArguments {
    @Argument(help: "The run id.")
    var runId: Int64

    @Option(help: "text or json.")
    var output: OutputFormat = .text

    @OptionGroup var options: WorkspaceOptions

    func run() throws { try RunPrinting.getRun(runId, output, options) }
}

/// The arguments of get-run-output.
struct GetRunOutputArguments: ParsableArguments {
    @Argument(help: "A task run id, or a job run id.")
    var runId: Int64

    @Option(help: "The task (for a job run id).")
    var taskKey: String?

    @Option(help: "The attempt (default: the last).")
    var attempt: Int?

    @OptionGroup var options: WorkspaceOptions

    func run() throws { try RunPrinting.output(runId, taskKey: taskKey, attempt: attempt, options) }
}

/// The arguments of list-runs.
struct ListRunsArguments: ParsableArguments {
    @Option(help: "Only this job's runs.")
    var jobId: Int64?

    @Flag(help: "Only runs that have not finished.")
    var activeOnly = false

    @Flag(help: "Only finished runs.")
    var completedOnly = false

    @Option(help: "At most this many runs.")
    var limit: Int = 25

    @Option(help: "text or json.")
    var output: OutputFormat = .text

    @OptionGroup var options: WorkspaceOptions

    func run() throws { try RunPrinting.listRuns(jobId: jobId, activeOnly: activeOnly, completedOnly: completedOnly, limit: limit, output, options) }
}

/// The arguments of cancel-run.
struct CancelRunArguments: ParsableArguments {
    @Argument(help: "The run id.")
    var runId: Int64

    @Flag(help: "Return at once instead of waiting for TERMINATED.")
    var noWait = false

    @Option(help: "Seconds to wait.")
    var timeout: Int = 120

    @Option(help: "text or json.")
    var output: OutputFormat = .text

    @OptionGroup var options: WorkspaceOptions

    func run() throws { try RunPrinting.cancel(runId, noWait: noWait, timeoutSeconds: timeout, output, options) }
}

/// `lake jobs get-run`.
struct JobsGetRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get-run", abstract: "Show a run: its state, tasks (with attempts) and lineage.")
    @OptionGroup var arguments: GetRunArguments
    func run() throws { try arguments.run() }
}

/// `lake jobs get-run-output`.
struct JobsGetRunOutputCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get-run-output", abstract: "Print a task run's log (by task run id, or run id and --task-key).")
    @OptionGroup var arguments: GetRunOutputArguments
    func run() throws { try arguments.run() }
}

/// `lake jobs list-runs`.
struct JobsListRunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list-runs", abstract: "List runs, newest first.")
    @OptionGroup var arguments: ListRunsArguments
    func run() throws { try arguments.run() }
}

/// `lake jobs cancel-run`.
struct JobsCancelRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel-run", abstract: "Cancel a run; waits until it has stopped.")
    @OptionGroup var arguments: CancelRunArguments
    func run() throws { try arguments.run() }
}

/// `lake jobs _execute-run`: the background runner `run-now --no-wait` and the scheduler start.
struct JobsExecuteRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "_execute-run", abstract: "Execute a pending run (internal).", shouldDisplay: false)

    @Argument(help: "The run id.")
    var runId: Int64

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        let final = try RunPrinting.execute(runId, api: options.api)
        StandardOutput.line("run \(runId): \(final.state.summary)")
    }
}

/// `lake jobs scheduler`.
struct JobsSchedulerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scheduler",
        abstract: "Run scheduled jobs (schedule.quartz_cron_expression) until stopped; runs the foreground.",
        discussion: """
            Each fire time starts a run (trigger PERIODIC) in a background process; a job at its \
            max_concurrent_runs gets a SKIPPED run. Paused schedules are ignored; changes to jobs take effect \
            within a second. Fire times missed while the scheduler was down are not caught up. Keep it running \
            with a service manager (README: a systemd user unit).
            """)

    @Flag(help: "Fire the jobs due in the last --window seconds, then exit (for running from cron or a timer).")
    var once = false

    @Option(help: "With --once: how far back fire times count, in seconds.")
    var window: Int = 60

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        let (workspace, warehouse) = options.resolved
        let api = JobsAPI(workspace: workspace)
        let now = CLIClock.nowMillis()
        let scheduler = Scheduler(api: api, warehouse: warehouse, start: once ? now - Int64(max(0, window)) * 1000 : nil) { run in
            try api.launchDetached(runId: run.runId, arguments: LakeExecutable.runnerArguments(runId: run.runId, workspace: workspace))
        }
        scheduler.log = { StandardOutput.error($0) }
        if once {
            try scheduler.tick(now: now)
            return
        }
        let upcoming = try scheduler.upcoming()
        StandardOutput.error("scheduler: workspace \(workspace.root), warehouse \(warehouse); \(upcoming.count) scheduled job(s)")
        for (job, t) in upcoming { StandardOutput.error("  job \(job.jobId) (\(job.settings.name)): next run \(JobsOutput.time(t))") }
        scheduler.run()
    }
}

/// `lake runs` (also `lake run`): the seed's `run get` and friends, mapped onto the jobs verbs.
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "Aliases: `runs get` = jobs get-run, `runs list` = jobs list-runs, `runs cancel` = jobs cancel-run, `runs get-output` = jobs get-run-output.",
        subcommands: [RunsGetCommand.self, RunsListCommand.self, RunsCancelCommand.self, RunsGetOutputCommand.self],
        aliases: ["run"])
}

/// `lake runs get`.
struct RunsGetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Same as `lake jobs get-run`.")
    @OptionGroup var arguments: GetRunArguments
    func run() throws { try arguments.run() }
}

/// `lake runs list`.
struct RunsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Same as `lake jobs list-runs`.")
    @OptionGroup var arguments: ListRunsArguments
    func run() throws { try arguments.run() }
}

/// `lake runs cancel`.
struct RunsCancelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Same as `lake jobs cancel-run`.")
    @OptionGroup var arguments: CancelRunArguments
    func run() throws { try arguments.run() }
}

/// `lake runs get-output`.
struct RunsGetOutputCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get-output", abstract: "Same as `lake jobs get-run-output`.")
    @OptionGroup var arguments: GetRunOutputArguments
    func run() throws { try arguments.run() }
}
