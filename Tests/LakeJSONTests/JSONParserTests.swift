import Testing
import LakeJSON

/// Parsing: the JSONTestSuite-style accept/reject matrices, numbers, strings, depth, errors,
/// and a seeded fuzz over mutated documents.
@Suite struct JSONParserTests {
    static func parse(_ bytes: [UInt8]) throws(JSONError) -> JSONValue {
        try JSONValue(parsing: bytes)
    }

    /// The error parsing `bytes` throws, or nil when it parses.
    static func error(_ bytes: [UInt8]) -> JSONError? {
        do throws(JSONError) {
            _ = try parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    // MARK: Must accept (y_)

    @Test(arguments: [
        // structure
        "[[]   ]", "[]", "{}", " [] ", "[\"a\"]\n", "[null, 1, \"1\", {}]", "[1\n]", " [1]", "[1,null,null,null,2]",
        "[2] ", "{\"asd\":\"sdf\", \"dfg\":\"fgh\"}", "{\"a\":\"b\",\"a\":\"c\"}", "{\"\":0}", "{\"foo\\u0000bar\": 42}",
        "{ \"min\": -1.0e+28, \"max\": 1.0e+28 }", "{\"x\":[{\"id\": \"xxx\"}], \"id\": \"xxx\"}", "{\"a\":[]}",
        "{\n\"a\": \"b\"\n}", "\t\r\n [ \t\r\n 1 \t\r\n , \t\r\n {\t\r\n\"k\"\t\r\n:\t\r\nnull\t\r\n}\t\r\n] \t\r\n",
        "false", "true", "null", "42", "-0.1", "\"asd\"", "\"\"", "[true]", "[false]", "[null]",
        // numbers
        "[123e65]", "[0e+1]", "[0e1]", "[ 4]", "[-0.000000000000000000000000000000000000000000000000000000001]",
        "[20e1]", "[-0]", "[-123]", "[-1]", "[1E22]", "[1E-2]", "[1E+2]", "[123e45]", "[123.456e78]", "[1e-2]",
        "[1e+2]", "[123]", "[123.456789]", "[0]", "[0.0]", "[-0.0e-0]", "[1e00001]", "[100000000000000000000000000000]",
        // strings
        "[\"\\u0060\\u012a\\u12AB\"]", "[\"\\uD801\\udc37\"]", "[\"\\ud83d\\ude39\\ud83d\\udc8d\"]",
        "[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"]", "[\"\\\\u0000\"]", "[\"\\\"\"]", "[\"a/*b*/c/*d//e\"]", "[\"\\\\a\"]",
        "[\"\\u0012\"]", "[\"\\uFFFF\"]", "[\"\\uDBFF\\uDFFF\"]", "[\"new\\u00A0line\"]", "[\"\u{10FFFF}\"]",
        "[\"\u{FFFF}\"]", "[\"\\u0000\"]", "[\"π\"]", "[\"\u{1BFFF}\"]", "[\"asd \"]", "\" \"", "[\"\\uD834\\uDd1e\"]",
        "[\"\\u2028\"]", "[\"\\u2029\"]", "[\"\\u0061\\u30af\\u30EA\\u30b9\"]", "[\"⍂㈴⍂\"]", "[\"\\uFDD0\"]",
        "[\"\\uFFFE\"]", "[\"€𝄞\"]", "[\"a\u{7F}a\"]", "[\"\u{2028}\u{2029}\"]", "\"/\"",
    ])
    func accepts(_ text: String) throws {
        let value = try JSONValue(parsing: text)
        // Whatever is accepted survives a compact and a pretty round trip.
        #expect(try JSONValue(parsing: value.serialized()) == value)
        #expect(try JSONValue(parsing: value.serialized(pretty: true)) == value)
    }

    // MARK: Must reject (n_)

    @Test(arguments: [
        // structure
        "", " ", "[", "]", "{", "}", "[1 true]", "[\"\": 1]", "[\"\"],", "[,1]", "[1,,2]", "[\"x\",,]", "[\"x\"]]",
        "[\"\",]", "[\"x\"", "[x", "[3[4]]", "[1:2]", "[,]", "[-]", "[   , \"\"]", "[\"a\",\n4\n,1,", "[1,]", "[1,,]",
        "[*]", "[\"\"", "[1,", "[{}", "[fals]", "[nul]", "[tru]", "[True]", "[][]", "[1] [2]", "2 3", "nul", "[,",
        "{\"x\", null}", "{\"x\"::\"b\"}", "{[: \"x\"}", "{\"a\" \"b\"}", "{key: 'value'}", "{\"a\":\"a\" 123}",
        "{1:1}", "{9999E9999:1}", "{null:null,null:null}", "{\"id\":0,,,,,}", "{'a':0}", "{\"id\":0,}",
        "{\"a\":\"b\"}/**/", "{\"a\":\"b\"}//", "{\"a\":\"b\"}/", "{\"a\":\"b\",,\"c\":\"d\"}", "{a: \"b\"}",
        "{\"a\":\"a", "{ \"foo\" : \"bar\", \"a\" }", "{\"a\":\"b\"}#", "{\"a\":", "{\"a\"", "{\"a\":/*c*/\"b\"}",
        "{:\"b\"}", "{\"a\":\"b\"}}", "{}}", "<.>", "[<null>]", "[1]x", "[1]]", "aå", "1]", "{\"x\": true,",
        "[1]\u{0}", "\u{FEFF}{}", "[\u{0C}]", "[\u{A0}1]", "[\u{2060}]", "['single quote']", "abc", "[null]  x",
        "// comment\n[]", "/* c */ []", "[1] // c", "{\"a\":true} \"x\"",
        // numbers
        "[++1234]", "[+1]", "[+Inf]", "[-01]", "[-1.0.]", "[-2.]", "[-NaN]", "[.-1]", "[.2e-3]", "[0.1.2]",
        "[0.3e+]", "[0.3e]", "[0.e1]", "[0E+]", "[0E]", "[0e+]", "[0e]", "[1.0e+]", "[1.0e-]", "[1.0e]",
        "[1 000.0]", "[1eE2]", "[2.e+3]", "[2.e-3]", "[2.e3]", "[9.e+]", "[Inf]", "[NaN]", "[１]", "[1+2]",
        "[0x1]", "[0x42]", "[Infinity]", "[-Infinity]", "[0e+-1]", "[-foo]", "[- 1]", "[-012]", "[-.123]",
        "[-1x]", "[1ea]", "[1.]", "[.123]", "[1.2a-3]", "[012]", "[00]", "[-00]", "[01.5]", "[1.8011670033376514H-308]",
        "NaN", "Infinity", "-", "1e", "-e1", "0.", "00",
        // strings
        "[\"\\uD800\\\"]", "[\"\\uD800\\u\"]", "[\"\\uD800\\u1\"]", "[\"\\uD800\\u1x\"]", "[é]", "[\"\\x00\"]",
        "[\"\\\\\\\"]", "[\"\\\t\"]", "[\"\\🌀\"]", "[\"\\\"]", "[\"\\u00A\"]", "[\"\\uD834\\uDd\"]", "[\"\\uqqqq\"]",
        "[\"\\a\"]", "[\"\\u0\"]", "[\"a\u{0}a\"]", "[\"new\nline\"]", "[\"\t\"]", "[\"\u{1F}\"]", "[\"\\UA66D\"]",
        "\"\\", "\"abc", "\"", "[\"\\uD800\"]", "[\"\\uDC00\"]", "[\"\\uDFAA\"]", "[\"\\uD800\\uD800\"]",
        "[\"\\uD800x\"]", "[\"\\uD800\\n\"]", "{\"\\uDFAA\":0}", "[\"\\'\"]", "[\"\\u+123\"]", "[\"\\u-123\"]",
    ])
    func rejects(_ text: String) {
        let error = Self.error(Array(text.utf8))
        #expect(error != nil, "accepted \(text.debugDescription)")
        if let error {
            #expect(error.kind == .syntax)
            #expect(error.line == nil)
            #expect(error.offset >= 0 && error.offset <= text.utf8.count)
        }
    }

    /// Invalid UTF-8, inside and outside strings: (bytes, offset of the error).
    @Test(arguments: [
        ([0x5B, 0x22, 0xFF, 0x22, 0x5D], 2),              // ["\xff"]
        ([0x5B, 0x22, 0x61, 0xC0, 0xAF, 0x22, 0x5D], 3),  // overlong '/'
        ([0x22, 0xED, 0xA0, 0x80, 0x22], 1),              // a surrogate encoded in UTF-8
        ([0x22, 0xE0, 0xFF, 0x22], 1),
        ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], 1),        // beyond U+10FFFF
        ([0x22, 0x81, 0x22], 1),                          // lone continuation byte
        ([0x22, 0x61, 0x62, 0xE6, 0x97, 0x22], 3),        // truncated sequence
        ([0x22, 0xF8, 0x88, 0x80, 0x80, 0x80, 0x22], 1),  // 5-byte form
        ([0x22, 0xC3, 0x5C, 0x6E, 0x22], 1),              // lead byte cut by an escape
        ([0x22, 0x5C, 0x6E, 0xC3, 0x22], 3),              // after an escape
        ([0x22] + Array(repeating: 0x61, count: 20) + [0xFF, 0x22], 21),  // past the 8-byte scan
        ([0x5B, 0xFF, 0x5D], 1),                          // not in a string
        ([0xEF, 0xBB, 0xBF, 0x7B, 0x7D], 0),              // byte order mark
    ] as [([UInt8], Int)])
    func rejectsInvalidUTF8(bytes: [UInt8], offset: Int) {
        #expect(Self.error(bytes)?.offset == offset)
    }

