import Columnar

/// The type lattice of CSV inference (after DuckDB's sniffer): each non-null sample value has a
/// narrowest type, and a column takes the join of its values' types.
///
/// `bigint` joins `double` to `double`, `date` joins `timestamp` to `timestamp`, a column with
/// no non-null value stays ``null`` (read as string), and every other mix is `string`.
enum InferredType: UInt8, Sendable {
    case null, boolean, bigint, double, date, timestamp, string

    /// The narrowest type holding values of both `self` and `other`.
    @inline(__always)
    func joined(with other: InferredType) -> InferredType {
        if self == other || other == .null { return self }
        if self == .null { return other }
        switch (self, other) {
        case (.bigint, .double), (.double, .bigint): return .double
        case (.date, .timestamp), (.timestamp, .date): return .timestamp
        default: return .string
        }
    }

    /// The column type a column of this inferred type is read as.
    var dataType: DataType {
        switch self {
        case .boolean: .boolean
        case .bigint: .int64
        case .double: .float64
        case .date: .date
        case .timestamp: .timestamp
        case .null, .string: .string
        }
    }

    /// The narrowest type of the (non-null) field text `p[0..<n]`; surrounding spaces and tabs
    /// are ignored for the non-string types.
    static func classify(_ p: UnsafePointer<UInt8>, _ n: Int) -> InferredType {
        let (t, m) = FieldParser.trim(p, n)
        guard m > 0 else { return .string }
        let c = t[0]
        if c | 0x20 == 0x74 || c | 0x20 == 0x66 {  // t, f
            if FieldParser.parseBool(t, m) != nil { return .boolean }
        }
        if FieldParser.parseInt64(t, m) != nil { return .bigint }
        if FieldParser.parseDouble(t, m) != nil { return .double }
        if c &- 0x30 <= 9 {
            if FieldParser.parseDate(t, m) != nil { return .date }
            if FieldParser.parseTimestamp(t, m) != nil { return .timestamp }
        }
        return .string
    }

    /// Whether the field text is a value of this (non-null) inferred type.
    static func accepts(_ type: InferredType, _ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        classify(p, n).joined(with: type) == type
    }
}
