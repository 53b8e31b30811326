/// Text forms of dates and timestamps, shared by the row formatters, the CLI, Delta
/// statistics and partition values.
///
/// Dates use the proleptic Gregorian calendar with astronomical year numbering (year 0 is
/// 1 BC). Years 0...9999 print as four zero-padded digits; later years print all their digits
/// (`10000-01-01`); years before 0 print a `-` and at least four digits (`-0001-12-31`). This
/// matches Apache Arrow's cast of dates and timestamps to strings.
public enum TemporalFormat {
    /// Microseconds in one day.
    public static let microsecondsPerDay: Int64 = 86_400_000_000

    /// The calendar date `days` days after 1970-01-01 (negative before it).
    public static func civil(fromDays days: Int32) -> (year: Int64, month: Int, day: Int) {
        civil(days: Int64(days))
    }

    /// Days since 1970-01-01 to (year, month, day); exact for |days| well beyond the
    /// `Int64` microsecond range (about ±1.1e8 days) and the `Int32` day range.
    static func civil(days: Int64) -> (year: Int64, month: Int, day: Int) {
        // Shift the epoch to 0000-03-01 so that leap days fall at the end of a year, then
        // split into 400-year eras of 146097 days (floor division for negative days).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097                                         // 0...146096
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365  // 0...399
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)  // 0...365
        let shiftedMonth = (5 * dayOfYear + 2) / 153                             // 0...11, March = 0
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, Int(month), Int(day))
    }

    /// `YYYY-MM-DD` for `days` days since 1970-01-01.
    public static func date(_ days: Int32) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(11)
        appendDate(days, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `YYYY-MM-DDTHH:MM:SS.ffffff` for `micros` microseconds since the epoch, followed by `Z`
    /// when `utc` is true.
    ///
    /// - Parameters:
    ///   - separator: the character between date and time (`T`; Delta partition values use a space).
    ///   - fractionDigits: 0...6 digits of the second's fraction, truncated toward the past
    ///     (values outside the range are clamped); 0 omits the `.` too.
    public static func timestamp(_ micros: Int64, utc: Bool, separator: Unicode.Scalar = "T", fractionDigits: Int = 6) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(28)
        let sep = separator.isASCII ? UInt8(truncatingIfNeeded: separator.value) : UInt8(ascii: "T")
        appendTimestamp(micros, utc: utc, separator: sep, fractionDigits: fractionDigits, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the UTF-8 text of ``date(_:)`` to `out`.
    public static func appendDate(_ days: Int32, to out: inout [UInt8]) {
        appendCivil(days: Int64(days), to: &out)
    }

    /// Appends the UTF-8 text of ``timestamp(_:utc:separator:fractionDigits:)`` to `out`;
    /// `separator` is an ASCII byte.
    public static func appendTimestamp(
        _ micros: Int64, utc: Bool, separator: UInt8 = UInt8(ascii: "T"), fractionDigits: Int = 6, to out: inout [UInt8]
    ) {
        // Floor division: -1 µs is the last microsecond of 1969-12-31.
        var (days, micro) = micros.quotientAndRemainder(dividingBy: microsecondsPerDay)
        if micro < 0 {
            days -= 1
            micro += microsecondsPerDay
        }
        appendCivil(days: days, to: &out)
        out.append(separator)
        let seconds = UInt64(micro / 1_000_000)
        out.appendZeroPadded(seconds / 3600, width: 2)
        out.append(UInt8(ascii: ":"))
        out.appendZeroPadded(seconds / 60 % 60, width: 2)
        out.append(UInt8(ascii: ":"))
        out.appendZeroPadded(seconds % 60, width: 2)
        let digits = Swift.min(Swift.max(fractionDigits, 0), 6)
        if digits > 0 {
            var fraction = UInt64(micro % 1_000_000)
            for _ in digits..<6 { fraction /= 10 }
            out.append(UInt8(ascii: "."))
            out.appendZeroPadded(fraction, width: digits)
        }
        if utc { out.append(UInt8(ascii: "Z")) }
    }

    static func appendCivil(days: Int64, to out: inout [UInt8]) {
        let (year, month, day) = civil(days: days)
        if year < 0 { out.append(UInt8(ascii: "-")) }
        out.appendZeroPadded(year.magnitude, width: 4)
        out.append(UInt8(ascii: "-"))
        out.appendZeroPadded(UInt64(month), width: 2)
        out.append(UInt8(ascii: "-"))
        out.appendZeroPadded(UInt64(day), width: 2)
    }
}
