import Foundation
import Testing
@testable import Columnar

/// A batch built from boxed rows (test helper).
func makeBatch(_ fields: [Field], _ rows: [[Value]]) -> RecordBatch {
    let columns = fields.indices.map { k in Column(fields[k].type, rows.map { $0[k] }) }
    return RecordBatch(schema: Schema(fields), columns: columns, count: rows.count)
}

/// Parses one JSON text (object or array) with Foundation.
func parseJSON(_ text: String) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
}

@Suite struct RowWriterTests {
    static let maxP38 = Int128(10).power(38) - 1

    static let scalarFields: [Field] = [
        Field("b", .boolean), Field("i8", .int8), Field("i16", .int16), Field("i32", .int32), Field("i64", .int64),
        Field("u8", .uint8), Field("u16", .uint16), Field("u32", .uint32), Field("u64", .uint64),
        Field("f32", .float32), Field("f64", .float64),
        Field("d", .decimal(precision: 10, scale: 2)), Field("d38", .decimal(precision: 38, scale: 0)),
        Field("s", .string), Field("bin", .binary), Field("fsb", .fixedSizeBinary(2)),
        Field("date", .date), Field("ts", .timestamp), Field("ntz", .timestampNTZ),
    ]

    static let scalarRows: [[Value]] = [
        [.boolean(true), .int(-128), .int(-32768), .int(Int64(Int32.min)), .int(.min),
         .uint(255), .uint(65535), .uint(UInt64(UInt32.max)), .uint(.max),
         .float(0.1), .double(-0.0), .decimal(1230), .decimal(maxP38),
         .string("hé\"\n"), .binary([0, 255, 1]), .binary([0x61, 0x62]),
         .date(19723), .timestamp(-1), .timestamp(1_700_000_000_123_456)],
        [.boolean(false), .int(127), .int(32767), .int(Int64(Int32.max)), .int(.max),
         .uint(0), .uint(0), .uint(0), .uint(0),
         .float(.nan), .double(.infinity), .decimal(-5), .decimal(-maxP38),
         .string(""), .binary([]), .binary([0xFB, 0xFF]),
         .date(-719529), .timestamp(-62_135_596_800_000_001), .timestamp(-1)],
        Array(repeating: .null, count: 19),
        [.null, .null, .null, .null, .null, .null, .null, .null, .null,
         .float(-.infinity), .double(1e16), .decimal(0), .decimal(0),
         .null, .null, .null, .date(2932897), .null, .null],
    ]

    static let scalarJSONL = """
        {"b":true,"i8":-128,"i16":-32768,"i32":-2147483648,"i64":-9223372036854775808,"u8":255,"u16":65535,"u32":4294967295,"u64":18446744073709551615,"f32":0.1,"f64":-0.0,"d":"12.30","d38":"99999999999999999999999999999999999999","s":"hé\\"\\n","bin":"AP8B","fsb":"YWI=","date":"2024-01-01","ts":"1969-12-31T23:59:59.999999Z","ntz":"2023-11-14T22:13:20.123456"}
        {"b":false,"i8":127,"i16":32767,"i32":2147483647,"i64":9223372036854775807,"u8":0,"u16":0,"u32":0,"u64":0,"f32":"NaN","f64":"Infinity","d":"-0.05","d38":"-99999999999999999999999999999999999999","s":"","bin":"","fsb":"+/8=","date":"-0001-12-31","ts":"0000-12-31T23:59:59.999999Z","ntz":"1969-12-31T23:59:59.999999"}
        {"b":null,"i8":null,"i16":null,"i32":null,"i64":null,"u8":null,"u16":null,"u32":null,"u64":null,"f32":null,"f64":null,"d":null,"d38":null,"s":null,"bin":null,"fsb":null,"date":null,"ts":null,"ntz":null}
        {"b":null,"i8":null,"i16":null,"i32":null,"i64":null,"u8":null,"u16":null,"u32":null,"u64":null,"f32":"-Infinity","f64":1e+16,"d":"0.00","d38":"0","s":null,"bin":null,"fsb":null,"date":"10000-01-01","ts":null,"ntz":null}

        """

    @Test func jsonlScalars() throws {
        let batch = makeBatch(Self.scalarFields, Self.scalarRows)
        let text = RowWriter.string([batch], format: .jsonl, schema: batch.schema)
        #expect(text == Self.scalarJSONL)
        for line in text.split(separator: "\n") {
            let object = try parseJSON(String(line)) as? [String: Any]
            #expect(object?.count == Self.scalarFields.count)
        }
    }

