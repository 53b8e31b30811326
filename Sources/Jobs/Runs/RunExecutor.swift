import LakeJSON

/// Executes a run: the task DAG with run_if, independent tasks in parallel, retries honouring
/// `min_retry_interval_millis`, per-attempt timeouts, the job's timeout, cancellation (a
/// `cancel-run` marker, polled), per-attempt logs in the run directory, and lineage.
///
/// Each task's state is written to the run record as it changes, so `get-run` from another
/// process shows progress.
public final class RunExecutor: @unchecked Sendable {
    /// The API over the workspace.
    public let api: JobsAPI
    /// How task bodies run.
    public let runners: TaskRunners
    /// Progress reports.
    public var onEvent: (@Sendable (RunEvent) -> Void)?
    /// How often the executor checks for cancels, timeouts and finished tasks.
    public var pollMillis: Int64 = 25

    /// An executor.
    public init(api: JobsAPI, runners: TaskRunners = TaskRunners()) {
        self.api = api
        self.runners = runners
    }

    /// Shared state of one execution.
    final class Execution: @unchecked Sendable {
        let run: Mutex<JobRun>
        let contexts = Mutex<[String: (context: TaskContext, deadline: Int64?)]>([:])
        let stopping = Mutex<StopReason?>(nil)
        let persistLock = Mutex<Void>(())
        let running = Mutex<Int>(0)

        init(_ run: JobRun) { self.run = Mutex(run) }
    }

    /// Executes run `runId` (PENDING, created by ``JobsAPI/startRun(jobId:jobParameters:trigger:warehouse:)``)
    /// to its end and returns its final record. A run that is already final is returned as is.
    @discardableResult
    public func execute(runId: Int64) throws -> JobRun {
        // Claim the run.
        let claimed: JobRun = try api.workspace.withLock {
            var run = try api.storedRun(runId)
            guard !run.state.lifeCycleState.isFinal else { return run }
            if let runner = run.runner, runner != RunnerProcess.current(), runner.isAlive, runner.pid != RunnerProcess.current().pid {
                throw JobsError(.invalidState, "run \(runId) is already being executed by process \(runner.pid)")
            }
            run.runner = RunnerProcess.current()
            run.state = RunState(.running)
            try FileSystem.writeAtomically(api.runFile(runId), run.storedJSON.serialized(pretty: true) + "\n")
            return run
        }
        guard claimed.state.lifeCycleState == .running else {
            onEvent?(.runFinished(claimed))
            return claimed
        }
        let settings: JobSettings
        do {
            settings = try JobSettings.parse(.object(claimed.settingsJSON)).settings
        } catch {
            var run = claimed
            run.state = RunState(.internalError, message: "the run's job settings do not validate: \(error)")
            run.endTime = Clock.nowMillis()
            try api.save(run)
            return run
        }
        onEvent?(.runStarted(claimed))
        let execution = Execution(claimed)
        let deadline = settings.timeoutSeconds > 0 ? Clock.monotonicMillis() + Int64(settings.timeoutSeconds) * 1000 : nil
        var launched: Set<String> = []

        while true {
            // Cancel and timeouts.
            if execution.stopping.current == nil {
                var reason: StopReason?
                if api.isCancelRequested(runId) {
                    reason = .canceled
                } else if let deadline, Clock.monotonicMillis() >= deadline {
                    reason = .jobTimedOut
                }
                if let reason {
                    execution.stopping.withLock { $0 = reason }
                    for (_, c) in execution.contexts.current { c.context.requestStop(reason) }
                    execution.run.withLock { run in
                        run.state = RunState(.terminating, message: reason == .canceled ? "Canceling the run" : "The run timed out; stopping its tasks")
                    }
                    persist(execution)
                }
            }
            let now = Clock.monotonicMillis()
            for (_, c) in execution.contexts.current {
                if let d = c.deadline, now >= d { c.context.requestStop(.timedOut) }
            }
            // Start or skip tasks whose dependencies are final.
            var changed = false
            var toLaunch: [JobTask] = []
            execution.run.withLock { run in
                for task in settings.tasks where !launched.contains(task.taskKey) {
                    guard let i = run.tasks.firstIndex(where: { $0.taskKey == task.taskKey }) else { continue }
                    let deps = task.dependsOn.compactMap { run.task($0) }
                    guard deps.allSatisfy({ $0.state.lifeCycleState.isFinal }) else { continue }
                    launched.insert(task.taskKey)
                    if let stop = execution.stopping.current {
                        run.tasks[i].state = RunState(.skipped, .canceled, message: stop == .canceled ? "Run canceled" : "Run timed out", userCancelledOrTimedout: true)
                        changed = true
                        continue
                    }
                    let results = deps.map { $0.state.resultState ?? .failed }
                    if task.runIf.isMet(by: results) {
                        toLaunch.append(task)
                    } else {
                        run.tasks[i].state = Self.notRunState(task, deps)
                        changed = true
                    }
                }
            }
            if changed { persist(execution) }
            for task in toLaunch {
                execution.running.withLock { $0 += 1 }
                Threads.start { [self] in
                    self.runTask(task, settings: settings, execution: execution)
                    execution.running.withLock { $0 -= 1 }
                }
            }
            let done = execution.run.current.tasks.allSatisfy { $0.state.lifeCycleState.isFinal } && execution.running.current == 0
            if done { break }
            Clock.sleep(millis: pollMillis)
        }
        // Skipped-task events (tasks that never ran).
        for t in execution.run.current.tasks where t.attempts.isEmpty { onEvent?(.taskFinished(t)) }
        let final: JobRun = execution.run.withLock { run in
            run.endTime = Clock.nowMillis()
            run.state = Self.finalState(run, settings: settings, stop: execution.stopping.current)
            return run
        }
        persist(execution)
        onEvent?(.runFinished(final))
        return final
    }

