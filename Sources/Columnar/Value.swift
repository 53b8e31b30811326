/// One scalar value, boxed: for literals, tests and cold paths — never for hot loops.
public indirect enum Value: Hashable, Sendable {
    case null
    case boolean(Bool)
    /// Any signed integer type.
    case int(Int64)
    /// Any unsigned integer type.
    case uint(UInt64)
    case float(Float)
    case double(Double)
    /// An unscaled decimal; the scale comes from the column type.
    case decimal(Int128)
    case string(String)
    case binary([UInt8])
    /// Days since 1970-01-01.
    case date(Int32)
    /// Microseconds since the epoch (UTC for `timestamp`, wall clock for `timestampNTZ`).
    case timestamp(Int64)
    case `struct`([Value])
    case list([Value])
    /// Parallel arrays of keys and values.
    case map(keys: [Value], values: [Value])

    /// True for ``null``.
    public var isNull: Bool { if case .null = self { true } else { false } }
}
