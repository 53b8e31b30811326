import Columnar
import LakeJSON

/// The statistics of one data file (the `stats` JSON of its add action), answering
/// ``ColumnFacts`` for the skipping evaluator. Statistics are keyed by physical column names.
struct FileStats {
    let numRecords: Int64?
    let minValues: JSONObject?
    let maxValues: JSONObject?
    let nullCount: JSONObject?

    /// Parses a stats string; nil when absent or unparseable (then nothing is known).
    init?(_ text: String?) {
        guard let text, let json = try? JSONValue(parsing: text), case .object(let o) = json else { return nil }
        numRecords = o["numRecords"]?.int64Value
        minValues = o["minValues"]?.objectValue
        maxValues = o["maxValues"]?.objectValue
        nullCount = o["nullCount"]?.objectValue
    }

    static func lookup(_ object: JSONObject?, _ path: [String]) -> JSONValue? {
        var current: JSONValue? = object.map { .object($0) }
        for p in path { current = current?[p] }
        return current
    }

    /// Facts about the column at physical `path` of logical `type`.
    func facts(_ path: [String], _ type: DataType) -> ColumnFacts {
        let nulls = Self.lookup(nullCount, path)?.int64Value
        var lo = Self.lookup(minValues, path).flatMap { Self.value($0, type, upperBound: false) }
        var hi = Self.lookup(maxValues, path).flatMap { Self.value($0, type, upperBound: true) }
        if case .double(let d)? = lo, d.isNaN { lo = nil }
        if case .double(let d)? = hi, d.isNaN { hi = nil }
        if lo == nil && hi == nil && nulls == nil && numRecords == nil { return .unknown }
        return .range(min: lo, max: hi, nullCount: nulls, rowCount: numRecords)
    }

    /// A statistics value as a typed value. Timestamps are stored at millisecond precision, so
    /// a maximum is widened by 999 µs to stay an upper bound.
    static func value(_ json: JSONValue, _ type: DataType, upperBound: Bool) -> Value? {
        switch (type, json) {
        case (_, .null): return nil
        case (.string, .string(let s)): return .string(s)
        case (.boolean, .bool(let b)): return .boolean(b)
        case (.int8, _), (.int16, _), (.int32, _), (.int64, _): return json.int64Value.map { .int($0) }
        case (.float32, _), (.float64, _):
            if case .string(let s) = json { return Double(s).map { .double($0) } }  // "NaN", "Infinity"
            return json.doubleValue.map { .double($0) }
        case (.decimal(let p, let s), _):
            let text: String
            switch json {
            case .int(let i): text = String(i)
            case .number(let n): text = n
            case .string(let str): text = str
            default: return nil
            }
            return Literals.decimal(text, precision: p, scale: s).map { .decimal($0) }
        case (.date, .string(let s)): return Literals.date(s).map { .date($0) }
        case (.timestamp, .string(let s)), (.timestampNTZ, .string(let s)):
            guard let micros = Literals.timestamp(s, utc: type == .timestamp) ?? Literals.timestamp(s, utc: true) else { return nil }
            let fractionDigits = s.split(separator: ".").dropFirst().first.map { $0.prefix { $0.isNumber }.count } ?? 0
            return .timestamp(upperBound && fractionDigits <= 3 ? micros + 999 : micros)
        default: return nil
        }
    }
}
