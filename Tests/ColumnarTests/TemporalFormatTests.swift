import Testing
@testable import Columnar

@Suite struct TemporalFormatTests {
    @Test(arguments: [
        (Int32(0), "1970-01-01"),
        (-1, "1969-12-31"),
        (19723, "2024-01-01"),
        (11016, "2000-02-29"),
        (-141427, "1582-10-15"),
        (-719162, "0001-01-01"),
        (-719528, "0000-01-01"),
        (-719529, "-0001-12-31"),
        (2932896, "9999-12-31"),
        (2932897, "10000-01-01"),
        (Int32.max, "5881580-07-11"),
        (Int32.min, "-5877641-06-23"),
    ])
    func date(days: Int32, expected: String) {
        #expect(TemporalFormat.date(days) == expected)
    }

    /// Every day of a 400-year cycle (plus margins) follows its predecessor correctly.
    @Test func consecutiveDaysAreCalendarSuccessors() {
        func isLeap(_ y: Int64) -> Bool { y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) }
        func monthLength(_ y: Int64, _ m: Int) -> Int {
            [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        }
        var previous = TemporalFormat.civil(fromDays: -146_097 - 800)
        for days in Int32(-146_097 - 799)...Int32(1000) {
            let (y, m, d) = TemporalFormat.civil(fromDays: days)
            if previous.day < monthLength(previous.year, previous.month) {
                #expect(y == previous.year && m == previous.month && d == previous.day + 1, "day \(days)")
            } else if previous.month < 12 {
                #expect(y == previous.year && m == previous.month + 1 && d == 1, "day \(days)")
            } else {
                #expect(y == previous.year + 1 && m == 1 && d == 1, "day \(days)")
            }
            previous = (y, m, d)
        }
        #expect(previous == (1972, 9, 27))
    }

    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000000"),
        (-1, "1969-12-31T23:59:59.999999"),
        (-1_000_000, "1969-12-31T23:59:59.000000"),
        (-86_400_000_000, "1969-12-31T00:00:00.000000"),
        (1_700_000_000_123_456, "2023-11-14T22:13:20.123456"),
        (-62_135_596_800_000_001, "0000-12-31T23:59:59.999999"),
        (253_402_300_800_000_000, "10000-01-01T00:00:00.000000"),
        (Int64.max, "294247-01-10T04:00:54.775807"),
        (Int64.min, "-290308-12-21T19:59:05.224192"),
    ])
    func timestamp(micros: Int64, expected: String) {
        #expect(TemporalFormat.timestamp(micros, utc: false) == expected)
        #expect(TemporalFormat.timestamp(micros, utc: true) == expected + "Z")
    }

    @Test func timestampVariants() {
        #expect(TemporalFormat.timestamp(-1, utc: true, fractionDigits: 3) == "1969-12-31T23:59:59.999Z")
        #expect(TemporalFormat.timestamp(1_500, utc: true, fractionDigits: 3) == "1970-01-01T00:00:00.001Z")
        #expect(TemporalFormat.timestamp(1_700_000_000_123_456, utc: false, separator: " ", fractionDigits: 0) == "2023-11-14 22:13:20")
        #expect(TemporalFormat.timestamp(5, utc: false, fractionDigits: 99) == "1970-01-01T00:00:00.000005")
        #expect(TemporalFormat.timestamp(5, utc: false, fractionDigits: -3) == "1970-01-01T00:00:00")
        var bytes: [UInt8] = Array("x=".utf8)
        TemporalFormat.appendDate(-1, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "x=1969-12-31")
    }
}
