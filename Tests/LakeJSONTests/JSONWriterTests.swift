import Testing
import LakeJSON

/// Serialization: compact and pretty text, escaping, numbers, and round trips over a corpus
/// of real Delta log lines.
@Suite struct JSONWriterTests {
    @Test func compact() {
        let value: JSONValue = ["a": 1, "b": [true, nil, "x", -2], "c": ["d": .number("1.50")], "e": [], "f": .object(JSONObject())]
        #expect(value.serialized() == #"{"a":1,"b":[true,null,"x",-2],"c":{"d":1.50},"e":[],"f":{}}"#)
        #expect(value.description == value.serialized())
        #expect(JSONValue.null.serialized() == "null")
        #expect(JSONValue.bool(false).serialized() == "false")
        #expect(JSONValue.string("").serialized() == "\"\"")
    }

    @Test(arguments: [Int64.min, .max, 0, -1, 1, 9, 10, -10, 1_700_000_000_000, 999_999_999_999_999_999])
    func integers(_ i: Int64) throws {
        #expect(JSONValue.int(i).serialized() == String(i))
        #expect(try JSONValue(parsing: JSONValue.int(i).serialized()) == .int(i))
    }

    @Test func membersInStoredOrder() {
        var object = JSONObject()
        object["z"] = 1
        object["a"] = 2
        object["m"] = 3
        object["a"] = 4
        #expect(JSONValue.object(object).serialized() == #"{"z":1,"a":4,"m":3}"#)
    }

