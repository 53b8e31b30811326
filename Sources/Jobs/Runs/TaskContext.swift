#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LakeJSON
import Query

/// Why a running task is being stopped.
public enum StopReason: Sendable, Equatable {
    /// `cancel-run`, or the job's own timeout.
    case canceled
    /// The task's `timeout_seconds` passed.
    case timedOut
    /// The job's `timeout_seconds` passed.
    case jobTimedOut
}

/// What a task attempt gets from the executor: who it runs for, its parameters, a log, the
/// lineage recorder, and a stop flag to check between steps.
public final class TaskContext: @unchecked Sendable {
    /// The job.
    public let jobId: Int64
    /// The job's name.
    public let jobName: String
    /// The job run.
    public let runId: Int64
    /// The task run's own id.
    public let taskRunId: Int64
    /// The task.
    public let taskKey: String
    /// The attempt, 0 for the first.
    public let attempt: Int
    /// `ONE_TIME`, `PERIODIC`, ...
    public let trigger: String
    /// Who owns the job (the OS user).
    public let ownerName: String
    /// The warehouse tables live in.
    public let warehouse: String
    /// The workspace (notebooks).
    public let workspace: Workspace
    /// The directory relative paths resolve against.
    public let baseDirectory: String
    /// Job parameter values (defaults overridden by the run's).
    public let jobParameters: [String: String]
    /// Dynamic value references (`job.id`, `task.name`, ...).
    public let dynamicValues: [String: String]
    /// The attempt's log file (absolute).
    public let logPath: String

    private let stop = Mutex<StopReason?>(nil)
    private let lineage = Mutex<(reads: [LineageEntry], writes: [LineageEntry])>(([], []))

    init(jobId: Int64, jobName: String, runId: Int64, taskRunId: Int64, taskKey: String, attempt: Int, trigger: String, ownerName: String,
         warehouse: String, workspace: Workspace, baseDirectory: String, jobParameters: [String: String], dynamicValues: [String: String], logPath: String) {
        self.jobId = jobId
        self.jobName = jobName
        self.runId = runId
        self.taskRunId = taskRunId
        self.taskKey = taskKey
        self.attempt = attempt
        self.trigger = trigger
        self.ownerName = ownerName
        self.warehouse = warehouse
        self.workspace = workspace
        self.baseDirectory = baseDirectory
        self.jobParameters = jobParameters
        self.dynamicValues = dynamicValues
        self.logPath = logPath
    }

    /// Appends a line to the attempt's log.
    public func log(_ line: String) {
        let fd = open(logPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        defer { close(fd) }
        try? FileSystem.writeAll(fd, Array((line + "\n").utf8), path: logPath)
    }

    /// Why the executor wants the task to stop (nil: keep going).
    public var stopReason: StopReason? { stop.current }

    /// Whether the task should stop at its next step (cancel or timeout).
    public var isStopRequested: Bool { stopReason != nil }

    func requestStop(_ reason: StopReason) {
        stop.withLock { if $0 == nil { $0 = reason } }
    }

    /// Records a table the task read or wrote.
    public func record(_ access: TableAccess) {
        let entry = LineageEntry(table: access.name, location: access.location, version: access.version, operation: access.operation)
        lineage.withLock { l in
            switch access.kind {
            case .read: if !l.reads.contains(entry) { l.reads.append(entry) }
            case .write: l.writes.append(entry)
            }
        }
    }

    /// What the task read and wrote so far.
    public var recordedLineage: (reads: [LineageEntry], writes: [LineageEntry]) { lineage.current }

    /// The `job` member every commit of this task carries in its commitInfo (Delta's JobInfo:
    /// jobId, jobName, jobRunId, runId, jobOwnerId, triggerType — all strings).
    public var commitInfoJob: JSONObject.Member {
        .init("job", .object(JSONObject([
            .init("jobId", .string(String(jobId))),
            .init("jobName", .string(jobName)),
            .init("jobRunId", .string(String(runId))),
            .init("runId", .string(String(taskRunId))),
            .init("jobOwnerId", .string(ownerName)),
            .init("triggerType", .string(trigger)),
        ])))
    }

    /// A SQL engine over the warehouse whose commits carry this task's job and run ids
    /// (plus `extra` members such as `notebook`) and whose reads and writes are recorded.
    public func makeEngine(extraCommitInfo: [JSONObject.Member] = []) -> QueryEngine {
        let engine = QueryEngine(warehouse: warehouse)
        engine.commitInfoExtras = [commitInfoJob] + extraCommitInfo
        engine.onTableAccess = { [weak self] access in self?.record(access) }
        return engine
    }

    /// A path from the job's settings, made absolute against the job's directory.
    public func resolvePath(_ path: String) -> String {
        FileSystem.absolute(path, relativeTo: baseDirectory)
    }

    /// The substitution for this attempt, with `parameters` (task-level ones, overridden by
    /// job parameters of the same name).
    public func substitution(taskParameters: [String: String]) -> ParameterSubstitution {
        let dynamic = ParameterSubstitution(parameters: jobParameters, dynamicValues: dynamicValues)
        var merged: [String: String] = [:]
        for (k, v) in taskParameters { merged[k] = dynamic.apply(v) }
        for (k, v) in jobParameters { merged[k] = v }
        return ParameterSubstitution(parameters: merged, dynamicValues: dynamicValues)
    }
}