    static let nestedFields: [Field] = [
        Field("id", .int32, nullable: false),
        Field("rec", .struct([
            Field("name", .string),
            Field("tags", .list(Field("element", .string))),
            Field("attrs", .map(key: Field("key", .string, nullable: false), value: Field("value", .int64))),
        ])),
        Field("grid", .list(Field("element", .list(Field("element", .int32))))),
        Field("byDay", .map(key: Field("key", .date, nullable: false), value: Field("value", .decimal(precision: 5, scale: 2)))),
        Field("byNum", .map(key: Field("key", .int64, nullable: false), value: Field("value", .struct([Field("x", .float64)])))),
        Field("empty", .struct([])),
    ]

    static let nestedRows: [[Value]] = [
        [.int(1),
         .struct([.string("a"), .list([.string("x"), .null, .string("")]), .map(keys: [.string("k\"1"), .string("k2")], values: [.int(3), .null])]),
         .list([.list([.int(1), .int(2)]), .list([]), .null, .list([.null])]),
         .map(keys: [.date(19723), .date(-1)], values: [.decimal(-5), .null]),
         .map(keys: [.int(-7), .int(8)], values: [.struct([.double(.nan)]), .null]),
         .struct([])],
        [.int(2), .null, .null, .null, .null, .null],
        [.int(3),
         .struct([.null, .null, .null]),
         .list([]),
         .map(keys: [], values: []),
         .map(keys: [.int(0)], values: [.struct([.null])]),
         .struct([])],
        [.int(4),
         .struct([.string("b"), .list([]), .map(keys: [], values: [])]),
         .list([.null]),
         .null,
         .null,
         .null],
    ]

    static let nestedJSONL = """
        {"id":1,"rec":{"name":"a","tags":["x",null,""],"attrs":{"k\\"1":3,"k2":null}},"grid":[[1,2],[],null,[null]],"byDay":{"2024-01-01":"-0.05","1969-12-31":null},"byNum":{"-7":{"x":"NaN"},"8":null},"empty":{}}
        {"id":2,"rec":null,"grid":null,"byDay":null,"byNum":null,"empty":null}
        {"id":3,"rec":{"name":null,"tags":null,"attrs":null},"grid":[],"byDay":{},"byNum":{"0":{"x":null}},"empty":{}}
        {"id":4,"rec":{"name":"b","tags":[],"attrs":{}},"grid":[null],"byDay":null,"byNum":null,"empty":null}

        """

    @Test func jsonlNested() throws {
        let batch = makeBatch(Self.nestedFields, Self.nestedRows)
        let text = RowWriter.string([batch], format: .jsonl, schema: batch.schema)
        #expect(text == Self.nestedJSONL)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 4)
        for line in lines {
            #expect(try parseJSON(String(line)) is [String: Any])
        }
        let first = try parseJSON(String(lines[0])) as? [String: Any]
        let rec = first?["rec"] as? [String: Any]
        #expect(rec?["tags"] as? [Any?] != nil)
        #expect((rec?["attrs"] as? [String: Any])?["k\"1"] as? Int == 3)
    }

    @Test func mapKeysOfEveryScalarType() throws {
        let keyTypes: [(DataType, Value, String)] = [
            (.boolean, .boolean(true), "true"),
            (.uint64, .uint(.max), "18446744073709551615"),
            (.float32, .float(1.5), "1.5"),
            (.float64, .double(.nan), "NaN"),
            (.decimal(precision: 30, scale: 3), .decimal(-1), "-0.001"),
            (.string, .string("tab\there"), "tab\\there"),
            (.binary, .binary([1, 2, 3]), "AQID"),
            (.timestamp, .timestamp(0), "1970-01-01T00:00:00.000000Z"),
            (.timestampNTZ, .timestamp(0), "1970-01-01T00:00:00.000000"),
            (.list(Field("element", .int8)), .list([.int(1), .int(2)]), "[1,2]"),
            (.struct([Field("a", .string)]), .struct([.string("q")]), "{\\\"a\\\":\\\"q\\\"}"),
        ]
        for (type, key, expected) in keyTypes {
            let field = Field("m", .map(key: Field("key", type, nullable: false), value: Field("value", .boolean)))
            let batch = makeBatch([field], [[.map(keys: [key], values: [.boolean(false)])]])
            let text = RowWriter.string([batch], format: .jsonl, schema: batch.schema)
            #expect(text == "{\"m\":{\"\(expected)\":false}}\n", "key type \(type)")
            #expect(try parseJSON(text) is [String: Any], "key type \(type)")
        }
    }

