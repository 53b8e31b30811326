import Testing
@testable import Parquet

private func readLogicalType(_ bytes: [UInt8]) throws -> LogicalType {
    try withReader(bytes) { r throws in
        let t = try LogicalType(thrift: &r)
        #expect(r.isAtEnd)
        return t
    }
}

@Suite struct LogicalTypeTests {
    static let all: [LogicalType] = [
        .string, .map, .list, .enum, .decimal(scale: 0, precision: 1), .decimal(scale: 38, precision: 76), .date,
        .time(isAdjustedToUTC: true, unit: .millis), .time(isAdjustedToUTC: false, unit: .micros),
        .timestamp(isAdjustedToUTC: true, unit: .nanos), .timestamp(isAdjustedToUTC: false, unit: .millis),
        .integer(bitWidth: 8, isSigned: true), .integer(bitWidth: 64, isSigned: false), .unknown, .json, .bson, .uuid, .float16,
        .unrecognized(fieldID: 16), .unrecognized(fieldID: 300),
    ]

    @Test(arguments: all)
    func roundTrips(type: LogicalType) throws {
        var w = ThriftCompactWriter()
        type.write(to: &w)
        #expect(try readLogicalType(w.bytes) == type)
    }

    @Test func timestampBytesMatchTheSpec() {
        // union { 8: TimestampType { 1: true, 2: TimeUnit { 2: MicroSeconds {} } } }
        var w = ThriftCompactWriter()
        LogicalType.timestamp(isAdjustedToUTC: true, unit: .micros).write(to: &w)
        #expect(w.bytes == [0x8C, 0x11, 0x1C, 0x2C, 0x00, 0x00, 0x00, 0x00])
    }

    @Test func unknownMembersAndUnitsAreUnrecognized() throws {
        // GEOGRAPHY (18) { 1: crs "x", 2: algorithm 1 }
        #expect(try readLogicalType([0x0C, 0x24, 0x18, 0x01, 0x78, 0x15, 0x02, 0x00, 0x00]) == .unrecognized(fieldID: 18))
        // TIMESTAMP with a TimeUnit member 4 that does not exist yet.
        #expect(try readLogicalType([0x8C, 0x11, 0x1C, 0x4C, 0x00, 0x00, 0x00, 0x00]) == .unrecognized(fieldID: 8))
        // STRING with a field added to StringType in some future version.
        #expect(try readLogicalType([0x1C, 0x15, 0x02, 0x00, 0x00]) == .string)
        // Only the first member counts.
        #expect(try readLogicalType([0x1C, 0x00, 0x1C, 0x00, 0x00]) == .string)
    }

    @Test func malformedMembersThrow() {
        // STRING sent as an i32.
        expectCorrupt([0x15, 0x02, 0x00], contains: ["LogicalType.STRING"]) { _ = try LogicalType(thrift: &$0) }
        // DECIMAL without precision.
        expectCorrupt([0x5C, 0x15, 0x04, 0x00, 0x00], contains: ["DecimalType.precision (id 2)"]) { _ = try LogicalType(thrift: &$0) }
        // INTEGER with bitWidth as i32 instead of i8.
        expectCorrupt([0xAC, 0x15, 0x10, 0x11, 0x00, 0x00], contains: ["IntType.bitWidth", "expected i8"]) { _ = try LogicalType(thrift: &$0) }
        // TIME without its unit, and with an empty unit union.
        expectCorrupt([0x7C, 0x11, 0x00, 0x00], contains: ["TimeType.unit (id 2)"]) { _ = try LogicalType(thrift: &$0) }
        expectCorrupt([0x7C, 0x11, 0x1C, 0x00, 0x00, 0x00], contains: ["TimeUnit union has no member"]) { _ = try LogicalType(thrift: &$0) }
    }

    @Test func columnOrderMembers() throws {
        for (bytes, expected) in [([UInt8]([0x1C, 0x00, 0x00]), ColumnOrder.typeDefinedOrder), ([0x3C, 0x00, 0x00], .unrecognized(fieldID: 3))] {
            let order = try withReader(bytes) { try ColumnOrder(thrift: &$0) }
            #expect(order == expected)
            var w = ThriftCompactWriter()
            expected.write(to: &w)
            #expect(w.bytes == bytes)
        }
    }
}
