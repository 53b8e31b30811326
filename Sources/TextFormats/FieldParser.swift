/// Parsers for the text of one field (a CSV field or a JSON string) into typed values.
///
/// Every parser takes a pointer and a byte count, never allocates on the common path and
/// returns nil when the text is not a value of the type. Grammars (see ``CSVOptions``):
/// - boolean: `true` / `false`, any letter case;
/// - integers: `[+-]?[0-9]+`;
/// - floating point: `[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?`, or `nan`, `inf`,
///   `infinity` (any case, optional sign);
/// - date: `YYYY-MM-DD`;
/// - timestamp: `YYYY-MM-DD[T ]HH:MM[:SS[.f{1,9}]][Z|±HH:MM|±HHMM|±HH]`, or a bare date
///   (midnight); digits past microseconds are truncated.
///
/// The `trimmed` variants also accept leading and trailing spaces and tabs.
enum FieldParser {
    /// Whether `b` is a space or a tab.
    @inline(__always)
    static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

    /// The range of `p[0..<n]` without leading and trailing spaces and tabs, as (start, count).
    @inline(__always)
    static func trim(_ p: UnsafePointer<UInt8>, _ n: Int) -> (UnsafePointer<UInt8>, Int) {
        var s = 0, e = n
        while s < e && isBlank(p[s]) { s &+= 1 }
        while e > s && isBlank(p[e &- 1]) { e &-= 1 }
        return (p + s, e &- s)
    }

    /// Whether the text has a leading or trailing space or tab (so trimming could help).
    @inline(__always)
    static func hasBlankEdge(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        n > 0 && (isBlank(p[0]) || isBlank(p[n &- 1]))
    }

    // MARK: boolean

