#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Columnar
import Delta

/// The scalar functions SQL can call. The binder checks arguments and picks the result type;
/// evaluation works on whole columns (a few hot ones with typed loops, the rest row by row).
public enum ScalarFunction: String, Hashable, Sendable, CaseIterable {
    case coalesce, nullif, `if`, abs, round, floor, ceil, sqrt, exp, ln, log10, power, sign, greatest, least
    case lower, upper, trim, ltrim, rtrim, length, substring, concat, concatWs = "concat_ws", replace
    case splitPart = "split_part", left, right, lpad, rpad, reverse, initcap, instr
    case startswith, endswith, contains
    case year, quarter, month, day, dayofweek, dayofyear, hour, minute, second, weekofyear
    case dateTrunc = "date_trunc", dateAdd = "date_add", dateSub = "date_sub", addMonths = "add_months"
    case datediff, lastDay = "last_day", makeDate = "make_date", toDate = "to_date", toTimestamp = "to_timestamp"
    /// `timestamp + INTERVAL n unit` (the binder's lowering; args: value, amount, unit code).
    case addInterval = "add_interval"
    /// `s.field` (args: struct, field index).
    case getField = "get_field"
    /// `array[i]` (0-based) or `map[key]`.
    case elementAt = "element_at"

    /// Functions that take aliases.
    public static func named(_ name: String) -> ScalarFunction? {
        let lower = name.lowercased()
        switch lower {
        case "nvl", "ifnull": return .coalesce
        case "substr": return .substring
        case "ceiling": return .ceil
        case "pow": return .power
        case "dayofmonth": return .day
        case "char_length", "character_length", "len": return .length
        case "iff": return .if
        case "log": return .ln
        case "signum": return .sign
        case "ucase": return .upper
        case "lcase": return .lower
        case "position", "locate": return nil
        default: return ScalarFunction(rawValue: lower)
        }
    }

    /// Evaluates the function over argument columns (all of `rows` rows).
    func evaluate(_ args: [Column], resultType: DataType, rows n: Int, evaluator: ExpressionEvaluator) throws -> Column {
        switch self {
        case .year, .month, .day, .quarter, .dayofyear, .dayofweek, .weekofyear:
            if args[0].type == .date { return datePart(args[0]) }
        case .coalesce:
            return coalesce(args, resultType)
        case .length:
            if args[0].type.isByteArray && resultType == .int32 { return Self.length(args[0]) }
        case .lower, .upper:
            if args[0].type == .string && resultType == .string { return Self.changeCase(args[0], upper: self == .upper) }
        case .substring:
            if args[0].type == .string && resultType == .string, let out = Self.substring(args[0], args[1], args.count > 2 ? args[2] : nil) { return out }
        case .getField:
            guard case .int(let i) = args[1].value(at: 0) else { break }
            var child = args[0].children[Int(i)]
            child.validity = BitVector.and(args[0].validity, child.validity)
            return child
        default:
            break
        }
        // Row by row over boxed values.
        var out = Column(empty: resultType, capacity: n)
        let types = args.map(\.type)
        for i in 0..<n {
            let values = args.map { $0.value(at: i) }
            let v = try apply(values, types, resultType)
            if v.isNull { out.appendNull() } else { out.append(v) }
        }
        return out
    }

    /// The first non-null argument, row by row.
    func coalesce(_ args: [Column], _ type: DataType) -> Column {
        if args.allSatisfy({ $0.validity == nil }) { return args[0] }
        var out = Column(empty: type, capacity: args[0].count)
        for i in 0..<args[0].count {
            if let c = args.first(where: { !$0.isNull(i) }) { out.append(c.value(at: i)) } else { out.appendNull() }
        }
        return out
    }

    /// year/month/day/... of a date column, with a typed loop.
    func datePart(_ c: Column) -> Column {
        let n = c.count
        var values = Buffer(capacity: n * 4)
        let out = values.appendUninitialized(n * 4).assumingMemoryBound(to: Int32.self)
        c.values.withUnsafeBufferPointer(as: Int32.self) { days in
            for i in 0..<n { out[i] = Int32(Self.part(self, days: days[i])) }
        }
        return Column(type: .int32, count: n, validity: c.validity, values: values)
    }