    @Test func invalidUTF8IsReplaced() throws {
        let bytes: [UInt8] = [0x61, 0xFF, 0x62, 0x22, 0xE2, 0x82]
        let column = Column(
            type: .string, count: 1, validity: nil, values: Buffer(bytes), offsets: Buffer(values: [Int32(0), Int32(bytes.count)]))
        let schema = Schema([Field("s", .string)])
        let batch = RecordBatch(schema: schema, columns: [column])
        #expect(RowWriter.string([batch], format: .jsonl, schema: schema) == "{\"s\":\"a\u{FFFD}b\\\"\u{FFFD}\"}\n")
        #expect(RowWriter.string([batch], format: .csv, schema: schema) == "s\n\"a\u{FFFD}b\"\"\u{FFFD}\"\n")
    }

    @Test func jsonArray() throws {
        let fields = [Field("id", .int64), Field("name", .string)]
        let a = makeBatch(fields, [[.int(1), .string("x")], [.int(2), .null]])
        let b = makeBatch(fields, [[.int(3), .string("z")]])
        let empty = makeBatch(fields, [])
        let text = RowWriter.string([a, empty, b], format: .json, schema: a.schema)
        #expect(text == "[\n{\"id\":1,\"name\":\"x\"},\n{\"id\":2,\"name\":null},\n{\"id\":3,\"name\":\"z\"}\n]\n")
        #expect((try parseJSON(text) as? [Any])?.count == 3)
        #expect(RowWriter.string([], format: .json, schema: a.schema) == "[]\n")
        #expect(RowWriter.string([empty], format: .jsonl, schema: a.schema) == "")
        let big = makeBatch(Self.nestedFields, Self.nestedRows)
        #expect((try parseJSON(RowWriter.string([big, big], format: .json, schema: big.schema)) as? [Any])?.count == 8)
    }

    @Test func noColumns() {
        let schema = Schema([])
        let batch = RecordBatch(schema: schema, columns: [], count: 2)
        #expect(RowWriter.string([batch], format: .jsonl, schema: schema) == "{}\n{}\n")
        #expect(RowWriter.string([batch], format: .csv, schema: schema) == "\n\n\n")
        #expect(RowWriter.string([batch], format: .table, schema: schema) == "2 rows\n")
    }

    @Test func csv() {
        let fields = [
            Field("id", .int64), Field("text", .string), Field("when", .date), Field("x", .float64),
            Field("d", .decimal(precision: 4, scale: 1)), Field("rec", .struct([Field("a", .int32), Field("b", .string)])),
            Field("tags", .list(Field("element", .string))), Field("bin", .binary), Field("a,b", .boolean),
        ]
        let rows: [[Value]] = [
            [.int(1), .string("plain"), .date(0), .double(1.5), .decimal(-5),
             .struct([.int(1), .string("x")]), .list([.string("p")]), .binary([255]), .boolean(true)],
            [.int(-2), .string("a,b \"q\"\r\nz"), .null, .double(.nan), .null,
             .struct([.null, .null]), .list([]), .binary([]), .boolean(false)],
            [.null, .string(""), .null, .null, .null, .null, .null, .null, .null],
        ]
        let batch = makeBatch(fields, rows)
        let expected = """
            id,text,when,x,d,rec,tags,bin,"a,b"
            1,plain,1970-01-01,1.5,-0.5,"{""a"":1,""b"":""x""}","[""p""]",/w==,true
            -2,"a,b ""q""\r
            z",,NaN,,"{""a"":null,""b"":null}",[],"",false
            ,"",,,,,,,

            """
        let text = RowWriter.string([batch], format: .csv, schema: batch.schema)
        #expect(text == expected)
        var options = RowWriter.Options()
        options.csvHeader = false
        options.csvLineTerminator = "\r\n"
        let crlf = RowWriter.string([makeBatch([Field("a", .int8), Field("b", .string)], [[.int(1), .null], [.null, .string("x")]])],
                                    format: .csv, schema: Schema([Field("a", .int8), Field("b", .string)]), options: options)
        #expect(crlf == "1,\r\n,x\r\n")
        #expect(RowWriter.string([], format: .csv, schema: Schema([Field("only", .int8)])) == "only\n")
    }

