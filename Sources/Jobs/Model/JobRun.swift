import LakeJSON

/// A table a task read or wrote, at a version (lineage).
public struct LineageEntry: Sendable, Equatable {
    /// The table's name as the SQL named it.
    public var table: String
    /// Its directory (or file path).
    public var location: String
    /// The version read or committed (nil for plain files).
    public var version: Int64?
    /// For writes: the operation.
    public var operation: String?

    /// `name@v3`.
    public var summary: String { version.map { "\(table)@v\($0)" } ?? table }

    var json: JSONValue {
        var m: [JSONObject.Member] = [.init("table", .string(table)), .init("location", .string(location))]
        if let version { m.append(.init("version", .int(version))) }
        if let operation { m.append(.init("operation", .string(operation))) }
        return .object(JSONObject(m))
    }

    init(table: String, location: String, version: Int64?, operation: String?) {
        self.table = table
        self.location = location
        self.version = version
        self.operation = operation
    }

    init?(json v: JSONValue) {
        guard let t = v["table"]?.stringValue, let l = v["location"]?.stringValue else { return nil }
        self.init(table: t, location: l, version: v["version"]?.int64Value, operation: v["operation"]?.stringValue)
    }
}

/// One attempt of a task run (a lake extension to the Jobs API shape: every attempt's
/// outcome and log file).
public struct TaskAttempt: Sendable, Equatable {
    /// 0 for the first attempt.
    public var attemptNumber: Int
    /// Start, epoch milliseconds.
    public var startTime: Int64
    /// End, epoch milliseconds (0 while running).
    public var endTime: Int64
    /// How it ended.
    public var resultState: ResultState?
    /// Why.
    public var stateMessage: String
    /// The attempt's log, relative to the run directory.
    public var logFile: String

    var json: JSONValue {
        var m: [JSONObject.Member] = [.init("attempt_number", .int(Int64(attemptNumber))), .init("start_time", .int(startTime)), .init("end_time", .int(endTime))]
        if let resultState { m.append(.init("result_state", .string(resultState.rawValue))) }
        m.append(.init("state_message", .string(stateMessage)))
        m.append(.init("log_file", .string(logFile)))
        return .object(JSONObject(m))
    }

    init(attemptNumber: Int, startTime: Int64, logFile: String) {
        self.attemptNumber = attemptNumber
        self.startTime = startTime
        self.endTime = 0
        self.resultState = nil
        self.stateMessage = ""
        self.logFile = logFile
    }

    init(json v: JSONValue) {
        attemptNumber = Int(v["attempt_number"]?.int64Value ?? 0)
        startTime = v["start_time"]?.int64Value ?? 0
        endTime = v["end_time"]?.int64Value ?? 0
        resultState = v["result_state"]?.stringValue.flatMap(ResultState.init(rawValue:))
        stateMessage = v["state_message"]?.stringValue ?? ""
        logFile = v["log_file"]?.stringValue ?? ""
    }
}

/// A task's part of a run (Jobs API `RunTask`).
public struct TaskRun: Sendable {
    /// The task's key.
    public var taskKey: String
    /// The task run's own id.
    public var runId: Int64
    /// The keys it waited for.
    public var dependsOn: [String]
    /// Its run_if.
    public var runIf: RunIf
    /// Its state.
    public var state: RunState
    /// The current (last) attempt, 0 for the first.
    public var attemptNumber: Int
    /// Start of the first attempt, epoch milliseconds (0 if it never started).
    public var startTime: Int64
    /// End, epoch milliseconds (0 until it ends).
    public var endTime: Int64
    /// What it runs (`notebook_task`, ... as in the settings).
    public var body: JSONObject.Member?
    /// Every attempt.
    public var attempts: [TaskAttempt]
    /// Tables read (name, location, version).
    public var reads: [LineageEntry]
    /// Tables written (name, location, committed version).
    public var writes: [LineageEntry]

    /// Milliseconds it ran (all attempts).
    public var executionDuration: Int64 { startTime > 0 && endTime >= startTime ? endTime - startTime : 0 }