    @Test func acceptsValidMultibyteUTF8() throws {
        let text = "aé€😀\u{10FFFF}\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}"
        #expect(try JSONValue(parsing: JSONValue.quoted(text)) == .string(text))
        let long = String(repeating: "Zürich 東京 ", count: 50)
        #expect(try JSONValue(parsing: "[\"\(long)\"]") == [.string(long)])
    }

    // MARK: Error offsets and messages

    @Test(arguments: [
        ("", 0, "unexpected end of input, expected a value"),
        ("   x", 3, "unexpected 'x', expected a value"),
        ("[1,]", 3, "unexpected ']', expected a value"),
        ("[01]", 1, "leading zero in a number"),
        ("{\"a\":1,}", 7, "unexpected '}' in an object, expected a string key"),
        ("\"abc", 0, "unterminated string"),
        ("[\"\\uD800\"]", 2, "lone high surrogate \\uD800 not followed by a low surrogate"),
        ("[\"\\uDC00\"]", 2, "lone low surrogate \\uDC00"),
        ("[1 2]", 3, "unexpected '2' in an array, expected ',' or ']'"),
        ("[1]x", 3, "unexpected 'x' after the value"),
        ("{\"a\" 1}", 5, "unexpected '1' after an object key, expected ':'"),
        ("[\"a\u{1}\"]", 3, "unescaped control character byte 0x01 in a string"),
        ("[\"\\q\"]", 2, "invalid escape '\\q' in a string"),
        ("[tru]", 1, "invalid literal, expected 'true'"),
        ("[1.]", 3, "expected a digit after the decimal point"),
        ("[1e+]", 4, "expected a digit in the exponent"),
        ("-x", 1, "expected a digit after '-'"),
        ("\u{FEFF}{}", 0, "unexpected byte 0xEF, expected a value"),
    ] as [(String, Int, String)])
    func errorNamesOffsetAndProblem(text: String, offset: Int, message: String) {
        let error = Self.error(Array(text.utf8))
        #expect(error?.offset == offset)
        #expect(error?.message == message)
    }

