/// A constant written in SQL.
///
/// Numbers keep their exact text (so `12345678901234567890` or `0.10` lose nothing); the
/// binder decides their types. Literals are never negative: `-1` is a unary minus applied to
/// the literal `1`.
public enum Literal: Hashable, Sendable, CustomStringConvertible {
    /// `NULL`.
    case null
    /// `TRUE` or `FALSE`.
    case boolean(Bool)
    /// An integer without suffix: `42`. The digits exactly as written (may exceed Int64).
    case integer(String)
    /// A decimal number with a point and no exponent: `1.5`, `.5`, `1.`. Exact text.
    case decimal(String)
    /// A number with an exponent: `1e3`, `1.5E-2`. Exact text (Spark types it DOUBLE).
    case scientific(String)
    /// A number with a type suffix: `10L`, `1S`, `1Y`, `1.5F`, `2D`, `3.25BD`.
    /// The text is the number without its suffix.
    case typedNumber(String, NumericSuffix)
    /// A character string, after unescaping: `'it''s'`, `"a\tb"`, `r'raw\n'`.
    /// Adjacent string literals (`'a' 'b'`) are concatenated into one.
    case string(String)
    /// `X'0AFF'`: the bytes.
    case binary([UInt8])
    /// `DATE '2024-01-31'`: the string, unchecked.
    case date(String)
    /// `TIMESTAMP '2024-01-31 12:00:00'`: the string, unchecked.
    case timestamp(String)
    /// `TIMESTAMP_NTZ '...'`: the string, unchecked.
    case timestampNTZ(String)
    /// `TIMESTAMP_LTZ '...'`: the string, unchecked.
    case timestampLTZ(String)
    /// `INTERVAL ...`.
    case interval(IntervalLiteral)

    /// The type suffix of a numeric literal.
    public enum NumericSuffix: String, Hashable, Sendable, CaseIterable {
        /// `Y`: TINYINT.
        case tinyint = "Y"
        /// `S`: SMALLINT.
        case smallint = "S"
        /// `L`: BIGINT.
        case bigint = "L"
        /// `F`: FLOAT.
        case float = "F"
        /// `D`: DOUBLE.
        case double = "D"
        /// `BD`: DECIMAL with the literal's precision and scale.
        case decimal = "BD"
    }

    /// The literal as SQL.
    public var description: String {
        switch self {
        case .null: return "NULL"
        case .boolean(let b): return b ? "TRUE" : "FALSE"
        case .integer(let s), .decimal(let s), .scientific(let s): return s
        case .typedNumber(let s, let suffix): return s + suffix.rawValue
        case .string(let s): return SQLFormat.string(s)
        case .binary(let bytes): return "X'" + SQLFormat.hex(bytes) + "'"
        case .date(let s): return "DATE " + SQLFormat.string(s)
        case .timestamp(let s): return "TIMESTAMP " + SQLFormat.string(s)
        case .timestampNTZ(let s): return "TIMESTAMP_NTZ " + SQLFormat.string(s)
        case .timestampLTZ(let s): return "TIMESTAMP_LTZ " + SQLFormat.string(s)
        case .interval(let i): return i.description
        }
    }
}

/// A unit of an interval literal or an interval type.
public enum IntervalUnit: String, Hashable, Sendable, CaseIterable {
    /// `YEAR`/`YEARS`.
    case year = "YEAR"
    /// `MONTH`/`MONTHS`.
    case month = "MONTH"
    /// `WEEK`/`WEEKS`.
    case week = "WEEK"
    /// `DAY`/`DAYS`.
    case day = "DAY"
    /// `HOUR`/`HOURS`.
    case hour = "HOUR"
    /// `MINUTE`/`MINUTES`.
    case minute = "MINUTE"
    /// `SECOND`/`SECONDS`.
    case second = "SECOND"
    /// `MILLISECOND`/`MILLISECONDS`.
    case millisecond = "MILLISECOND"
    /// `MICROSECOND`/`MICROSECONDS`.
    case microsecond = "MICROSECOND"

    /// The unit named by an (uppercased) keyword, singular or plural.
    init?(keyword: String) {
        if let u = IntervalUnit(rawValue: keyword) {
            self = u
        } else if keyword.hasSuffix("S"), let u = IntervalUnit(rawValue: String(keyword.dropLast())) {
            self = u
        } else {
            return nil
        }
    }
}

/// The body of an `INTERVAL` literal.
public enum IntervalLiteral: Hashable, Sendable, CustomStringConvertible {
    /// One or more value–unit pairs: `INTERVAL '3' DAY`, `INTERVAL 3 DAYS`,
    /// `INTERVAL -1 DAY 2 HOURS` (parts in the order written).
    case units([Part])
    /// A value string with a unit range: `INTERVAL '1 2:03' DAY TO MINUTE`,
    /// `INTERVAL '1-2' YEAR TO MONTH`.
    case range(String, from: IntervalUnit, to: IntervalUnit)
    /// A string holding its own units: `INTERVAL '1 day 2 hours'`.
    case string(String)

    /// One value with its unit.
    public struct Part: Hashable, Sendable {
        /// The value as written without quotes, with its sign folded in: `"3"`, `"-3"`, `"1.5"`.
        public var value: String
        /// The unit (plural forms are normalized to the singular).
        public var unit: IntervalUnit

        /// Creates a part.
        public init(value: String, unit: IntervalUnit) {
            self.value = value
            self.unit = unit
        }
    }

    /// The literal as SQL, starting with `INTERVAL`.
    public var description: String {
        switch self {
        case .units(let parts):
            let body = parts.map { part -> String in
                let v = SQLFormat.isPlainNumber(part.value) ? part.value : SQLFormat.string(part.value)
                return v + " " + part.unit.rawValue
            }
            return "INTERVAL " + body.joined(separator: " ")
        case .range(let value, let from, let to):
            return "INTERVAL \(SQLFormat.string(value)) \(from.rawValue) TO \(to.rawValue)"
        case .string(let value):
            return "INTERVAL " + SQLFormat.string(value)
        }
    }
}