    var json: JSONValue {
        var m: [JSONObject.Member] = [
            .init("run_id", .int(runId)),
            .init("task_key", .string(taskKey)),
        ]
        if !dependsOn.isEmpty { m.append(.init("depends_on", .array(dependsOn.map { .object(JSONObject([.init("task_key", .string($0))])) }))) }
        m.append(.init("run_if", .string(runIf.rawValue)))
        if let body { m.append(body) }
        m.append(.init("state", state.json))
        m += [
            .init("attempt_number", .int(Int64(attemptNumber))),
            .init("start_time", .int(startTime)),
            .init("end_time", .int(endTime)),
            .init("setup_duration", .int(0)),
            .init("execution_duration", .int(executionDuration)),
            .init("cleanup_duration", .int(0)),
            .init("attempts", .array(attempts.map(\.json))),
            .init("lineage", .object(JSONObject([.init("reads", .array(reads.map(\.json))), .init("writes", .array(writes.map(\.json)))]))),
        ]
        return .object(JSONObject(m))
    }

    init(task: JobTask, runId: Int64, settingsTask: JSONValue?) {
        taskKey = task.taskKey
        self.runId = runId
        dependsOn = task.dependsOn
        runIf = task.runIf
        state = RunState(.pending)
        attemptNumber = 0
        startTime = 0
        endTime = 0
        body = settingsTask?[task.body.fieldName].map { JSONObject.Member(task.body.fieldName, $0) }
        attempts = []
        reads = []
        writes = []
    }

    init(json v: JSONValue) {
        taskKey = v["task_key"]?.stringValue ?? ""
        runId = v["run_id"]?.int64Value ?? 0
        dependsOn = v["depends_on"]?.arrayValue?.compactMap { $0["task_key"]?.stringValue } ?? []
        runIf = v["run_if"]?.stringValue.flatMap(RunIf.init(rawValue:)) ?? .allSuccess
        state = RunState(json: v["state"])
        attemptNumber = Int(v["attempt_number"]?.int64Value ?? 0)
        startTime = v["start_time"]?.int64Value ?? 0
        endTime = v["end_time"]?.int64Value ?? 0
        body = v.objectValue?.members.first { TaskBody.fieldNames.contains($0.key) }
        attempts = v["attempts"]?.arrayValue?.map(TaskAttempt.init(json:)) ?? []
        reads = v["lineage"]?["reads"]?.arrayValue?.compactMap(LineageEntry.init(json:)) ?? []
        writes = v["lineage"]?["writes"]?.arrayValue?.compactMap(LineageEntry.init(json:)) ?? []
    }
}

extension TaskBody {
    static let fieldNames: Set<String> = ["notebook_task", "pipeline_task", "sql_task", "command_task"]
}

extension RunState {
    var json: JSONValue {
        var m: [JSONObject.Member] = [.init("life_cycle_state", .string(lifeCycleState.rawValue))]
        if let resultState { m.append(.init("result_state", .string(resultState.rawValue))) }
        m.append(.init("state_message", .string(stateMessage)))
        m.append(.init("user_cancelled_or_timedout", .bool(userCancelledOrTimedout)))
        return .object(JSONObject(m))
    }

    init(json v: JSONValue?) {
        self.init(v?["life_cycle_state"]?.stringValue.flatMap(LifeCycleState.init(rawValue:)) ?? .internalError,
                  v?["result_state"]?.stringValue.flatMap(ResultState.init(rawValue:)),
                  message: v?["state_message"]?.stringValue ?? "",
                  userCancelledOrTimedout: v?["user_cancelled_or_timedout"]?.boolValue ?? false)
    }
}

/// The process executing a run (to tell a live runner from one that died).
public struct RunnerProcess: Sendable, Equatable {
    /// Its pid.
    public var pid: Int32
    /// Its start time in clock ticks since boot (Linux `/proc/PID/stat`), 0 when unknown.
    public var startTicks: Int64
}

/// A job run (Jobs API `Run`), plus what the local runner needs: the settings it runs, the
/// warehouse, and the runner process.
public struct JobRun: Sendable {
    /// The run's id.
    public var runId: Int64
    /// The job's id.
    public var jobId: Int64
    /// The job's name when the run started.
    public var runName: String
    /// Who started it.
    public var creatorUserName: String
    /// `ONE_TIME` (run-now), `PERIODIC` (the scheduler) or `RETRY`.
    public var trigger: String
    /// The run's state.
    public var state: RunState
    /// When it was created, epoch milliseconds.
    public var startTime: Int64
    /// When it ended (0 until then).
    public var endTime: Int64
    /// The tasks.
    public var tasks: [TaskRun]
    /// Job parameters: name, default, the value used.
    public var jobParameters: [(name: String, defaultValue: String, value: String)]
    /// The warehouse SQL runs against.
    public var warehouse: String
    /// The directory relative paths resolve against.
    public var baseDirectory: String
    /// The job settings the run executes (as they were when it started).
    public var settingsJSON: JSONObject
    /// The process executing it.
    public var runner: RunnerProcess?

