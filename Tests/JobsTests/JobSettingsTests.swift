import LakeJSON
import Testing
@testable import Jobs

@Suite struct JobSettingsTests {
    /// The seed's example, Jobs API 2.1 style: two dependent notebook tasks and cluster fields.
    static let seedJob = """
        {
          "name": "DataProcessingJob",
          "email_notifications": {"on_failure": ["me@example.com"]},
          "job_clusters": [{"job_cluster_key": "main", "new_cluster": {"spark_version": "13.3.x-scala2.12", "node_type_id": "Standard_DS3_v2", "num_workers": 2}}],
          "max_concurrent_runs": 1,
          "parameters": [{"name": "day", "default": "2026-01-01"}],
          "schedule": {"quartz_cron_expression": "0 0 6 * * ?", "timezone_id": "Europe/Amsterdam", "pause_status": "PAUSED"},
          "tasks": [
            {"task_key": "ingest", "job_cluster_key": "main", "notebook_task": {"notebook_path": "/Users/me/DataProcessing", "base_parameters": {"layer": "bronze"}},
             "max_retries": 2, "min_retry_interval_millis": 1000, "retry_on_timeout": true, "timeout_seconds": 600},
            {"task_key": "transform", "depends_on": [{"task_key": "ingest"}], "run_if": "ALL_SUCCESS", "existing_cluster_id": "1234-abc",
             "sql_task": {"query": "SELECT 1", "warehouse_id": "w1"}}
          ]
        }
        """

    @Test func parsesTheSeedJob() throws {
        let (settings, notes) = try JobSettings.parse(text: Self.seedJob)
        #expect(settings.name == "DataProcessingJob")
        #expect(settings.tasks.map(\.taskKey) == ["ingest", "transform"])
        #expect(settings.tasks[0].maxRetries == 2 && settings.tasks[0].minRetryIntervalMillis == 1000 && settings.tasks[0].retryOnTimeout)
        #expect(settings.tasks[0].timeoutSeconds == 600)
        #expect(settings.tasks[0].body == .notebook(NotebookTask(notebookPath: "/Users/me/DataProcessing", baseParameters: ["layer": "bronze"])))
        #expect(settings.tasks[1].dependsOn == ["ingest"])
        #expect(settings.parameters == [JobParameterDefinition(name: "day", defaultValue: "2026-01-01")])
        #expect(settings.schedule?.isPaused == true && settings.schedule?.timezoneId == "Europe/Amsterdam")
        #expect(settings.maxConcurrentRuns == 1)
        for field in ["email_notifications", "job_clusters", "tasks[0].job_cluster_key", "tasks[1].existing_cluster_id", "tasks[1].sql_task.warehouse_id"] {
            #expect(notes.contains { $0.hasPrefix(field + ":") }, "a note for \(field): \(notes)")
        }
    }

    @Test func jobsAPI20SingleTask() throws {
        let (settings, notes) = try JobSettings.parse(text: """
            {"name": "nightly", "new_cluster": {"spark_version": "7.3.x-scala2.12", "node_type_id": "Standard_DS3_v2", "num_workers": 2},
             "notebook_task": {"notebook_path": "/Users/me/DataProcessing"}, "max_retries": 1, "timeout_seconds": 60}
            """)
        #expect(settings.tasks.count == 1)
        #expect(settings.tasks[0].taskKey == "nightly" && settings.tasks[0].maxRetries == 1 && settings.tasks[0].timeoutSeconds == 60)
        #expect(notes.contains { $0.contains("new_cluster") })
    }

