/// Column-chunk or page statistics, with min and max as PLAIN-encoded bytes.
public struct Statistics: Hashable, Sendable {
    /// Deprecated max (signed order only).
    public var max: [UInt8]?
    /// Deprecated min (signed order only).
    public var min: [UInt8]?
    /// Number of nulls.
    public var nullCount: Int64?
    /// Number of distinct values.
    public var distinctCount: Int64?
    /// Max under the column order.
    public var maxValue: [UInt8]?
    /// Min under the column order.
    public var minValue: [UInt8]?
    /// Whether `maxValue` is the actual max (not truncated).
    public var isMaxValueExact: Bool?
    /// Whether `minValue` is the actual min (not truncated).
    public var isMinValueExact: Bool?

    /// Creates statistics.
    public init(
        max: [UInt8]? = nil, min: [UInt8]? = nil, nullCount: Int64? = nil, distinctCount: Int64? = nil,
        maxValue: [UInt8]? = nil, minValue: [UInt8]? = nil, isMaxValueExact: Bool? = nil, isMinValueExact: Bool? = nil
    ) {
        self.max = max
        self.min = min
        self.nullCount = nullCount
        self.distinctCount = distinctCount
        self.maxValue = maxValue
        self.minValue = minValue
        self.isMaxValueExact = isMaxValueExact
        self.isMinValueExact = isMinValueExact
    }
}
