import LakeJSON

/// A job's settings (Jobs API 2.1 `JobSettings`), validated: task keys unique, dependencies
/// known and acyclic, schedule parseable.
public struct JobSettings: Sendable {
    /// The job's name.
    public var name: String
    /// A description.
    public var description: String?
    /// The tasks.
    public var tasks: [JobTask]
    /// Job-level parameters and their defaults (`run-now --job-params` overrides them).
    public var parameters: [JobParameterDefinition]
    /// How many runs may be active at once; a run beyond it is skipped.
    public var maxConcurrentRuns: Int
    /// Seconds the whole run may take (0: no limit).
    public var timeoutSeconds: Int
    /// When the scheduler runs the job.
    public var schedule: CronSchedule?
    /// Tags.
    public var tags: [String: String]
    /// The settings as given (what `jobs get` shows).
    public var json: JSONObject

    /// The task named `key`.
    public func task(_ key: String) -> JobTask? { tasks.first { $0.taskKey == key } }
}

/// A job parameter (`parameters[]`: name and default).
public struct JobParameterDefinition: Sendable, Equatable {
    /// The name.
    public var name: String
    /// The default value.
    public var defaultValue: String

    /// A parameter.
    public init(name: String, defaultValue: String) {
        self.name = name
        self.defaultValue = defaultValue
    }
}

/// `schedule`: a Quartz cron expression in a time zone, paused or not.
public struct CronSchedule: Sendable {
    /// The expression.
    public var cron: QuartzCron
    /// The zone's id.
    public var timezoneId: String
    /// The zone.
    public var timeZone: TimeZoneRules
    /// Whether the scheduler skips it.
    public var isPaused: Bool

    /// The next fire time (epoch milliseconds) after `after` (epoch milliseconds).
    public func nextFireTime(afterMillis after: Int64) -> Int64? {
        cron.nextFireTime(after: after >= 0 ? after / 1000 : (after - 999) / 1000, in: timeZone).map { $0 * 1000 }
    }
}