    @Test func inputsInEveryForm() throws {
        let text = #"{"a":[1,"x"]}"#
        let expected: JSONValue = ["a": [1, "x"]]
        #expect(try JSONValue(parsing: text) == expected)
        #expect(try JSONValue(parsing: Array(text.utf8)) == expected)
        #expect(try JSONValue(parsing: Array(("  " + text).utf8).dropFirst(2)) == expected)  // a slice
        #expect(try JSONValue(parsing: text.utf8) == expected)
        #expect(try Array(text.utf8).withUnsafeBytes { buffer throws(JSONError) in try JSONValue(parsing: buffer) } == expected)
        // A non-contiguous collection is copied first.
        #expect(try JSONValue(parsing: Array(text.utf8).lazy.map { $0 }) == expected)
        // Offsets count from the collection's start.
        #expect(Self.error(Array("[1,]".utf8))?.offset == 3)
        do throws(JSONError) {
            _ = try JSONValue(parsing: Array("xx[1,]".utf8).dropFirst(2))
            Issue.record("accepted")
        } catch {
            #expect(error.offset == 3)
        }
    }

    // MARK: Numbers

    @Test(arguments: [
        ("0", JSONValue.int(0)),
        ("7", .int(7)),
        ("-7", .int(-7)),
        ("9223372036854775807", .int(.max)),
        ("-9223372036854775808", .int(.min)),
        ("123456789012345678", .int(123_456_789_012_345_678)),
        ("1234567890123456789", .int(1_234_567_890_123_456_789)),
        ("9223372036854775808", .number("9223372036854775808")),
        ("-9223372036854775809", .number("-9223372036854775809")),
        ("9999999999999999999", .number("9999999999999999999")),
        ("10000000000000000000", .number("10000000000000000000")),
        ("18446744073709551616", .number("18446744073709551616")),
        ("-99999999999999999999999", .number("-99999999999999999999999")),
        ("-0", .number("-0")),
        ("-0.0", .number("-0.0")),
        ("0.1", .number("0.1")),
        ("1.0", .number("1.0")),
        ("1e400", .number("1e400")),
        ("-1E-400", .number("-1E-400")),
        ("1E+2", .number("1E+2")),
        ("2.5e-3", .number("2.5e-3")),
        ("0e0", .number("0e0")),
        ("-12345678901234567890.123456789012345678", .number("-12345678901234567890.123456789012345678")),
    ] as [(String, JSONValue)])
    func numbers(text: String, expected: JSONValue) throws {
        #expect(try JSONValue(parsing: text) == expected)
        #expect(try JSONValue(parsing: "[\(text)]") == [expected])
        #expect(try JSONValue(parsing: "{\"n\":\(text)}") == ["n": expected])
        // Written back exactly as read.
        #expect(expected.serialized() == text)
    }

