import Testing
@testable import Jobs

@Suite struct TimeZoneRulesTests {
    @Test func offsets() throws {
        let ny = try TimeZoneRules(identifier: "America/New_York")
        #expect(ny.offset(at: utc(2026, 1, 15)) == -5 * 3600)
        #expect(ny.offset(at: utc(2026, 7, 15)) == -4 * 3600)
        #expect(ny.offset(at: utc(2026, 3, 8, 6, 59, 59)) == -5 * 3600)
        #expect(ny.offset(at: utc(2026, 3, 8, 7)) == -4 * 3600)
        let kolkata = try TimeZoneRules(identifier: "Asia/Kolkata")
        #expect(kolkata.offset(at: utc(2026, 6, 1)) == 19800)
        #expect(try TimeZoneRules(identifier: "UTC").offset(at: 0) == 0)
    }

    @Test func gapsAndOverlaps() throws {
        let ny = try TimeZoneRules(identifier: "America/New_York")
        #expect(ny.instants(for: CivilTime(year: 2026, month: 3, day: 8, hour: 2, minute: 30)).isEmpty)
        #expect(ny.instants(for: CivilTime(year: 2026, month: 11, day: 1, hour: 1, minute: 30)) == [utc(2026, 11, 1, 5, 30), utc(2026, 11, 1, 6, 30)])
        #expect(ny.instants(for: CivilTime(year: 2026, month: 6, day: 1, hour: 12)) == [utc(2026, 6, 1, 16)])
        #expect(ny.resolve(CivilTime(year: 2026, month: 3, day: 8, hour: 2, minute: 30)) == utc(2026, 3, 8, 7, 30))
    }

    @Test func posixRules() throws {
        let rule = try #require(PosixTZRule("CET-1CEST,M3.5.0,M10.5.0/3"))
        #expect(rule.standardOffset == 3600)
        #expect(rule.daylight?.offset == 7200)
        #expect(rule.offset(at: utc(2090, 7, 1)) == 7200)
        #expect(rule.offset(at: utc(2090, 1, 1)) == 3600)
        #expect(PosixTZRule("<-03>3")?.standardOffset == Int32(-10800))
        #expect(PosixTZRule("<+0530>-5:30")?.standardOffset == 19800)
        #expect(PosixTZRule("EST5EDT,M3.2.0,M11.1.0")?.daylight?.offset == Int32(-14400))
        // Southern hemisphere: daylight time spans the new year.
        let nz = try #require(PosixTZRule("NZST-12NZDT,M9.5.0,M4.1.0/3"))
        #expect(nz.offset(at: utc(2090, 1, 15)) == 13 * 3600)
        #expect(nz.offset(at: utc(2090, 6, 15)) == 12 * 3600)
        #expect(PosixTZRule("X") == nil)
        #expect(PosixTZRule("EST5EDT,M13.1.0,M11.1.0") == nil)
    }

    @Test(arguments: ["Mars/Olympus_Mons", "../etc/passwd", "", "Europe/../../x"])
    func unknownZones(id: String) {
        #expect(throws: JobsError.self) { try TimeZoneRules(identifier: id) }
    }

    @Test func truncatedDataIsAnError() {
        #expect(throws: JobsError.self) { try TimeZoneRules.parse(Array("TZif2".utf8) + [UInt8](repeating: 0, count: 50), identifier: "x") }
        #expect(throws: JobsError.self) { try TimeZoneRules.parse([1, 2, 3], identifier: "x") }
    }

    @Test func civilTimeRoundTrips() {
        for t in stride(from: Int64(-5_000_000_000), to: 5_000_000_000, by: 86_399_937) {
            #expect(CivilTime(epochSeconds: t).epochSeconds == t)
        }
        #expect(CivilTime(year: 2026, month: 1, day: 1).weekday == 4)
        #expect(CivilTime(year: 1969, month: 12, day: 31).weekday == 3)
    }
}
