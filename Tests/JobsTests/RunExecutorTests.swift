import Delta
import Foundation
import LakeJSON
import Query
import Testing
@testable import Jobs

@Suite struct RunExecutorTests {
    func job(_ api: JobsAPI, _ json: String, base: String = "/") throws -> Int64 {
        try api.create(try JSONValue(parsing: json), baseDirectory: base).job.jobId
    }

    func run(_ api: JobsAPI, _ jobId: Int64, warehouse: String, params: [String: String] = [:], runners: TaskRunners = TaskRunners()) throws -> JobRun {
        let run = try api.startRun(jobId: jobId, jobParameters: params, warehouse: warehouse)
        return try RunExecutor(api: api, runners: runners).execute(runId: run.runId)
    }

    static func command(_ key: String, _ command: String, depends: [String] = [], runIf: String? = nil, extra: String = "") -> String {
        let deps = depends.isEmpty ? "" : #", "depends_on": ["# + depends.map { #"{"task_key": "\#($0)"}"# }.joined(separator: ", ") + "]"
        let r = runIf.map { #", "run_if": "\#($0)""# } ?? ""
        let cmd = String(decoding: try! JSONValue.string(command).serialized().utf8, as: UTF8.self)
        return #"{"task_key": "\#(key)"\#(deps)\#(r)\#(extra), "command_task": {"command": \#(cmd)}}"#
    }

    @Test func seedFlowNotebookThenSQL() throws {
        let dir = TempDir()
        let api = dir.api
        let notebook = """
            -- Databricks notebook source
            -- MAGIC %md
            -- MAGIC Ingest raw orders.

            -- COMMAND ----------

            CREATE WIDGET TEXT region DEFAULT 'north';
            CREATE SCHEMA IF NOT EXISTS bronze;

            -- COMMAND ----------

            CREATE TABLE bronze.orders AS SELECT id, '${region}' AS region, '{{job.parameters.day}}' AS day FROM range(3)
            """
        try api.workspace.importObject(path: "/Users/me/DataProcessing", content: Array(notebook.utf8), format: .source, language: .sql, overwrite: false)
        let id = try job(api, """
            {"name": "DataProcessingJob", "parameters": [{"name": "day", "default": "2026-01-01"}],
             "tasks": [
               {"task_key": "ingest", "notebook_task": {"notebook_path": "/Users/me/DataProcessing", "base_parameters": {"region": "south"}},
                "new_cluster": {"spark_version": "13.3.x-scala2.12", "node_type_id": "Standard_DS3_v2", "num_workers": 2}},
               {"task_key": "transform", "depends_on": [{"task_key": "ingest"}],
                "sql_task": {"query": "CREATE SCHEMA IF NOT EXISTS silver; CREATE TABLE silver.summary AS SELECT region, day, count(*) AS n FROM bronze.orders WHERE region = :region GROUP BY region, day", "parameters": {"region": "south"}}}
             ]}
            """)
        let result = try run(api, id, warehouse: dir.path, params: ["day": "2026-02-03"])
        #expect(result.state.summary == "TERMINATED SUCCESS", "\(result.state.stateMessage) \(result.tasks.map(\.state.stateMessage))")
        #expect(result.tasks.map(\.state.summary) == ["TERMINATED SUCCESS", "TERMINATED SUCCESS"])
        let ingest = try #require(result.task("ingest")), transform = try #require(result.task("transform"))
        #expect(ingest.writes.map(\.summary) == ["bronze.orders@v0"])
        #expect(transform.reads.map(\.summary) == ["bronze.orders@v0"])
        #expect(transform.writes.map(\.summary) == ["silver.summary@v0"])
        #expect(transform.startTime >= ingest.endTime, "transform waits for ingest")
        #expect(result.jobParameters.map(\.value) == ["2026-02-03"])

        // Commits carry the job and run ids; the notebook's commit also names the notebook.
        let history = try DeltaTable(path: dir.path + "/bronze/orders").history()
        let job = try #require(history.first?.commitInfo.fields["job"]?.objectValue)
        #expect(job["jobId"]?.stringValue == String(id))
        #expect(job["jobName"]?.stringValue == "DataProcessingJob")
        #expect(job["jobRunId"]?.stringValue == String(result.runId))
        #expect(job["runId"]?.stringValue == String(ingest.runId))
        #expect(job["triggerType"]?.stringValue == "ONE_TIME")
        #expect(history.first?.commitInfo.fields["notebook"]?["notebookPath"]?.stringValue == "/Users/me/DataProcessing")

        // Parameters: base_parameters (south) beat the widget default; {{job.parameters.day}} from the run.
        let rows = try api.log(runId: result.runId, taskKey: "transform")
        #expect(rows.contains("silver.summary"))
        let summary = try QueryEngine(warehouse: dir.path).sql("SELECT region, day, n FROM silver.summary")
        #expect(summary.rowCount == 1)
        #expect(summary.batch.columns[0].string(at: 0) == "south" && summary.batch.columns[1].string(at: 0) == "2026-02-03")

        // The stored record reads back, with Databricks field names.
        let json = try api.run(result.runId).json
        #expect(json["state"]?["life_cycle_state"]?.stringValue == "TERMINATED")
        #expect(json["state"]?["result_state"]?.stringValue == "SUCCESS")
        #expect(json["tasks"]?.arrayValue?.count == 2)
        #expect(json["tasks"]?.arrayValue?[1]["depends_on"]?.arrayValue?.first?["task_key"]?.stringValue == "ingest")
        #expect((json["run_duration"]?.int64Value ?? -1) >= 0 && (json["end_time"]?.int64Value ?? 0) >= (json["start_time"]?.int64Value ?? 1))
    }

    @Test func missingNotebookFailsTheTaskNotTheRunner() throws {
        let dir = TempDir()
        let id = try job(dir.api, #"{"name": "x", "tasks": [{"task_key": "nb", "notebook_task": {"notebook_path": "/Users/me/Nope"}}]}"#)
        let result = try run(dir.api, id, warehouse: dir.path)
        #expect(result.state.summary == "TERMINATED FAILED")
        #expect(result.tasks[0].state.stateMessage.contains("notebook /Users/me/Nope does not exist in the workspace"))
        #expect(result.state.stateMessage.hasPrefix("Task nb failed: notebook /Users/me/Nope does not exist"))
    }

    @Test func failingSQLNamesTheCell() throws {
        let dir = TempDir()
        try dir.api.workspace.importObject(path: "/nb", content: Array("SELECT 1\n-- COMMAND ----------\nSELECT * FROM no_such_table\n".utf8), format: .source, language: .sql, overwrite: false)
        let id = try job(dir.api, #"{"name": "x", "tasks": [{"task_key": "nb", "notebook_task": {"notebook_path": "/nb"}}]}"#)
        let result = try run(dir.api, id, warehouse: dir.path)
        #expect(result.tasks[0].state.resultState == .failed)
        #expect(result.tasks[0].state.stateMessage.hasPrefix("/nb cell 2 (line 4):"), "\(result.tasks[0].state.stateMessage)")
        #expect(result.tasks[0].state.stateMessage.contains("no_such_table"))
    }

    @Test func retriesHonourTheMinimumInterval() throws {
        let dir = TempDir()
        let flaky = "n=$(cat \(dir.path)/count 2>/dev/null || echo 0); echo $((n+1)) > \(dir.path)/count; [ $n -ge 2 ]"
        let id = try job(dir.api, #"{"name": "x", "tasks": [\#(Self.command("flaky", flaky, extra: #", "max_retries": 3, "min_retry_interval_millis": 300"#))]}"#)
        let result = try run(dir.api, id, warehouse: dir.path)
        let task = result.tasks[0]
        #expect(result.state.summary == "TERMINATED SUCCESS")
        #expect(task.attemptNumber == 2)
        #expect(task.attempts.map(\.resultState) == [.failed, .failed, .success])
        #expect(task.attempts[0].stateMessage == "command exited with status 1")
        for (a, b) in zip(task.attempts, task.attempts.dropFirst()) {
            #expect(b.startTime - a.startTime >= 290, "retry waited at least min_retry_interval_millis")
        }
        // Each attempt kept its own log.
        for a in task.attempts {
            #expect(FileManager.default.fileExists(atPath: dir.path + "/.lake/runs/\(result.runId)/" + a.logFile))
        }

        // Out of retries: FAILED after max_retries + 1 attempts.
        let id2 = try job(dir.api, #"{"name": "y", "tasks": [\#(Self.command("bad", "echo boom >&2; exit 3", extra: #", "max_retries": 1"#))]}"#)
        let failed = try run(dir.api, id2, warehouse: dir.path)
        #expect(failed.state.summary == "TERMINATED FAILED")
        #expect(failed.tasks[0].attempts.count == 2)
        #expect(failed.tasks[0].state.stateMessage == "command exited with status 3")
        #expect(try dir.api.log(runId: failed.runId, taskKey: "bad").contains("boom"))
    }

    @Test func timeoutsStopTheProcess() throws {
        let dir = TempDir()
        let pidFile = dir.path + "/pid"
        let started = Date()
        let id = try job(dir.api, #"{"name": "x", "tasks": [\#(Self.command("slow", "echo $$ > \(pidFile); exec sleep 30", extra: #", "timeout_seconds": 1, "max_retries": 1, "retry_on_timeout": true"#))]}"#)
        let result = try run(dir.api, id, warehouse: dir.path)
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(result.tasks[0].state.resultState == .timedOut)
        #expect(result.tasks[0].attempts.map(\.resultState) == [.timedOut, .timedOut], "retry_on_timeout retried once")
        #expect(result.tasks[0].state.stateMessage == "Timed out after 1 s (timeout_seconds)")
        #expect(result.state.resultState == .timedOut)
        let pid = Int32((try String(contentsOfFile: pidFile, encoding: .utf8)).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        #expect(pid > 0 && kill(pid, 0) != 0, "the timed-out process is gone")

        // Without retry_on_timeout a timeout is final.
        let id2 = try job(dir.api, #"{"name": "y", "tasks": [\#(Self.command("slow", "sleep 30", extra: #", "timeout_seconds": 1, "max_retries": 2"#))]}"#)
        #expect(try run(dir.api, id2, warehouse: dir.path).tasks[0].attempts.count == 1)

        // The job's own timeout stops everything.
        let id3 = try job(dir.api, #"{"name": "z", "timeout_seconds": 1, "tasks": [\#(Self.command("slow", "sleep 30")), \#(Self.command("after", "true", depends: ["slow"]))]}"#)
        let r3 = try run(dir.api, id3, warehouse: dir.path)
        #expect(r3.state.summary == "TERMINATED TIMEDOUT")
        #expect(r3.task("after")?.state.summary == "SKIPPED CANCELED")
    }

    @Test func runIfOutcomes() throws {
        let dir = TempDir()
        let tasks = [
            Self.command("a", "exit 1"),
            Self.command("b", "true", depends: ["a"]),
            Self.command("c", "true", depends: ["a"], runIf: "ALL_DONE"),
            Self.command("d", "true", depends: ["a"], runIf: "AT_LEAST_ONE_FAILED"),
            Self.command("e", "true", depends: ["a"], runIf: "ALL_FAILED"),
            Self.command("f", "true", depends: ["a", "c"], runIf: "NONE_FAILED"),
            Self.command("g", "true", depends: ["a", "c"], runIf: "AT_LEAST_ONE_SUCCESS"),
            Self.command("h", "true", depends: ["b"]),
            Self.command("i", "true", depends: ["b"], runIf: "ALL_DONE"),
            Self.command("j", "true", depends: ["c"], runIf: "ALL_FAILED"),
        ].joined(separator: ", ")
        let id = try job(dir.api, #"{"name": "x", "tasks": [\#(tasks)]}"#)
        let result = try run(dir.api, id, warehouse: dir.path)
        let states = Dictionary(uniqueKeysWithValues: result.tasks.map { ($0.taskKey, $0.state.summary) })
        #expect(states == [
            "a": "TERMINATED FAILED", "b": "SKIPPED UPSTREAM_FAILED", "c": "TERMINATED SUCCESS", "d": "TERMINATED SUCCESS",
            "e": "TERMINATED SUCCESS", "f": "SKIPPED UPSTREAM_FAILED", "g": "TERMINATED SUCCESS", "h": "SKIPPED UPSTREAM_FAILED",
            "i": "TERMINATED SUCCESS", "j": "SKIPPED EXCLUDED",
        ])
        #expect(result.state.resultState == .failed)
        #expect(result.state.stateMessage.hasPrefix("Task a failed: command exited with status 1"))
        #expect(result.state.stateMessage.contains("Downstream task(s) skipped: b, f, h"))

        // Every leaf succeeded though a task failed.
        let id2 = try job(dir.api, #"{"name": "y", "tasks": [\#(Self.command("a", "exit 1")), \#(Self.command("cleanup", "true", depends: ["a"], runIf: "ALL_DONE"))]}"#)
        #expect(try run(dir.api, id2, warehouse: dir.path).state.summary == "TERMINATED SUCCESS_WITH_FAILURES")
        // An excluded task does not fail the run.
        let id3 = try job(dir.api, #"{"name": "z", "tasks": [\#(Self.command("a", "true")), \#(Self.command("alert", "true", depends: ["a"], runIf: "AT_LEAST_ONE_FAILED"))]}"#)
        let r3 = try run(dir.api, id3, warehouse: dir.path)
        #expect(r3.state.summary == "TERMINATED SUCCESS")
        #expect(r3.task("alert")?.state.summary == "SKIPPED EXCLUDED")
    }

    @Test func independentTasksRunInParallel() throws {
        let dir = TempDir()
        let id = try job(dir.api, #"{"name": "x", "tasks": [\#(Self.command("a", "sleep 1")), \#(Self.command("b", "sleep 1")), \#(Self.command("c", "sleep 1"))]}"#)
        let result = try run(dir.api, id, warehouse: dir.path)
        #expect(result.state.resultState == .success)
        #expect(result.runDuration < 2500, "three 1 s tasks took \(result.runDuration) ms")
    }

    @Test func cancelFromAnotherCaller() throws {
        let dir = TempDir()
        let api = dir.api
        let id = try job(api, #"{"name": "x", "tasks": [\#(Self.command("slow", "sleep 30")), \#(Self.command("next", "true", depends: ["slow"]))]}"#)
        let pending = try api.startRun(jobId: id, warehouse: dir.path)
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox()
        Thread.detachNewThread {
            box.run = try? RunExecutor(api: api).execute(runId: pending.runId)
            done.signal()
        }
        // Wait for the task to start, then cancel through the API (another `lake` process would do the same).
        let deadline = Date().addingTimeInterval(10)
        while (try? api.run(pending.runId).task("slow")?.state.lifeCycleState) != .running && Date() < deadline { usleep(20_000) }
        let canceledAt = Date()
        try api.cancelRun(pending.runId)
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(Date().timeIntervalSince(canceledAt) < 5)
        let result = try #require(box.run)
        #expect(result.state.summary == "TERMINATED CANCELED")
        #expect(result.state.userCancelledOrTimedout)
        #expect(result.task("slow")?.state.summary == "TERMINATED CANCELED")
        #expect(result.task("next")?.state.summary == "SKIPPED CANCELED")
        #expect(try api.run(pending.runId).state.summary == "TERMINATED CANCELED")
    }

    @Test func cancelBeforeItStarts() throws {
        let dir = TempDir()
        let id = try job(dir.api, #"{"name": "x", "tasks": [\#(Self.command("a", "true"))]}"#)
        let pending = try dir.api.startRun(jobId: id, warehouse: dir.path)
        let canceled = try dir.api.cancelRun(pending.runId)
        #expect(canceled.state.summary == "TERMINATED CANCELED")
        #expect(try RunExecutor(api: dir.api).execute(runId: pending.runId).state.summary == "TERMINATED CANCELED")
    }

    @Test func sqlStopsBetweenCells() throws {
        let dir = TempDir()
        let ws = dir.workspace
        try ws.importObject(path: "/nb", content: Array("CREATE SCHEMA s\n-- COMMAND ----------\nCREATE TABLE s.t AS SELECT 1 AS x".utf8), format: .source, language: .sql, overwrite: false)
        let context = TaskContext(jobId: 1, jobName: "x", runId: 2, taskRunId: 3, taskKey: "t", attempt: 0, trigger: "ONE_TIME", ownerName: "me",
                                  warehouse: dir.path, workspace: ws, baseDirectory: dir.path, jobParameters: [:], dynamicValues: [:], logPath: dir.path + "/log")
        context.requestStop(.canceled)
        #expect(throws: TaskStopped.self) { try SQLTaskRunner.run(NotebookTask(notebookPath: "/nb"), context) }
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/s"), "no cell ran")
    }

    @Test func maxConcurrentRunsSkipsTheExtraRun() throws {
        let dir = TempDir()
        let api = dir.api
        let id = try job(api, #"{"name": "x", "max_concurrent_runs": 1, "tasks": [\#(Self.command("slow", "sleep 1"))]}"#)
        let first = try api.startRun(jobId: id, warehouse: dir.path)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = try? RunExecutor(api: api).execute(runId: first.runId)
            done.signal()
        }
        let second = try api.startRun(jobId: id, warehouse: dir.path)
        #expect(second.state.lifeCycleState == .skipped)
        #expect(second.state.stateMessage.contains("limit of 1 maximum concurrent runs has been reached"))
        #expect(try RunExecutor(api: api).execute(runId: second.runId).state.lifeCycleState == .skipped)
        #expect(done.wait(timeout: .now() + 10) == .success)
        let third = try api.startRun(jobId: id, warehouse: dir.path)
        #expect(third.state.lifeCycleState == .pending)
        #expect(try RunExecutor(api: api).execute(runId: third.runId).state.resultState == .success)
        #expect(try api.runs(jobId: id).map(\.runId) == [third.runId, second.runId, first.runId])
        #expect(try api.runs(jobId: id, completedOnly: true).count == 3)

        // max_concurrent_runs 2 lets two overlap.
        let id2 = try job(api, #"{"name": "y", "max_concurrent_runs": 2, "tasks": [\#(Self.command("slow", "sleep 1"))]}"#)
        let a = try api.startRun(jobId: id2, warehouse: dir.path), b = try api.startRun(jobId: id2, warehouse: dir.path), c = try api.startRun(jobId: id2, warehouse: dir.path)
        #expect([a, b, c].map(\.state.lifeCycleState) == [.pending, .pending, .skipped])
        _ = try api.cancelRun(a.runId)
        _ = try api.cancelRun(b.runId)
    }

    @Test func deadRunnerIsReconciled() throws {
        let dir = TempDir()
        let id = try job(dir.api, #"{"name": "x", "tasks": [\#(Self.command("a", "true"))]}"#)
        let pending = try dir.api.startRun(jobId: id, warehouse: dir.path)
        // A runner that exits at once without executing.
        try dir.api.launchDetached(runId: pending.runId, arguments: ["/bin/true"])
        var state = RunState(.pending)
        for _ in 0..<200 {
            state = try dir.api.run(pending.runId).state
            if state.lifeCycleState.isFinal { break }
            usleep(20_000)
        }
        #expect(state.lifeCycleState == .internalError)
        #expect(state.stateMessage.contains("ended without finishing the run"))
    }

    @Test func jobParameters() throws {
        let dir = TempDir()
        let out = dir.path + "/out"
        let id = try job(dir.api, #"{"name": "x", "parameters": [{"name": "who", "default": "world"}], "tasks": [\#(Self.command("a", "echo \"hello {{job.parameters.who}} $LAKE_PARAM_who {{job.run_id}}\" > \(out)"))]}"#)
        let r = try run(dir.api, id, warehouse: dir.path, params: ["who": "lake"])
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "hello lake lake \(r.runId)\n")
        #expect(throws: JobsError.self) { try dir.api.startRun(jobId: id, jobParameters: ["nope": "1"], warehouse: dir.path) }
    }

    @Test func pipelineTasksUseTheInjectedRunner() throws {
        let dir = TempDir()
        let id = try job(dir.api, #"{"name": "x", "tasks": [{"task_key": "p", "pipeline_task": {"pipeline": "pipelines/demo.yaml", "full_refresh": true}}]}"#, base: dir.path)
        let unavailable = try run(dir.api, id, warehouse: dir.path)
        #expect(unavailable.tasks[0].state.resultState == .failed)
        #expect(unavailable.tasks[0].state.stateMessage.contains("pipeline tasks need the pipeline module"))
        let seen = ResultBox()
        let runners = TaskRunners(pipeline: { task, context in
            seen.text = context.resolvePath(task.pipeline) + " full=\(task.fullRefresh) job=\(context.jobId)"
        })
        #expect(try run(dir.api, id, warehouse: dir.path, runners: runners).state.resultState == .success)
        #expect(seen.text == dir.path + "/pipelines/demo.yaml full=true job=\(id)")
    }
}

final class ResultBox: @unchecked Sendable {
    var run: JobRun?
    var text = ""
}
