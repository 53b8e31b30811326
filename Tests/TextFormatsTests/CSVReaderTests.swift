import Columnar
import Foundation
import Testing
import TextFormats

@Suite struct CSVReaderTests {
    // MARK: RFC 4180 records

    @Test func readsHeaderAndInfersTypes() throws {
        let r = try readCSV("id,name,score,ok\n1,ann,1.5,true\n2,bob,2,FALSE\n")
        #expect(r.schema.fields.map(\.name) == ["id", "name", "score", "ok"])
        #expect(r.schema.fields.map(\.type) == [.int64, .string, .float64, .boolean])
        #expect(r.rows == [
            [.int(1), .string("ann"), .double(1.5), .boolean(true)],
            [.int(2), .string("bob"), .double(2), .boolean(false)],
        ])
    }

    @Test func quotedFieldsHoldDelimitersQuotesAndNewlines() throws {
        let text = "a,b\n\"x,y\",\"say \"\"hi\"\"\"\n\"line1\nline2\",\"\"\"\"\n"
        let r = try readCSV(text)
        #expect(r.rows == [
            [.string("x,y"), .string("say \"hi\"")],
            [.string("line1\nline2"), .string("\"")],
        ])
    }

    @Test func crlfLoneCRAndMissingTrailingNewline() throws {
        #expect(try readCSV("a,b\r\n1,x\r\n2,y").rows == [[.int(1), .string("x")], [.int(2), .string("y")]])
        #expect(try readCSV("a,b\r1,x\r2,y\r").rows == [[.int(1), .string("x")], [.int(2), .string("y")]])
        #expect(try readCSV("a\r\n\"q\r\nr\"\r\n").rows == [[.string("q\r\nr")]])
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let r = try readCSV(bytes: [0xEF, 0xBB, 0xBF] + Array("id,v\n1,2\n".utf8))
        #expect(r.schema.fields.map(\.name) == ["id", "v"])
        #expect(r.rows == [[.int(1), .int(2)]])
    }

    @Test func headerOnlyAndEmptyFiles() throws {
        let headerOnly = try readCSV("a,b\n")
        #expect(headerOnly.schema == Schema([Field("a", .string), Field("b", .string)]))
        #expect(headerOnly.rows.isEmpty && headerOnly.batchSizes.isEmpty)
        let noNewline = try readCSV("a,b")
        #expect(noNewline.schema.fields.map(\.name) == ["a", "b"])
        let empty = try readCSV("")
        #expect(empty.schema.fields.isEmpty && empty.rows.isEmpty)
        let given = try readCSV("", CSVOptions(schema: Schema([Field("x", .int64)])))
        #expect(given.schema == Schema([Field("x", .int64)]) && given.rows.isEmpty)
    }

    @Test func emptyUnquotedIsNullQuotedEmptyIsEmptyString() throws {
        let r = try readCSV("s,n\n,\n\"\",\"\"\nx,1\n")
        #expect(r.schema.fields.map(\.type) == [.string, .int64])
        #expect(r.rows == [[.null, .null], [.string(""), .null], [.string("x"), .int(1)]])
    }

    @Test func customNullStringsMatchOnlyUnquotedFields() throws {
        let r = try readCSV("a,b\nNA,1\n\"NA\",NULL\n", CSVOptions(nullStrings: ["NA", "NULL"]))
        #expect(r.rows == [[.null, .int(1)], [.string("NA"), .null]])
        #expect(try readCSV("a\n\n", CSVOptions(nullStrings: [])).rows.isEmpty)
        #expect(try readCSV("a,b\n,1\n", CSVOptions(nullStrings: [])).rows == [[.string(""), .int(1)]])
    }

    @Test func blankLinesAndCommentsAreSkipped() throws {
        let r = try readCSV("# top\na,b\n\n1,2\n# note\r\n\r\n3,4\n#", CSVOptions(commentPrefix: "#"))
        #expect(r.schema.fields.map(\.name) == ["a", "b"])
        #expect(r.rows == [[.int(1), .int(2)], [.int(3), .int(4)]])
    }

    @Test func textAfterAClosingQuoteIsKept() throws {
        #expect(try readCSV("a,b\n\"ab\"cd,\"x\"\"\"y\n").rows == [[.string("abcd"), .string("x\"y")]])
    }

    @Test func backslashEscapes() throws {
        let options = CSVOptions(escape: .backslash)
        let r = try readCSV("a,b\n\"q\\\"x\",\"c\\\\d\"\n\"e\\,f\",g\\h\n", options)
        #expect(r.rows == [[.string("q\"x"), .string("c\\d")], [.string("e,f"), .string("g\\h")]])
    }

    @Test func otherDelimitersAndNoQuoting() throws {
        #expect(try readCSV("a;b\n1;\"x;y\"\n", CSVOptions(delimiter: ";")).rows == [[.int(1), .string("x;y")]])
        #expect(try readCSV("a\tb\n1\t\"x\n", CSVOptions(delimiter: "\t", quote: nil)).rows == [[.int(1), .string("\"x")]])
    }

    @Test func withoutHeaderColumnsAreNamedByPosition() throws {
        let r = try readCSV("1,x\n2,y\n", CSVOptions(header: false))
        #expect(r.schema == Schema([Field("column0", .int64), Field("column1", .string)]))
        #expect(r.rows.count == 2)
    }

    @Test func emptyAndRepeatedHeaderNamesAreMadeUnique() throws {
        let r = try readCSV("a,,a,a_1,a\n1,2,3,4,5\n")
        #expect(r.schema.fields.map(\.name) == ["a", "column1", "a_1", "a_1_1", "a_2"])
    }

    @Test func invalidUTF8IsReplaced() throws {
        let bytes: [UInt8] = Array("s,b\n".utf8) + [0x61, 0xFF, 0x62, 0x2C, 0xC3] + Array("\n".utf8)
        let r = try readCSV(bytes: bytes)
        #expect(r.rows == [[.string("a\u{FFFD}b"), .string("\u{FFFD}")]])
        let bin = try readCSV(bytes: bytes, CSVOptions(schemaHints: ["b": .binary]))
        #expect(bin.rows == [[.string("a\u{FFFD}b"), .binary([0xC3])]])
    }

    @Test func batchesHaveAtMostBatchRows() throws {
        let text = "v\n" + (0..<10).map { "\($0)\n" }.joined()
        let r = try readCSV(text, CSVOptions(batchRows: 3))
        #expect(r.batchSizes == [3, 3, 3, 1])
        #expect(r.column("v") == (0..<10).map { .int(Int64($0)) })
    }

    // MARK: inference

    static let inferenceCases: [(values: [String], type: DataType)] = [
        (["true", "False", "TRUE"], .boolean),
        (["1", "-2", "+3", "007"], .int64),
        (["1", "2.5"], .float64),
        (["1e3", ".5", "-1.", "nan", "-Infinity"], .float64),
        (["9223372036854775807", "-9223372036854775808"], .int64),
        (["9223372036854775808"], .float64),
        (["2024-02-29", "1999-12-31"], .date),
        (["2024-01-01", "2024-01-01 10:00"], .timestamp),
        (["2024-01-01T10:00:00Z", "2024-01-01T10:00:00.123456+02:00"], .timestamp),
        (["2023-02-29"], .string),
        (["1", "true"], .string),
        (["1", "2024-01-01"], .string),
        (["1.5", "x"], .string),
        ([" 12", "13 "], .int64),
        (["", ""], .string),
        (["NaN", ""], .float64),
        (["\"\"", "5"], .int64),
        (["\"5\"", "6"], .int64),
    ]

    @Test(arguments: inferenceCases)
    func inference(_ values: [String], _ type: DataType) throws {
        let r = try readCSV("c,k\n" + values.map { $0 + ",1" }.joined(separator: "\n") + "\n")
        #expect(r.schema.fields[0].type == type, "values \(values)")
        #expect(r.rows.count == values.count)
    }

    @Test func inferredValuesConvert() throws {
        let r = try readCSV("""
            b,i,d,dt,ts
            true,-9223372036854775808,1e-3,1970-01-02,2024-03-01T12:30:15.25Z
            false, 42 ,nan,2000-02-29,2024-03-01 12:30
            ,,-inf,,2024-03-01T12:30:00-01:30

            """)
        #expect(r.schema.fields.map(\.type) == [.boolean, .int64, .float64, .date, .timestamp])
        #expect(r.rows[0] == [.boolean(true), .int(.min), .double(0.001), .date(1), .timestamp(micros(2024, 3, 1, 12, 30, 15, 250_000))])
        #expect(r.rows[1][0] == .boolean(false) && r.rows[1][1] == .int(42) && r.rows[1][3] == .date(days(2000, 2, 29)))
        #expect(r.rows[1][4] == .timestamp(micros(2024, 3, 1, 12, 30)))
        guard case .double(let nan) = r.rows[1][2] else { Issue.record("not a double"); return }
        #expect(nan.isNaN)
        #expect(r.rows[2] == [.null, .null, .double(-.infinity), .null, .timestamp(micros(2024, 3, 1, 14, 0))])
    }

    @Test func inferenceSamplesOnlyTheFirstRows() throws {
        let text = "v\n1\n2\nx\n"
        let e = #expect(throws: TextFormatError.self) { try readCSV(text, CSVOptions(inferenceRows: 2)) }
        #expect(e?.code == .typeMismatch && e?.line == 4 && e?.column == "v" && e?.file == "test.csv")
        #expect(e?.message.contains("'x'") == true)
        #expect(try readCSV(text, CSVOptions(inferenceRows: 3)).schema.fields[0].type == .string)
    }

    // MARK: hints and explicit schemas

    @Test func hintsForceTypes() throws {
        let r = try readCSV("id,price,code\n1,10.005,007\n2,3,010\n", CSVOptions(schemaHints: ["PRICE": .decimal(precision: 6, scale: 2), "code": .string]))
        #expect(r.schema.fields.map(\.type) == [.int64, .decimal(precision: 6, scale: 2), .string])
        #expect(r.column("price") == [.decimal(1001), .decimal(300)])
        #expect(r.column("code") == [.string("007"), .string("010")])
    }

    static let decimalCases: [(text: String, precision: Int, scale: Int, unscaled: Int128?)] = [
        ("1.005", 5, 2, 101),
        ("-1.005", 5, 2, -101),
        ("1.004", 5, 2, 100),
        ("12", 5, 2, 1200),
        ("1.5e2", 5, 2, 15000),
        ("25e-3", 5, 2, 3),
        ("999.995", 5, 2, nil),
        ("999.994", 5, 2, 99999),
        ("0.000", 1, 0, 0),
        ("12345678901234567890.123456789012345678", 38, 18, Int128("12345678901234567890123456789012345678")),
        ("1e40", 38, 0, nil),
        ("abc", 5, 2, nil),
    ]

    @Test(arguments: decimalCases)
    func decimals(_ text: String, _ precision: Int, _ scale: Int, _ unscaled: Int128?) throws {
        let options = CSVOptions(schema: Schema([Field("d", .decimal(precision: precision, scale: scale))]), rescuedDataColumn: "_r")
        let r = try readCSV("d\n\(text)\n", options)
        #expect(r.rows[0][0] == (unscaled.map { Value.decimal($0) } ?? .null))
        #expect((r.rows[0][1] == .null) == (unscaled != nil))
    }

    @Test func explicitSchemaMatchesHeaderByName() throws {
        let schema = Schema([Field("b", .int32), Field("z", .string), Field("A", .date)])
        var reader = try CSVReader(bytes: Array("a,b,c\n2024-01-02,5,x\n".utf8), name: "t.csv", options: CSVOptions(schema: schema))
        #expect(reader.schema == schema)
        #expect(reader.unexpectedColumns == ["c"])
        #expect(reader.missingColumns == ["z"])
        #expect(reader.columnNames == ["a", "b", "c"])
        let batch = try #require(try reader.next())
        #expect(batch.row(0) == [.int(5), .null, .date(days(2024, 1, 2))])
        #expect(try reader.next() == nil)
    }

    @Test func explicitSchemaWithoutHeaderIsPositional() throws {
        let schema = Schema([Field("x", .int16), Field("y", .float32), Field("t", .timestampNTZ), Field("u", .uint8)])
        let r = try readCSV("7,1.5,2024-01-01 01:02:03,255\n", CSVOptions(header: false, schema: schema))
        #expect(r.rows == [[.int(7), .float(1.5), .timestamp(micros(2024, 1, 1, 1, 2, 3)), .uint(255)]])
        let e = #expect(throws: TextFormatError.self) {
            try readCSV("70000,1,2024-01-01,1\n", CSVOptions(header: false, schema: schema))
        }
        #expect(e?.code == .typeMismatch && e?.column == "x" && e?.line == 1)
        #expect(throws: TextFormatError.self) { try readCSV("1,1,2024-01-01T00:00Z,1\n", CSVOptions(header: false, schema: schema)) }
    }

    @Test func unsupportedTypesAndBadOptionsAreRejected() {
        #expect(throws: TextFormatError.self) { try CSVReader(bytes: [], options: CSVOptions(schema: Schema([Field("l", .list(Field("e", .int64)))]))) }
        #expect(throws: TextFormatError.self) { try CSVReader(bytes: [], options: CSVOptions(delimiter: "\"")) }
        #expect(throws: TextFormatError.self) { try CSVReader(bytes: [], options: CSVOptions(delimiter: "é")) }
        #expect(throws: TextFormatError.self) { try CSVReader(bytes: [], options: CSVOptions(batchRows: 0)) }
        #expect(throws: TextFormatError.self) { try CSVReader(bytes: [], options: CSVOptions(schemaHints: ["a": .decimal(precision: 40, scale: 0)])) }
        let e = #expect(throws: TextFormatError.self) { try CSVReader(path: "/nonexistent/x.csv") }
        #expect(e?.code == .io && e?.file == "/nonexistent/x.csv")
    }

    // MARK: rescued data

    @Test func rescueColumnKeepsValuesThatDoNotFit() throws {
        let options = CSVOptions(schemaHints: ["n": .int64, "d": .date], rescuedDataColumn: "_rescued_data")
        let r = try readCSV("n,d,s\n1,2024-01-01,a\nx,2024-13-01,\"b\"\n3,,\"say \"\"q\"\"\"\n", options)
        #expect(r.schema.fields.map(\.name) == ["n", "d", "s", "_rescued_data"])
        #expect(r.schema.fields.last?.type == .string)
        #expect(r.rows == [
            [.int(1), .date(days(2024, 1, 1)), .string("a"), .null],
            [.null, .null, .string("b"), .string(#"{"n":"x","d":"2024-13-01"}"#)],
            [.int(3), .null, .string("say \"q\""), .null],
        ])
    }

    @Test func rescueColumnTakesExtraFieldsAndPadsShortRecords() throws {
        let options = CSVOptions(rescuedDataColumn: "_r")
        let r = try readCSV("a,b\n1,2\n3\n4,5,six,\"7\n\"\n", options)
        #expect(r.rows == [
            [.int(1), .int(2), .null],
            [.int(3), .null, .null],
            [.int(4), .int(5), .string(#"{"column2":"six","column3":"7\n"}"#)],
        ])
    }

    @Test func rescueColumnTakesUnexpectedColumns() throws {
        let schema = Schema([Field("a", .int64), Field("_r", .string), Field("b", .boolean)])
        var reader = try CSVReader(bytes: Array("a,new,b\n1,x,true\n2,,maybe\n".utf8), options: CSVOptions(schema: schema, rescuedDataColumn: "_r"))
        #expect(reader.schema == schema)
        #expect(reader.unexpectedColumns == ["new"])
        let r = try drain(schema: reader.schema) { try reader.next() }
        #expect(r.rows == [
            [.int(1), .string(#"{"new":"x"}"#), .boolean(true)],
            [.int(2), .string(#"{"b":"maybe"}"#), .null],
        ])
    }

    @Test func rescueColumnMustNotCollideOrBeNonString() {
        #expect(throws: TextFormatError.self) { try readCSV("_r\n1\n", CSVOptions(rescuedDataColumn: "_r")) }
        #expect(throws: TextFormatError.self) {
            try readCSV("a\n1\n", CSVOptions(schema: Schema([Field("_r", .int64)]), rescuedDataColumn: "_r"))
        }
    }

    // MARK: errors

    @Test func wrongFieldCountIsMalformed() {
        let e = #expect(throws: TextFormatError.self) { try readCSV("a,b\n1,2\n\"x\ny\",2\n3\n") }
        #expect(e?.code == .malformed && e?.line == 5 && e?.file == "test.csv")
        #expect(e?.message.contains("1 fields, expected 2") == true)
    }

    @Test func unterminatedQuoteNamesItsLine() {
        let e = #expect(throws: TextFormatError.self) { try readCSV("a,b\n1,2\n3,\"open\n\n4,5\n") }
        #expect(e?.code == .malformed && e?.line == 3)
    }

    @Test func typeMismatchNamesFileLineColumnAndValue() throws {
        var reader = try CSVReader(bytes: Array("a,b\n1,2\n3,four\n".utf8), name: "nums.csv", options: CSVOptions(schemaHints: ["b": .int64]))
        let e = #expect(throws: TextFormatError.self) { try reader.next() }
        #expect(e?.description == "typeMismatch error in 'nums.csv' line 3, column 'b': 'four' is not a valid bigint")
        let again = #expect(throws: TextFormatError.self) { try reader.next() }
        #expect(again?.line == 3)
    }

    // MARK: streaming

    static let trickyCSV = "id,text,amount,when\r\n" + (0..<60).map { i in
        let text = i % 3 == 0 ? "\"multi\nline \"\"\(i)\"\", with, commas\"" : (i % 3 == 1 ? "plain\(i)" : "")
        return "\(i),\(text),\(Double(i) * 1.25),2024-01-\(twoDigits(i % 28 + 1))T10:00:00Z"
    }.joined(separator: "\r\n")

    @Test(arguments: [1, 2, 3, 5, 7, 16, 64])
    func recordsStraddlingBlocksReadTheSame(blockSize: Int) throws {
        let whole = try readCSV(CSVReaderTests.trickyCSV)
        let small = try readCSV(CSVReaderTests.trickyCSV, CSVOptions(inferenceRows: 10, batchRows: 7, blockSize: blockSize))
        #expect(small.schema == whole.schema)
        #expect(small.rows == whole.rows)
        #expect(whole.rows.count == 60)
        #expect(whole.schema.fields.map(\.type) == [.int64, .string, .float64, .timestamp])
        #expect(whole.rows[3][1] == .string("multi\nline \"3\", with, commas"))
    }

    @Test func lineNumbersCountNewlinesInsideQuotes() {
        let text = "a,b\n\"1\n2\n3\",1\nx,2\n\"y\",three\n"
        let e = #expect(throws: TextFormatError.self) {
            try readCSV(text, CSVOptions(schemaHints: ["b": .int64], blockSize: 3))
        }
        #expect(e?.line == 6 && e?.column == "b")
    }

    @Test func readsFromAFile() throws {
        let path = "/tmp/textformats-csv-\(UInt32.random(in: 0...UInt32.max)).csv"
        let text = CSVReaderTests.trickyCSV
        let file = try #require(fopen(path, "w"))
        fputs(text, file)
        fclose(file)
        defer { remove(path) }
        var reader = try CSVReader(path: path, options: CSVOptions(blockSize: 100))
        let r = try drain(schema: reader.schema) { try reader.next() }
        #expect(r.rows == (try readCSV(text)).rows)
    }
}

/// Two-digit zero-padded decimal.
func twoDigits(_ value: Int) -> String {
    value < 10 ? "0\(value)" : "\(value)"
}