    @Test func tableLayout() {
        let fields = [
            Field("id", .int64), Field("name", .string), Field("score", .decimal(precision: 5, scale: 2)),
            Field("tags", .list(Field("element", .string))), Field("day", .date),
        ]
        let rows: [[Value]] = [
            [.int(1), .string("alice"), .decimal(1234), .list([.string("a")]), .date(0)],
            [.int(-20), .string("日本語 text"), .null, .null, .null],
            [.null, .string("line1\nline2\ttab"), .decimal(-5), .list([]), .date(19723)],
        ]
        let batch = makeBatch(fields, rows)
        let expected = """
            ┌────────┬───────────────────┬──────────────┬───────────────┬────────────┐
            │     id │ name              │        score │ tags          │ day        │
            │ bigint │ string            │ decimal(5,2) │ array<string> │ date       │
            ├────────┼───────────────────┼──────────────┼───────────────┼────────────┤
            │      1 │ alice             │        12.34 │ ["a"]         │ 1970-01-01 │
            │    -20 │ 日本語 text          │         NULL │ NULL          │ NULL       │
            │   NULL │ line1\\nline2\\ttab │        -0.05 │ []            │ 2024-01-01 │
            └────────┴───────────────────┴──────────────┴───────────────┴────────────┘
            3 rows

            """
        let text = RowWriter.string([batch], format: .table, schema: batch.schema)
        #expect(text == expected)
    }

    @Test func tableTruncatesLongCells() {
        let fields = [Field(String(repeating: "n", count: 12), .string), Field("f", .float32)]
        let batch = makeBatch(fields, [[.string("0123456789abcdef"), .float(0.1)], [.string("ééééééééé"), .float(-1e8)]])
        var options = RowWriter.Options()
        options.tableMaxCellWidth = 10
        let text = RowWriter.string([batch], format: .table, schema: batch.schema, options: options)
        let expected = """
            ┌────────────┬────────────┐
            │ nnnnnnnnn… │          f │
            │ string     │      float │
            ├────────────┼────────────┤
            │ 012345678… │        0.1 │
            │ ééééééééé  │ -10000000… │
            └────────────┴────────────┘
            2 rows

            """
        #expect(text == expected)
    }

    @Test func tableCapsRows() {
        let fields = [Field("n", .int32)]
        let a = makeBatch(fields, [[.int(1)], [.int(2)]])
        let b = makeBatch(fields, [[.int(3)], [.int(4)]])
        var options = RowWriter.Options()
        options.tableRowLimit = 3
        var text = ""
        var writer = RowWriter(format: .table, schema: a.schema, options: options, textOutput: { text += $0 })
        writer.write(a)
        #expect(writer.needsMoreRows)
        #expect(text.isEmpty)
        writer.write(b)
        #expect(!writer.needsMoreRows)
        writer.finish(totalRows: 1000)
        writer.finish()
        let expected = """
            ┌─────┐
            │   n │
            │ int │
            ├─────┤
            │   1 │
            │   2 │
            │   3 │
            └─────┘
            1000 rows (showing first 3)

            """
        #expect(text == expected)
        #expect(RowWriter.string([a, b], format: .table, schema: a.schema, options: options).hasSuffix("\n4 rows (showing first 3)\n"))
        #expect(RowWriter.string([makeBatch(fields, [[.int(1)]])], format: .table, schema: a.schema).hasSuffix("└─────┘\n1 row\n"))
        #expect(RowWriter.string([], format: .table, schema: a.schema) == "┌─────┐\n│   n │\n│ int │\n├─────┤\n└─────┘\n0 rows\n")
    }

    @Test func tableCapWithNestedColumns() throws {
        let batch = makeBatch(Self.nestedFields, Self.nestedRows)
        var options = RowWriter.Options()
        options.tableRowLimit = 2
        options.tableMaxCellWidth = 200
        let text = RowWriter.string([batch], format: .table, schema: batch.schema, options: options)
        let lines = text.split(separator: "\n")
        try #require(lines.count == 8)
        #expect(lines[4].contains("{\"name\":\"a\",\"tags\":[\"x\",null,\"\"],\"attrs\":{\"k\\\"1\":3,\"k2\":null}}"))
        #expect(lines[4].contains("{\"2024-01-01\":\"-0.05\",\"1969-12-31\":null}"))
        #expect(lines[4].contains("[[1,2],[],null,[null]]"))
        #expect(lines[5].hasPrefix("│   2 │ NULL "))
        #expect(lines[7] == "4 rows (showing first 2)")
    }