    /// `true` or `false` in any letter case.
    @inline(__always)
    static func parseBool(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool? {
        if n == 4 {
            if p[0] | 0x20 == 0x74 && p[1] | 0x20 == 0x72 && p[2] | 0x20 == 0x75 && p[3] | 0x20 == 0x65 { return true }
        } else if n == 5 {
            if p[0] | 0x20 == 0x66 && p[1] | 0x20 == 0x61 && p[2] | 0x20 == 0x6C && p[3] | 0x20 == 0x73 && p[4] | 0x20 == 0x65 { return false }
        }
        return nil
    }

    // MARK: integers

    /// A signed decimal integer that fits in `Int64`.
    @inline(__always)
    static func parseInt64(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? {
        guard n > 0 else { return nil }
        var i = 0
        var negative = false
        let c0 = p[0]
        if c0 == 0x2D { negative = true; i = 1 } else if c0 == 0x2B { i = 1 }
        guard i < n else { return nil }
        if n &- i > 19 {
            // Only leading zeros can make a longer literal fit.
            while i < n &- 1 && p[i] == 0x30 { i &+= 1 }
            guard n &- i <= 19 else { return nil }
        }
        var v: UInt64 = 0
        while i < n {
            let d = p[i] &- 0x30
            guard d <= 9 else { return nil }
            v = v &* 10 &+ UInt64(d)
            i &+= 1
        }
        if negative {
            guard v <= 1 << 63 else { return nil }
            return Int64(bitPattern: 0 &- v)
        }
        guard v <= UInt64(Int64.max) else { return nil }
        return Int64(bitPattern: v)
    }

    /// An unsigned decimal integer that fits in `UInt64` (an optional `+`).
    static func parseUInt64(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64? {
        var i = 0
        if n > 0 && p[0] == 0x2B { i = 1 }
        guard i < n else { return nil }
        var v: UInt64 = 0
        while i < n {
            let d = p[i] &- 0x30
            guard d <= 9 else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(UInt64(d))
            guard !o1 && !o2 else { return nil }
            v = s
            i &+= 1
        }
        return v
    }

    // MARK: floating point

    /// The shape of a syntactically valid decimal number.
    struct NumberShape {
        var negative = false
        /// Where the integer digits are.
        var integerDigits = 0..<0
        /// Where the fraction digits are.
        var fractionDigits = 0..<0
        /// The value of the explicit exponent (clamped to ±1_000_000).
        var exponent = 0
    }

    /// Validates decimal-number syntax (no `nan` / `inf`) and returns where its parts are.
    @inline(__always)
    static func numberShape(_ p: UnsafePointer<UInt8>, _ n: Int) -> NumberShape? {
        var shape = NumberShape()
        var i = 0
        guard n > 0 else { return nil }
        if p[0] == 0x2D { shape.negative = true; i = 1 } else if p[0] == 0x2B { i = 1 }
        let intStart = i
        while i < n && p[i] &- 0x30 <= 9 { i &+= 1 }
        shape.integerDigits = intStart..<i
        if i < n && p[i] == 0x2E {
            i &+= 1
            let fracStart = i
            while i < n && p[i] &- 0x30 <= 9 { i &+= 1 }
            shape.fractionDigits = fracStart..<i
        }
        guard shape.integerDigits.count + shape.fractionDigits.count > 0 else { return nil }
        if i < n && p[i] | 0x20 == 0x65 {
            i &+= 1
            var expNegative = false
            if i < n && (p[i] == 0x2D || p[i] == 0x2B) { expNegative = p[i] == 0x2D; i &+= 1 }
            let expStart = i
            var e = 0
            while i < n && p[i] &- 0x30 <= 9 {
                if e < 1_000_000 { e = e &* 10 &+ Int(p[i] &- 0x30) }
                i &+= 1
            }
            guard i > expStart else { return nil }
            shape.exponent = expNegative ? -e : e
        }
        guard i == n else { return nil }
        return shape
    }

    /// A floating-point number, correctly rounded.
    @inline(__always)
    static func parseDouble(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        guard let shape = numberShape(p, n) else { return parseSpecialDouble(p, n) }
        var w: UInt64 = 0
        var significant = 0
        @inline(__always) func accumulate(_ r: Range<Int>) {
            var i = r.lowerBound
            while i < r.upperBound {
                let d = UInt64(p[i] &- 0x30)
                if significant > 0 || d != 0 { significant &+= 1 }
                w = w &* 10 &+ d
                i &+= 1
            }
        }
        accumulate(shape.integerDigits)
        accumulate(shape.fractionDigits)
        let q = shape.exponent - shape.fractionDigits.count
        var value: Double?
        if significant <= 19 {
            value = DecimalToDouble.value(significand: w, exponent: q)
        }
        if value == nil {
            value = DecimalToDouble.slowValue(p, digits: [shape.integerDigits, shape.fractionDigits], exponent: q, negative: false)
        }
        guard let v = value else { return nil }
        return shape.negative ? -v : v
    }

    /// `nan`, `inf` or `infinity` (any case, optional sign).
    static func parseSpecialDouble(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        var i = 0
        var negative = false
        if n > 0 && (p[0] == 0x2D || p[0] == 0x2B) { negative = p[0] == 0x2D; i = 1 }
        let rest = n - i
        func matches(_ word: StaticString) -> Bool {
            guard rest == word.utf8CodeUnitCount else { return false }
            let w = word.utf8Start
            for k in 0..<rest where p[i + k] | 0x20 != w[k] { return false }
            return true
        }
        if matches("nan") { return .nan }
        if matches("inf") || matches("infinity") { return negative ? -.infinity : .infinity }
        return nil
    }

    // MARK: decimal

    /// A decimal number (exponent allowed) as the unscaled value at `scale`, rounded half away
    /// from zero when it has more fraction digits; nil when the result needs more than
    /// `precision` digits.
    static func parseDecimal(_ p: UnsafePointer<UInt8>, _ n: Int, precision: Int, scale: Int) -> Int128? {
        guard let shape = numberShape(p, n) else { return nil }
        let intDigits = shape.integerDigits, fracDigits = shape.fractionDigits
        let digitCount = intDigits.count + fracDigits.count
        @inline(__always) func digit(_ k: Int) -> Int128 {
            guard k >= 0 && k < digitCount else { return 0 }
            let pos = k < intDigits.count ? intDigits.lowerBound + k : fracDigits.lowerBound + (k - intDigits.count)
            return Int128(p[pos] &- 0x30)
        }
        // The value is 0.D × 10^point with D the digit string; keep `point + scale` digits.
        let point = intDigits.count + shape.exponent
        let keep = point + scale
        guard keep <= digitCount + 2 * DataTypeLimits.maxDecimalDigits + 2 else {
            // Far more digits than any decimal can hold, unless they are all zeros.
            return allZero(p, shape) ? 0 : nil
        }
        var acc: Int128 = 0
        if keep > 0 {
            for k in 0..<keep {
                let (m, o1) = acc.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(digit(k))
                guard !o1 && !o2 else { return nil }
                acc = s
            }
        }
        if digit(keep) >= 5 { acc += 1 }
        guard acc < DataTypeLimits.powerOfTen(precision) else { return nil }
        return shape.negative ? -acc : acc
    }

    /// Whether every digit of the number is zero.
    static func allZero(_ p: UnsafePointer<UInt8>, _ shape: NumberShape) -> Bool {
        for r in [shape.integerDigits, shape.fractionDigits] {
            for i in r where p[i] != 0x30 { return false }
        }
        return true
    }

    // MARK: dates and timestamps

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    @inline(__always)
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The number of days in `month` of `year`.
    @inline(__always)
    static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Two ASCII digits at `p[i]`, `p[i+1]` as a number, or -1.
    @inline(__always)
    static func twoDigits(_ p: UnsafePointer<UInt8>, _ i: Int) -> Int {
        let a = p[i] &- 0x30, b = p[i &+ 1] &- 0x30
        guard a <= 9 && b <= 9 else { return -1 }
        return Int(a) &* 10 &+ Int(b)
    }

    /// `YYYY-MM-DD` at the start of `p` (which has at least 10 bytes) as days since the epoch.
    @inline(__always)
    static func dateDays(_ p: UnsafePointer<UInt8>) -> Int? {
        guard p[4] == 0x2D && p[7] == 0x2D else { return nil }
        let c = twoDigits(p, 0), y = twoDigits(p, 2), m = twoDigits(p, 5), d = twoDigits(p, 8)
        guard c >= 0 && y >= 0 && m >= 1 && m <= 12 && d >= 1 else { return nil }
        let year = c * 100 + y
        guard d <= daysInMonth(year, m) else { return nil }
        return daysFromCivil(year: year, month: m, day: d)
    }

    /// A `YYYY-MM-DD` date as days since 1970-01-01.
    @inline(__always)
    static func parseDate(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int32? {
        guard n == 10, let days = dateDays(p) else { return nil }
        return Int32(days)
    }

    /// An ISO 8601 timestamp (or a bare date) as microseconds since the epoch. With an offset
    /// the instant is converted to UTC; without one the wall-clock time is taken as UTC (or, for
    /// `allowOffset == false` — timestamp_ntz — as is, and an offset is rejected).
    static func parseTimestamp(_ p: UnsafePointer<UInt8>, _ n: Int, allowOffset: Bool = true) -> Int64? {
        guard n >= 10, let days = dateDays(p) else { return nil }
        var micros = Int64(days) * 86_400_000_000
        if n == 10 { return micros }
        guard n >= 16, p[10] == 0x54 || p[10] == 0x20 || p[10] == 0x74, p[13] == 0x3A else { return nil }
        let hh = twoDigits(p, 11), mm = twoDigits(p, 14)
        guard hh >= 0 && hh < 24 && mm >= 0 && mm < 60 else { return nil }
        var seconds = hh * 3600 + mm * 60
        var fraction = 0
        var i = 16
        if i < n && p[i] == 0x3A {
            guard i + 3 <= n else { return nil }
            let ss = twoDigits(p, i + 1)
            guard ss >= 0 && ss < 60 else { return nil }
            seconds += ss
            i += 3
            if i < n && p[i] == 0x2E {
                i += 1
                let start = i
                while i < n && p[i] &- 0x30 <= 9 && i - start < 9 {
                    if i - start < 6 { fraction = fraction * 10 + Int(p[i] &- 0x30) }
                    i += 1
                }
                let digits = i - start
                guard digits > 0 && (i == n || p[i] &- 0x30 > 9) else { return nil }
                for _ in digits..<max(digits, 6) { fraction *= 10 }
            }
        }
        micros += Int64(seconds) * 1_000_000 + Int64(fraction)
        if i == n { return micros }
        guard allowOffset else { return nil }
        if p[i] | 0x20 == 0x7A {
            return i + 1 == n ? micros : nil
        }
        guard p[i] == 0x2B || p[i] == 0x2D else { return nil }
        let sign: Int64 = p[i] == 0x2D ? -1 : 1
        let rest = n - i - 1
        var oh = -1, om = 0
        switch rest {
        case 2: oh = twoDigits(p, i + 1)
        case 4: oh = twoDigits(p, i + 1); om = twoDigits(p, i + 3)
        case 5 where p[i + 3] == 0x3A: oh = twoDigits(p, i + 1); om = twoDigits(p, i + 4)
        default: return nil
        }
        guard oh >= 0 && oh < 24 && om >= 0 && om < 60 else { return nil }
        // Local time = UTC + offset, so UTC = local - offset.
        return micros - sign * Int64(oh * 3600 + om * 60) * 1_000_000
    }
}

/// Limits of the decimal type, as the parsers need them.
enum DataTypeLimits {
    /// The most digits a decimal can have.
    static let maxDecimalDigits = 38

    /// `10^k` for `0 <= k <= 38`.
    static func powerOfTen(_ k: Int) -> Int128 {
        var r: Int128 = 1
        for _ in 0..<min(max(k, 0), 38) { r *= 10 }
        return r
    }
}
