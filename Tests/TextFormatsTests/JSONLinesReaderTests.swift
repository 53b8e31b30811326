import Columnar
import Foundation
import Testing
import TextFormats

/// Reads JSON-lines text to the end.
func readJSONL(_ text: String, _ options: JSONLinesOptions = JSONLinesOptions()) throws -> ReadResult {
    var reader = try JSONLinesReader(bytes: Array(text.utf8), name: "test.jsonl", options: options)
    return try drain(schema: reader.schema) { try reader.next() }
}

@Suite struct JSONLinesReaderTests {
    @Test func infersScalarsInFirstSeenKeyOrder() throws {
        let r = try readJSONL("""
            {"id":1,"name":"ann","score":1.5,"ok":true}
            {"id":2,"extra":null,"score":2,"name":"bob"}
            {"ok":false,"id":-3,"score":1e2}

            """)
        #expect(r.schema == Schema([
            Field("id", .int64), Field("name", .string), Field("score", .float64), Field("ok", .boolean), Field("extra", .string),
        ]))
        #expect(r.rows == [
            [.int(1), .string("ann"), .double(1.5), .boolean(true), .null],
            [.int(2), .string("bob"), .double(2), .null, .null],
            [.int(-3), .null, .double(100), .boolean(false), .null],
        ])
    }

    @Test func conflictingTypesBecomeStringsHoldingJSONText() throws {
        let r = try readJSONL("""
            {"v":1}
            {"v":"two"}
            {"v":[3,{"x":null}]}
            {"v":true}
            {"v":null}
            {"v":1.50}
            """)
        #expect(r.schema.fields[0].type == .string)
        #expect(r.column("v") == [.string("1"), .string("two"), .string(#"[3,{"x":null}]"#), .string("true"), .null, .string("1.50")])
    }

    @Test func integersBeyondInt64AndNegativeZero() throws {
        let big = try readJSONL("{\"n\":1}\n{\"n\":18446744073709551616}\n")
        #expect(big.schema.fields[0].type == .float64)
        #expect(big.column("n") == [.double(1), .double(18446744073709551616)])
        let zero = try readJSONL("{\"n\":-0}\n{\"n\":5}\n")
        #expect(zero.schema.fields[0].type == .int64)
        #expect(zero.column("n") == [.int(0), .int(5)])
    }

    @Test func nestedObjectsAndArrays() throws {
        let r = try readJSONL("""
            {"user":{"name":"ann","tags":["a","b"]},"points":[1,2.5],"m":[[1],[]]}
            {"user":{"age":30},"points":[],"m":null}
            {"user":null,"points":[null,3]}
            {"points":null,"user":{"tags":null,"name":null}}
            {"user":{"tags":[null]}}
            """)
        let user = DataType.struct([
            Field("name", .string), Field("tags", .list(Field("element", .string))), Field("age", .int64),
        ])
        #expect(r.schema == Schema([
            Field("user", user), Field("points", .list(Field("element", .float64))),
            Field("m", .list(Field("element", .list(Field("element", .int64))))),
        ]))
        #expect(r.column("user") == [
            .struct([.string("ann"), .list([.string("a"), .string("b")]), .null]),
            .struct([.null, .null, .int(30)]),
            .null,
            .struct([.null, .null, .null]),
            .struct([.null, .list([.null]), .null]),
        ])
        #expect(r.column("points") == [.list([.double(1), .double(2.5)]), .list([]), .list([.null, .double(3)]), .null, .null])
        #expect(r.column("m") == [.list([.list([.int(1)]), .list([])]), .null, .null, .null, .null])
    }

    @Test func nullOnlyEmptyArraysAndEmptyObjectsReadAsStrings() throws {
        let r = try readJSONL("{\"n\":null,\"a\":[],\"o\":{}}\n{\"n\":null,\"a\":[null],\"o\":{}}\n")
        #expect(r.schema == Schema([Field("n", .string), Field("a", .list(Field("element", .string))), Field("o", .string)]))
        #expect(r.rows == [[.null, .list([]), .string("{}")], [.null, .list([.null]), .string("{}")]])
    }

    @Test func conflictsInsideStructsAndLists() throws {
        let r = try readJSONL("{\"s\":{\"a\":1},\"l\":[1,\"x\"]}\n{\"s\":{\"a\":\"y\"},\"l\":[{\"k\":1}]}\n")
        #expect(r.schema == Schema([Field("s", .struct([Field("a", .string)])), Field("l", .list(Field("element", .string)))]))
        #expect(r.column("s") == [.struct([.string("1")]), .struct([.string("y")])])
        #expect(r.column("l") == [.list([.string("1"), .string("x")]), .list([.string(#"{"k":1}"#)])])
    }

    @Test func blankLinesCRLFAndNoFinalNewline() throws {
        let r = try readJSONL("\n{\"a\":1}\r\n  \r\n\t{\"a\":2} \r\n{\"a\":3}")
        #expect(r.column("a") == [.int(1), .int(2), .int(3)])
        #expect(try readJSONL("").schema.fields.isEmpty)
        #expect(try readJSONL("\n\n").rows.isEmpty)
    }

    @Test func duplicateKeysTakeTheLastValue() throws {
        #expect(try readJSONL("{\"a\":1,\"a\":2}\n").rows == [[.int(2)]])
    }

    @Test func hintsParseDatesTimestampsAndDecimals() throws {
        let options = JSONLinesOptions(schemaHints: [
            "d": .date, "t": .timestamp, "n": .timestampNTZ, "x": .decimal(precision: 5, scale: 2), "i": .int16,
        ])
        let r = try readJSONL("""
            {"d":"2024-02-29","t":"2024-01-01T10:00:00+01:00","n":"2024-01-01 10:00","x":1.005,"i":7}
            {"d":null,"t":"2024-01-01","x":"3.14159","i":-8}
            {"x":12}
            """, options)
        #expect(r.schema.fields.map(\.type) == [.date, .timestamp, .timestampNTZ, .decimal(precision: 5, scale: 2), .int16])
        #expect(r.rows == [
            [.date(days(2024, 2, 29)), .timestamp(micros(2024, 1, 1, 9)), .timestamp(micros(2024, 1, 1, 10)), .decimal(101), .int(7)],
            [.null, .timestamp(micros(2024, 1, 1)), .null, .decimal(314), .int(-8)],
            [.null, .null, .null, .decimal(1200), .null],
        ])
    }

    @Test func explicitSchemaWithMapsAndUnexpectedKeys() throws {
        let schema = Schema([
            Field("ID", .int32),
            Field("attrs", .map(key: Field("key", .string, nullable: false), value: Field("value", .float64))),
            Field("s", .struct([Field("a", .uint8)])),
        ])
        var reader = try JSONLinesReader(bytes: Array("""
            {"id":1,"attrs":{"w":1,"h":2.5},"s":{"a":255,"b":1},"new":true}
            {"id":2,"attrs":{},"s":{"a":0},"more":[1]}
            """.utf8), options: JSONLinesOptions(schema: schema))
        #expect(reader.schema == schema)
        let r = try drain(schema: reader.schema) { try reader.next() }
        #expect(r.rows == [
            [.int(1), .map(keys: [.string("w"), .string("h")], values: [.double(1), .double(2.5)]), .struct([.uint(255)])],
            [.int(2), .map(keys: [], values: []), .struct([.uint(0)])],
        ])
        #expect(reader.unexpectedColumns == ["s.b", "new", "more"])
    }

    @Test func rescueColumnKeepsMismatchesAndUnknownKeys() throws {
        let schema = Schema([
            Field("a", .int64), Field("s", .struct([Field("x", .boolean)])), Field("l", .list(Field("element", .int64))),
        ])
        let options = JSONLinesOptions(schema: schema, rescuedDataColumn: "_rescued_data")
        let r = try readJSONL("""
            {"a":1,"s":{"x":true},"l":[1,2]}
            {"a":"one","s":{"x":1,"y":[null]},"l":[1,"two",3],"z":{"k":"v"}}
            {"a":2.5,"s":"flat","l":{"not":"a list"},"n":null}
            """, options)
        #expect(r.schema.fields.last == Field("_rescued_data", .string))
        #expect(r.rows == [
            [.int(1), .struct([.boolean(true)]), .list([.int(1), .int(2)]), .null],
            [.null, .struct([.null]), .list([.int(1), .null, .int(3)]),
             .string(#"{"a":"one","s.x":1,"s.y":[null],"l[1]":"two","z":{"k":"v"}}"#)],
            [.null, .null, .null, .string(#"{"a":2.5,"s":"flat","l":{"not":"a list"}}"#)],
        ])
    }

    @Test func rescueColumnWithInferenceCatchesRowsAfterTheSample() throws {
        let r = try readJSONL("{\"a\":1}\n{\"a\":\"x\",\"b\":2}\n", JSONLinesOptions(inferenceRows: 1, rescuedDataColumn: "_r"))
        #expect(r.schema == Schema([Field("a", .int64), Field("_r", .string)]))
        #expect(r.rows == [[.int(1), .null], [.null, .string(#"{"a":"x","b":2}"#)]])
    }

    @Test func typeMismatchNamesLinePathAndValue() throws {
        var reader = try JSONLinesReader(
            bytes: Array("{\"s\":{\"l\":[1]}}\n\n{\"s\":{\"l\":[2,\"x\"]}}\n".utf8), name: "e.jsonl",
            options: JSONLinesOptions(inferenceRows: 1)
        )
        let e = #expect(throws: TextFormatError.self) { try reader.next() }
        #expect(e?.description == #"typeMismatch error in 'e.jsonl' line 3, column 's.l[1]': "x" is not a valid bigint"#)
    }

    @Test func malformedLinesNameTheirLine() {
        let bad = #expect(throws: TextFormatError.self) { try readJSONL("{\"a\":1}\n{\"a\":2,}\n", JSONLinesOptions(inferenceRows: 1)) }
        #expect(bad?.code == .malformed && bad?.line == 2 && bad?.file == "test.jsonl")
        let inSample = #expect(throws: TextFormatError.self) { try readJSONL("\n{\"a\":1}\n{\"a\":\n") }
        #expect(inSample?.code == .malformed && inSample?.line == 3)
        let notObject = #expect(throws: TextFormatError.self) { try readJSONL("{\"a\":1}\n[1]\n", JSONLinesOptions(inferenceRows: 1)) }
        #expect(notObject?.code == .malformed && notObject?.line == 2 && notObject?.message.contains("array") == true)
        let invalidUTF8 = #expect(throws: TextFormatError.self) {
            var reader = try JSONLinesReader(bytes: Array("{\"a\":\"".utf8) + [0xFF] + Array("\"}\n".utf8))
            _ = try reader.next()
        }
        #expect(invalidUTF8?.code == .malformed)
    }

    @Test func badOptionsAreRejected() {
        #expect(throws: TextFormatError.self) { try JSONLinesReader(bytes: [], options: JSONLinesOptions(batchRows: 0)) }
        #expect(throws: TextFormatError.self) {
            try JSONLinesReader(bytes: [], options: JSONLinesOptions(schema: Schema([Field("m", .map(key: Field("k", .int64), value: Field("v", .int64)))])))
        }
        #expect(throws: TextFormatError.self) { try readJSONL("{\"_r\":1}\n", JSONLinesOptions(rescuedDataColumn: "_r")) }
    }

    static let longLines: String = (0..<50).map { i in
        #"{"i":\#(i),"s":"\#(String(repeating: "é", count: i % 7))","l":[\#((0..<(i % 4)).map { String($0) }.joined(separator: ","))],"o":{"x":\#(Double(i) / 4)}}"#
    }.joined(separator: i50Separator)

    @Test(arguments: [1, 2, 5, 13, 64])
    func linesStraddlingBlocksReadTheSame(blockSize: Int) throws {
        let whole = try readJSONL(JSONLinesReaderTests.longLines)
        let small = try readJSONL(JSONLinesReaderTests.longLines, JSONLinesOptions(inferenceRows: 5, batchRows: 7, blockSize: blockSize))
        #expect(whole.rows.count == 50)
        #expect(small.schema == whole.schema)
        #expect(small.rows == whole.rows)
        #expect(small.batchSizes.allSatisfy { $0 <= 7 })
    }

    @Test func readsFromAFile() throws {
        let path = "/tmp/textformats-jsonl-\(UInt32.random(in: 0...UInt32.max)).jsonl"
        try JSONLinesReaderTests.longLines.write(toFile: path, atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var reader = try JSONLinesReader(path: path, options: JSONLinesOptions(blockSize: 100))
        let r = try drain(schema: reader.schema) { try reader.next() }
        #expect(r.rows == (try readJSONL(JSONLinesReaderTests.longLines)).rows)
    }
}

/// Line separator for the block tests: CRLF, with blank lines.
let i50Separator = "\r\n\n"
