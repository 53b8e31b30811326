/// A Quartz cron expression — the schedule syntax of Databricks jobs
/// (`schedule.quartz_cron_expression`): `seconds minutes hours day-of-month month day-of-week
/// [year]`.
///
/// Each field takes `*`, values, ranges `a-b` (wrapping, e.g. `FRI-MON` or `22-2`), steps `a/n`,
/// `*/n`, `a-b/n`, and comma lists; months and days of the week also by name (`JAN`, `MON`;
/// days of the week count `1` = Sunday … `7` = Saturday). Day-of-month also takes `L` (last
/// day), `L-n`, `nW` (nearest weekday) and `LW`; day-of-week `nL` (last such day of the month)
/// and `n#k` (k-th such day). `?` means "no specific value" in one of the two day fields;
/// Quartz does not combine a specific day-of-month with a specific day-of-week.
public struct QuartzCron: Sendable, CustomStringConvertible {
    /// The expression as written.
    public let expression: String
    let seconds: [Int]
    let minutes: [Int]
    let hours: [Int]
    let months: Set<Int>
    let years: Set<Int>?
    let daysOfMonth: DayOfMonth
    let daysOfWeek: DayOfWeek

    /// Which days of the month match.
    struct DayOfMonth: Sendable {
        var any = false
        var days: Set<Int> = []
        var last = false
        var lastOffsets: Set<Int> = []
        var nearestWeekday: Set<Int> = []
        var lastWeekday = false
    }

    /// Which days of the week match (1 = Sunday).
    struct DayOfWeek: Sendable {
        var any = false
        var days: Set<Int> = []
        var lastOfMonth: Set<Int> = []
        var nth: Set<[Int]> = []
    }

