import ArgumentParser
import Lakehouse

/// `lake jobs` (also `lake job`): the Databricks CLI's `databricks jobs` on the local workspace.
struct JobsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: "Create, run and watch jobs (Jobs API 2.1 JSON) on the local workspace.",
        discussion: """
            The flow: lake workspace import ... ; lake jobs create --json @job.json ; lake jobs run-now JOB_ID ; \
            lake jobs list ; lake jobs get-run RUN_ID --output json. `lake jobs run` is run-now, and \
            `lake runs get|list|cancel` are get-run, list-runs and cancel-run.
            """,
        subcommands: [
            JobsCreateCommand.self, JobsListCommand.self, JobsGetCommand.self, JobsResetCommand.self, JobsUpdateCommand.self,
            JobsDeleteCommand.self, JobsRunNowCommand.self, JobsGetRunCommand.self, JobsGetRunOutputCommand.self,
            JobsListRunsCommand.self, JobsCancelRunCommand.self, JobsSchedulerCommand.self, JobsExecuteRunCommand.self,
        ],
        aliases: ["job"])
}

/// `lake jobs create`.
struct JobsCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a job from Jobs API 2.1 (or 2.0 single-task) JSON.",
        discussion: """
            Tasks take notebook_task {notebook_path, base_parameters}, sql_task {file {path} | query}, \
            pipeline_task {pipeline, full_refresh} or command_task {command, env, working_directory}. Cluster, \
            library and notification fields are accepted and ignored (noted on standard error). Relative paths \
            resolve against the JSON file's directory.
            """)

    @Option(help: "The job settings: @file.json or inline JSON.")
    var json: String

    @Option(help: "text or json.")
    var output: OutputFormat = .text

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        let (value, base) = try JSONArgument.read(json)
        let (job, notes) = try options.api.create(value, baseDirectory: base)
        for n in notes { StandardOutput.error("note: \(n)") }
        if output == .json {
            StandardOutput.line(JSONValue.object(JSONObject([.init("job_id", .int(job.jobId))])).serialized(pretty: true))
        } else {
            StandardOutput.line("Created job \(job.jobId) (\(job.settings.name))")
        }
    }
}

/// `lake jobs list`.
struct JobsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List jobs.")

    @Option(help: "Only jobs with exactly this name.")
    var name: String?

    @Option(help: "text or json.")
    var output: OutputFormat = .text

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        let jobs = try options.api.jobs(name: name)
        if output == .json {
            StandardOutput.line(JSONValue.array(jobs.map(\.json)).serialized(pretty: true))
        } else {
            JobsOutput.printJobs(jobs)
        }
    }
}

/// `lake jobs get`.
struct JobsGetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Show a job's settings.")

    @Argument(help: "The job id.")
    var jobId: Int64

    @Option(help: "text or json.")
    var output: OutputFormat = .text

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        let job = try options.api.job(jobId)
        if output == .json {
            StandardOutput.line(job.json.serialized(pretty: true))
        } else {
            JobsOutput.printJob(job)
        }
    }
}

/// `lake jobs reset`.
struct JobsResetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reset", abstract: "Replace a job's settings.")

    @Argument(help: "The job id.")
    var jobId: Int64

    @Option(help: "The new settings (@file or inline): the settings themselves or {\"new_settings\": {...}}.")
    var json: String

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        let (value, base) = try JSONArgument.read(json)
        let settings = value["new_settings"] ?? value
        for n in try options.api.reset(jobId, settings, baseDirectory: base) { StandardOutput.error("note: \(n)") }
        StandardOutput.error("reset job \(jobId)")
    }
}

/// `lake jobs update`.
struct JobsUpdateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "update", abstract: "Change some of a job's settings.")

    @Argument(help: "The job id.")
    var jobId: Int64

    @Option(help: "{\"new_settings\": {...}, \"fields_to_remove\": [...]} (@file or inline).")
    var json: String

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        let (value, _) = try JSONArgument.read(json)
        guard let newSettings = (value["new_settings"] ?? .object(JSONObject())).objectValue else {
            throw ValidationError("new_settings: expected an object")
        }
        let remove = value["fields_to_remove"]?.arrayValue?.compactMap(\.stringValue) ?? []
        for n in try options.api.update(jobId, newSettings: newSettings, fieldsToRemove: remove) { StandardOutput.error("note: \(n)") }
        StandardOutput.error("updated job \(jobId)")
    }
}

/// `lake jobs delete`.
struct JobsDeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a job (its runs stay listed).")

    @Argument(help: "The job id.")
    var jobId: Int64

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        try options.api.delete(jobId)
        StandardOutput.error("deleted job \(jobId)")
    }
}