    static func part(_ f: ScalarFunction, days: Int32) -> Int {
        let (y, m, d) = TemporalFormat.civil(fromDays: days)
        switch f {
        case .year: return Int(y)
        case .month: return m
        case .day: return d
        case .quarter: return (m - 1) / 3 + 1
        case .dayofweek: return Int(((Int64(days) % 7) + 7 + 4) % 7) + 1  // 1 = Sunday
        case .dayofyear: return Int(days - Literals.days(year: Int(y), month: 1, day: 1)!) + 1
        case .weekofyear:
            // ISO 8601 week number.
            let weekday = Int(((Int64(days) % 7) + 7 + 3) % 7)  // 0 = Monday
            let thursday = Int64(days) - Int64(weekday) + 3
            let (ty, _, _) = TemporalFormat.civil(fromDays: Int32(thursday))
            let jan1 = Int64(Literals.days(year: Int(ty), month: 1, day: 1)!)
            return Int((thursday - jan1) / 7) + 1
        default: return 0
        }
    }

    static func days(_ v: Value) -> Int32? {
        switch v {
        case .date(let d): d
        case .timestamp(let t): Int32(truncatingIfNeeded: t >= 0 ? t / 86_400_000_000 : (t - 86_399_999_999) / 86_400_000_000)
        case .string(let s): Literals.date(String(s.prefix(10)))
        default: nil
        }
    }

    static func double(_ v: Value, _ t: DataType) -> Double? {
        switch v {
        case .int(let i): Double(i)
        case .uint(let u): Double(u)
        case .float(let f): Double(f)
        case .double(let d): d
        case .decimal(let d): if case .decimal(_, let s) = t { Double("\(d)e-\(s)") } else { Double(d) }
        default: nil
        }
    }

    static func string(_ v: Value, _ t: DataType) -> String? {
        switch v {
        case .null: nil
        case .string(let s): s
        default: Cast.text(v, t)
        }
    }

    static func int(_ v: Value) -> Int? {
        if case .int(let i) = v { return Int(i) }
        return nil
    }