    /// Milliseconds from start to end (or to now, while running).
    public var runDuration: Int64 {
        guard startTime > 0 else { return 0 }
        return (endTime > 0 ? endTime : Clock.nowMillis()) - startTime
    }

    /// The task run named `key`.
    public func task(_ key: String) -> TaskRun? { tasks.first { $0.taskKey == key } }

    /// The Jobs API shape (`jobs get-run --output json`).
    public var json: JSONValue {
        var m: [JSONObject.Member] = [
            .init("job_id", .int(jobId)),
            .init("run_id", .int(runId)),
            .init("number_in_job", .int(runId)),
            .init("original_attempt_run_id", .int(runId)),
            .init("run_name", .string(runName)),
            .init("creator_user_name", .string(creatorUserName)),
            .init("state", state.json),
            .init("start_time", .int(startTime)),
            .init("setup_duration", .int(0)),
            .init("execution_duration", .int(endTime > 0 ? endTime - startTime : 0)),
            .init("cleanup_duration", .int(0)),
            .init("end_time", .int(endTime)),
            .init("run_duration", .int(runDuration)),
            .init("trigger", .string(trigger)),
            .init("run_type", .string("JOB_RUN")),
            .init("tasks", .array(tasks.map(\.json))),
        ]
        if !jobParameters.isEmpty {
            m.append(.init("job_parameters", .array(jobParameters.map {
                .object(JSONObject([.init("name", .string($0.name)), .init("default", .string($0.defaultValue)), .init("value", .string($0.value))]))
            })))
        }
        return .object(JSONObject(m))
    }

    /// The stored form: the API shape plus what the runner needs.
    var storedJSON: JSONValue {
        guard case .object(var o) = json else { return json }
        o["warehouse"] = .string(warehouse)
        o["base_directory"] = .string(baseDirectory)
        o["job_settings"] = .object(settingsJSON)
        if let runner { o["runner"] = .object(JSONObject([.init("pid", .int(Int64(runner.pid))), .init("start_ticks", .int(runner.startTicks))])) }
        return .object(o)
    }

    init(stored v: JSONValue, file: String) throws {
        guard let id = v["run_id"]?.int64Value, let job = v["job_id"]?.int64Value else { throw JobsError(.io, "not a run record", at: file) }
        runId = id
        jobId = job
        runName = v["run_name"]?.stringValue ?? ""
        creatorUserName = v["creator_user_name"]?.stringValue ?? ""
        trigger = v["trigger"]?.stringValue ?? "ONE_TIME"
        state = RunState(json: v["state"])
        startTime = v["start_time"]?.int64Value ?? 0
        endTime = v["end_time"]?.int64Value ?? 0
        tasks = v["tasks"]?.arrayValue?.map(TaskRun.init(json:)) ?? []
        jobParameters = v["job_parameters"]?.arrayValue?.map { ($0["name"]?.stringValue ?? "", $0["default"]?.stringValue ?? "", $0["value"]?.stringValue ?? "") } ?? []
        warehouse = v["warehouse"]?.stringValue ?? "."
        baseDirectory = v["base_directory"]?.stringValue ?? "/"
        settingsJSON = v["job_settings"]?.objectValue ?? JSONObject()
        if let r = v["runner"], let pid = r["pid"]?.int64Value, let p = Int32(exactly: pid) {
            runner = RunnerProcess(pid: p, startTicks: r["start_ticks"]?.int64Value ?? 0)
        }
    }

    init(runId: Int64, jobId: Int64, runName: String, creatorUserName: String, trigger: String, state: RunState, startTime: Int64,
         tasks: [TaskRun], jobParameters: [(name: String, defaultValue: String, value: String)], warehouse: String, baseDirectory: String,
         settingsJSON: JSONObject) {
        self.runId = runId
        self.jobId = jobId
        self.runName = runName
        self.creatorUserName = creatorUserName
        self.trigger = trigger
        self.state = state
        self.startTime = startTime
        self.endTime = 0
        self.tasks = tasks
        self.jobParameters = jobParameters
        self.warehouse = warehouse
        self.baseDirectory = baseDirectory
        self.settingsJSON = settingsJSON
    }
}