    /// The state of a task whose run_if was not met.
    static func notRunState(_ task: JobTask, _ deps: [TaskRun]) -> RunState {
        let failed = deps.filter { $0.state.resultState?.isFailure ?? true }.map(\.taskKey)
        let canceled = deps.filter { $0.state.resultState?.isCancellation ?? false }.map(\.taskKey)
        if !canceled.isEmpty && (task.runIf == .allSuccess || task.runIf == .noneFailed) {
            return RunState(.skipped, .upstreamCanceled, message: "Upstream task(s) canceled: \(canceled.joined(separator: ", "))")
        }
        if !failed.isEmpty && (task.runIf == .allSuccess || task.runIf == .noneFailed) {
            return RunState(.skipped, .upstreamFailed, message: "Upstream task(s) failed: \(failed.joined(separator: ", "))")
        }
        let outcomes = deps.map { "\($0.taskKey): \($0.state.resultState?.rawValue ?? "?")" }.joined(separator: ", ")
        return RunState(.skipped, .excluded, message: "run_if \(task.runIf.rawValue) was not met (\(outcomes))")
    }

    /// The run's final state from its tasks'.
    static func finalState(_ run: JobRun, settings: JobSettings, stop: StopReason?) -> RunState {
        switch stop {
        case .canceled?: return RunState(.terminated, .canceled, message: "Run canceled", userCancelledOrTimedout: true)
        case .jobTimedOut?: return RunState(.terminated, .timedOut, message: "Run timed out after \(settings.timeoutSeconds) s (timeout_seconds)", userCancelledOrTimedout: true)
        default: break
        }
        let dependents = Set(settings.tasks.flatMap(\.dependsOn))
        let leaves = run.tasks.filter { !dependents.contains($0.taskKey) }
        let failures = run.tasks.filter { ($0.state.resultState?.isFailure ?? true) && $0.state.resultState != .upstreamFailed }
        let leafOK = leaves.allSatisfy { $0.state.resultState == .success || $0.state.resultState == .excluded || $0.state.resultState == .successWithFailures }
        if failures.isEmpty && leafOK { return RunState(.terminated, .success) }
        if leafOK { return RunState(.terminated, .successWithFailures, message: "Task(s) failed: \(failures.map(\.taskKey).joined(separator: ", ")); every leaf task succeeded") }
        var message = failures.first.map { "Task \($0.taskKey) failed: \($0.state.stateMessage)" } ?? "A task did not succeed"
        if failures.count > 1 { message += " (and \(failures.count - 1) more task(s) failed: \(failures.dropFirst().map(\.taskKey).joined(separator: ", ")))" }
        let skipped = run.tasks.filter { $0.state.resultState == .upstreamFailed }.map(\.taskKey)
        if !skipped.isEmpty { message += ". Downstream task(s) skipped: \(skipped.joined(separator: ", "))" }
        let onlyTimeouts = !failures.isEmpty && failures.allSatisfy { $0.state.resultState == .timedOut }
        return RunState(.terminated, onlyTimeouts ? .timedOut : .failed, message: message)
    }