    static let fieldNames = ["seconds", "minutes", "hours", "day-of-month", "month", "day-of-week", "year"]
    static let monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    static let dayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]

    /// Parses an expression; throws ``JobsError/Code/invalidCron`` naming the field at fault.
    public init(_ expression: String) throws {
        self.expression = expression
        let fields = expression.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { String($0).uppercased() }
        func fail(_ message: String) -> JobsError {
            JobsError(.invalidCron, "invalid Quartz cron expression '\(expression)': \(message)")
        }
        guard fields.count == 6 || fields.count == 7 else {
            let hint = fields.count == 5 ? " — this looks like a 5-field Unix cron; Quartz adds a seconds field first and uses '?' in one day field, e.g. '0 \(fields[0]) \(fields[1]) \(fields[2]) \(fields[3]) \(fields[4] == "*" ? "?" : fields[4])'" : ""
            throw fail("expected 6 or 7 fields (seconds minutes hours day-of-month month day-of-week [year]), found \(fields.count)\(hint)")
        }
        func values(_ i: Int, _ range: ClosedRange<Int>, names: [String] = [], nameBase: Int = 0) throws -> Set<Int> {
            let field = fields[i], label = Self.fieldNames[i]
            var out: Set<Int> = []
            for item in field.split(separator: ",", omittingEmptySubsequences: false) {
                out.formUnion(try Self.expand(String(item), range, names: names, nameBase: nameBase, label: label, fail: fail))
            }
            return out
        }
        seconds = try values(0, 0...59).sorted()
        minutes = try values(1, 0...59).sorted()
        hours = try values(2, 0...23).sorted()
        months = try values(4, 1...12, names: Self.monthNames, nameBase: 1)
        years = fields.count == 7 && fields[6] != "*" ? try values(6, 1970...2199) : nil

        var dom = DayOfMonth(), dow = DayOfWeek()
        let domText = fields[3], dowText = fields[5]
        if domText == "?" && dowText == "?" { throw fail("'?' may stand in day-of-month or day-of-week, not both") }
        if domText == "?" || (domText == "*" && dowText != "?" && dowText != "*") {
            dom.any = true
            dow = try Self.dayOfWeek(dowText, fail: fail)
        } else if dowText == "?" || dowText == "*" {
            dow.any = true
            dom = try Self.dayOfMonth(domText, fail: fail)
        } else {
            throw fail("day-of-month '\(domText)' and day-of-week '\(dowText)' are both specific; Quartz needs '?' in one of them")
        }
        daysOfMonth = dom
        daysOfWeek = dow
    }

    /// One list item of a plain field: `*`, `v`, `a-b`, with an optional `/step`.
    static func expand(_ item: String, _ range: ClosedRange<Int>, names: [String], nameBase: Int, label: String, fail: (String) -> JobsError) throws -> Set<Int> {
        guard !item.isEmpty else { throw fail("\(label) field has an empty list item") }
        func value(_ text: Substring) throws -> Int {
            if let i = names.firstIndex(of: String(text)) { return i + nameBase }
            guard let v = Int(text) else {
                let allowed = names.isEmpty ? "" : " or a name (\(names.joined(separator: ",")))"
                throw fail("\(label) field: '\(text)' is not a number\(allowed)")
            }
            guard range.contains(v) else { throw fail("\(label) field: \(v) is out of range \(range.lowerBound)-\(range.upperBound)") }
            return v
        }
        let parts = item.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { throw fail("\(label) field: '\(item)' has more than one '/'") }
        var step = 1
        if parts.count == 2 {
            guard let s = Int(parts[1]), s > 0 else { throw fail("\(label) field: step '\(parts[1])' in '\(item)' must be a positive number") }
            guard s <= range.upperBound - range.lowerBound + 1 else { throw fail("\(label) field: step \(s) in '\(item)' is larger than the field's range") }
            step = s
        }
        let base = parts[0]
        var start: Int, end: Int
        if base == "*" || (base.isEmpty && parts.count == 2) {
            start = range.lowerBound
            end = range.upperBound
        } else if let dash = base.firstIndex(of: "-"), dash != base.startIndex {
            start = try value(base[..<dash])
            end = try value(base[base.index(after: dash)...])
        } else {
            start = try value(base)
            end = parts.count == 2 ? range.upperBound : start
        }
        var out: Set<Int> = []
        let width = range.upperBound - range.lowerBound + 1
        let span = end >= start ? end - start : end + width - start  // a wrapping range
        var k = 0
        while k <= span {
            out.insert((start - range.lowerBound + k) % width + range.lowerBound)
            k += step
        }
        return out
    }

    static func dayOfMonth(_ text: String, fail: (String) -> JobsError) throws -> DayOfMonth {
        var out = DayOfMonth()
        if text == "*" { out.any = true; return out }
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let s = String(item)
            if s == "L" {
                out.last = true
            } else if s == "LW" || s == "WL" {
                out.lastWeekday = true
            } else if s.hasPrefix("L-") {
                guard let n = Int(s.dropFirst(2)), (0...30).contains(n) else { throw fail("day-of-month field: '\(s)' needs an offset 0-30 after 'L-'") }
                out.lastOffsets.insert(n)
            } else if s.hasSuffix("W") {
                guard let n = Int(s.dropLast()), (1...31).contains(n) else { throw fail("day-of-month field: '\(s)' needs a day 1-31 before 'W'") }
                out.nearestWeekday.insert(n)
            } else {
                out.days.formUnion(try expand(s, 1...31, names: [], nameBase: 0, label: "day-of-month", fail: fail))
            }
        }
        return out
    }

    static func dayOfWeek(_ text: String, fail: (String) -> JobsError) throws -> DayOfWeek {
        var out = DayOfWeek()
        if text == "*" { out.any = true; return out }
        func day(_ t: Substring) throws -> Int {
            if let i = dayNames.firstIndex(of: String(t)) { return i + 1 }
            guard let v = Int(t), (1...7).contains(v) else { throw fail("day-of-week field: '\(t)' is not a day (1-7, 1 = SUN, or SUN-SAT)") }
            return v
        }
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let s = String(item)
            if s == "L" {
                out.days.insert(7)
            } else if s.hasSuffix("L") {
                out.lastOfMonth.insert(try day(s.dropLast()))
            } else if let hash = s.firstIndex(of: "#") {
                let d = try day(s[..<hash])
                guard let k = Int(s[s.index(after: hash)...]), (1...5).contains(k) else { throw fail("day-of-week field: '\(s)' needs an occurrence 1-5 after '#'") }
                out.nth.insert([d, k])
            } else {
                out.days.formUnion(try expand(s, 1...7, names: dayNames, nameBase: 1, label: "day-of-week", fail: fail))
            }
        }
        return out
    }

    /// The expression.
    public var description: String { expression }

    /// Whether the date matches the month, year and day fields.
    public func matches(year: Int, month: Int, day: Int) -> Bool {
        guard months.contains(month), years?.contains(year) ?? true else { return false }
        let last = CivilTime.daysIn(month: month, year: year)
        let date = CivilTime(year: year, month: month, day: day)
        if !daysOfMonth.any {
            let d = daysOfMonth
            var hit = d.days.contains(day) || (d.last && day == last) || d.lastOffsets.contains(last - day)
            if !hit && !d.nearestWeekday.isEmpty {
                hit = d.nearestWeekday.contains { $0 <= last && Self.nearestWeekday(to: $0, year: year, month: month) == day }
            }
            if !hit && d.lastWeekday { hit = Self.nearestWeekday(to: last, year: year, month: month) == day }
            return hit
        }
        if !daysOfWeek.any {
            let w = date.weekday + 1
            let d = daysOfWeek
            return d.days.contains(w) || (d.lastOfMonth.contains(w) && day + 7 > last) || d.nth.contains([w, (day - 1) / 7 + 1])
        }
        return true
    }

    /// The weekday (Monday–Friday) nearest to day `n`, staying in the month.
    static func nearestWeekday(to n: Int, year: Int, month: Int) -> Int {
        let last = CivilTime.daysIn(month: month, year: year)
        switch CivilTime(year: year, month: month, day: n).weekday {
        case 6: return n == 1 ? n + 2 : n - 1  // Saturday
        case 0: return n == last ? n - 2 : n + 1  // Sunday
        default: return n
        }
    }

    /// The first instant (seconds since the epoch) strictly after `after` whose wall-clock
    /// time in `zone` matches, or nil when none comes within the search horizon.
    ///
    /// Matching runs on wall-clock time, as Quartz does: a time that falls in a spring-forward
    /// gap fires shifted forward by the gap (02:30 → 03:30), and in a fall-back overlap each
    /// matching wall-clock time fires once, at its first occurrence after `after`.
    public func nextFireTime(after: Int64, in zone: TimeZoneRules) -> Int64? {
        let start = zone.localTime(at: after + 1)
        var dayNumber = CivilTime.days(year: start.year, month: start.month, day: start.day)
        let lastYear = years.map { $0.max() ?? 0 } ?? start.year + 30
        var first = true
        while true {
            let (y, m, d) = CivilTime.civil(fromDays: dayNumber)
            if y > lastYear { return nil }
            if let years, !years.contains(y) {
                dayNumber = CivilTime.days(year: y + 1, month: 1, day: 1)
                first = false
                continue
            }
            if !months.contains(m) {
                dayNumber = m == 12 ? CivilTime.days(year: y + 1, month: 1, day: 1) : CivilTime.days(year: y, month: m + 1, day: 1)
                first = false
                continue
            }
            if matches(year: y, month: m, day: d) {
                let from = first ? (start.hour, start.minute, start.second) : (0, 0, 0)
                for h in hours where h >= from.0 {
                    for mi in minutes where (h, mi) >= (from.0, from.1) {
                        for s in seconds where (h, mi, s) >= from {
                            if let instant = zone.resolve(CivilTime(year: y, month: m, day: d, hour: h, minute: mi, second: s), after: after) {
                                return instant
                            }
                        }
                    }
                }
            }
            dayNumber += 1
            first = false
        }
    }

    /// The next `count` fire times after `after`.
    public func nextFireTimes(after: Int64, in zone: TimeZoneRules, count: Int) -> [Int64] {
        var out: [Int64] = []
        var t = after
        while out.count < count, let next = nextFireTime(after: t, in: zone) {
            out.append(next)
            t = next
        }
        return out
    }
}
