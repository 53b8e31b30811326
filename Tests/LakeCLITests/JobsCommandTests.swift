import Foundation
import Testing

/// The Databricks CLI flow, locally, through the `lake` binary: import a notebook, create a job
/// from a JSON file, run it, list jobs, get the run.
@Suite struct JobsCommandTests {
    final class Dir: @unchecked Sendable {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lake-jobs-cli-\(UUID().uuidString)").path
        init() { try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
        func write(_ name: String, _ text: String) throws -> String {
            let p = path + "/" + name
            try text.write(toFile: p, atomically: true, encoding: .utf8)
            return p
        }
        /// `lake ARGS --warehouse DIR` (the workspace defaults to DIR/.lake).
        func lake(_ args: [String]) throws -> LakeBinary.Result { try LakeBinary.run(args + ["--warehouse", path]) }
    }

    static let notebook = """
        -- Databricks notebook source
        -- MAGIC %md
        -- MAGIC # Data processing: raw orders into bronze

        -- COMMAND ----------

        CREATE WIDGET TEXT day DEFAULT '2026-01-01';
        CREATE SCHEMA IF NOT EXISTS bronze;

        -- COMMAND ----------

        CREATE OR REPLACE TABLE bronze.orders AS
        SELECT id, id * 2.5 AS amount, '${day}' AS day FROM range(10)

        """

    /// The seed's job, with a second task that depends on the first.
    static let job = """
        {
          "name": "DataProcessingJob",
          "new_cluster": {"spark_version": "13.3.x-scala2.12", "node_type_id": "Standard_DS3_v2", "num_workers": 2},
          "email_notifications": {"on_failure": ["me@example.com"]},
          "parameters": [{"name": "day", "default": "2026-01-01"}],
          "tasks": [
            {"task_key": "ingest", "notebook_task": {"notebook_path": "/Users/me/DataProcessing"}},
            {"task_key": "summarize", "depends_on": [{"task_key": "ingest"}],
             "sql_task": {"query": "CREATE SCHEMA IF NOT EXISTS gold; CREATE OR REPLACE TABLE gold.daily AS SELECT day, count(*) AS orders, sum(amount) AS revenue FROM bronze.orders GROUP BY day"}}
          ]
        }
        """

    func json(_ text: String) -> Any? { try? JSONSerialization.jsonObject(with: Data(text.utf8)) }

