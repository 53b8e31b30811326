import Lakehouse

/// Text and JSON renderings of workspace objects, jobs and runs.
enum JobsOutput {
    /// A workspace object as the Databricks CLI prints it.
    static func json(_ o: WorkspaceObject) -> JSONValue {
        var m: [JSONObject.Member] = [.init("object_type", .string(o.objectType.rawValue)), .init("path", .string(o.path))]
        if let l = o.language { m.append(.init("language", .string(l.rawValue))) }
        m.append(.init("object_id", .int(o.objectId)))
        if let s = o.size { m.append(.init("size", .int(s))) }
        m.append(.init("modified_at", .int(o.modifiedAt)))
        return .object(JSONObject(m))
    }

    /// Prints rows as aligned columns.
    static func table(_ headers: [String], _ rows: [[String]]) {
        var widths = headers.map(\.count)
        for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
        func line(_ cells: [String]) -> String {
            var out = ""
            for (i, c) in cells.enumerated() {
                out += i == cells.count - 1 ? c : c + String(repeating: " ", count: widths[i] - c.count + 2)
            }
            return out
        }
        StandardOutput.line(line(headers))
        for r in rows { StandardOutput.line(line(r)) }
    }

    /// `1.2 s`, `3 min 4 s`.
    static func duration(_ millis: Int64) -> String {
        if millis < 60_000 {
            let tenths = (millis + 50) / 100
            return "\(tenths / 10).\(tenths % 10) s"
        }
        let s = millis / 1000
        return s < 3600 ? "\(s / 60) min \(s % 60) s" : "\(s / 3600) h \(s / 60 % 60) min"
    }

    /// `2026-03-01 10:15:00 UTC`.
    static func time(_ millis: Int64) -> String {
        guard millis > 0 else { return "-" }
        let c = CivilTime(epochSeconds: millis / 1000)
        return c.isoText.replacingT + " UTC"
    }

    static func schedule(_ s: CronSchedule?) -> String {
        guard let s else { return "" }
        return "\(s.cron.expression) (\(s.timezoneId)\(s.isPaused ? ", PAUSED" : ""))"
    }

    /// Prints the job list.
    static func printJobs(_ jobs: [Job]) {
        table(["Job ID", "Name", "Tasks", "Schedule", "Created"], jobs.map {
            [String($0.jobId), $0.settings.name, $0.settings.tasks.map(\.taskKey).joined(separator: ", "), schedule($0.settings.schedule), time($0.createdTime)]
        })
    }

    /// Prints a job's settings summary.
    static func printJob(_ job: Job) {
        let s = job.settings
        StandardOutput.line("Job \(job.jobId): \(s.name)")
        StandardOutput.line("  created \(time(job.createdTime)) by \(job.creatorUserName)")
        if let d = s.description, !d.isEmpty { StandardOutput.line("  \(d)") }
        if let sch = s.schedule { StandardOutput.line("  schedule: \(schedule(sch))") }
        StandardOutput.line("  max_concurrent_runs: \(s.maxConcurrentRuns)" + (s.timeoutSeconds > 0 ? ", timeout_seconds: \(s.timeoutSeconds)" : ""))
        if !s.parameters.isEmpty { StandardOutput.line("  parameters: " + s.parameters.map { "\($0.name)=\($0.defaultValue)" }.joined(separator: ", ")) }
        StandardOutput.line("")
        table(["Task", "Runs", "Depends on", "run_if", "Retries", "Timeout"], s.tasks.map { t in
            [t.taskKey, t.body.summary, t.dependsOn.joined(separator: ", "), t.runIf.rawValue,
             t.maxRetries == 0 ? "" : "\(t.maxRetries)" + (t.minRetryIntervalMillis > 0 ? " (every \(duration(Int64(t.minRetryIntervalMillis))))" : ""),
             t.timeoutSeconds > 0 ? "\(t.timeoutSeconds) s" : ""]
        })
    }

    /// Prints runs as a table.
    static func printRuns(_ runs: [JobRun]) {
        table(["Run ID", "Job ID", "Run name", "State", "Trigger", "Started", "Duration"], runs.map {
            [String($0.runId), String($0.jobId), $0.runName, $0.state.summary, $0.trigger, time($0.startTime), duration($0.runDuration)]
        })
    }

    /// Prints one run: its state, tasks and lineage.
    static func printRun(_ run: JobRun) {
        StandardOutput.line("Run \(run.runId) of job \(run.jobId) (\(run.runName)): \(run.state.summary)")
        if !run.state.stateMessage.isEmpty { StandardOutput.line("  \(run.state.stateMessage)") }
        StandardOutput.line("  trigger \(run.trigger), started \(time(run.startTime))" + (run.endTime > 0 ? ", ended \(time(run.endTime)), took \(duration(run.runDuration))" : ", running for \(duration(run.runDuration))"))
        if !run.jobParameters.isEmpty { StandardOutput.line("  parameters: " + run.jobParameters.map { "\($0.name)=\($0.value)" }.joined(separator: ", ")) }
        StandardOutput.line("")
        table(["Task", "Task run ID", "State", "Attempt", "Duration", "Message"], run.tasks.map {
            [$0.taskKey, String($0.runId), $0.state.summary, String($0.attemptNumber), $0.startTime > 0 ? duration($0.executionDuration) : "", $0.state.stateMessage]
        })
        let lineage = run.tasks.filter { !$0.reads.isEmpty || !$0.writes.isEmpty }
        if !lineage.isEmpty {
            StandardOutput.line("")
            table(["Task", "Read", "Wrote"], lineage.map {
                [$0.taskKey, $0.reads.map(\.summary).joined(separator: ", "), $0.writes.map(\.summary).joined(separator: ", ")]
            })
        }
    }

    /// A progress line for a run event (standard error).
    static func progress(_ event: RunEvent) {
        switch event {
        case .runStarted(let run):
            StandardOutput.error("run \(run.runId) of job \(run.jobId) (\(run.runName)): RUNNING")
        case .taskStarted(let key, let attempt):
            StandardOutput.error("  \(key): RUNNING" + (attempt > 0 ? " (attempt \(attempt))" : ""))
        case .taskRetrying(let key, let attempt, let delay, let message):
            StandardOutput.error("  \(key): attempt \(attempt) failed: \(message); WAITING_FOR_RETRY \(duration(delay))")
        case .taskFinished(let t):
            let took = t.startTime > 0 ? " in \(duration(t.executionDuration))" : ""
            StandardOutput.error("  \(t.taskKey): \(t.state.summary)\(took)" + (t.state.stateMessage.isEmpty ? "" : ": \(t.state.stateMessage)"))
        case .runFinished(let run):
            StandardOutput.error("run \(run.runId): \(run.state.summary) in \(duration(run.runDuration))" + (run.state.stateMessage.isEmpty ? "" : ": \(run.state.stateMessage)"))
        }
    }
}

extension String {
    /// `2026-03-01T10:15:00` → `2026-03-01 10:15:00`.
    var replacingT: String { String(map { $0 == "T" ? " " : $0 }) }
}
