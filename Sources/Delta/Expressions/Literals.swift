import Columnar

/// Text ↔ typed values, for predicate literals, partition values (the protocol's string
/// encoding per type) and statistics.
public enum Literals {
    /// Parses `text` as a value of `type`; nil when it is not one.
    ///
    /// Dates are `YYYY-MM-DD`; timestamps `YYYY-MM-DD[T| ]HH:MM[:SS[.f…]]` with an optional
    /// `Z` or `±HH:MM` offset (a `timestamp` without one is UTC; a `timestamp_ntz` ignores
    /// none — an offset is refused); booleans `true`/`false` in any case; decimals exactly
    /// (rounded half up past the scale); integers must fit the type.
    public static func parse(_ text: String, as type: DataType) -> Value? {
        let t = trimmed(text)
        switch type {
        case .string: return .string(text)
        case .binary, .fixedSizeBinary: return .binary(Array(text.utf8))
        case .boolean:
            switch t.lowercased() {
            case "true": return .boolean(true)
            case "false": return .boolean(false)
            default: return nil
            }
        case .int8, .int16, .int32, .int64:
            guard let i = Int64(t) else {
                // `5.0` compares as 5.
                if let d = Double(t), d.rounded() == d, let i = Int64(exactly: d) { return fits(i, type) ? .int(i) : nil }
                return nil
            }
            return fits(i, type) ? .int(i) : nil
        case .uint8, .uint16, .uint32, .uint64:
            return UInt64(t).map { .uint($0) }
        case .float32: return Float(t).map { .float($0) }
        case .float64: return Double(t).map { .double($0) }
        case .decimal(let p, let s): return decimal(t, precision: p, scale: s).map { .decimal($0) }
        case .date: return date(t).map { .date($0) }
        case .timestamp: return timestamp(t, utc: true).map { .timestamp($0) }
        case .timestampNTZ: return timestamp(t, utc: false).map { .timestamp($0) }
        case .struct, .list, .map: return nil
        }
    }

    static func trimmed(_ s: String) -> String {
        var sub = Substring(s)
        while sub.first == " " { sub.removeFirst() }
        while sub.last == " " { sub.removeLast() }
        return String(sub)
    }

    static func fits(_ i: Int64, _ type: DataType) -> Bool {
        switch type {
        case .int8: Int8(exactly: i) != nil
        case .int16: Int16(exactly: i) != nil
        case .int32: Int32(exactly: i) != nil
        default: true
        }
    }