    @Test func escaping() {
        #expect(JSONValue.quoted("a\"b\\c\n\t\r\u{8}\u{c}\u{1}\u{1f}\u{0}\u{7f}/é😀\u{2028}")
                == "\"a\\\"b\\\\c\\n\\t\\r\\b\\f\\u0001\\u001f\\u0000\u{7f}/é😀\u{2028}\"")
        #expect(JSONValue.quoted("") == "\"\"")
        #expect(JSONValue.quoted("plain") == "\"plain\"")
        #expect(JSONValue.string("</script>").serialized() == "\"</script>\"")
        // Keys are escaped too.
        #expect(JSONValue.object(JSONObject([.init("k\"\n", 1)])).serialized() == #"{"k\"\n":1}"#)
    }

    /// The 8-bytes-at-a-time writer agrees with a character-at-a-time reference on strings
    /// with characters to escape at every position, and the result parses back.
    @Test func escapingMatchesReference() throws {
        func reference(_ s: String) -> String {
            var out = "\""
            for u in s.unicodeScalars {
                switch u {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\t": out += "\\t"
                case "\r": out += "\\r"
                case "\u{8}": out += "\\b"
                case "\u{c}": out += "\\f"
                case _ where u.value < 0x20:
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: out.unicodeScalars.append(u)
                }
            }
            return out + "\""
        }
        var rng = JSONParserTests.SeededRandom(state: 7)
        let pieces: [String] = ["a", "b", "\"", "\\", "\n", "\u{0}", "\u{1f}", "é", "東", "😀", "/", " ", "\u{7f}"]
        for length in 0..<40 {
            for _ in 0..<20 {
                let s = (0..<length).map { _ in pieces.randomElement(using: &rng).unsafelyUnwrapped }.joined()
                let quoted = JSONValue.quoted(s)
                #expect(quoted == reference(s))
                #expect(try JSONValue(parsing: quoted) == .string(s))
            }
        }
    }

    @Test func numbersVerbatim() {
        for text in ["1e400", "-0", "0.10", "1E+2", "-12345678901234567890.123456789012345678"] {
            #expect(JSONValue.number(text).serialized() == text)
        }
    }

    @Test(arguments: [0.1, 1.0, -0.0, 0.0, 1e16, 1e-7, 123.456, .leastNonzeroMagnitude, .greatestFiniteMagnitude, -.leastNormalMagnitude, 2.5, 1.0 / 3.0])
    func numberFromDouble(_ d: Double) throws {
        let value = JSONValue.number(d)
        guard case .number(let text) = value else {
            Issue.record("not a number: \(value)")
            return
        }
        // Valid JSON that reads back as exactly the same double.
        let parsed = try JSONValue(parsing: text)
        #expect(parsed == value)
        #expect(Double(text) == d)
        #expect(Double(text)?.sign == d.sign)
        #expect(parsed.doubleValue == d)
    }

    @Test func numberFromDoubleTexts() {
        #expect(JSONValue.number(0.1) == .number("0.1"))
        #expect(JSONValue.number(1.0) == .number("1.0"))
        #expect(JSONValue.number(-0.0) == .number("-0.0"))
        #expect(JSONValue.number(1e16) == .number("1e+16"))
        #expect(JSONValue.number(.infinity) == .null)
        #expect(JSONValue.number(-.infinity) == .null)
        #expect(JSONValue.number(.nan) == .null)
        #expect(JSONValue.number("2.5") == .number("2.5"))  // the case, not the Double overload
    }

    @Test func serializedIntoAppends() {
        var bytes = Array("x=".utf8)
        let value: JSONValue = ["a": [1, "é"]]
        value.serialized(into: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == #"x={"a":[1,"é"]}"#)
        JSONValue.null.serialized(into: &bytes, pretty: true)
        #expect(String(decoding: bytes, as: UTF8.self) == #"x={"a":[1,"é"]}null"#)
    }

    @Test func pretty() {
        let value: JSONValue = [
            "name": "daily load",
            "steps": [["read": "in.csv", "options": ["header": true]], ["write": "t"]],
            "empty": [], "none": .object(JSONObject()), "n": 1,
        ]
        #expect(value.serialized(pretty: true) == """
        {
          "name": "daily load",
          "steps": [
            {
              "read": "in.csv",
              "options": {
                "header": true
              }
            },
            {
              "write": "t"
            }
          ],
          "empty": [],
          "none": {},
          "n": 1
        }
        """)
        #expect(JSONValue.array([1, 2]).serialized(pretty: true) == "[\n  1,\n  2\n]")
        #expect(JSONValue.string("a\nb").serialized(pretty: true) == #""a\nb""#)
        #expect(JSONValue.int(3).serialized(pretty: true) == "3")
    }

    // MARK: Round trips

    /// Real log lines are compact with minimal escapes, so they come back byte for byte.
    @Test(arguments: DeltaLogSamples.all)
    func deltaLogLinesRoundTripExactly(_ line: String) throws {
        let value = try JSONValue(parsing: line)
        #expect(value.serialized() == line)
        #expect(try JSONValue(parsing: value.serialized(pretty: true)) == value)
    }

    /// The JSON-in-JSON strings (`stats`, `schemaString`) parse and round trip too.
    @Test func nestedJSONStrings() throws {
        for line in DeltaLogSamples.all {
            let action = try JSONValue(parsing: line)
            for key in ["add", "metaData"] {
                guard let body = action[key] else { continue }
                for field in ["stats", "schemaString"] {
                    guard let inner = body[field]?.stringValue else { continue }
                    let parsed = try JSONValue(parsing: inner)
                    #expect(parsed.serialized() == inner)
                }
            }
        }
        let add = try JSONValue(parsing: DeltaLogSamples.deltaRS[4])
        let stats = try JSONValue(parsing: try add.object("add")["stats"]?.stringValue ?? "")
        #expect(stats["maxValues"]?["name"] == "é\"q")
        #expect(stats["minValues"]?["amount"] == .number("-0.25"))
    }

    @Test func roundTripCorpus() throws {
        let corpus: [String] = JSONParserTests.fuzzSeeds + [
            #"{"a":"\u0000\u001f\u007f\u2028","b":[1e400,-0,0.1,9223372036854775808]}"#,
            #"["\/\b\f"]"#,
            "  {\n  \"spaced\" : [ 1 , 2 ]\n}  ",
        ]
        for text in corpus {
            let value = try JSONValue(parsing: text)
            let compact = value.serialized()
            #expect(try JSONValue(parsing: compact) == value)
            #expect(try JSONValue(parsing: value.serialized(pretty: true)) == value)
            // Serializing is a fixed point after one pass.
            #expect(try JSONValue(parsing: compact).serialized() == compact)
        }
    }
}