    /// Output reaches the sink as each batch is written, in chunks that end at row boundaries.
    @Test(arguments: [RowFormat.jsonl, .json, .csv])
    func streamsInRowChunks(format: RowFormat) throws {
        let batch = makeBatch(Self.nestedFields, Self.nestedRows)
        var options = RowWriter.Options()
        options.flushThreshold = 1
        var chunks: [String] = []
        var writer = RowWriter(format: format, schema: batch.schema, options: options, textOutput: { chunks.append($0) })
        writer.write(batch)
        let afterFirst = chunks.count
        #expect(afterFirst >= batch.count)
        writer.write(batch)
        #expect(chunks.count >= afterFirst + batch.count)
        writer.finish()
        #expect(writer.rowCount == 2 * batch.count)
        for chunk in chunks.dropLast() { #expect(chunk.hasSuffix("\n") || chunk.hasSuffix("}"), "\(chunk)") }
        let whole = chunks.joined()
        #expect(whole == RowWriter.string([batch, batch], format: format, schema: batch.schema))
        if format == .json { #expect((try parseJSON(whole) as? [Any])?.count == 8) }
    }

    /// Many random rows of every scalar type: each jsonl line parses back, and numbers and
    /// strings survive the trip.
    @Test func randomRowsParseBack() throws {
        var rng = SystemRandomNumberGenerator()
        func random(_ type: DataType) -> Value {
            if Int.random(in: 0..<8, using: &rng) == 0 { return .null }
            switch type {
            case .boolean: return .boolean(Bool.random(using: &rng))
            case .int64: return .int(Int64(bitPattern: rng.next()))
            case .uint64: return .uint(rng.next())
            case .float64: return .double(Double(bitPattern: rng.next()))
            case .float32: return .float(Float(bitPattern: UInt32(truncatingIfNeeded: rng.next())))
            case .string:
                let scalars = (0..<Int.random(in: 0..<12, using: &rng)).compactMap { _ in
                    Unicode.Scalar(UInt32.random(in: 0...(Bool.random(using: &rng) ? 0x7F : 0x10FFFF), using: &rng))
                }
                var s = ""
                s.unicodeScalars.append(contentsOf: scalars)
                return .string(s)
            case .decimal: return .decimal(Int128(Int64(bitPattern: rng.next())) * Int128(Int64(bitPattern: rng.next())))
            case .date: return .date(Int32(bitPattern: UInt32(truncatingIfNeeded: rng.next())))
            case .timestamp: return .timestamp(Int64(bitPattern: rng.next()))
            case .binary: return .binary((0..<Int.random(in: 0..<7, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) })
            default: return .null
            }
        }
        let fields = [
            Field("b", .boolean), Field("i", .int64), Field("u", .uint64), Field("f", .float64), Field("g", .float32),
            Field("s", .string), Field("d", .decimal(precision: 38, scale: 7)), Field("day", .date),
            Field("ts", .timestamp), Field("bin", .binary),
        ]
        let rows = (0..<500).map { _ in fields.map { random($0.type) } }
        let batch = makeBatch(fields, rows)
        let text = RowWriter.string([batch], format: .jsonl, schema: batch.schema)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == rows.count)
        for (line, row) in zip(lines, rows) {
            let object = try #require(try parseJSON(String(line)) as? [String: Any])
            #expect(object.count == fields.count)
            if case .string(let s) = row[5] { #expect(object["s"] as? String == s) }
            if case .int(let i) = row[1] { #expect((object["i"] as? NSNumber)?.int64Value == i) }
            // Foundation's parser on Linux rounds some doubles wrongly: check the text instead.
            if case .double(let d) = row[3], d.isFinite { #expect(line.contains("\"f\":\(FloatFormat.string(d)),")) }
            if case .double(let d) = row[3], !d.isFinite { #expect(object["f"] as? String == FloatFormat.string(d)) }
            if case .binary(let b) = row[9] { #expect(Data(base64Encoded: object["bin"] as? String ?? "?").map(Array.init) == b) }
            if case .decimal(let d) = row[6] { #expect(object["d"] as? String == DecimalFormat.string(d, scale: 7)) }
        }
        let csv = RowWriter.string([batch], format: .csv, schema: batch.schema)
        #expect(csv.hasPrefix("b,i,u,f,g,s,d,day,ts,bin\n"))
    }
}