    /// The unscaled value of a decimal literal at `scale`, or nil when it is not a number or
    /// needs more than `precision` digits.
    public static func decimal(_ text: String, precision: Int, scale: Int) -> Int128? {
        var bytes = Array(text.utf8)[...]
        var negative = false
        if bytes.first == UInt8(ascii: "-") { negative = true; bytes.removeFirst() } else if bytes.first == UInt8(ascii: "+") { bytes.removeFirst() }
        var exponent = 0
        if let e = bytes.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            guard let x = Int(String(decoding: bytes[(e + 1)...], as: UTF8.self)), abs(x) < 100 else { return nil }
            exponent = x
            bytes = bytes[..<e]
        }
        var digits: [UInt8] = []
        var fraction = 0
        var seenPoint = false
        for b in bytes {
            if b == UInt8(ascii: ".") {
                if seenPoint { return nil }
                seenPoint = true
            } else if b >= 48 && b <= 57 {
                digits.append(b - 48)
                if seenPoint { fraction += 1 }
            } else {
                return nil
            }
        }
        guard !digits.isEmpty else { return nil }
        let shift = scale - (fraction - exponent)  // digits to append (>0) or drop (<0)
        var value: Int128 = 0
        var kept = digits
        var roundUp = false
        if shift < 0 {
            let drop = -shift
            if drop > kept.count { kept = [] } else {
                roundUp = kept[kept.count - drop] >= 5
                kept.removeLast(drop)
            }
        }
        for d in kept {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int128(d))
            if o1 || o2 { return nil }
            value = a
        }
        if shift > 0 {
            for _ in 0..<shift {
                let (m, o) = value.multipliedReportingOverflow(by: 10)
                if o { return nil }
                value = m
            }
        }
        if roundUp { value += 1 }
        var limit: Int128 = 1
        for _ in 0..<precision { limit *= 10 }
        guard value < limit else { return nil }
        return negative ? -value : value
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    public static func days(year: Int, month: Int, day: Int) -> Int32? {
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year, month) else { return nil }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return Int32(exactly: era * 146097 + doe - 719468)
    }

    /// Days in `month` of `year` (proleptic Gregorian).
    public static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Parses `YYYY-MM-DD`.
    public static func date(_ text: String) -> Int32? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        var negative = false
        var p = parts[...]
        if text.hasPrefix("-") { negative = true; p = p.dropFirst() }
        guard p.count == 3, let y = Int(p[p.startIndex]), let m = Int(p[p.startIndex + 1]), let d = Int(p[p.startIndex + 2]),
              p[p.startIndex + 1].count == 2, p[p.startIndex + 2].count == 2 else { return nil }
        return days(year: negative ? -y : y, month: m, day: d)
    }

    /// Parses a timestamp to microseconds since the epoch (UTC for `utc`, wall clock otherwise).
    public static func timestamp(_ text: String, utc: Bool) -> Int64? {
        var s = Substring(text)
        var offsetSeconds = 0
        var hasOffset = false
        if s.hasSuffix("Z") || s.hasSuffix("z") {
            s.removeLast()
            hasOffset = true
        } else if s.count > 6, let signIndex = s.index(s.endIndex, offsetBy: -6, limitedBy: s.startIndex),
                  s[signIndex] == "+" || s[signIndex] == "-", s[s.index(signIndex, offsetBy: 3)] == ":",
                  s.distance(from: s.startIndex, to: signIndex) > 10 {
            guard let h = Int(s[s.index(after: signIndex)..<s.index(signIndex, offsetBy: 3)]),
                  let m = Int(s[s.index(signIndex, offsetBy: 4)...]) else { return nil }
            offsetSeconds = (h * 3600 + m * 60) * (s[signIndex] == "-" ? -1 : 1)
            s = s[..<signIndex]
            hasOffset = true
        }
        if hasOffset && !utc { return nil }
        let datePart: Substring, timePart: Substring?
        if let sep = s.firstIndex(where: { $0 == "T" || $0 == " " }) {
            datePart = s[..<sep]
            timePart = s[s.index(after: sep)...]
        } else {
            datePart = s
            timePart = nil
        }
        guard let day = date(String(datePart)) else { return nil }
        var micros: Int64 = 0
        if let timePart {
            let hms = timePart.split(separator: ":", omittingEmptySubsequences: false)
            guard hms.count == 2 || hms.count == 3, let h = Int(hms[0]), let m = Int(hms[1]), (0..<24).contains(h), (0..<60).contains(m) else { return nil }
            var seconds = 0, fraction: Int64 = 0
            if hms.count == 3 {
                let sf = hms[2].split(separator: ".", omittingEmptySubsequences: false)
                guard sf.count <= 2, let sec = Int(sf[0]), (0..<60).contains(sec), sf[0].count == 2 else { return nil }
                seconds = sec
                if sf.count == 2 {
                    let digits = sf[1]
                    guard !digits.isEmpty, digits.allSatisfy(\.isNumber) else { return nil }
                    let six = String(digits.prefix(6)).padding(to: 6)
                    fraction = Int64(six) ?? 0
                }
            }
            micros = Int64(h * 3600 + m * 60 + seconds) * 1_000_000 + fraction
        }
        return Int64(day) * 86_400_000_000 + micros - Int64(offsetSeconds) * 1_000_000
    }

    /// The protocol's partition-value string of a value (nil for null): dates `YYYY-MM-DD`,
    /// timestamps `YYYY-MM-DD HH:MM:SS.ffffff` (UTC for `timestamp`), numbers and decimals as
    /// plain text, booleans `true`/`false`, strings as they are.
    public static func partitionString(_ value: Value, _ type: DataType) -> String? {
        switch (value, type) {
        case (.null, _): nil
        case (.string(let s), _): s
        case (.timestamp(let t), .timestampNTZ): TemporalFormat.timestamp(t, utc: false, separator: " ")
        case (.timestamp(let t), _): TemporalFormat.timestamp(t, utc: false, separator: " ")
        case (.binary(let b), _): String(decoding: b, as: UTF8.self)
        default: value.text(as: type)
        }
    }
}

extension String {
    func padding(to length: Int) -> String {
        count >= length ? self : self + String(repeating: "0", count: length - count)
    }
}
