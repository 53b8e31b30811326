import Columnar
import LakeJSON

extension JobSettings {
    /// Fields that configure Databricks compute, notifications or permissions: accepted and
    /// ignored locally (each one gets a note).
    static let ignoredJobFields: Set<String> = [
        "job_clusters", "new_cluster", "existing_cluster_id", "libraries", "email_notifications",
        "webhook_notifications", "notification_settings", "access_control_list", "run_as", "git_source",
        "format", "queue", "health", "edit_mode", "deployment", "environments", "budget_policy_id",
        "performance_target", "usage_policy_id", "trigger", "continuous", "spark_version", "node_type_id",
        "num_workers", "autoscale", "spark_conf", "spark_env_vars", "cluster_log_conf", "init_scripts",
        "driver_node_type_id", "run_name", "idempotency_token",
    ]
    static let ignoredTaskFields: Set<String> = [
        "existing_cluster_id", "new_cluster", "job_cluster_key", "libraries", "environment_key",
        "email_notifications", "webhook_notifications", "notification_settings", "health",
        "disable_auto_optimization", "compute_key", "compute", "spark_version", "node_type_id", "num_workers",
    ]
    static let jobFields: Set<String> = ["name", "description", "tasks", "parameters", "max_concurrent_runs", "timeout_seconds", "schedule", "tags"]
    static let taskFields: Set<String> = [
        "task_key", "description", "depends_on", "run_if", "timeout_seconds", "max_retries",
        "min_retry_interval_millis", "retry_on_timeout",
    ]
    static let bodyFields: Set<String> = ["notebook_task", "pipeline_task", "sql_task", "command_task"]
    static let unsupportedBodies: Set<String> = [
        "spark_python_task", "spark_jar_task", "spark_submit_task", "python_wheel_task", "dbt_task",
        "run_job_task", "condition_task", "for_each_task", "clean_rooms_notebook_task", "dashboard_task",
        "power_bi_task", "gen_ai_compute_task", "dbt_cloud_task",
    ]

    /// Parses and validates job settings (the body of `jobs create`, or of `jobs reset`'s
    /// `new_settings`). Errors name the field by its JSON path and say what was expected;
    /// `notes` lists the fields that were accepted but ignored.
    public static func parse(_ json: JSONValue) throws -> (settings: JobSettings, notes: [String]) {
        var parser = Parser()
        let settings = try parser.job(json)
        return (settings, parser.notes)
    }