    @Test(arguments: [
        (#"{"name": "x", "tasks": [{"task_key": "a", "command_task": {"command": "true"}}, {"task_key": "b", "depends_on": [{"task_key": 42}], "command_task": {"command": "true"}}]}"#,
         "tasks[1].depends_on[0].task_key: expected a string, got an integer"),
        (#"{"name": "x", "tasks": [{"task_key": "ingest", "command_task": {"command": "true"}}, {"task_key": "b", "depends_on": [{"task_key": "ingets"}], "command_task": {"command": "true"}}]}"#,
         "tasks[1].depends_on[0].task_key: no task has task_key 'ingets' (tasks: ingest, b); did you mean 'ingest'?"),
        (#"{"name": "x", "tasks": [{"task_key": "a", "depends_on": [{"task_key": "c"}], "command_task": {"command": "true"}}, {"task_key": "b", "depends_on": [{"task_key": "a"}], "command_task": {"command": "true"}}, {"task_key": "c", "depends_on": [{"task_key": "b"}], "command_task": {"command": "true"}}]}"#,
         "depends_on forms a cycle: a -> c -> b -> a"),
        (#"{"name": "x", "tasks": [{"task_key": "a", "command_task": {"command": "true"}}, {"task_key": "a", "command_task": {"command": "true"}}]}"#,
         "tasks[1].task_key: duplicate task_key 'a' (also tasks[0])"),
        (#"{"name": "x", "tasks": [{"task_key": "a", "run_if": "SOMETIMES", "command_task": {"command": "true"}}]}"#,
         "tasks[0].run_if: expected one of ALL_SUCCESS"),
        (#"{"name": "x", "tasks": [{"task_key": "a", "max_retries": "3", "command_task": {"command": "true"}}]}"#,
         "tasks[0].max_retries: expected an integer -1...1000000, got a string \"3\""),
        (#"{"name": "x", "tasks": [{"task_key": "a"}]}"#,
         "tasks[0]: task 'a' has no body; expected one of notebook_task"),
        (#"{"name": "x", "tasks": [{"task_key": "a", "notebook_task": {"notebook_path": "relative"}}]}"#,
         "tasks[0].notebook_task.notebook_path: expected an absolute workspace path"),
        (#"{"name": "x", "tasks": [{"task_key": "a", "depend_on": [], "command_task": {"command": "true"}}]}"#,
         "tasks[0].depend_on: unknown field; did you mean 'depends_on'?"),
        (#"{"name": "x", "tasks": [{"task_key": "a", "spark_python_task": {"python_file": "x.py"}}]}"#,
         "tasks[0].spark_python_task: spark_python_task is not supported locally"),
        (#"{"name": "x", "tasks": [{"task_key": "a", "sql_task": {"query": "SELECT 1", "file": {"path": "/x.sql"}}}]}"#,
         "tasks[0].sql_task: give either file or query, not both"),
        (#"{"name": "x", "schedule": {"quartz_cron_expression": "0 0 25 * * ?", "timezone_id": "UTC"}, "tasks": [{"task_key": "a", "command_task": {"command": "true"}}]}"#,
         "schedule.quartz_cron_expression: invalid Quartz cron expression '0 0 25 * * ?': hours field: 25 is out of range 0-23"),
        (#"{"name": "x", "schedule": {"quartz_cron_expression": "0 0 1 * * ?", "timezone_id": "Mars/Base"}, "tasks": [{"task_key": "a", "command_task": {"command": "true"}}]}"#,
         "schedule.timezone_id: unknown time zone id 'Mars/Base'"),
        (#"{"name": "x", "tasks": []}"#, "tasks: expected at least one task"),
        (#"{"name": "x", "tasks": {"task_key": "a"}}"#, "tasks: expected an array of tasks, got an object"),
        (#"[1]"#, "$: expected an object, got an array"),
        (#"{"name": "x", "max_concurrent_runs": 5000, "tasks": [{"task_key": "a", "command_task": {"command": "true"}}]}"#,
         "max_concurrent_runs: expected an integer 0...1000, got 5000"),
        (#"{"name": "x", "parameters": [{"name": "p"}], "tasks": [{"task_key": "a", "command_task": {"command": "true"}}]}"#,
         "parameters[0].default: missing"),
        (#"{"name": "x", "tasks": [{"task_key": "bad key!", "command_task": {"command": "true"}}]}"#,
         "tasks[0].task_key: 'bad key!' is not a valid task key"),
        (#"{"name": "x", "tasks": [{"task_key": "a", "depends_on": [{"task_key": "a"}], "command_task": {"command": "true"}}]}"#,
         "tasks[0].depends_on[0].task_key: task 'a' cannot depend on itself"),
        (#"{"name": "x", "tasks": [{"task_key": "a", "command_task": {"command": []}}]}"#,
         "tasks[0].command_task.command: expected a non-empty array"),
        (#"{"name": "x", "tasks": [{"task_key": "a", "pipeline_task": {"full_refresh": "yes", "pipeline": "p.yaml"}}]}"#,
         "tasks[0].pipeline_task.full_refresh: expected true or false, got a string"),
        (#"{"name": "x", "tasks": [{"task_key": "a", "pipeline_task": {"pipeline": "p.yaml"}, "sql_task": {"query": "SELECT 1"}}]}"#,
         "a task has exactly one body"),
        ("{", "not valid JSON"),
    ])
    func validationErrors(json: String, expected: String) {
        do {
            let (settings, _) = try JobSettings.parse(text: json)
            Issue.record("accepted: \(settings.tasks.map(\.taskKey))")
        } catch let e as JobsError {
            #expect(e.code == .invalidJob)
            #expect(e.description.contains(expected), "\(e.description)")
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func runIfOutcomes() {
        let s = ResultState.success, f = ResultState.failed, t = ResultState.timedOut, u = ResultState.upstreamFailed, x = ResultState.excluded, c = ResultState.canceled
        let cases: [(RunIf, [ResultState], Bool)] = [
            (.allSuccess, [s, s], true), (.allSuccess, [s, f], false), (.allSuccess, [s, x], false),
            (.atLeastOneSuccess, [f, s], true), (.atLeastOneSuccess, [f, u], false),
            (.noneFailed, [s, x], true), (.noneFailed, [s, f], false), (.noneFailed, [x, x], false), (.noneFailed, [s, u], false), (.noneFailed, [s, c], false),
            (.allDone, [f, u, c], true),
            (.atLeastOneFailed, [s, t], true), (.atLeastOneFailed, [s, u], true), (.atLeastOneFailed, [s, x], false),
            (.allFailed, [f, t, u], true), (.allFailed, [f, s], false),
        ]
        for (runIf, deps, expected) in cases {
            #expect(runIf.isMet(by: deps) == expected, "\(runIf.rawValue) with \(deps.map(\.rawValue))")
        }
    }
}
