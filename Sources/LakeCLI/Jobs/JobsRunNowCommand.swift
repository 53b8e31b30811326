#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Lakehouse

/// `lake jobs run-now` (also `lake jobs run`).
struct JobsRunNowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run-now",
        abstract: "Run a job now; waits for it to finish, printing task progress.",
        discussion: """
            Progress goes to standard error, the finished run to standard output. The exit status is 0 when the \
            run's result is SUCCESS (or SUCCESS_WITH_FAILURES), 1 otherwise (FAILED, TIMEDOUT, CANCELED, SKIPPED). \
            Ctrl-C cancels the run. With --no-wait the run executes in a background process; watch it with \
            `lake jobs get-run RUN_ID`.
            """,
        aliases: ["run"])

    @Argument(help: "The job id.")
    var jobId: Int64

    @Option(name: .customLong("job-params"), help: "Job parameter values: name=value (repeatable, or comma-separated), or a JSON object.")
    var jobParams: [String] = []

    @Flag(help: "Start the run in the background and return its id.")
    var noWait = false

    @Option(help: "text or json.")
    var output: OutputFormat = .text

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        let (workspace, warehouse) = options.resolved
        let api = JobsAPI(workspace: workspace)
        let params = try Self.parameters(jobParams)
        let run = try api.startRun(jobId: jobId, jobParameters: params, warehouse: warehouse)
        if run.state.lifeCycleState == .skipped {
            RunPrinting.print(run, output)
            StandardOutput.error("run \(run.runId): SKIPPED: \(run.state.stateMessage)")
            throw ExitCode(1)
        }
        if noWait {
            let runner = try api.launchDetached(runId: run.runId, arguments: LakeExecutable.runnerArguments(runId: run.runId, workspace: workspace))
            if output == .json {
                StandardOutput.line(JSONValue.object(JSONObject([.init("run_id", .int(run.runId)), .init("number_in_job", .int(run.runId))])).serialized(pretty: true))
            } else {
                StandardOutput.line("Started run \(run.runId) of job \(jobId) in the background (pid \(runner.pid)); watch it with `lake jobs get-run \(run.runId)`")
            }
            return
        }
        let final = try RunPrinting.execute(run.runId, api: api)
        RunPrinting.print(final, output)
        if final.state.resultState != .success && final.state.resultState != .successWithFailures { throw ExitCode(1) }
    }

    /// `a=1,b=2`, `c=3` or `{"a": "1"}` → a map.
    static func parameters(_ values: [String]) throws -> [String: String] {
        var out: [String: String] = [:]
        for v in values {
            if v.hasPrefix("{") {
                guard let o = (try? JSONValue(parsing: v))?.objectValue else { throw ValidationError("--job-params \(v): not a JSON object") }
                for m in o.members { out[m.key] = m.value.stringValue ?? m.value.serialized() }
                continue
            }
            for pair in v.split(separator: ",") {
                guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else {
                    throw ValidationError("--job-params \(pair): expected name=value")
                }
                out[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
            }
        }
        return out
    }
}

/// Cancels the run being executed when the user presses Ctrl-C (the handler only writes the
/// cancel marker; the executor notices it and stops the tasks).
nonisolated(unsafe) private var interruptMarker: UnsafeMutablePointer<CChar>?

/// Shared by run-now, `_execute-run` and the runs aliases.
enum RunPrinting {
    /// Executes a run in this process, printing progress; Ctrl-C cancels it.
    static func execute(_ runId: Int64, api: JobsAPI, progress: Bool = true) throws -> JobRun {
        interruptMarker = strdup(api.workspace.root + "/runs/\(runId)/cancel")
        let handler: @convention(c) (Int32) -> Void = { sig in
            if let path = interruptMarker {
                let fd = open(path, O_WRONLY | O_CREAT, 0o644)
                if fd >= 0 { close(fd) }
            }
            signal(sig, SIG_DFL)
        }
        signal(SIGINT, handler)
        signal(SIGTERM, handler)
        defer {
            signal(SIGINT, SIG_DFL)
            signal(SIGTERM, SIG_DFL)
        }
        let executor = RunExecutor(api: api, runners: LakeTaskRunners.make())
        if progress { executor.onEvent = { JobsOutput.progress($0) } }
        return try executor.execute(runId: runId)
    }

    /// Prints a run in the chosen format.
    static func print(_ run: JobRun, _ output: OutputFormat) {
        if output == .json {
            StandardOutput.line(run.json.serialized(pretty: true))
        } else {
            JobsOutput.printRun(run)
        }
    }

    /// `get-run`.
    static func getRun(_ runId: Int64, _ output: OutputFormat, _ options: WorkspaceOptions) throws {
        print(try options.api.run(runId), output)
    }

    /// `list-runs`.
    static func listRuns(jobId: Int64?, activeOnly: Bool, completedOnly: Bool, limit: Int, _ output: OutputFormat, _ options: WorkspaceOptions) throws {
        let runs = try options.api.runs(jobId: jobId, activeOnly: activeOnly, completedOnly: completedOnly, limit: limit)
        if output == .json {
            StandardOutput.line(JSONValue.array(runs.map(\.json)).serialized(pretty: true))
        } else {
            JobsOutput.printRuns(runs)
        }
    }

    /// `cancel-run`: asks the run to stop, then (unless `noWait`) waits for it to end.
    static func cancel(_ runId: Int64, noWait: Bool, timeoutSeconds: Int, _ output: OutputFormat, _ options: WorkspaceOptions) throws {
        let api = options.api
        var run = try api.cancelRun(runId)
        if !noWait {
            let deadline = CLIClock.monotonicMillis() + Int64(timeoutSeconds) * 1000
            while !run.state.lifeCycleState.isFinal && CLIClock.monotonicMillis() < deadline {
                usleep(100_000)
                run = try api.run(runId)
            }
            if !run.state.lifeCycleState.isFinal {
                throw ValidationError("run \(runId) is still \(run.state.lifeCycleState.rawValue) after \(timeoutSeconds) s")
            }
        }
        if output == .json {
            print(run, output)
        } else {
            StandardOutput.line("Run \(runId): \(run.state.summary)" + (run.state.stateMessage.isEmpty ? "" : ": \(run.state.stateMessage)"))
        }
    }

    /// `get-run-output`: a task run's log (a job run with several tasks needs `taskKey`, or
    /// prints every task's).
    static func output(_ id: Int64, taskKey: String?, attempt: Int?, _ options: WorkspaceOptions) throws {
        let api = options.api
        if let run = try? api.run(id) {
            let keys = taskKey.map { [$0] } ?? run.tasks.map(\.taskKey)
            for key in keys {
                if keys.count > 1 { StandardOutput.line("==> \(key) <==") }
                StandardOutput.line(try api.log(runId: id, taskKey: key, attempt: attempt))
            }
            return
        }
        let (run, task) = try api.taskRun(id)
        StandardOutput.line(try api.log(runId: run.runId, taskKey: task.taskKey, attempt: attempt))
    }
}

/// Clocks for the jobs commands.
enum CLIClock {
    /// Monotonic milliseconds.
    static func monotonicMillis() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    /// Milliseconds since the epoch.
    static func nowMillis() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}
