/// A proleptic-Gregorian calendar date and time of day, without a time zone — "wall-clock"
/// time. Converts to and from seconds since the Unix epoch (treating the wall clock as UTC).
public struct CivilTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The year (e.g. 2026).
    public var year: Int
    /// The month, 1–12.
    public var month: Int
    /// The day of the month, 1–31.
    public var day: Int
    /// The hour, 0–23.
    public var hour: Int
    /// The minute, 0–59.
    public var minute: Int
    /// The second, 0–59.
    public var second: Int

    /// A date and time.
    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// The wall-clock time `epochSeconds` seconds after 1970-01-01 00:00:00.
    public init(epochSeconds: Int64) {
        var days = epochSeconds / 86400
        var rest = epochSeconds % 86400
        if rest < 0 {
            rest += 86400
            days -= 1
        }
        let (y, m, d) = Self.civil(fromDays: days)
        self.init(year: y, month: m, day: d, hour: Int(rest / 3600), minute: Int(rest / 60 % 60), second: Int(rest % 60))
    }

    /// Seconds since 1970-01-01 00:00:00 of this wall-clock time.
    public var epochSeconds: Int64 {
        Self.days(year: year, month: month, day: day) * 86400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// Days since 1970-01-01 of a date (Howard Hinnant's algorithm).
    public static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64((month + 9) % 12)
        let doy = (153 * mp + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The date `days` days after 1970-01-01.
    public static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(yoe + era * 400 + (m <= 2 ? 1 : 0)), Int(m), Int(d))
    }

    /// Whether `year` has a 29 February.
    public static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    /// Days in a month.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Day of the week, 0 = Sunday … 6 = Saturday.
    public var weekday: Int {
        let d = Self.days(year: year, month: month, day: day)
        return Int(((d % 7) + 11) % 7)  // 1970-01-01 was a Thursday (4)
    }

    /// `2026-03-01T10:15:00`.
    public var isoText: String {
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : String(v) }
        let y = year < 1000 && year >= 0 ? String(repeating: "0", count: 4 - String(year).count) + String(year) : String(year)
        return "\(y)-\(two(month))-\(two(day))T\(two(hour)):\(two(minute)):\(two(second))"
    }

    /// `2026-03-01T10:15:00`.
    public var description: String { isoText }

    /// Chronological order.
    public static func < (a: CivilTime, b: CivilTime) -> Bool {
        (a.year, a.month, a.day, a.hour, a.minute, a.second) < (b.year, b.month, b.day, b.hour, b.minute, b.second)
    }
}
