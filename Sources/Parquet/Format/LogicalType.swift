/// The logical-type annotation of a schema element (`LogicalType` union in parquet.thrift).
public enum LogicalType: Hashable, Sendable {
    case string
    case map
    case list
    case `enum`
    case decimal(scale: Int32, precision: Int32)
    case date
    case time(isAdjustedToUTC: Bool, unit: TimeUnit)
    case timestamp(isAdjustedToUTC: Bool, unit: TimeUnit)
    case integer(bitWidth: Int8, isSigned: Bool)
    /// The `UNKNOWN` (always-null) type.
    case unknown
    case json
    case bson
    case uuid
    case float16
    /// A union member this codec does not know, by Thrift field id.
    case unrecognized(fieldID: Int16)
}

/// The unit of a TIME or TIMESTAMP logical type.
public enum TimeUnit: Hashable, Sendable {
    case millis
    case micros
    case nanos
}