    @Test func seedFlow() throws {
        let dir = Dir()
        let nb = try dir.write("notebook.sql", Self.notebook)
        let jobFile = try dir.write("job.json", Self.job)

        var r = try dir.lake(["workspace", "import", "--path", "/Users/me/DataProcessing", "--language", "SQL", "--format", "SOURCE", "--file", nb])
        #expect(r.status == 0, "\(r.stderr)")
        r = try dir.lake(["workspace", "list", "/Users/me"])
        #expect(r.stdout.contains("NOTEBOOK") && r.stdout.contains("/Users/me/DataProcessing"))
        r = try dir.lake(["workspace", "export", "/Users/me/DataProcessing"])
        #expect(r.stdout == Self.notebook, "MAGIC lines and cells come back as imported")

        r = try dir.lake(["jobs", "create", "--json", "@" + jobFile])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Created job 1 (DataProcessingJob)"))
        #expect(r.stderr.contains("note: new_cluster: ignored"))

        r = try dir.lake(["jobs", "run-now", "1", "--job-params", "day=2026-03-01"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("ingest: RUNNING") && r.stderr.contains("summarize: TERMINATED SUCCESS"))
        #expect(r.stdout.contains("Run 1 of job 1 (DataProcessingJob): TERMINATED SUCCESS"))
        #expect(r.stdout.contains("bronze.orders@v0"))

        r = try dir.lake(["jobs", "list"])
        #expect(r.stdout.contains("DataProcessingJob") && r.stdout.contains("ingest, summarize"))
        let jobs = json(try dir.lake(["jobs", "list", "--output", "json"]).stdout) as? [[String: Any]]
        #expect(jobs?.first?["job_id"] as? Int == 1)

        r = try dir.lake(["jobs", "get-run", "1", "--output", "json"])
        let run = try #require(json(r.stdout) as? [String: Any], "\(r.stdout)")
        let state = run["state"] as? [String: Any]
        #expect(state?["life_cycle_state"] as? String == "TERMINATED")
        #expect(state?["result_state"] as? String == "SUCCESS")
        #expect(run["job_id"] as? Int == 1 && run["run_id"] as? Int == 1)
        let tasks = try #require(run["tasks"] as? [[String: Any]])
        #expect(tasks.map { $0["task_key"] as? String } == ["ingest", "summarize"])
        #expect(tasks.allSatisfy { ($0["state"] as? [String: Any])?["result_state"] as? String == "SUCCESS" })
        #expect(((tasks[1]["lineage"] as? [String: Any])?["reads"] as? [[String: Any]])?.first?["table"] as? String == "bronze.orders")
        for key in ["start_time", "end_time", "run_duration"] { #expect(run[key] is Int, "\(key)") }

        // The data landed, with the run's parameter, and the commit names the job.
        r = try dir.lake(["sql", "SELECT day, orders FROM gold.daily", "--format", "jsonl"])
        #expect(r.stdout.contains("\"day\":\"2026-03-01\"") && r.stdout.contains("\"orders\":10"))
        r = try LakeBinary.run(["history", dir.path + "/gold/daily", "--format", "jsonl"])
        #expect(r.stdout.contains("\"jobName\":\"DataProcessingJob\"") && r.stdout.contains("\"jobRunId\":\"1\""))

        // The seed's verbs: `job run` and `run get`.
        r = try dir.lake(["job", "run", "1"])
        #expect(r.status == 0 && r.stdout.contains("Run 4 of job 1"), "\(r.stdout) \(r.stderr)")
        r = try dir.lake(["run", "get", "4"])
        #expect(r.stdout.contains("TERMINATED SUCCESS"))
        r = try dir.lake(["jobs", "get-run-output", "5"])
        #expect(r.stdout.contains("created table bronze.orders"), "task run 5 is run 4's ingest")
    }

    /// A pipeline_task runs an update of a pipeline file (relative to the job file): commits
    /// carry the job's ids, the run records the writes, and a failing expectation fails the task.
    @Test func pipelineTask() throws {
        let dir = Dir()
        try FileManager.default.createDirectory(atPath: dir.path + "/landing", withIntermediateDirectories: true)
        _ = try dir.write("landing/a.csv", "id,amount\n1,10\n2,5\n")
        _ = try dir.write("p.yaml", """
            name: orders
            storage: lake
            datasets:
              - name: bronze.orders
                source: {path: landing, format: csv}
              - name: gold.total
                sql: SELECT count(*) AS orders, sum(amount) AS total FROM bronze.orders
                expectations:
                  - {name: positive_total, condition: total > 0, action: fail}
            """)
        let job = try dir.write("job.json", #"{"name": "refresh", "tasks": [{"task_key": "update", "pipeline_task": {"pipeline": "p.yaml"}}]}"#)
        #expect(try dir.lake(["jobs", "create", "--json", "@" + job]).status == 0)
        var r = try dir.lake(["jobs", "run-now", "1", "--output", "json"])
        #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
        let run = try #require(json(r.stdout) as? [String: Any], "\(r.stdout)")
        #expect((run["state"] as? [String: Any])?["result_state"] as? String == "SUCCESS")
        let writes = ((run["tasks"] as? [[String: Any]])?.first?["lineage"] as? [String: Any])?["writes"] as? [[String: Any]]
        #expect(Set(writes?.compactMap { $0["table"] as? String } ?? []) == ["bronze.orders", "gold.total"], "\(run)")
        let reads = ((run["tasks"] as? [[String: Any]])?.first?["lineage"] as? [String: Any])?["reads"] as? [[String: Any]]
        #expect(reads?.map { "\($0["table"] ?? "")@\($0["version"] ?? "")" } == ["bronze.orders@0"], "\(run)")
        r = try LakeBinary.run(["sql", "--warehouse", dir.path + "/lake", "--format", "jsonl", "SELECT orders, total FROM gold.total"])
        #expect(r.stdout.contains("\"orders\":2") && r.stdout.contains("\"total\":15"), "\(r.stdout) \(r.stderr)")
        r = try LakeBinary.run(["history", dir.path + "/lake/bronze/orders", "--format", "jsonl"])
        #expect(r.stdout.contains("\"jobName\":\"refresh\""), "\(r.stdout)")

        // Negative amounts make the gold total fail its expectation: the task fails, naming it.
        _ = try dir.write("landing/b.csv", "id,amount\n3,-100\n")
        r = try dir.lake(["jobs", "run-now", "1", "--output", "json"])
        #expect(r.status == 1)
        let failed = json(r.stdout) as? [String: Any]
        let message = (failed?["state"] as? [String: Any])?["state_message"] as? String
        #expect(message?.contains("gold.total") == true && message?.contains("positive_total") == true, "\(message ?? r.stdout)")
    }

    /// The README's "demo's pipeline as a job" walkthrough, run as written: its notebook and
    /// job JSON and its `lake` lines, taken from the README, against a small demo.
    @Test func readmeDemoJobWalkthrough() throws {
        let readmePath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md").path
        let readme = try String(contentsOfFile: readmePath, encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "The demo's pipeline as a job").dropFirst().first)
        let script = try #require(section.components(separatedBy: "```sh\n").dropFirst().first?.components(separatedBy: "\n```").first)
        func heredoc(_ file: String, _ tag: String) throws -> String {
            let body = try #require(script.components(separatedBy: "cat > \(file) <<'\(tag)'\n").dropFirst().first)
            return try #require(body.components(separatedBy: "\n\(tag)\n").first) + "\n"
        }
        let dir = Dir()
        let demo = dir.path + "/.demo"
        var r = try LakeBinary.run(["demo", "--dir", demo, "--scale", "1", "--no-live"])
        #expect(r.status == 0, "\(r.stderr)")
        try heredoc("report.sql", "SQL").write(toFile: demo + "/report.sql", atomically: true, encoding: .utf8)
        try heredoc("job.json", "JSON").write(toFile: demo + "/job.json", atomically: true, encoding: .utf8)
        var outputs: [String] = []
        for line in script.split(separator: "\n") where line.hasPrefix("../.build/release/lake ") {
            let command = line.dropFirst("../.build/release/lake ".count).split(separator: "#").first!
            r = try LakeBinary.run(command.split(separator: " ").map(String.init), environment: ["LAKE_WAREHOUSE": demo + "/lakehouse"], directory: demo)
            #expect(r.status == 0, "\(line): \(r.stdout) \(r.stderr)")
            outputs.append(r.stdout)
        }
        #expect(outputs.count == 6)
        #expect(outputs.joined().contains("Run 1 of job 1 (ShopRefresh): TERMINATED SUCCESS"), "\(outputs)")
        let run = try #require(json(outputs[4]) as? [String: Any], "\(outputs[4])")
        let tasks = try #require(run["tasks"] as? [[String: Any]])
        #expect(tasks.map { $0["task_key"] as? String } == ["refresh", "report"])
        let reads = ((tasks[1]["lineage"] as? [String: Any])?["reads"] as? [[String: Any]])?.compactMap { $0["table"] as? String }
        #expect(reads == ["gold.revenue_by_day_state"])
        // The notebook ran with the task's parameter: three days of revenue.
        #expect(outputs[5].contains("order_date") && outputs[5].contains("3 rows"), "\(outputs[5])")
    }

    @Test func badInputIsReported() throws {
        let dir = Dir()
        let bad = try dir.write("bad.json", #"{"name": "x", "tasks": [{"task_key": "a", "command_task": {"command": "true"}}, {"task_key": "b", "depends_on": [{"task_key": "c"}], "command_task": {"command": "true"}}]}"#)
        var r = try dir.lake(["jobs", "create", "--json", "@" + bad])
        #expect(r.status != 0)
        #expect(r.stderr.contains("tasks[1].depends_on[0].task_key: no task has task_key 'c'"), "\(r.stderr)")
        r = try dir.lake(["jobs", "create", "--json", "{not json"])
        #expect(r.status != 0 && r.stderr.contains("not valid JSON"))
        r = try dir.lake(["jobs", "get-run", "99"])
        #expect(r.status != 0 && r.stderr.contains("run 99 does not exist"))
        r = try dir.lake(["jobs", "run-now", "7"])
        #expect(r.status != 0 && r.stderr.contains("job 7 does not exist"))

        // A missing notebook fails the task, not the runner.
        let missing = try dir.write("missing.json", #"{"name": "m", "tasks": [{"task_key": "nb", "notebook_task": {"notebook_path": "/Users/me/Nope"}}]}"#)
        #expect(try dir.lake(["jobs", "create", "--json", "@" + missing]).status == 0)
        r = try dir.lake(["jobs", "run-now", "1", "--output", "json"])
        #expect(r.status == 1)
        let run = json(r.stdout) as? [String: Any]
        #expect((run?["state"] as? [String: Any])?["result_state"] as? String == "FAILED")
        #expect(((run?["state"] as? [String: Any])?["state_message"] as? String)?.contains("notebook /Users/me/Nope does not exist in the workspace") == true)
    }

    @Test func cancelFromAnotherProcess() throws {
        let dir = Dir()
        let job = try dir.write("slow.json", #"{"name": "slow", "tasks": [{"task_key": "sleep", "command_task": {"command": "sleep 30"}}, {"task_key": "after", "depends_on": [{"task_key": "sleep"}], "command_task": {"command": "true"}}]}"#)
        #expect(try dir.lake(["jobs", "create", "--json", "@" + job]).status == 0)
        var r = try dir.lake(["jobs", "run-now", "1", "--no-wait", "--output", "json"])
        let runId = try #require((json(r.stdout) as? [String: Any])?["run_id"] as? Int, "\(r.stdout) \(r.stderr)")
        // Wait until the background runner has the task running.
        for _ in 0..<100 {
            r = try dir.lake(["jobs", "get-run", String(runId), "--output", "json"])
            let tasks = (json(r.stdout) as? [String: Any])?["tasks"] as? [[String: Any]]
            if (tasks?.first?["state"] as? [String: Any])?["life_cycle_state"] as? String == "RUNNING" { break }
            usleep(50_000)
        }
        // A second run-now is beyond max_concurrent_runs (1): SKIPPED.
        r = try dir.lake(["jobs", "run-now", "1"])
        #expect(r.status == 1 && r.stdout.contains("SKIPPED"))
        let started = Date()
        r = try dir.lake(["jobs", "cancel-run", String(runId)])
        #expect(r.status == 0 && r.stdout.contains("TERMINATED CANCELED"), "\(r.stdout) \(r.stderr)")
        #expect(Date().timeIntervalSince(started) < 10)
        r = try dir.lake(["runs", "get", String(runId), "--output", "json"])
        let tasks = ((json(r.stdout) as? [String: Any])?["tasks"] as? [[String: Any]])?.map { ($0["state"] as? [String: Any])?["result_state"] as? String }
        #expect(tasks == ["CANCELED", "CANCELED"])
    }

    /// Several `lake` processes write to one workspace at once: no id is handed out twice and
    /// no job, notebook or run is lost.
    @Test func concurrentInvocations() throws {
        let dir = Dir()
        let job = try dir.write("job.json", #"{"name": "j", "tasks": [{"task_key": "t", "command_task": {"command": "true"}}]}"#)
        let nb = try dir.write("nb.sql", "SELECT 1")
        let n = 8
        let results = ResultList()
        DispatchQueue.concurrentPerform(iterations: n * 2) { i in
            let r = i % 2 == 0
                ? try? dir.lake(["jobs", "create", "--json", "@" + job, "--output", "json"])
                : try? dir.lake(["workspace", "import", "--path", "/Shared/nb\(i)", "--language", "SQL", "--file", nb])
            results.append(r?.status ?? -1)
        }
        #expect(results.values.allSatisfy { $0 == 0 })
        let jobs = json(try dir.lake(["jobs", "list", "--output", "json"]).stdout) as? [[String: Any]] ?? []
        #expect(jobs.compactMap { $0["job_id"] as? Int }.sorted() == Array(1...n))
        let objects = json(try dir.lake(["workspace", "list", "/Shared", "--output", "json"]).stdout) as? [[String: Any]] ?? []
        #expect(objects.count == n)

        // Concurrent runs of different jobs get distinct run ids and all finish.
        DispatchQueue.concurrentPerform(iterations: n) { i in
            results.append((try? dir.lake(["jobs", "run-now", String(i + 1)]))?.status ?? -1)
        }
        let runs = json(try dir.lake(["jobs", "list-runs", "--output", "json", "--limit", "100"]).stdout) as? [[String: Any]] ?? []
        #expect(runs.count == n)
        #expect(Set(runs.compactMap { $0["run_id"] as? Int }).count == n)
        #expect(runs.allSatisfy { ($0["state"] as? [String: Any])?["result_state"] as? String == "SUCCESS" })
    }
}

final class ResultList: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Int32] = []
    func append(_ v: Int32) { lock.lock(); storage.append(v); lock.unlock() }
    var values: [Int32] { lock.lock(); defer { lock.unlock() }; return storage }
}
