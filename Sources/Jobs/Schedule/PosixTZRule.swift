/// A POSIX TZ rule (the footer of a TZif file), such as `CET-1CEST,M3.5.0,M10.5.0/3` or
/// `<-03>3`: a standard offset, optionally a daylight offset with the dates it starts and ends.
struct PosixTZRule: Sendable, Equatable {
    /// A transition date: `Jn` (1–365, never counting 29 February), `n` (0–365), or
    /// `Mm.w.d` (day d of week w of month m; week 5 means the last).
    enum DateRule: Sendable, Equatable {
        case julianNoLeap(Int)
        case zeroBased(Int)
        case monthWeekDay(month: Int, week: Int, weekday: Int)
    }

    /// Standard-time offset, seconds east of UTC.
    var standardOffset: Int32
    /// Daylight offset and its start/end (each with seconds after local midnight), if any.
    var daylight: (offset: Int32, start: DateRule, startTime: Int32, end: DateRule, endTime: Int32)?

    static func == (a: PosixTZRule, b: PosixTZRule) -> Bool {
        a.standardOffset == b.standardOffset && a.daylight?.offset == b.daylight?.offset && a.daylight?.start == b.daylight?.start
            && a.daylight?.end == b.daylight?.end && a.daylight?.startTime == b.daylight?.startTime && a.daylight?.endTime == b.daylight?.endTime
    }

    /// Parses a rule; nil when it does not parse.
    init?(_ text: String) {
        var s = Substring(text)
        func name() -> Bool {
            if s.first == "<" {
                guard let close = s.firstIndex(of: ">") else { return false }
                s = s[s.index(after: close)...]
                return true
            }
            let letters = s.prefix { $0.isLetter }
            guard letters.count >= 3 else { return false }
            s = s.dropFirst(letters.count)
            return true
        }
        /// `[+-]hh[:mm[:ss]]` in seconds.
        func time() -> Int32? {
            var sign: Int32 = 1
            if s.first == "+" { s = s.dropFirst() } else if s.first == "-" { sign = -1; s = s.dropFirst() }
            var parts: [Int32] = []
            while parts.count < 3 {
                let digits = s.prefix { $0.isASCII && $0.isNumber }
                guard !digits.isEmpty, digits.count <= 3, let v = Int32(digits) else { return nil }
                parts.append(v)
                s = s.dropFirst(digits.count)
                if s.first == ":" { s = s.dropFirst() } else { break }
            }
            while parts.count < 3 { parts.append(0) }
            return sign * (parts[0] * 3600 + parts[1] * 60 + parts[2])
        }
        func number() -> Int? {
            let digits = s.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.count <= 3 else { return nil }
            s = s.dropFirst(digits.count)
            return Int(digits)
        }
        func date() -> DateRule? {
            if s.first == "J" {
                s = s.dropFirst()
                guard let n = number(), (1...365).contains(n) else { return nil }
                return .julianNoLeap(n)
            }
            if s.first == "M" {
                s = s.dropFirst()
                guard let m = number(), (1...12).contains(m), s.first == "." else { return nil }
                s = s.dropFirst()
                guard let w = number(), (1...5).contains(w), s.first == "." else { return nil }
                s = s.dropFirst()
                guard let d = number(), (0...6).contains(d) else { return nil }
                return .monthWeekDay(month: m, week: w, weekday: d)
            }
            guard let n = number(), (0...365).contains(n) else { return nil }
            return .zeroBased(n)
        }
        guard name(), let std = time() else { return nil }
        standardOffset = -std
        if s.isEmpty {
            daylight = nil
            return
        }
        guard name() else { return nil }
        var dst = standardOffset + 3600
        if let first = s.first, first != "," {
            guard let t = time() else { return nil }
            dst = -t
        }
        guard s.first == "," else { return nil }
        s = s.dropFirst()
        guard let start = date() else { return nil }
        var startTime: Int32 = 7200
        if s.first == "/" {
            s = s.dropFirst()
            guard let t = time() else { return nil }
            startTime = t
        }
        guard s.first == "," else { return nil }
        s = s.dropFirst()
        guard let end = date() else { return nil }
        var endTime: Int32 = 7200
        if s.first == "/" {
            s = s.dropFirst()
            guard let t = time() else { return nil }
            endTime = t
        }
        guard s.isEmpty else { return nil }
        daylight = (dst, start, startTime, end, endTime)
    }

    /// The day (days since the epoch) a date rule names in `year`.
    static func day(_ rule: DateRule, year: Int) -> Int64 {
        let jan1 = CivilTime.days(year: year, month: 1, day: 1)
        switch rule {
        case .julianNoLeap(let n):
            return jan1 + Int64(n - 1) + (CivilTime.isLeap(year) && n >= 60 ? 1 : 0)
        case .zeroBased(let n):
            return jan1 + Int64(n)
        case .monthWeekDay(let m, let w, let d):
            let first = CivilTime(year: year, month: m, day: 1)
            var day = 1 + (d - first.weekday + 7) % 7 + (w - 1) * 7
            let last = CivilTime.daysIn(month: m, year: year)
            while day > last { day -= 7 }
            return CivilTime.days(year: year, month: m, day: day)
        }
    }

    /// The UTC offset at an instant.
    func offset(at t: Int64) -> Int32 {
        guard let dst = daylight else { return standardOffset }
        let year = CivilTime(epochSeconds: t + Int64(standardOffset)).year
        // Daylight starts at startTime local standard time; ends at endTime local daylight time.
        var transitions: [(Int64, Int32)] = []
        for y in (year - 1)...(year + 1) {
            let start = Self.day(dst.start, year: y) * 86400 + Int64(dst.startTime) - Int64(standardOffset)
            let end = Self.day(dst.end, year: y) * 86400 + Int64(dst.endTime) - Int64(dst.offset)
            transitions.append((start, dst.offset))
            transitions.append((end, standardOffset))
        }
        transitions.sort { $0.0 < $1.0 }
        var current = transitions[0].1 == dst.offset ? standardOffset : dst.offset
        for (instant, offset) in transitions where instant <= t { current = offset }
        return current
    }
}
