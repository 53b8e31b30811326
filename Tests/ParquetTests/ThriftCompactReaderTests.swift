import Testing
@testable import Parquet

/// Runs `body` with a reader over `bytes`.
func withReader<R>(_ bytes: [UInt8], _ body: (inout ThriftCompactReader) throws -> R) throws -> R {
    try bytes.withUnsafeBytes { raw in
        var reader = ThriftCompactReader(raw)
        return try body(&reader)
    }
}

/// Expects `body` to throw a `.corruptMetadata` ParquetError whose message contains every string in `contains`.
func expectCorrupt(_ bytes: [UInt8], contains: [String] = [], _ body: (inout ThriftCompactReader) throws -> Void) {
    do {
        try withReader(bytes, body)
        Issue.record("expected an error for \(bytes.prefix(32))")
    } catch let error as ParquetError {
        #expect(error.code == .corruptMetadata)
        for s in contains { #expect(error.message.contains(s), "\(error.message) lacks \(s)") }
    } catch {
        Issue.record("unexpected error type \(error)")
    }
}

/// Reads every field of a struct into (id, type, value description) triples, skipping nothing.
private func readFlatStruct(_ r: inout ThriftCompactReader) throws -> [(Int16, ThriftType, String)] {
    var out: [(Int16, ThriftType, String)] = []
    try r.readStruct { r, f in
        let v: String
        switch f.type {
        case .bool: v = "\(f.boolValue)"
        case .i8: v = "\(try r.readI8())"
        case .i16: v = "\(try r.readI16())"
        case .i32: v = "\(try r.readI32())"
        case .i64: v = "\(try r.readI64())"
        case .double: v = "\(try r.readDouble())"
        case .binary: v = try r.readString()
        default:
            try r.skip(field: f)
            v = "skipped"
        }
        out.append((f.id, f.type, v))
    }
    return out
}

@Suite struct ThriftCompactReaderTests {
    @Test func shortFormFieldHeadersAndZigZagIntegers() throws {
        // {1: i32 -3, 2: i64 150, 4: i16 -1, 5: i8 -2}
        let bytes: [UInt8] = [0x15, 0x05, 0x16, 0xAC, 0x02, 0x24, 0x01, 0x13, 0xFE, 0x00]
        let fields = try withReader(bytes) { r throws in
            let f = try readFlatStruct(&r)
            #expect(r.isAtEnd)
            return f
        }
        #expect(fields.map(\.0) == [1, 2, 4, 5])
        #expect(fields.map(\.1) == [.i32, .i64, .i16, .i8])
        #expect(fields.map(\.2) == ["-3", "150", "-1", "-2"])
    }

    @Test func longFormFieldHeadersThenDeltasFromTheLongID() throws {
        // {300: i32 1 (long form), 301: i32 2 (short form, delta 1), -1: i32 3 (long form), 14: i32 4 (delta 15)}
        let bytes: [UInt8] = [0x05, 0xD8, 0x04, 0x02, 0x15, 0x04, 0x05, 0x01, 0x06, 0xF5, 0x08, 0x00]
        let fields = try withReader(bytes) { try readFlatStruct(&$0) }
        #expect(fields.map(\.0) == [300, 301, -1, 14])
        #expect(fields.map(\.2) == ["1", "2", "3", "4"])
    }

    @Test func boolFieldsCarryTheValueInTheHeader() throws {
        // {1: true, 2: false, 20: true (long form)}
        let bytes: [UInt8] = [0x11, 0x12, 0x01, 0x28, 0x00]
        let fields = try withReader(bytes) { try readFlatStruct(&$0) }
        #expect(fields.map(\.0) == [1, 2, 20])
        #expect(fields.map(\.1) == [.bool, .bool, .bool])
        #expect(fields.map(\.2) == ["true", "false", "true"])
    }

    @Test(arguments: [UInt8(1), 2]) func boolListElementsTakeOneByte(elementCode: UInt8) throws {
        let bytes: [UInt8] = [0x30 | elementCode, 0x01, 0x00, 0x01, 0x02]
        try withReader(bytes) { r throws in
            let h = try r.readListHeader()
            #expect(h.elementType == .bool && h.count == 3)
            #expect(try [r.readBoolElement(), r.readBoolElement(), r.readBoolElement()] == [true, false, true])
            #expect(try r.readBoolElement() == false)  // 2 is also false (some writers)
            #expect(r.isAtEnd)
        }
        expectCorrupt([0x11, 0x07], contains: ["bool element", "offset 1"]) { r in
            _ = try r.readListHeader()
            _ = try r.readBoolElement()
        }
    }

    @Test func extremeIntegers() throws {
        let bytes: [UInt8] = [
            0xFF, 0xFF, 0xFF, 0xFF, 0x0F,  // i32 min (zigzag 0xFFFFFFFF)
            0xFE, 0xFF, 0xFF, 0xFF, 0x0F,  // i32 max
            0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01,  // i64 min
            0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01,  // i64 max
            0xFF, 0xFF, 0x03,  // i16 min
            0x80,  // i8 -128
        ]
        try withReader(bytes) { r throws in
            #expect(try r.readI32() == .min)
            #expect(try r.readI32() == .max)
            #expect(try r.readI64() == .min)
            #expect(try r.readI64() == .max)
            #expect(try r.readI16() == .min)
            #expect(try r.readI8() == -128)
            #expect(r.isAtEnd)
        }
    }

    @Test func doubleBinaryAndStrings() throws {
        var bytes: [UInt8] = []
        withUnsafeBytes(of: (-1.5).bitPattern.littleEndian) { bytes += $0 }
        bytes += [0x03, 0x61, 0x62, 0x63, 0x00, 0x02, 0xFF, 0xFE]
        try withReader(bytes) { r throws in
            #expect(try r.readDouble() == -1.5)
            #expect(try r.readString() == "abc")
            #expect(try r.readBinary() == [])
            // Invalid UTF-8 is decoded leniently.
            #expect(try r.readString() == "\u{FFFD}\u{FFFD}")
            #expect(r.isAtEnd)
        }
    }

    @Test func longFormListAndMapHeaders() throws {
        var bytes: [UInt8] = [0xF5, 20]
        for i in 0 ..< 20 { bytes.append(UInt8(i * 2)) }  // zigzag of 0...19
        bytes += [0x00]  // empty map
        bytes += [0x02, 0x85, 0x01, 0x61, 0x02, 0x01, 0x62, 0x04]  // map<binary, i32> {a: 1, b: 2}
        try withReader(bytes) { r throws in
            let h = try r.readListHeader()
            #expect(h.elementType == .i32 && h.count == 20)
            var values: [Int32] = []
            for _ in 0 ..< h.count { values.append(try r.readI32()) }
            #expect(values == Array(0 ..< 20))
            #expect(try r.readMapHeader().count == 0)
            let m = try r.readMapHeader()
            #expect(m.count == 2 && m.keyType == .binary && m.valueType == .i32)
            #expect(try r.readString() == "a")
            #expect(try r.readI32() == 1)
            #expect(try r.readString() == "b")
            #expect(try r.readI32() == 2)
            #expect(r.isAtEnd)
        }
    }

    /// A struct with an unknown field 5 holding every kind of nested value, then known field 6.
    static let nestedUnknown: [UInt8] = [
        0x15, 0x02,  // 1: i32 1
        0x4C,  // 5: struct
        /**/ 0x19, 0x1C,  // 1: list<struct> of 1
        /*    */ 0x1B, 0x01, 0x89,  // struct { 1: map<binary, list> size 1
        /*    */ 0x01, 0x6B,  //   key "k"
        /*    */ 0x25, 0x02, 0x04,  //   value list<i32> [1, 2]
        /*    */ 0x00,  // } (end of struct in list)
        /**/ 0x17, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F,  // 2: double 1.0
        /**/ 0x1A, 0x26, 0x02, 0x04,  // 3: set<i64> [1, 2]
        /**/ 0x11,  // 4: bool true
        /**/ 0x13, 0x07,  // 5: i8
        /**/ 0x0D, 0x0C, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,  // 6: uuid (long form)
        /**/ 0x1B, 0x00,  // 7: empty map
        /**/ 0x00,  // end of field 5
        0x15, 0x0E,  // 6: i32 7 (delta from 5, the outer last id)
        0x00,
    ]

    @Test func skipsNestedUnknownValuesAndRestoresTheOuterFieldID() throws {
        let fields = try withReader(Self.nestedUnknown) { r throws in
            let f = try readFlatStruct(&r)
            #expect(r.isAtEnd)
            return f
        }
        #expect(fields.map(\.0) == [1, 5, 6])
        #expect(fields.map(\.2) == ["1", "skipped", "7"])
    }

    @Test func skipHandlesEveryTypeAsACollectionElement() throws {
        // list<double>, list<uuid>, list<list<i8>>, list<map>, set<binary>
        var bytes: [UInt8] = [0x27] + [UInt8](repeating: 0, count: 16)
        bytes += [0x1D] + [UInt8](repeating: 7, count: 16)
        bytes += [0x29, 0x13, 0x05, 0x03]
        bytes += [0x1B, 0x01, 0x33, 0x01, 0x02]
        bytes += [0x28, 0x01, 0x61, 0x00]
        try withReader(bytes) { r throws in
            for _ in 0 ..< 5 { try r.skip(.list) }
            #expect(r.isAtEnd)
        }
    }

    // MARK: Malformed input: every case throws, none traps.

    @Test func truncatedVarint() {
        expectCorrupt([0x80, 0x80], contains: ["truncated varint", "offset 0"]) { _ = try $0.readI64() }
        expectCorrupt([0x15, 0x81], contains: ["truncated varint", "offset 1"]) { try $0.skip(.struct) }
        expectCorrupt([]) { _ = try $0.readI32() }
    }

    @Test func overlongVarint() {
        expectCorrupt([UInt8](repeating: 0x80, count: 10) + [0x00], contains: ["longer than 10 bytes"]) { _ = try $0.readVarint() }
        expectCorrupt([UInt8](repeating: 0xFF, count: 9) + [0x02], contains: ["overflows"]) { _ = try $0.readVarint() }
        // A 64-bit value where an i32 belongs.
        expectCorrupt([0x80, 0x80, 0x80, 0x80, 0x20], contains: ["i32 value", "out of range"]) { _ = try $0.readI32() }
        expectCorrupt([0x80, 0x80, 0x04], contains: ["i16 value"]) { _ = try $0.readI16() }
    }

    @Test func hugeCollectionSizes() {
        expectCorrupt([0xF5, 0xFF, 0xFF, 0xFF, 0xFF, 0x07], contains: ["list of 2147483647"]) { _ = try $0.readListHeader() }
        expectCorrupt([0xF5, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F], contains: ["list size"]) { _ = try $0.readListHeader() }
        expectCorrupt([0xFC, 0xE8, 0x07, 0x00, 0x00], contains: ["list of 1000"]) { _ = try $0.readListHeader() }
        // Two doubles need 16 bytes, not 9.
        expectCorrupt([0x27] + [UInt8](repeating: 0, count: 9)) { _ = try $0.readListHeader() }
        expectCorrupt([0xE8, 0x07, 0x55, 0x00], contains: ["map of 1000"]) { _ = try $0.readMapHeader() }
        expectCorrupt([0x0A, 0x61], contains: ["binary length 10"]) { _ = try $0.readBinary() }
        expectCorrupt([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], contains: ["binary length"]) {
            _ = try $0.readString()
        }
        // Through typed list reading with a large struct element type.
        let list: [UInt8] = [0x19, 0xFC, 0xFF, 0xFF, 0x3F, 0x00, 0x00]
        expectCorrupt(list, contains: ["list of"]) { r in
            try r.readStruct { r, f in
                _ = try r.readList(f, "Test.list", of: .struct) { try SortingColumn(thrift: &$0) }
            }
        }
    }

    @Test func deepNestingIsRefused() {
        // Field 1 of type struct, 200 times: struct { 1: struct { 1: struct { ...
        expectCorrupt([UInt8](repeating: 0x1C, count: 200) + [0x00], contains: ["nesting deeper than 64"]) {
            try $0.skip(.struct)
        }
        // A list of lists of lists ...
        expectCorrupt([UInt8](repeating: 0x19, count: 200) + [0x00]) { try $0.skip(.list) }
        // Maps of maps.
        expectCorrupt(Array([[UInt8]](repeating: [0x01, 0x3B, 0x00], count: 200).joined()) + [0x00]) { try $0.skip(.map) }
        // A known struct field (logical type) nested past the limit through unknown fields.
        let deepInSchema: [UInt8] = [0xAC] + [UInt8](repeating: 0x1C, count: 200)
        expectCorrupt(deepInSchema) { _ = try SchemaElement(thrift: &$0) }
        // 63 levels is fine.
        let ok = [UInt8](repeating: 0x1C, count: 63) + [UInt8](repeating: 0x00, count: 64)
        #expect(throws: Never.self) { try withReader(ok) { try $0.skip(.struct) } }
    }

    @Test func unknownTypeCodes() {
        expectCorrupt([0x1E], contains: ["unknown field type 14", "offset 0"]) { try $0.skip(.struct) }
        expectCorrupt([0x15, 0x00, 0x1F], contains: ["unknown field type 15", "offset 2"]) { try $0.skip(.struct) }
        expectCorrupt([0x10], contains: ["unknown element type 0"]) { _ = try $0.readListHeader() }
        expectCorrupt([0x01, 0xE5], contains: ["unknown element type"]) { _ = try $0.readMapHeader() }
    }

    @Test func fieldIDOverflow() {
        // Long-form id 32767, then a short-form delta.
        expectCorrupt([0x05, 0xFE, 0xFF, 0x03, 0x00, 0x15, 0x00, 0x00], contains: ["field id 32768"]) {
            try $0.skip(.struct)
        }
    }

    @Test func truncatedStructs() {
        expectCorrupt([0x15, 0x02], contains: ["byte"]) { try $0.skip(.struct) }
        expectCorrupt([0x17, 0, 0, 0], contains: ["double"]) { try $0.skip(.struct) }
        expectCorrupt([0x1D, 0, 0, 0], contains: ["uuid"]) { try $0.skip(.struct) }
        // Every prefix of a valid nested struct throws.
        for n in 0 ..< Self.nestedUnknown.count {
            expectCorrupt(Array(Self.nestedUnknown.prefix(n))) { try $0.skip(.struct) }
        }
    }

    @Test func typedReadsCheckTheWireTypeAndRequiredFields() {
        // KeyValue.key (1) sent as i32.
        expectCorrupt([0x15, 0x02, 0x00], contains: ["KeyValue.key", "expected binary", "offset 0"]) {
            _ = try KeyValue(thrift: &$0)
        }
        // KeyValue without its key.
        expectCorrupt([0x28, 0x01, 0x61, 0x00], contains: ["required field KeyValue.key (id 1) is missing", "offset 4"]) {
            _ = try KeyValue(thrift: &$0)
        }
        // A list of i32 where a list of strings belongs.
        expectCorrupt([0x39, 0x15, 0x02, 0x00], contains: ["ColumnMetaData.path_in_schema", "expected binary"]) {
            _ = try ColumnMetaData(thrift: &$0)
        }
        // An empty union.
        expectCorrupt([0x00], contains: ["LogicalType union has no member"]) { _ = try LogicalType(thrift: &$0) }
        expectCorrupt([0x00], contains: ["ColumnOrder union has no member"]) { _ = try ColumnOrder(thrift: &$0) }
    }
}
