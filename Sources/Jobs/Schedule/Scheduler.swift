/// Fires scheduled jobs: each job whose `schedule` is UNPAUSED gets a run (trigger PERIODIC)
/// whenever its Quartz expression's next fire time passes. Fire times missed while the
/// scheduler was not running are not caught up; several missed in one tick fire once.
///
/// ``tick(now:)`` does one round (tests drive it with their own clock); ``run(shouldStop:)``
/// loops, sleeping until the next fire time (re-reading the jobs at least every second, so
/// new, changed and paused schedules take effect).
public final class Scheduler: @unchecked Sendable {
    /// The API over the workspace.
    public let api: JobsAPI
    /// The warehouse runs use.
    public let warehouse: String
    /// Executes a created run (for the CLI: a background `lake` process).
    public let launch: @Sendable (JobRun) throws -> Void
    /// Where the scheduler reports what it does.
    public var log: @Sendable (String) -> Void = { _ in }
    /// The time (epoch milliseconds) up to which fire times have been handled.
    public private(set) var checkedUntil: Int64

    /// A scheduler that starts considering fire times after `start` (default: now).
    public init(api: JobsAPI, warehouse: String, start: Int64? = nil, launch: @escaping @Sendable (JobRun) throws -> Void) {
        self.api = api
        self.warehouse = warehouse
        self.launch = launch
        checkedUntil = start ?? Clock.nowMillis()
    }

    /// The next fire time of each scheduled, unpaused job after ``checkedUntil``.
    public func upcoming() throws -> [(job: Job, fireTime: Int64)] {
        try api.jobs().compactMap { job in
            guard let schedule = job.settings.schedule, !schedule.isPaused,
                  let next = schedule.nextFireTime(afterMillis: checkedUntil) else { return nil }
            return (job, next)
        }.sorted { $0.fireTime < $1.fireTime }
    }

    /// Fires every job whose next fire time is at or before `now`; returns the runs created
    /// (SKIPPED ones included, when a job is at its max_concurrent_runs).
    @discardableResult
    public func tick(now: Int64) throws -> [JobRun] {
        var fired: [JobRun] = []
        for (job, fireTime) in try upcoming() where fireTime <= now {
            do {
                let run = try api.startRun(jobId: job.jobId, trigger: "PERIODIC", warehouse: warehouse)
                fired.append(run)
                if run.state.lifeCycleState == .skipped {
                    log("job \(job.jobId) (\(job.settings.name)) fire time \(Clock.isoUTC(fireTime)): run \(run.runId) SKIPPED: \(run.state.stateMessage)")
                } else {
                    log("job \(job.jobId) (\(job.settings.name)) fire time \(Clock.isoUTC(fireTime)): started run \(run.runId)")
                    try launch(run)
                }
            } catch {
                log("job \(job.jobId) (\(job.settings.name)): cannot start a run: \(error)")
            }
        }
        checkedUntil = max(checkedUntil, now)
        return fired
    }

    /// Runs until `shouldStop` returns true (checked at least every second).
    public func run(shouldStop: @escaping () -> Bool = { false }) {
        while !shouldStop() {
            let now = Clock.nowMillis()
            do {
                try tick(now: now)
            } catch {
                log("scheduler: \(error)")
            }
            let next = (try? upcoming().first?.fireTime) ?? nil
            let wait = max(10, min(1000, (next ?? Int64.max) - Clock.nowMillis()))
            Clock.sleep(millis: wait)
        }
    }
}