    @Test func numberAccessors() throws {
        #expect(try JSONValue(parsing: "1.0").int64Value == 1)
        #expect(try JSONValue(parsing: "1e3").int64Value == 1000)
        #expect(try JSONValue(parsing: "-0").int64Value == 0)
        #expect(try JSONValue(parsing: "1.5").int64Value == nil)
        #expect(try JSONValue(parsing: "1e400").int64Value == nil)
        #expect(try JSONValue(parsing: "1e400").doubleValue == .infinity)
        #expect(try JSONValue(parsing: "0.1").doubleValue == 0.1)
        #expect(try JSONValue(parsing: "-0").doubleValue?.sign == .minus)
    }

    @Test(arguments: ["00", "01", "-01", "000123", "0123.5", "1.e5", "1.", ".5", "+1", "1e", "1e+", "1E-", "--1", "0x10", "1_000"])
    func rejectsMalformedNumbers(_ text: String) {
        #expect(Self.error(Array(text.utf8)) != nil, "accepted \(text)")
    }

    // MARK: Strings

    @Test func everyEscape() throws {
        let text = #""\"\\\/\b\f\n\r\t\u0041\u00e9\u20AC\uD83D\uDE00\u0000\u001f\u007F""#
        #expect(try JSONValue(parsing: text) == .string("\"\\/\u{8}\u{C}\n\r\tAé€😀\u{0}\u{1F}\u{7F}"))
    }

