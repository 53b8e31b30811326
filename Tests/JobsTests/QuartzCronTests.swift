import Testing
@testable import Jobs

@Suite struct QuartzCronTests {
    func next(_ expr: String, after: Int64, zone: String = "UTC", count: Int = 1) throws -> [Int64] {
        try QuartzCron(expr).nextFireTimes(after: after, in: try TimeZoneRules(identifier: zone), count: count)
    }

    @Test func everyDayAtSix() throws {
        #expect(try next("0 0 6 * * ?", after: utc(2026, 1, 1, 5, 0), count: 2) == [utc(2026, 1, 1, 6), utc(2026, 1, 2, 6)])
        #expect(try next("0 0 6 * * ?", after: utc(2026, 1, 1, 6, 0)) == [utc(2026, 1, 2, 6)], "strictly after")
    }

    @Test func secondsStepsAndLists() throws {
        #expect(try next("*/15 * * * * ?", after: utc(2026, 1, 1, 0, 0, 7), count: 3) == [utc(2026, 1, 1, 0, 0, 15), utc(2026, 1, 1, 0, 0, 30), utc(2026, 1, 1, 0, 0, 45)])
        #expect(try next("0 5,35 9-10 * * ?", after: utc(2026, 1, 1), count: 5) ==
            [utc(2026, 1, 1, 9, 5), utc(2026, 1, 1, 9, 35), utc(2026, 1, 1, 10, 5), utc(2026, 1, 1, 10, 35), utc(2026, 1, 2, 9, 5)])
        #expect(try next("0 0 22-2/2 * * ?", after: utc(2026, 1, 1, 12), count: 3) == [utc(2026, 1, 1, 22), utc(2026, 1, 2, 0), utc(2026, 1, 2, 2)], "wrapping range with a step")
    }

    @Test func namesAndWeekdays() throws {
        // 2026-01-01 is a Thursday.
        #expect(try next("0 30 8 ? * MON-FRI", after: utc(2026, 1, 2, 9), count: 2) == [utc(2026, 1, 5, 8, 30), utc(2026, 1, 6, 8, 30)])
        #expect(try next("0 0 12 ? JAN,MAR SUN", after: utc(2026, 1, 30), count: 2) == [utc(2026, 3, 1, 12), utc(2026, 3, 8, 12)])
        #expect(try next("0 0 0 ? * 1", after: utc(2026, 1, 1)) == [utc(2026, 1, 4)], "1 = Sunday")
        #expect(try next("0 0 0 ? * FRI-MON", after: utc(2026, 1, 1), count: 4) == [utc(2026, 1, 2), utc(2026, 1, 3), utc(2026, 1, 4), utc(2026, 1, 5)])
    }

    @Test func lastDayNearestWeekdayAndNth() throws {
        #expect(try next("0 0 0 L * ?", after: utc(2026, 1, 15), count: 3) == [utc(2026, 1, 31), utc(2026, 2, 28), utc(2026, 3, 31)])
        #expect(try next("0 0 0 L * ?", after: utc(2028, 2, 1)) == [utc(2028, 2, 29)], "leap year")
        #expect(try next("0 0 0 L-2 * ?", after: utc(2026, 1, 1)) == [utc(2026, 1, 29)])
        // 2026-02-15 is a Sunday → Monday the 16th; 2026-08-01 is a Saturday → Monday the 3rd.
        #expect(try next("0 0 0 15W * ?", after: utc(2026, 2, 1)) == [utc(2026, 2, 16)])
        #expect(try next("0 0 0 1W * ?", after: utc(2026, 7, 31)) == [utc(2026, 8, 3)])
        // 2026-05-31 is a Sunday → LW is Friday the 29th.
        #expect(try next("0 0 0 LW * ?", after: utc(2026, 5, 1)) == [utc(2026, 5, 29)])
        #expect(try next("0 0 0 ? * 6#3", after: utc(2026, 1, 1), count: 2) == [utc(2026, 1, 16), utc(2026, 2, 20)], "third Friday")
        #expect(try next("0 0 0 ? * 2L", after: utc(2026, 1, 1)) == [utc(2026, 1, 26)], "last Monday")
        #expect(try next("0 0 0 ? * 6#5", after: utc(2026, 1, 1)) == [utc(2026, 1, 30)], "a fifth Friday exists in January 2026")
    }

    @Test func yearsAndNever() throws {
        #expect(try next("0 0 0 1 1 ? 2030", after: utc(2026, 1, 1), count: 2) == [utc(2030, 1, 1)])
        #expect(try next("0 0 0 30 2 ?", after: utc(2026, 1, 1)).isEmpty, "30 February never comes")
        #expect(try next("0 0 0 29 2 ?", after: utc(2026, 1, 1)) == [utc(2028, 2, 29)])
    }

    @Test(arguments: [
        ("0 0 12 * *", "expected 6 or 7 fields"),
        ("0 0 12 * *", "'0 0 0 12 * ?'"),
        ("0 0 25 * * ?", "hours field: 25 is out of range 0-23"),
        ("0 60 * * * ?", "minutes field: 60 is out of range"),
        ("0 0 0 ? * ?", "not both"),
        ("0 0 0 1 * MON", "Quartz needs '?' in one of them"),
        ("0 0 0 ? FOO *", "'FOO' is not a number or a name"),
        ("0 0 0 ? * 8", "out of range 1-7"),
        ("0 */0 * * * ?", "must be a positive number"),
        ("0 0 0 ? * 2#6", "occurrence 1-5"),
        ("0 0 0 32W * ?", "day 1-31"),
        ("0 0 0 1,,2 * ?", "empty list item"),
    ])
    func errors(expression: String, fragment: String) {
        do {
            _ = try QuartzCron(expression)
            Issue.record("'\(expression)' parsed")
        } catch let e as JobsError {
            #expect(e.code == .invalidCron)
            #expect(e.message.contains(fragment), "\(e.message)")
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func starInOneDayFieldActsAsQuestionMark() throws {
        #expect(try next("0 0 9 * * MON", after: utc(2026, 1, 1)) == [utc(2026, 1, 5, 9)])
        #expect(try next("0 0 9 * * *", after: utc(2026, 1, 1, 10)) == [utc(2026, 1, 2, 9)])
    }

    // MARK: Time zones and daylight saving time

    @Test func newYorkSpringForwardGapShiftsForward() throws {
        // 2026-03-08 02:00 EST → 03:00 EDT. 02:30 does not exist: it fires at 03:30 EDT (07:30Z).
        let times = try next("0 30 2 * * ?", after: utc(2026, 3, 7, 12), zone: "America/New_York", count: 3)
        #expect(times == [utc(2026, 3, 8, 7, 30), utc(2026, 3, 9, 6, 30), utc(2026, 3, 10, 6, 30)])
        // 9:00 local before and after the change: 14:00Z, then 13:00Z.
        #expect(try next("0 0 9 * * ?", after: utc(2026, 3, 7), zone: "America/New_York", count: 2) == [utc(2026, 3, 7, 14), utc(2026, 3, 8, 13)])
    }

    @Test func newYorkFallBackOverlapFiresOnce() throws {
        // 2026-11-01 02:00 EDT → 01:00 EST: 01:30 happens twice; a daily job fires once, at the first.
        let times = try next("0 30 1 * * ?", after: utc(2026, 10, 31, 12), zone: "America/New_York", count: 2)
        #expect(times == [utc(2026, 11, 1, 5, 30), utc(2026, 11, 2, 6, 30)])
        // Started during the second 01:xx hour (01:10 EST = 06:10Z), it fires at the second 01:30.
        #expect(try next("0 30 1 * * ?", after: utc(2026, 11, 1, 6, 10), zone: "America/New_York") == [utc(2026, 11, 1, 6, 30)])
    }

    @Test func hourlyAcrossTransitions() throws {
        // Wall-clock matching: an hourly job has no 02:00 on the spring-forward day (02:00 → 03:00).
        let spring = try next("0 0 * * * ?", after: utc(2026, 3, 29, 0, 30), zone: "Europe/Berlin", count: 3)
        // Berlin: 2026-03-29 02:00 CET → 03:00 CEST (01:00Z). 01:00 CET = 00:00Z; 02:00 → 03:00 CEST = 01:00Z; 04:00 CEST = 02:00Z.
        #expect(spring == [utc(2026, 3, 29, 1), utc(2026, 3, 29, 2), utc(2026, 3, 29, 3)])
        let autumn = try next("0 0 * * * ?", after: utc(2026, 10, 24, 23, 30), zone: "Europe/Berlin", count: 4)
        // 2026-10-25 03:00 CEST → 02:00 CET (01:00Z): local 02:00 happens twice (00:00Z and 01:00Z);
        // the hourly job fires at the first, then at 03:00 CET (02:00Z).
        #expect(autumn == [utc(2026, 10, 25, 0), utc(2026, 10, 25, 2), utc(2026, 10, 25, 3), utc(2026, 10, 25, 4)])
    }

    @Test func southernHemisphereAndHalfHourShift() throws {
        // Sydney: DST ends 2026-04-05 03:00 AEDT → 02:00 AEST; 10:00 local is 23:00Z the day before, then 00:00Z.
        #expect(try next("0 0 10 * * ?", after: utc(2026, 4, 3, 12), zone: "Australia/Sydney", count: 2) == [utc(2026, 4, 4, 0) - 3600, utc(2026, 4, 5, 0)])
        // Lord Howe shifts by 30 minutes: +11 in summer, +10:30 in winter (from 2026-04-05 02:00 local).
        #expect(try next("0 0 12 * * ?", after: utc(2026, 4, 3), zone: "Australia/Lord_Howe", count: 3) == [utc(2026, 4, 3, 1), utc(2026, 4, 4, 1), utc(2026, 4, 5, 1, 30)])
    }

    @Test func farFutureUsesTheFooterRule() throws {
        // Beyond the last listed transition, the POSIX rule: 2050-07-01 09:00 EDT = 13:00Z; 2050-12-01 09:00 EST = 14:00Z.
        #expect(try next("0 0 9 1 7 ?", after: utc(2050, 1, 1), zone: "America/New_York") == [utc(2050, 7, 1, 13)])
        #expect(try next("0 0 9 1 12 ?", after: utc(2050, 1, 1), zone: "America/New_York") == [utc(2050, 12, 1, 14)])
    }
}
