import Foundation
import LakeJSON
import Testing
@testable import Jobs

@Suite struct SchedulerTests {
    @Test func firesDueJobsOnce() throws {
        let dir = TempDir()
        let api = dir.api
        func create(_ name: String, _ cron: String, paused: Bool = false) throws -> Int64 {
            try api.create(try JSONValue(parsing: """
                {"name": "\(name)", "schedule": {"quartz_cron_expression": "\(cron)", "timezone_id": "UTC", "pause_status": "\(paused ? "PAUSED" : "UNPAUSED")"},
                 "tasks": [{"task_key": "t", "command_task": {"command": "true"}}]}
                """), baseDirectory: dir.path).job.jobId
        }
        let hourly = try create("hourly", "0 0 * * * ?")
        _ = try create("paused", "0 * * * * ?", paused: true)
        let daily = try create("daily", "0 30 6 * * ?")
        let start = utc(2026, 1, 1, 5, 59, 30) * 1000
        let launched = LockedArray()
        let scheduler = Scheduler(api: api, warehouse: dir.path, start: start) { run in
            launched.append(run.runId)
            _ = try RunExecutor(api: api).execute(runId: run.runId)
        }
        #expect(try scheduler.upcoming().map(\.fireTime) == [utc(2026, 1, 1, 6) * 1000, utc(2026, 1, 1, 6, 30) * 1000])
        #expect(try scheduler.tick(now: start + 10_000).isEmpty)
        let fired = try scheduler.tick(now: utc(2026, 1, 1, 6, 0, 1) * 1000)
        #expect(fired.map(\.jobId) == [hourly])
        #expect(fired.first?.trigger == "PERIODIC")
        // Missed fire times (06:30 daily, 07:00 hourly) fire once each when the clock jumps.
        let late = try scheduler.tick(now: utc(2026, 1, 1, 7, 10) * 1000)
        #expect(Set(late.map(\.jobId)) == [hourly, daily])
        #expect(try scheduler.tick(now: utc(2026, 1, 1, 7, 11) * 1000).isEmpty)
        #expect(launched.values.count == 3)
    }
}