    /// Writes the run record (snapshots are written in the order they are taken).
    func persist(_ execution: Execution) {
        execution.persistLock.withLock { _ in
            let snapshot = execution.run.current
            try? api.save(snapshot)
        }
    }

    /// Runs a task's attempts on the current thread.
    func runTask(_ task: JobTask, settings: JobSettings, execution: Execution) {
        let base = execution.run.current
        let runId = base.runId
        guard let taskRunId = base.task(task.taskKey)?.runId else { return }
        let parameters = Dictionary(base.jobParameters.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
        var dynamic: [String: String] = [
            "job.id": String(base.jobId), "job_id": String(base.jobId), "job.name": base.runName,
            "job.run_id": String(runId), "run_id": String(runId), "parent_run_id": String(runId),
            "job.trigger.type": base.trigger == "PERIODIC" ? "periodic" : "one_time", "job.repair_count": "0",
            "job.start_time.timestamp": String(base.startTime), "job.start_time.iso_datetime": Clock.isoUTC(base.startTime),
            "job.start_time.iso_date": String(Clock.isoUTC(base.startTime).prefix(10)), "start_date": String(Clock.isoUTC(base.startTime).prefix(10)),
            "start_time": String(base.startTime), "task.name": task.taskKey, "task.run_id": String(taskRunId),
        ]
        for (k, v) in parameters { dynamic["job.parameters.\(k)"] = v }
        let logDirectory = api.runDirectory(runId) + "/logs"
        try? FileSystem.makeDirectories(logDirectory)
        var attempt = 0
        while true {
            let started = Clock.nowMillis()
            let startedMonotonic = Clock.monotonicMillis()
            let logName = "logs/\(task.taskKey)-\(attempt).log"
            dynamic["task.execution_count"] = String(attempt + 1)
            let context = TaskContext(jobId: base.jobId, jobName: base.runName, runId: runId, taskRunId: taskRunId, taskKey: task.taskKey,
                                      attempt: attempt, trigger: base.trigger, ownerName: base.creatorUserName, warehouse: base.warehouse,
                                      workspace: api.workspace, baseDirectory: base.baseDirectory, jobParameters: parameters,
                                      dynamicValues: dynamic, logPath: api.runDirectory(runId) + "/" + logName)
            let deadline = task.timeoutSeconds > 0 ? startedMonotonic + Int64(task.timeoutSeconds) * 1000 : nil
            execution.contexts.withLock { $0[task.taskKey] = (context, deadline) }
            if let stop = execution.stopping.current { context.requestStop(stop) }
            execution.run.withLock { run in
                guard let i = run.tasks.firstIndex(where: { $0.taskKey == task.taskKey }) else { return }
                run.tasks[i].state = RunState(.running)
                run.tasks[i].attemptNumber = attempt
                if run.tasks[i].startTime == 0 { run.tasks[i].startTime = started }
                run.tasks[i].attempts.append(TaskAttempt(attemptNumber: attempt, startTime: started, logFile: logName))
            }
            persist(execution)
            onEvent?(.taskStarted(taskKey: task.taskKey, attempt: attempt))
            context.log("== task \(task.taskKey), attempt \(attempt), run \(runId) of job \(base.jobId): \(task.body.summary)")

            var result = ResultState.success
            var message = ""
            do {
                if let stop = context.stopReason { throw TaskStopped(stop) }
                // A body that returns normally succeeded, even if a stop arrived as it finished.
                try runners.run(task.body, context)
            } catch {
                if let stop = context.stopReason {
                    switch stop {
                    case .timedOut:
                        result = .timedOut
                        message = "Timed out after \(task.timeoutSeconds) s (timeout_seconds)"
                    case .jobTimedOut:
                        result = .timedOut
                        message = "The job timed out after \(settings.timeoutSeconds) s"
                    case .canceled:
                        result = .canceled
                        message = "Run canceled"
                    }
                } else {
                    result = .failed
                    message = (error as? TaskFailure)?.message ?? (error as? JobsError)?.description ?? "\(error)"
                }
            }
            context.log(result == .success ? "== succeeded" : "== \(result.rawValue): \(message)")
            execution.contexts.withLock { $0[task.taskKey] = nil }
            let lineage = context.recordedLineage
            let retry = (result == .failed || (result == .timedOut && context.stopReason == .timedOut && task.retryOnTimeout))
                && (task.maxRetries < 0 || attempt < task.maxRetries) && execution.stopping.current == nil
            let ended = Clock.nowMillis()
            let delay = retry ? max(0, Int64(task.minRetryIntervalMillis) - (Clock.monotonicMillis() - startedMonotonic)) : 0
            execution.run.withLock { run in
                guard let i = run.tasks.firstIndex(where: { $0.taskKey == task.taskKey }) else { return }
                if var last = run.tasks[i].attempts.popLast() {
                    last.endTime = ended
                    last.resultState = result
                    last.stateMessage = message
                    run.tasks[i].attempts.append(last)
                }
                for r in lineage.reads where !run.tasks[i].reads.contains(r) { run.tasks[i].reads.append(r) }
                run.tasks[i].writes += lineage.writes
                if retry {
                    run.tasks[i].state = RunState(.waitingForRetry, message: "Attempt \(attempt) \(result == .timedOut ? "timed out" : "failed"): \(message); retrying in \(Self.seconds(delay))")
                } else {
                    run.tasks[i].state = RunState(.terminated, result, message: message, userCancelledOrTimedout: result == .canceled || result == .timedOut)
                    run.tasks[i].endTime = ended
                }
            }
            persist(execution)
            if !retry {
                if let t = execution.run.current.task(task.taskKey) { onEvent?(.taskFinished(t)) }
                return
            }
            onEvent?(.taskRetrying(taskKey: task.taskKey, attempt: attempt, delayMillis: delay, message: message))
            // Wait, watching for a cancel or the job's timeout.
            let resume = Clock.monotonicMillis() + delay
            while Clock.monotonicMillis() < resume && execution.stopping.current == nil {
                Clock.sleep(millis: min(pollMillis, resume - Clock.monotonicMillis()))
            }
            if let stop = execution.stopping.current {
                execution.run.withLock { run in
                    guard let i = run.tasks.firstIndex(where: { $0.taskKey == task.taskKey }) else { return }
                    run.tasks[i].state = RunState(.terminated, stop == .canceled ? .canceled : .timedOut,
                                                  message: stop == .canceled ? "Run canceled while waiting to retry" : "The job timed out while waiting to retry",
                                                  userCancelledOrTimedout: true)
                    run.tasks[i].endTime = Clock.nowMillis()
                }
                persist(execution)
                if let t = execution.run.current.task(task.taskKey) { onEvent?(.taskFinished(t)) }
                return
            }
            attempt += 1
        }
    }

    static func seconds(_ millis: Int64) -> String {
        let tenths = (millis + 50) / 100
        return "\(tenths / 10).\(tenths % 10) s"
    }
}
