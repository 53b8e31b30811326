import LakeJSON

/// A stored job: its id, who created it and when, and its settings.
public struct Job: Sendable {
    /// The job's id.
    public var jobId: Int64
    /// Creation time, epoch milliseconds.
    public var createdTime: Int64
    /// Who created it (the OS user).
    public var creatorUserName: String
    /// The directory relative paths in the settings resolve against (the job file's
    /// directory at create time).
    public var baseDirectory: String
    /// The settings.
    public var settings: JobSettings

    /// The Jobs API shape (`jobs get`): job_id, creator_user_name, created_time, settings.
    public var json: JSONValue {
        .object(JSONObject([
            .init("job_id", .int(jobId)),
            .init("creator_user_name", .string(creatorUserName)),
            .init("created_time", .int(createdTime)),
            .init("settings", .object(settings.json)),
        ]))
    }

    /// The stored form (the API shape plus the base directory).
    var storedJSON: JSONValue {
        guard case .object(var o) = json else { return json }
        o["base_directory"] = .string(baseDirectory)
        return .object(o)
    }

    /// Reads the stored form.
    init(stored v: JSONValue, file: String) throws {
        guard let id = v["job_id"]?.int64Value, let settingsJSON = v["settings"] else {
            throw JobsError(.io, "not a job record", at: file)
        }
        jobId = id
        createdTime = v["created_time"]?.int64Value ?? 0
        creatorUserName = v["creator_user_name"]?.stringValue ?? ""
        baseDirectory = v["base_directory"]?.stringValue ?? "/"
        do {
            settings = try JobSettings.parse(settingsJSON).settings
        } catch let e as JobsError {
            throw JobsError(.io, "stored job \(id) no longer validates: \(e)", at: file)
        }
    }

    /// A new job.
    init(jobId: Int64, createdTime: Int64, creatorUserName: String, baseDirectory: String, settings: JobSettings) {
        self.jobId = jobId
        self.createdTime = createdTime
        self.creatorUserName = creatorUserName
        self.baseDirectory = baseDirectory
        self.settings = settings
    }
}