    @Test func surrogatePairs() throws {
        #expect(try JSONValue(parsing: #""\uD834\uDD1E""#) == "𝄞")
        #expect(try JSONValue(parsing: #""\ud83d\ude00x\uDBFF\uDFFF""#) == "😀x\u{10FFFF}")
        #expect(try JSONValue(parsing: #""\uD800\uDC00""#) == "\u{10000}")
    }

    /// An escape at every position of strings around the 8-byte scan width, with ASCII and
    /// non-ASCII filler, decodes like a reference that works a character at a time.
    @Test func escapesAtEveryPosition() throws {
        for length in 0..<24 {
            for position in 0...length {
                for escape in [(#"\n"#, "\n"), (#"\""#, "\""), (#"\u00e9"#, "é"), (#"\ud83d\ude00"#, "😀")] {
                    for filler in ["a", "ü"] {
                        let before = String(repeating: filler, count: position)
                        let after = String(repeating: filler, count: length - position)
                        let text = "\"" + before + escape.0 + after + "\""
                        #expect(try JSONValue(parsing: text) == .string(before + escape.1 + after))
                    }
                }
            }
            let plain = String(repeating: "x", count: length)
            #expect(try JSONValue(parsing: "\"\(plain)\"") == .string(plain))
            // A control character at every position is rejected at its offset.
            for position in 0..<length {
                var bytes = Array(("\"" + plain + "\"").utf8)
                bytes[1 + position] = 0x1F
                #expect(Self.error(bytes)?.offset == 1 + position)
            }
        }
    }

    @Test func longStringsWithManyEscapes() throws {
        // Longer than the parser's initial scratch buffer, so it grows mid-string.
        var expected = ""
        var text = "\""
        for i in 0..<2000 {
            expected += "k\(i)\"\\\n€"
            text += "k\(i)\\\"\\\\\\n€"
        }
        text += "\""
        #expect(try JSONValue(parsing: text) == .string(expected))
    }

    // MARK: Depth

    static func nestedArrays(_ depth: Int) -> String {
        String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    }

    static func nestedObjects(_ depth: Int) -> String {
        String(repeating: "{\"a\":", count: depth) + "1" + String(repeating: "}", count: depth)
    }

    @Test func depthLimit() throws {
        let limit = JSONValue.maximumDepth
        #expect(limit == 512)
        _ = try JSONValue(parsing: Self.nestedArrays(limit))
        _ = try JSONValue(parsing: Self.nestedObjects(limit))
        _ = try JSONValue(parsing: String(repeating: "[{\"a\":", count: limit / 2) + "0" + String(repeating: "}]", count: limit / 2))
        #expect(Self.error(Array(Self.nestedArrays(limit + 1).utf8))?.offset == limit)
        #expect(Self.error(Array(Self.nestedObjects(limit + 1).utf8))?.message == "nesting deeper than 512 arrays and objects")
        // Hostile input fails fast at the limit instead of exhausting the stack.
        let hostile = [UInt8](repeating: UInt8(ascii: "["), count: 1_000_000)
        #expect(Self.error(hostile)?.offset == limit)
        // Depth is nesting, not the number of containers.
        let wide = "[" + Array(repeating: "[[]]", count: 10_000).joined(separator: ",") + "]"
        #expect(try JSONValue(parsing: wide).arrayValue?.count == 10_000)
    }

    // MARK: Objects

    @Test func duplicateKeysKeptInOrder() throws {
        let value = try JSONValue(parsing: #"{"a":1,"b":2,"a":3}"#)
        #expect(value.objectValue?.keys == ["a", "b", "a"])
        #expect(value["a"] == 3)
        #expect(value.serialized() == #"{"a":1,"b":2,"a":3}"#)
    }

    @Test func structure() throws {
        let value = try JSONValue(parsing: #" { "a" : [ 1 , { } , [ ] , "" , null , true , false ] , "" : { "x" : -1.5 } } "#)
        #expect(value == ["a": [1, .object(JSONObject()), [], "", nil, true, false], "": ["x": .number("-1.5")]])
        // Many members and elements: containers larger than the parser's initial stacks.
        let big = "{" + (0..<1000).map { "\"k\($0)\":[\($0),\"v\"]" }.joined(separator: ",") + "}"
        let object = try #require(try JSONValue(parsing: big).objectValue)
        #expect(object.count == 1000)
        #expect(object["k999"] == [999, "v"])
    }

    // MARK: Fuzz

    /// SplitMix64, for reproducible tests.
    struct SeededRandom: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let fuzzSeeds: [String] = DeltaLogSamples.all + [
        #"[1,-2.5e-3,"a\"b\\c\u00e9\ud83d\ude00",{"k":[true,false,null,{}]},[],""]"#,
        #"{"nested":{"deeper":[[[[{"x":9223372036854775807,"y":-9223372036854775808}]]]]},"s":"Zürich 東京"}"#,
        "\"" + String(repeating: "abcdefgh\\n", count: 20) + "\"",
    ]

    /// Random mutations of valid documents parse or throw `JSONError`, never crash or hang;
    /// errors point inside the input; whatever parses survives a round trip.
    @Test func mutatedDocumentsParseOrThrow() throws {
        var rng = SeededRandom(state: 0x5EED)
        let interesting: [UInt8] = Array(#"{}[],:"\-+.eE0119 tfnu"#.utf8) + [0x00, 0x0A, 0x1F, 0x7F, 0x80, 0xBF, 0xC3, 0xE2, 0xED, 0xF0, 0xF4, 0xFF]
        var accepted = 0
        var rejected = 0
        for _ in 0..<6000 {
            var bytes = Array(Self.fuzzSeeds.randomElement(using: &rng).unsafelyUnwrapped.utf8)
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let i = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<6, using: &rng) {
                case 0: bytes[i] = UInt8.random(in: 0...255, using: &rng)
                case 1: bytes[i] = interesting.randomElement(using: &rng).unsafelyUnwrapped
                case 2: bytes.insert(interesting.randomElement(using: &rng).unsafelyUnwrapped, at: i)
                case 3: if bytes.count > 1 { bytes.remove(at: i) }
                case 4: bytes.removeSubrange(i...)
                default:
                    let j = Int.random(in: i...bytes.count, using: &rng)
                    bytes.insert(contentsOf: bytes[i..<j], at: Int.random(in: 0...bytes.count, using: &rng))
                }
                if bytes.isEmpty { bytes = [0x30] }
            }
            do throws(JSONError) {
                let value = try JSONValue(parsing: bytes)
                accepted += 1
                let again = try JSONValue(parsing: value.serialized())
                #expect(again == value)
            } catch {
                rejected += 1
                #expect(error.offset >= 0 && error.offset <= bytes.count)
            }
        }
        // The mutations exercise both outcomes.
        #expect(accepted > 100)
        #expect(rejected > 3000)
    }

    /// Random bytes from the JSON alphabet: always a value or a `JSONError`.
    @Test func randomTokenSoup() {
        var rng = SeededRandom(state: 42)
        let alphabet = Array(#"{}[],:"\ 0123456789-+.eEtruefalsnul"#.utf8) + [0x0A, 0xC3, 0xA9]
        for _ in 0..<5000 {
            let bytes = (0..<Int.random(in: 1...40, using: &rng)).map { _ in alphabet.randomElement(using: &rng).unsafelyUnwrapped }
            if let error = Self.error(bytes) {
                #expect(error.offset >= 0 && error.offset <= bytes.count)
            }
        }
    }
}