    /// One row.
    func apply(_ a: [Value], _ t: [DataType], _ result: DataType) throws -> Value {
        func num(_ i: Int) -> Double? { Self.double(a[i], t[i]) }
        func str(_ i: Int) -> String? { Self.string(a[i], t[i]) }
        func back(_ d: Double?) -> Value {
            guard let d, d.isFinite || result == .float64 else { return .null }
            return Cast.convert(.double(d), from: .float64, to: result) ?? .null
        }
        switch self {
        case .coalesce:
            return a.first { !$0.isNull } ?? .null
        case .nullif:
            if a[0].isNull { return .null }
            return ValueOrder.compare(a[0], a[1]) == 0 ? .null : a[0]
        case .if:
            if case .boolean(true) = a[0] { return a[1] }
            return a[2]
        case .greatest, .least:
            let present = a.filter { !$0.isNull }
            guard var best = present.first else { return .null }
            for v in present.dropFirst() {
                if let c = ValueOrder.compare(v, best), self == .greatest ? c > 0 : c < 0 { best = v }
            }
            return best
        case .abs:
            switch a[0] {
            case .int(let i): return .int(i == .min ? i : Swift.abs(i))
            case .decimal(let d): return .decimal(d < 0 ? -d : d)
            case .double(let d): return .double(Swift.abs(d))
            case .float(let f): return .float(Swift.abs(f))
            default: return .null
            }
        case .round, .floor, .ceil:
            let places = a.count > 1 ? (Self.int(a[1]) ?? 0) : 0
            switch (a[0], t[0]) {
            case (.null, _): return .null
            case (.int(let i), _):
                if places >= 0 { return .int(i) }
                let p = Int64(pow(10.0, Double(-places)))
                let q = self == .floor ? Int64((Double(i) / Double(p)).rounded(.down)) : self == .ceil ? Int64((Double(i) / Double(p)).rounded(.up)) : Int64((Double(i) / Double(p)).rounded(.toNearestOrAwayFromZero))
                return .int(q * p)
            case (.decimal(let d), .decimal(_, let s)):
                guard case .decimal(_, let rs) = result else {
                    // floor/ceil of a decimal with scale 0 result as bigint in Spark when places = 0.
                    let divisor = Arithmetic.powersOfTen[s]
                    let q = d / divisor, r = d % divisor
                    let v = self == .floor ? (r < 0 ? q - 1 : q) : self == .ceil ? (r > 0 ? q + 1 : q) : Arithmetic.roundedDivide(d, divisor)
                    return Int64(exactly: v).map { .int($0) } ?? .null
                }
                let drop = s - rs
                guard drop > 0 else { return .decimal(d * Arithmetic.powersOfTen[-drop]) }
                let divisor = Arithmetic.powersOfTen[drop]
                let q = d / divisor, r = d % divisor
                switch self {
                case .floor: return .decimal(r < 0 ? q - 1 : q)
                case .ceil: return .decimal(r > 0 ? q + 1 : q)
                default: return .decimal(Arithmetic.roundedDivide(d, divisor))
                }
            default:
                guard let x = num(0) else { return .null }
                let m = pow(10.0, Double(places))
                let v: Double = switch self {
                case .floor: (x * m).rounded(.down) / m
                case .ceil: (x * m).rounded(.up) / m
                default: (x * m).rounded(.toNearestOrAwayFromZero) / m
                }
                return back(v)
            }
        case .sqrt: return back(num(0).map { $0 < 0 ? .nan : Foundation_sqrt($0) }).nanToNull
        case .exp: return back(num(0).map { Foundation_exp($0) })
        case .ln: return back(num(0).flatMap { $0 <= 0 ? nil : Foundation_log($0) })
        case .log10: return back(num(0).flatMap { $0 <= 0 ? nil : Foundation_log10($0) })
        case .power: return back(num(0).flatMap { x in num(1).map { pow(x, $0) } })
        case .sign: return back(num(0).map { $0 > 0 ? 1 : $0 < 0 ? -1 : 0 })
        case .lower: return str(0).map { .string($0.lowercased()) } ?? .null
        case .upper: return str(0).map { .string($0.uppercased()) } ?? .null
        case .trim: return str(0).map { .string($0.trimmingSpaces) } ?? .null
        case .ltrim: return str(0).map { .string(String($0.drop { $0 == " " })) } ?? .null
        case .rtrim: return str(0).map { s in .string(String(s.reversed().drop { $0 == " " }.reversed())) } ?? .null
        case .length:
            if case .binary(let b) = a[0] { return .int(Int64(b.count)) }
            return str(0).map { .int(Int64($0.count)) } ?? .null
        case .reverse: return str(0).map { .string(String($0.reversed())) } ?? .null
        case .initcap:
            return str(0).map { s in .string(s.split(separator: " ", omittingEmptySubsequences: false).map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }.joined(separator: " ")) } ?? .null
        case .substring:
            guard let s = str(0), let pos = Self.int(a[1]) else { return .null }
            let chars = Array(s)
            let len = a.count > 2 ? (Self.int(a[2]) ?? -1) : Int.max
            if a.count > 2 && a[2].isNull { return .null }
            // Spark: 1-based; 0 acts as 1; negative counts from the end.
            var start = pos > 0 ? pos - 1 : pos < 0 ? chars.count + pos : 0
            var end = len == Int.max ? chars.count : start + len
            if len < 0 { return .string("") }
            start = Swift.max(0, start)
            end = Swift.min(chars.count, Swift.max(start, end))
            return .string(start >= chars.count ? "" : String(chars[start..<end]))
        case .left, .right:
            guard let s = str(0), let n = Self.int(a[1]) else { return .null }
            if n <= 0 { return .string("") }
            return .string(String(self == .left ? s.prefix(n) : s.suffix(n)))
        case .lpad, .rpad:
            guard let s = str(0), let n = Self.int(a[1]) else { return .null }
            let pad = a.count > 2 ? (str(2) ?? " ") : " "
            if n <= s.count { return .string(String(s.prefix(Swift.max(0, n)))) }
            guard !pad.isEmpty else { return .string(s) }
            var filler = ""
            while filler.count < n - s.count { filler += pad }
            filler = String(filler.prefix(n - s.count))
            return .string(self == .lpad ? filler + s : s + filler)
        case .concat:
            var out = ""
            for i in a.indices {
                guard let s = str(i) else { return .null }
                out += s
            }
            return .string(out)
        case .concatWs:
            guard let sep = str(0) else { return .null }
            return .string(a.indices.dropFirst().compactMap { str($0) }.joined(separator: sep))
        case .replace:
            guard let s = str(0), let from = str(1) else { return .null }
            let to = a.count > 2 ? (str(2) ?? "") : ""
            return .string(from.isEmpty ? s : s.replacingAll(from, with: to))
        case .splitPart:
            guard let s = str(0), let d = str(1), let n = Self.int(a[2]) else { return .null }
            let parts = d.isEmpty ? [s] : s.components(separatedBy: d)
            if n == 0 { throw QueryError(.arithmetic, "split_part: the part index must not be 0") }
            let index = n > 0 ? n - 1 : parts.count + n
            return .string(index >= 0 && index < parts.count ? parts[index] : "")
        case .instr:
            guard let s = str(0), let sub = str(1) else { return .null }
            guard let r = s.range(of: sub) else { return .int(0) }
            return .int(Int64(s.distance(from: s.startIndex, to: r.lowerBound) + 1))
        case .startswith, .endswith, .contains:
            guard let s = str(0), let x = str(1) else { return .null }
            return .boolean(self == .startswith ? s.hasPrefix(x) : self == .endswith ? s.hasSuffix(x) : (x.isEmpty || s.range(of: x) != nil))
        case .year, .month, .day, .quarter, .dayofweek, .dayofyear, .weekofyear:
            return Self.days(a[0]).map { .int(Int64(Self.part(self, days: $0))) } ?? .null
        case .hour, .minute, .second:
            guard case .timestamp(let ts) = a[0] else { return a[0].isNull ? .null : .int(0) }
            let secondsOfDay = ((ts / 1_000_000) % 86_400 + 86_400) % 86_400
            return .int(self == .hour ? secondsOfDay / 3600 : self == .minute ? (secondsOfDay / 60) % 60 : secondsOfDay % 60)
        case .dateAdd, .dateSub:
            guard let d = Self.days(a[0]), let n = Self.int(a[1]) else { return .null }
            return .date(Int32(truncatingIfNeeded: Int(d) + (self == .dateAdd ? n : -n)))
        case .addMonths:
            guard let d = Self.days(a[0]), let n = Self.int(a[1]) else { return .null }
            return Self.addMonths(d, n).map { .date($0) } ?? .null
        case .datediff:
            guard let e = Self.days(a[0]), let s = Self.days(a[1]) else { return .null }
            return .int(Int64(e) - Int64(s))
        case .lastDay:
            guard let d = Self.days(a[0]) else { return .null }
            let (y, m, _) = TemporalFormat.civil(fromDays: d)
            return Literals.days(year: Int(y), month: m, day: Literals.daysInMonth(Int(y), m)).map { .date($0) } ?? .null
        case .makeDate:
            guard let y = Self.int(a[0]), let m = Self.int(a[1]), let d = Self.int(a[2]) else { return .null }
            return Literals.days(year: y, month: m, day: d).map { .date($0) } ?? .null
        case .toDate:
            return Cast.convert(a[0], from: t[0], to: .date) ?? .null
        case .toTimestamp:
            return Cast.convert(a[0], from: t[0], to: .timestamp) ?? .null
        case .dateTrunc:
            guard let unit = str(0)?.lowercased() else { return .null }
            return Self.truncate(a[1], t[1], unit: unit) ?? .null
        case .addInterval:
            guard let amount = Self.int(a[1]), let unit = str(2) else { return .null }
            return Self.add(a[0], amount: amount, unit: unit) ?? .null
        case .getField:
            guard case .struct(let fields) = a[0], let i = Self.int(a[1]), i < fields.count else { return .null }
            return fields[i]
        case .elementAt:
            switch a[0] {
            case .list(let items):
                guard let i = Self.int(a[1]), i >= 0, i < items.count else { return .null }
                return items[i]
            case .map(let keys, let values):
                guard let k = keys.firstIndex(where: { ValueOrder.compare($0, a[1]) == 0 }) else { return .null }
                return values[k]
            default: return .null
            }
        }
    }

    static func addMonths(_ days: Int32, _ n: Int) -> Int32? {
        let (y, m, d) = TemporalFormat.civil(fromDays: days)
        let total = Int(y) * 12 + (m - 1) + n
        let ny = total >= 0 ? total / 12 : (total - 11) / 12
        let nm = total - ny * 12 + 1
        return Literals.days(year: ny, month: nm, day: Swift.min(d, Literals.daysInMonth(ny, nm)))
    }

    /// `value + amount unit` for dates and timestamps.
    static func add(_ v: Value, amount: Int, unit: String) -> Value? {
        switch (v, unit) {
        case (.date(let d), "day"): return .date(Int32(truncatingIfNeeded: Int(d) + amount))
        case (.date(let d), "week"): return .date(Int32(truncatingIfNeeded: Int(d) + 7 * amount))
        case (.date(let d), "month"): return addMonths(d, amount).map { .date($0) }
        case (.date(let d), "year"): return addMonths(d, 12 * amount).map { .date($0) }
        case (.date(let d), _): return add(.timestamp(Int64(d) * 86_400_000_000), amount: amount, unit: unit)
        case (.timestamp(let t), _):
            let micros: Int64
            switch unit {
            case "microsecond": micros = 1
            case "millisecond": micros = 1000
            case "second": micros = 1_000_000
            case "minute": micros = 60_000_000
            case "hour": micros = 3_600_000_000
            case "day": micros = 86_400_000_000
            case "week": micros = 7 * 86_400_000_000
            case "month", "year":
                let dayMicros: Int64 = 86_400_000_000
                let days = Int32(truncatingIfNeeded: t >= 0 ? t / dayMicros : (t - dayMicros + 1) / dayMicros)
                let within = t - Int64(days) * dayMicros
                return addMonths(days, unit == "month" ? amount : 12 * amount).map { .timestamp(Int64($0) * dayMicros + within) }
            default: return nil
            }
            return .timestamp(t &+ Int64(amount) &* micros)
        default: return nil
        }
    }

    /// `date_trunc(unit, value)`: a timestamp at the start of its unit.
    static func truncate(_ v: Value, _ t: DataType, unit: String) -> Value? {
        let micros: Int64
        switch v {
        case .timestamp(let x): micros = x
        case .date(let d): micros = Int64(d) * 86_400_000_000
        case .string(let s): guard let x = Literals.timestamp(s, utc: true) else { return nil }; micros = x
        default: return nil
        }
        let day: Int64 = 86_400_000_000
        func floor(_ x: Int64, _ m: Int64) -> Int64 { x >= 0 ? x / m * m : (x - m + 1) / m * m }
        let days = Int32(truncatingIfNeeded: floor(micros, day) / day)
        let (y, m, _) = TemporalFormat.civil(fromDays: days)
        switch unit {
        case "microsecond": return .timestamp(micros)
        case "millisecond": return .timestamp(floor(micros, 1000))
        case "second": return .timestamp(floor(micros, 1_000_000))
        case "minute": return .timestamp(floor(micros, 60_000_000))
        case "hour": return .timestamp(floor(micros, 3_600_000_000))
        case "day", "dd": return .timestamp(floor(micros, day))
        case "week":
            let weekday = ((Int64(days) % 7) + 7 + 3) % 7  // 0 = Monday
            return .timestamp((Int64(days) - weekday) * day)
        case "month", "mm", "mon": return Literals.days(year: Int(y), month: m, day: 1).map { .timestamp(Int64($0) * day) }
        case "quarter": return Literals.days(year: Int(y), month: (m - 1) / 3 * 3 + 1, day: 1).map { .timestamp(Int64($0) * day) }
        case "year", "yyyy", "yy": return Literals.days(year: Int(y), month: 1, day: 1).map { .timestamp(Int64($0) * day) }
        default: return nil
        }
    }
}

