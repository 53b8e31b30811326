#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LakeJSON

/// The Jobs API over a local workspace: create, list, get, reset, update and delete jobs;
/// start, list, get and cancel runs. The CLI's `lake jobs ...` verbs call these.
///
/// Every change holds the workspace lock, so concurrent `lake` processes never lose an update
/// or hand out the same id. A run's record is written by the process executing it;
/// `cancelRun` leaves a marker that the runner notices within its poll interval.
public struct JobsAPI: Sendable {
    /// The workspace.
    public let workspace: Workspace

    /// The API over `workspace`.
    public init(workspace: Workspace) {
        self.workspace = workspace
    }

    /// The OS user running this process.
    public static var currentUserName: String {
        if let user = FileSystem.environment("USER") { return user }
        if let pw = getpwuid(getuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return String(getuid())
    }

    // MARK: Jobs

    func jobFile(_ id: Int64) -> String { "\(workspace.jobsDirectory)/\(id).json" }

    /// Creates a job from its settings (Jobs API 2.1 or 2.0 JSON). Relative file paths in the
    /// settings resolve against `baseDirectory` (the JSON file's directory). Returns the job
    /// and notes about ignored fields.
    public func create(_ settingsJSON: JSONValue, baseDirectory: String) throws -> (job: Job, notes: [String]) {
        let (settings, notes) = try JobSettings.parse(settingsJSON)
        let job = try workspace.withLock {
            let id = try workspace.allocateIDs("job")[0]
            let job = Job(jobId: id, createdTime: Clock.nowMillis(), creatorUserName: Self.currentUserName,
                          baseDirectory: FileSystem.absolute(baseDirectory), settings: settings)
            try FileSystem.writeAtomically(jobFile(id), job.storedJSON.serialized(pretty: true) + "\n")
            return job
        }
        return (job, notes)
    }

    /// The job with id `id`.
    public func job(_ id: Int64) throws -> Job {
        guard let text = try FileSystem.readText(jobFile(id)) else {
            throw JobsError(.notFound, "job \(id) does not exist (see `lake jobs list`)")
        }
        return try Job(stored: try parseJSON(text, jobFile(id)), file: jobFile(id))
    }

    /// Every job, by id; `name` filters by exact name.
    public func jobs(name: String? = nil) throws -> [Job] {
        let ids = FileSystem.list(workspace.jobsDirectory).compactMap { f -> Int64? in
            guard f.hasSuffix(".json") else { return nil }
            return Int64(f.dropLast(5))
        }.sorted()
        return try ids.compactMap { id in
            do { return try job(id) } catch let e as JobsError where e.code == .notFound { return nil }
        }.filter { name == nil || $0.settings.name == name }
    }

    /// Replaces a job's settings (`jobs reset`).
    @discardableResult
    public func reset(_ id: Int64, _ settingsJSON: JSONValue, baseDirectory: String) throws -> [String] {
        let (settings, notes) = try JobSettings.parse(settingsJSON)
        try workspace.withLock {
            var job = try self.job(id)
            job.settings = settings
            job.baseDirectory = FileSystem.absolute(baseDirectory)
            try FileSystem.writeAtomically(jobFile(id), job.storedJSON.serialized(pretty: true) + "\n")
        }
        return notes
    }

    /// Changes some top-level settings fields (`jobs update`: `new_settings` members replace
    /// the job's, `fieldsToRemove` are deleted); the result must validate.
    @discardableResult
    public func update(_ id: Int64, newSettings: JSONObject, fieldsToRemove: [String] = []) throws -> [String] {
        try workspace.withLock {
            var job = try self.job(id)
            var json = job.settings.json
            for m in newSettings.members { json[m.key] = m.value }
            for f in fieldsToRemove { json[f] = nil }
            let (settings, notes) = try JobSettings.parse(.object(json))
            job.settings = settings
            try FileSystem.writeAtomically(jobFile(id), job.storedJSON.serialized(pretty: true) + "\n")
            return notes
        }
    }

    /// Deletes a job (its past runs stay listed).
    public func delete(_ id: Int64) throws {
        try workspace.withLock {
            guard FileSystem.exists(jobFile(id)) else { throw JobsError(.notFound, "job \(id) does not exist") }
            try FileSystem.remove(jobFile(id))
        }
    }

    func parseJSON(_ text: String, _ file: String) throws -> JSONValue {
        do { return try JSONValue(parsing: text) } catch { throw JobsError(.io, "unreadable record: \(error)", at: file) }
    }

    // MARK: Runs

    func runDirectory(_ id: Int64) -> String { "\(workspace.runsDirectory)/\(id)" }
    func runFile(_ id: Int64) -> String { runDirectory(id) + "/run.json" }
    func cancelMarker(_ id: Int64) -> String { runDirectory(id) + "/cancel" }

    /// Creates a run of job `jobId` (PENDING), or a SKIPPED one when the job already has
    /// `max_concurrent_runs` active runs. `jobParameters` override the job's defaults (a name
    /// the job does not define is an error). The caller then executes it (``RunExecutor``) or
    /// hands it to a background process.
    public func startRun(jobId: Int64, jobParameters: [String: String] = [:], trigger: String = "ONE_TIME", warehouse: String) throws -> JobRun {
        try workspace.withLock {
            let job = try self.job(jobId)
            let settings = job.settings
            for name in jobParameters.keys.sorted() where !settings.parameters.contains(where: { $0.name == name }) {
                let defined = settings.parameters.map(\.name)
                throw JobsError(.invalidArgument, "job \(jobId) defines no parameter '\(name)'" + (defined.isEmpty ? " (it has no job parameters)" : " (parameters: \(defined.joined(separator: ", ")))"))
            }
            let active = try runsLocked(jobId: jobId).filter { !$0.state.lifeCycleState.isFinal }
            let ids = try workspace.allocateIDs("run", count: 1 + settings.tasks.count)
            let tasksJSON = settings.json["tasks"]?.arrayValue
            let tasks = settings.tasks.enumerated().map { i, t in
                TaskRun(task: t, runId: ids[i + 1], settingsTask: tasksJSON.map { i < $0.count ? $0[i] : .null } ?? .object(settings.json))
            }
            let parameters = settings.parameters.map { ($0.name, $0.defaultValue, jobParameters[$0.name] ?? $0.defaultValue) }
            var run = JobRun(runId: ids[0], jobId: jobId, runName: settings.name, creatorUserName: Self.currentUserName, trigger: trigger,
                             state: RunState(.pending), startTime: Clock.nowMillis(), tasks: tasks, jobParameters: parameters,
                             warehouse: FileSystem.absolute(warehouse), baseDirectory: job.baseDirectory, settingsJSON: settings.json)
            if active.count >= settings.maxConcurrentRuns {
                run.state = RunState(.skipped, message: "Skipping this run because the limit of \(settings.maxConcurrentRuns) maximum concurrent runs has been reached (active: \(active.map { String($0.runId) }.joined(separator: ", ")))")
                run.endTime = run.startTime
                for i in run.tasks.indices { run.tasks[i].state = RunState(.skipped, message: "the run was skipped") }
            }
            try FileSystem.writeAtomically(runFile(run.runId), run.storedJSON.serialized(pretty: true) + "\n")
            return run
        }
    }

    /// Reads a run record as stored.
    func storedRun(_ id: Int64) throws -> JobRun {
        guard let text = try FileSystem.readText(runFile(id)) else {
            throw JobsError(.notFound, "run \(id) does not exist (see `lake jobs list-runs`)")
        }
        return try JobRun(stored: try parseJSON(text, runFile(id)), file: runFile(id))
    }

    /// Writes a run record (holding the lock).
    func save(_ run: JobRun) throws {
        try workspace.withLock {
            try FileSystem.writeAtomically(runFile(run.runId), run.storedJSON.serialized(pretty: true) + "\n")
        }
    }

    /// A run, its state corrected when its runner process died without finishing it.
    public func run(_ id: Int64) throws -> JobRun {
        let run = try storedRun(id)
        if run.state.lifeCycleState.isFinal || !needsReconcile(run) { return run }
        return try workspace.withLock { try reconcileLocked(try storedRun(id)) }
    }

    /// A task run by its own run id, with the job run holding it.
    public func taskRun(_ taskRunId: Int64) throws -> (run: JobRun, task: TaskRun) {
        for run in try runs() {
            if let t = run.tasks.first(where: { $0.runId == taskRunId }) { return (run, t) }
        }
        throw JobsError(.notFound, "no task run has id \(taskRunId)")
    }

    /// Runs, newest first; `jobId` filters by job, `activeOnly`/`completedOnly` by state.
    public func runs(jobId: Int64? = nil, activeOnly: Bool = false, completedOnly: Bool = false, limit: Int? = nil) throws -> [JobRun] {
        var out = try runsLocked(jobId: jobId, reconcile: false)
        if out.contains(where: { !$0.state.lifeCycleState.isFinal && needsReconcile($0) }) {
            out = try workspace.withLock { try runsLocked(jobId: jobId) }
        }
        out = out.filter { (!activeOnly || !$0.state.lifeCycleState.isFinal) && (!completedOnly || $0.state.lifeCycleState.isFinal) }
        if let limit { out = Array(out.prefix(max(0, limit))) }
        return out
    }

    /// Every run record (optionally of one job), newest first; with `reconcile`, dead
    /// runners' runs are marked (call holding the lock).
    func runsLocked(jobId: Int64?, reconcile: Bool = true) throws -> [JobRun] {
        let ids = FileSystem.list(workspace.runsDirectory).compactMap { Int64($0) }.sorted(by: >)
        var out: [JobRun] = []
        for id in ids {
            guard var run = try? storedRun(id) else { continue }
            if let jobId, run.jobId != jobId { continue }
            if reconcile && !run.state.lifeCycleState.isFinal && needsReconcile(run) { run = try reconcileLocked(run) }
            out.append(run)
        }
        return out
    }

    /// Seconds a PENDING run may wait for its runner to record itself.
    static let pendingGraceMillis: Int64 = 30_000

    func needsReconcile(_ run: JobRun) -> Bool {
        if let runner = run.runner { return !runner.isAlive }
        return Clock.nowMillis() - run.startTime > Self.pendingGraceMillis
    }

    /// Marks a run whose runner is gone: CANCELED when a cancel was asked for, else
    /// INTERNAL_ERROR. Call holding the lock.
    func reconcileLocked(_ run: JobRun) throws -> JobRun {
        guard !run.state.lifeCycleState.isFinal, needsReconcile(run) else { return run }
        var run = run
        let now = Clock.nowMillis()
        let canceled = FileSystem.exists(cancelMarker(run.runId))
        let why = run.runner.map { "the runner process (pid \($0.pid)) ended without finishing the run" } ?? "no runner picked the run up"
        run.state = canceled ? RunState(.terminated, .canceled, message: "Run canceled (\(why))", userCancelledOrTimedout: true)
                             : RunState(.internalError, message: why)
        run.endTime = now
        for i in run.tasks.indices where !run.tasks[i].state.lifeCycleState.isFinal {
            run.tasks[i].state = canceled ? RunState(.terminated, .canceled, message: "Run canceled", userCancelledOrTimedout: true)
                                          : RunState(.internalError, message: why)
            if run.tasks[i].startTime > 0 { run.tasks[i].endTime = now }
        }
        try FileSystem.writeAtomically(runFile(run.runId), run.storedJSON.serialized(pretty: true) + "\n")
        return run
    }

    /// Asks a run to stop: its runner cancels running tasks (killing processes, stopping SQL
    /// between cells) and skips the rest. A run nobody executes is canceled at once. Returns
    /// the run as it is now (use ``run(_:)`` to watch it reach TERMINATED).
    @discardableResult
    public func cancelRun(_ id: Int64) throws -> JobRun {
        try workspace.withLock {
            var run = try storedRun(id)
            if run.state.lifeCycleState.isFinal { return run }
            try FileSystem.writeAtomically(cancelMarker(id), "\(Clock.nowMillis())\n")
            if run.runner == nil || !(run.runner?.isAlive ?? false) {
                if run.runner == nil {
                    // Not picked up yet: cancel it here (a runner that starts later sees the marker).
                    let now = Clock.nowMillis()
                    run.state = RunState(.terminated, .canceled, message: "Run canceled before it started", userCancelledOrTimedout: true)
                    run.endTime = now
                    for i in run.tasks.indices { run.tasks[i].state = RunState(.skipped, .canceled, message: "Run canceled", userCancelledOrTimedout: true) }
                    try FileSystem.writeAtomically(runFile(id), run.storedJSON.serialized(pretty: true) + "\n")
                    return run
                }
                return try reconcileLocked(run)
            }
            return run
        }
    }

    /// Whether someone asked run `id` to stop.
    func isCancelRequested(_ id: Int64) -> Bool { FileSystem.exists(cancelMarker(id)) }

    /// Records the process that will execute a PENDING run (a background runner).
    public func setRunner(_ runId: Int64, _ runner: RunnerProcess) throws {
        try workspace.withLock {
            var run = try storedRun(runId)
            guard !run.state.lifeCycleState.isFinal, run.runner == nil else { return }
            run.runner = runner
            try FileSystem.writeAtomically(runFile(runId), run.storedJSON.serialized(pretty: true) + "\n")
        }
    }

    /// The log of a task run's attempt (the last attempt when `attempt` is nil).
    public func log(runId: Int64, taskKey: String, attempt: Int? = nil) throws -> String {
        let run = try self.run(runId)
        guard let task = run.task(taskKey) else {
            throw JobsError(.notFound, "run \(runId) has no task '\(taskKey)' (tasks: \(run.tasks.map(\.taskKey).joined(separator: ", ")))")
        }
        guard let a = attempt.flatMap({ n in task.attempts.first { $0.attemptNumber == n } }) ?? task.attempts.last else { return "" }
        return try FileSystem.readText(runDirectory(runId) + "/" + a.logFile) ?? ""
    }

    /// Starts a background process that executes a PENDING run: `arguments` is the command
    /// line (for the CLI: `lake jobs _execute-run RUN_ID --workspace DIR`). The process gets
    /// its own session and writes its output to `runs/ID/runner.log`.
    @discardableResult
    public func launchDetached(runId: Int64, arguments: [String]) throws -> RunnerProcess {
        try FileSystem.makeDirectories(runDirectory(runId))
        let pid = try ChildProcess.spawn(arguments, outputPath: runDirectory(runId) + "/runner.log", newSession: true)
        let runner = RunnerProcess(pid: pid, startTicks: RunnerProcess.procStat(pid)?.startTicks ?? 0)
        try setRunner(runId, runner)
        return runner
    }
}