    /// Parses JSON text (see ``parse(_:)``).
    public static func parse(text: String) throws -> (settings: JobSettings, notes: [String]) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: text)
        } catch {
            throw JobsError(.invalidJob, "the job settings are not valid JSON: \(error)")
        }
        return try parse(value)
    }

    /// The validating reader; `notes` collects ignored fields.
    struct Parser {
        var notes: [String] = []

        func fail(_ path: String, _ message: String) -> JobsError { JobsError(.invalidJob, message, at: path) }

        func object(_ v: JSONValue, _ path: String) throws -> JSONObject {
            guard let o = v.objectValue else { throw fail(path, "expected an object, got \(v.kindName)") }
            return o
        }

        func string(_ v: JSONValue, _ path: String, nonEmpty: Bool = true) throws -> String {
            guard let s = v.stringValue else { throw fail(path, "expected a string, got \(v.kindName)") }
            if nonEmpty && s.trimmingSpaces.isEmpty { throw fail(path, "expected a non-empty string") }
            return s
        }

        func int(_ v: JSONValue, _ path: String, _ range: ClosedRange<Int>) throws -> Int {
            guard let i = v.int64Value, let n = Int(exactly: i) else {
                throw fail(path, "expected an integer \(range.lowerBound)...\(range.upperBound), got \(v.kindName)\(v.stringValue.map { " \"\($0)\"" } ?? "")")
            }
            guard range.contains(n) else { throw fail(path, "expected an integer \(range.lowerBound)...\(range.upperBound), got \(n)") }
            return n
        }

        func bool(_ v: JSONValue, _ path: String) throws -> Bool {
            guard let b = v.boolValue else { throw fail(path, "expected true or false, got \(v.kindName)") }
            return b
        }

        /// A map of strings (numbers and booleans are accepted and written as text).
        func stringMap(_ v: JSONValue, _ path: String) throws -> [String: String] {
            var out: [String: String] = [:]
            for m in try object(v, path).members {
                switch m.value {
                case .string(let s): out[m.key] = s
                case .int(let i): out[m.key] = String(i)
                case .number(let n): out[m.key] = n
                case .bool(let b): out[m.key] = String(b)
                default: throw fail("\(path).\(m.key)", "expected a string, got \(m.value.kindName)")
                }
            }
            return out
        }

        /// Notes ignored fields; refuses unknown ones that look like typos of known ones.
        mutating func checkFields(_ o: JSONObject, _ path: String, known: Set<String>, ignored: Set<String>, why: String) throws {
            for key in o.keys where !known.contains(key) {
                let at = path.isEmpty ? key : "\(path).\(key)"
                if ignored.contains(key) {
                    notes.append("\(at): ignored (\(why))")
                } else if JobSettings.unsupportedBodies.contains(key) {
                    throw fail(at, "\(key) is not supported locally; use notebook_task, sql_task, pipeline_task or command_task")
                } else if let near = Suggestions.nearest(key, Array(known)) {
                    throw fail(at, "unknown field; did you mean '\(near)'?")
                } else {
                    notes.append("\(at): unknown field, ignored")
                }
            }
        }

        mutating func job(_ v: JSONValue) throws -> JobSettings {
            let o = try object(v, "$")
            // Jobs API 2.0: one task's body and retry settings at the top level.
            let legacyBodies = o.keys.filter { JobSettings.bodyFields.contains($0) || JobSettings.unsupportedBodies.contains($0) }
            var known = JobSettings.jobFields
            if !legacyBodies.isEmpty {
                known.formUnion(JobSettings.bodyFields)
                known.formUnion(["max_retries", "min_retry_interval_millis", "retry_on_timeout"])
            }
            try checkFields(o, "", known: known, ignored: JobSettings.ignoredJobFields, why: "no clusters, notifications or permissions locally")
            let name = try o["name"].map { try string($0, "name") } ?? "Untitled"
            let description = try o["description"].map { try string($0, "description", nonEmpty: false) }
            var tasks: [JobTask] = []
            if let t = o["tasks"] {
                guard legacyBodies.isEmpty else { throw fail(legacyBodies[0], "a job has either tasks[] or one top-level task body (Jobs API 2.0), not both") }
                guard let list = t.arrayValue else { throw fail("tasks", "expected an array of tasks, got \(t.kindName)") }
                guard !list.isEmpty else { throw fail("tasks", "expected at least one task") }
                for (i, item) in list.enumerated() { tasks.append(try task(item, "tasks[\(i)]")) }
            } else if !legacyBodies.isEmpty {
                // Jobs API 2.0: the job is one task, keyed by the job's name when that is a valid key.
                var single = o
                for key in Array(o.keys) where !(JobSettings.bodyFields.contains(key) || JobSettings.unsupportedBodies.contains(key) || ["max_retries", "min_retry_interval_millis", "retry_on_timeout", "timeout_seconds"].contains(key)) {
                    single[key] = nil
                }
                let key = Self.isValidTaskKey(name) ? name : "main"
                single["task_key"] = .string(key)
                tasks.append(try task(.object(single), ""))
                notes.append("single-task job (Jobs API 2.0 format): task_key '\(key)'")
            } else {
                throw fail("tasks", "missing; a job needs tasks[] (each with a task_key and one of notebook_task, sql_task, pipeline_task, command_task)")
            }
            try validateGraph(tasks)
            var parameters: [JobParameterDefinition] = []
            if let p = o["parameters"] {
                guard let list = p.arrayValue else { throw fail("parameters", "expected an array of {name, default}, got \(p.kindName)") }
                for (i, item) in list.enumerated() {
                    let path = "parameters[\(i)]"
                    let po = try object(item, path)
                    try checkFields(po, path, known: ["name", "default"], ignored: [], why: "")
                    guard let n = po["name"] else { throw fail("\(path).name", "missing") }
                    let pname = try string(n, "\(path).name")
                    guard let d = po["default"] else { throw fail("\(path).default", "missing; every job parameter needs a default") }
                    let value = try stringMap(.object(JSONObject([.init("default", d)])), path)["default"] ?? ""
                    if parameters.contains(where: { $0.name == pname }) { throw fail("\(path).name", "duplicate parameter '\(pname)'") }
                    parameters.append(JobParameterDefinition(name: pname, defaultValue: value))
                }
            }
            let maxConcurrent = try o["max_concurrent_runs"].map { try int($0, "max_concurrent_runs", 0...1000) } ?? 1
            let timeout = try o["timeout_seconds"].map { try int($0, "timeout_seconds", 0...Int(Int32.max)) } ?? 0
            let schedule = try o["schedule"].map { try self.schedule($0) }
            let tags = try o["tags"].map { try stringMap($0, "tags") } ?? [:]
            return JobSettings(name: name, description: description, tasks: tasks, parameters: parameters, maxConcurrentRuns: maxConcurrent,
                               timeoutSeconds: timeout, schedule: schedule, tags: tags, json: o)
        }

        static func isValidTaskKey(_ key: String) -> Bool {
            !key.isEmpty && key.count <= 100 && key.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "_" || $0 == "-" }
        }

        mutating func task(_ v: JSONValue, _ path: String) throws -> JobTask {
            let prefix = path.isEmpty ? "" : path + "."
            let o = try object(v, path.isEmpty ? "$" : path)
            try checkFields(o, path, known: JobSettings.taskFields.union(JobSettings.bodyFields), ignored: JobSettings.ignoredTaskFields.union(path.isEmpty ? JobSettings.ignoredJobFields : []), why: "no clusters or notifications locally")
            guard let k = o["task_key"] else { throw fail("\(prefix)task_key", "missing; every task needs a unique task_key") }
            let key = try string(k, "\(prefix)task_key")
            guard Self.isValidTaskKey(key) else {
                throw fail("\(prefix)task_key", "'\(key)' is not a valid task key (letters, digits, '_' and '-', at most 100 characters)")
            }
            var dependsOn: [String] = []
            if let d = o["depends_on"] {
                guard let list = d.arrayValue else { throw fail("\(prefix)depends_on", "expected an array of {\"task_key\": ...}, got \(d.kindName)") }
                for (j, item) in list.enumerated() {
                    let dpath = "\(prefix)depends_on[\(j)]"
                    let dobj = try object(item, dpath)
                    try checkFields(dobj, dpath, known: ["task_key", "outcome"], ignored: [], why: "")
                    if dobj["outcome"] != nil { throw fail("\(dpath).outcome", "outcome applies to condition_task dependencies, which are not supported locally") }
                    guard let dk = dobj["task_key"] else { throw fail("\(dpath).task_key", "missing; name the task this one waits for") }
                    let name = try string(dk, "\(dpath).task_key")
                    if dependsOn.contains(name) { throw fail("\(dpath).task_key", "'\(name)' is listed twice") }
                    dependsOn.append(name)
                }
            }
            var runIf = RunIf.allSuccess
            if let r = o["run_if"] {
                let text = try string(r, "\(prefix)run_if")
                guard let value = RunIf(rawValue: text.uppercased()) else {
                    throw fail("\(prefix)run_if", "expected one of \(RunIf.allCases.map(\.rawValue).joined(separator: ", ")), got '\(text)'")
                }
                runIf = value
            }
            let timeout = try o["timeout_seconds"].map { try int($0, "\(prefix)timeout_seconds", 0...Int(Int32.max)) } ?? 0
            let retries = try o["max_retries"].map { try int($0, "\(prefix)max_retries", -1...1_000_000) } ?? 0
            let interval = try o["min_retry_interval_millis"].map { try int($0, "\(prefix)min_retry_interval_millis", 0...Int(Int32.max)) } ?? 0
            let retryOnTimeout = try o["retry_on_timeout"].map { try bool($0, "\(prefix)retry_on_timeout") } ?? false
            let description = try o["description"].map { try string($0, "\(prefix)description", nonEmpty: false) }
            let bodies = o.keys.filter { JobSettings.bodyFields.contains($0) }
            guard let bodyKey = bodies.first else {
                throw fail(path.isEmpty ? "$" : path, "task '\(key)' has no body; expected one of notebook_task, sql_task, pipeline_task, command_task")
            }
            guard bodies.count == 1 else { throw fail("\(prefix)\(bodies[1])", "a task has exactly one body; '\(key)' also has \(bodies[0])") }
            let body = try self.body(bodyKey, o[bodyKey]!, "\(prefix)\(bodyKey)")
            return JobTask(taskKey: key, body: body, dependsOn: dependsOn, runIf: runIf, timeoutSeconds: timeout, maxRetries: retries,
                           minRetryIntervalMillis: interval, retryOnTimeout: retryOnTimeout, description: description)
        }

        mutating func body(_ kind: String, _ v: JSONValue, _ path: String) throws -> TaskBody {
            let o = try object(v, path)
            switch kind {
            case "notebook_task":
                try checkFields(o, path, known: ["notebook_path", "base_parameters", "source", "warehouse_id"], ignored: [], why: "")
                guard let p = o["notebook_path"] else { throw fail("\(path).notebook_path", "missing; the workspace path of the notebook (e.g. /Users/me/DataProcessing)") }
                let nbPath = try string(p, "\(path).notebook_path")
                guard nbPath.hasPrefix("/") else { throw fail("\(path).notebook_path", "expected an absolute workspace path starting with '/', got '\(nbPath)'") }
                if let s = o["source"], try string(s, "\(path).source").uppercased() != "WORKSPACE" {
                    throw fail("\(path).source", "only WORKSPACE notebooks run locally (import them with `lake workspace import`)")
                }
                if o["warehouse_id"] != nil { notes.append("\(path).warehouse_id: ignored (SQL runs on the local engine)") }
                let params = try o["base_parameters"].map { try stringMap($0, "\(path).base_parameters") } ?? [:]
                return .notebook(NotebookTask(notebookPath: nbPath, baseParameters: params))
            case "pipeline_task":
                try checkFields(o, path, known: ["pipeline", "pipeline_id", "pipeline_path", "full_refresh"], ignored: [], why: "")
                guard let p = o["pipeline"] ?? o["pipeline_path"] ?? o["pipeline_id"] else {
                    throw fail("\(path).pipeline", "missing; the pipeline definition file to run")
                }
                let key = o["pipeline"] != nil ? "pipeline" : o["pipeline_path"] != nil ? "pipeline_path" : "pipeline_id"
                let file = try string(p, "\(path).\(key)")
                let full = try o["full_refresh"].map { try bool($0, "\(path).full_refresh") } ?? false
                return .pipeline(PipelineTask(pipeline: file, fullRefresh: full))
            case "sql_task":
                try checkFields(o, path, known: ["file", "query", "parameters", "warehouse_id"], ignored: ["dashboard", "alert"], why: "not available locally")
                if o["warehouse_id"] != nil { notes.append("\(path).warehouse_id: ignored (SQL runs on the local engine)") }
                let params = try o["parameters"].map { try stringMap($0, "\(path).parameters") } ?? [:]
                var file: String?, query: String?
                if let f = o["file"] {
                    if let s = f.stringValue {
                        file = s
                    } else {
                        let fo = try object(f, "\(path).file")
                        try checkFields(fo, "\(path).file", known: ["path", "source"], ignored: [], why: "")
                        guard let p = fo["path"] else { throw fail("\(path).file.path", "missing; the SQL file to run") }
                        file = try string(p, "\(path).file.path")
                        if let s = fo["source"], try string(s, "\(path).file.source").uppercased() == "GIT" {
                            throw fail("\(path).file.source", "GIT sources are not available locally; use a workspace or local file")
                        }
                    }
                }
                if let q = o["query"] {
                    if let s = q.stringValue {
                        query = s
                    } else if let qo = q.objectValue {
                        if let text = qo["query"] ?? qo["query_text"] {
                            query = try string(text, "\(path).query.query")
                        } else {
                            throw fail("\(path).query", "saved queries (query_id) are not available locally; give the SQL text as \"query\": \"SELECT ...\"")
                        }
                    } else {
                        throw fail("\(path).query", "expected the SQL text as a string, got \(q.kindName)")
                    }
                }
                guard (file == nil) != (query == nil) else {
                    throw fail(path, file == nil ? "expected a file {\"path\": ...} or a query \"SELECT ...\"" : "give either file or query, not both")
                }
                return .sql(SQLTask(file: file, query: query, parameters: params))
            case "command_task":
                try checkFields(o, path, known: ["command", "env", "working_directory"], ignored: [], why: "")
                guard let c = o["command"] else { throw fail("\(path).command", "missing; a shell command line or an array [program, args...]") }
                var task = CommandTask()
                if let s = c.stringValue {
                    guard !s.trimmingSpaces.isEmpty else { throw fail("\(path).command", "expected a non-empty command") }
                    task.shell = s
                } else if let list = c.arrayValue {
                    guard !list.isEmpty else { throw fail("\(path).command", "expected a non-empty array [program, args...]") }
                    task.arguments = try list.enumerated().map { try string($1, "\(path).command[\($0)]", nonEmpty: false) }
                } else {
                    throw fail("\(path).command", "expected a string or an array of strings, got \(c.kindName)")
                }
                task.environment = try o["env"].map { try stringMap($0, "\(path).env") } ?? [:]
                task.workingDirectory = try o["working_directory"].map { try string($0, "\(path).working_directory") }
                return .command(task)
            default:
                throw fail(path, "unknown task body")
            }
        }

        /// Unique keys, known dependencies, no cycles.
        func validateGraph(_ tasks: [JobTask]) throws {
            var seen: [String: Int] = [:]
            for (i, t) in tasks.enumerated() {
                if let first = seen[t.taskKey] { throw fail("tasks[\(i)].task_key", "duplicate task_key '\(t.taskKey)' (also tasks[\(first)])") }
                seen[t.taskKey] = i
            }
            for (i, t) in tasks.enumerated() {
                for (j, d) in t.dependsOn.enumerated() {
                    if d == t.taskKey { throw fail("tasks[\(i)].depends_on[\(j)].task_key", "task '\(d)' cannot depend on itself") }
                    if seen[d] == nil {
                        let hint = Suggestions.nearest(d, tasks.map(\.taskKey)).map { "; did you mean '\($0)'?" } ?? ""
                        throw fail("tasks[\(i)].depends_on[\(j)].task_key", "no task has task_key '\(d)' (tasks: \(tasks.map(\.taskKey).joined(separator: ", ")))\(hint)")
                    }
                }
            }
            // Depth-first search for a cycle; report it as a path.
            var state: [String: Int] = [:]  // 1: on the stack, 2: done
            var stack: [String] = []
            func visit(_ key: String) throws {
                if state[key] == 2 { return }
                if state[key] == 1 {
                    let start = stack.firstIndex(of: key) ?? 0
                    let cycle = stack[start...] + [key]
                    throw fail("tasks[\(seen[key] ?? 0)].depends_on", "depends_on forms a cycle: \(cycle.joined(separator: " -> "))")
                }
                state[key] = 1
                stack.append(key)
                for d in tasks[seen[key]!].dependsOn { try visit(d) }
                stack.removeLast()
                state[key] = 2
            }
            for t in tasks { try visit(t.taskKey) }
        }

        func schedule(_ v: JSONValue) throws -> CronSchedule {
            let o = try object(v, "schedule")
            for key in o.keys where !["quartz_cron_expression", "timezone_id", "pause_status"].contains(key) {
                throw fail("schedule.\(key)", "unknown field" + (Suggestions.nearest(key, ["quartz_cron_expression", "timezone_id", "pause_status"]).map { "; did you mean '\($0)'?" } ?? ""))
            }
            guard let e = o["quartz_cron_expression"] else { throw fail("schedule.quartz_cron_expression", "missing; e.g. \"0 0 6 * * ?\" (06:00 every day)") }
            let text = try string(e, "schedule.quartz_cron_expression")
            let cron: QuartzCron
            do { cron = try QuartzCron(text) } catch let error as JobsError { throw fail("schedule.quartz_cron_expression", error.message) }
            guard let z = o["timezone_id"] else { throw fail("schedule.timezone_id", "missing; a time zone id such as \"UTC\" or \"Europe/Amsterdam\"") }
            let zoneID = try string(z, "schedule.timezone_id")
            let zone: TimeZoneRules
            do { zone = try TimeZoneRules(identifier: zoneID) } catch let error as JobsError { throw fail("schedule.timezone_id", error.message) }
            var paused = false
            if let p = o["pause_status"] {
                let s = try string(p, "schedule.pause_status").uppercased()
                guard s == "PAUSED" || s == "UNPAUSED" else { throw fail("schedule.pause_status", "expected PAUSED or UNPAUSED, got '\(s)'") }
                paused = s == "PAUSED"
            }
            return CronSchedule(cron: cron, timezoneId: zoneID, timeZone: zone, isPaused: paused)
        }
    }
}