@inline(__always) func Foundation_sqrt(_ x: Double) -> Double { x.squareRoot() }
@inline(__always) func Foundation_exp(_ x: Double) -> Double { exp(x) }
@inline(__always) func Foundation_log(_ x: Double) -> Double { log(x) }
@inline(__always) func Foundation_log10(_ x: Double) -> Double { log10(x) }

extension Value {
    var nanToNull: Value {
        if case .double(let d) = self, d.isNaN { return .null }
        return self
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        replacingAll(target, with: replacement)
    }

    func replacingAll(_ target: String, with replacement: String) -> String {
        components(separatedBy: target).joined(separator: replacement)
    }

    func components(separatedBy separator: String) -> [String] {
        var out: [String] = []
        var rest = Substring(self)
        while let r = rest.range(of: separator) {
            out.append(String(rest[rest.startIndex..<r.lowerBound]))
            rest = rest[r.upperBound...]
        }
        out.append(String(rest))
        return out
    }
}

extension Substring {
    func range(of target: String) -> Range<Substring.Index>? {
        guard !target.isEmpty else { return nil }
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(target) { return i..<index(i, offsetBy: target.count) }
            i = index(after: i)
        }
        return nil
    }
}

extension String {
    func range(of target: String) -> Range<String.Index>? {
        Substring(self).range(of: target)
    }
}
