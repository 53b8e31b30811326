import Testing
@testable import Columnar

@Suite struct UTF8TextTests {
    static func json(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        bytes.withUnsafeBytes { UTF8Text.appendJSONString($0, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    static func repaired(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        bytes.withUnsafeBytes { UTF8Text.appendRepaired($0, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    @Test func escapes() {
        #expect(Self.json(Array("a\"b\\c\n\t\r\u{8}\u{c}\u{1}\u{1f}\u{7f}/é😀".utf8))
                == "\"a\\\"b\\\\c\\n\\t\\r\\b\\f\\u0001\\u001f\u{7f}/é😀\"")
        #expect(Self.json([]) == "\"\"")
        #expect(Self.json(Array("plain".utf8)) == "\"plain\"")
    }

    /// Expected replacements are Python's `bytes.decode("utf-8", "replace")`.
    @Test(arguments: [
        ([UInt8](arrayLiteral: 0x61, 0xFF, 0x62), "a\u{FFFD}b"),
        ([0xE2, 0x82], "\u{FFFD}"),
        ([0xED, 0xA0, 0x80], "\u{FFFD}\u{FFFD}\u{FFFD}"),
        ([0xF0, 0x9F, 0x98], "\u{FFFD}"),
        ([0xC0, 0xAF], "\u{FFFD}\u{FFFD}"),
        ([0xF4, 0x90, 0x80, 0x80], "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}"),
        ([0x6F, 0x6B, 0xE2, 0x82, 0xAC], "ok€"),
        ([0x22, 0xFF], "\"\u{FFFD}"),
    ])
    func invalidUTF8(bytes: [UInt8], expected: String) {
        #expect(Self.repaired(bytes) == expected)
        var quoted: [UInt8] = []
        var e = expected
        e.withUTF8 { UTF8Text.appendJSONString(UnsafeRawBufferPointer($0), to: &quoted) }
        #expect(Self.json(bytes) == String(decoding: quoted, as: UTF8.self))
    }

    @Test func validation() {
        #expect(UTF8Text.isValid(UnsafeRawBufferPointer(start: nil, count: 0)))
        for text in ["", "abc", "é", "€", "😀", "\u{10FFFF}", "\u{D7FF}", "\u{E000}"] {
            #expect(Array(text.utf8).withUnsafeBytes { UTF8Text.isValid($0) }, "\(text)")
        }
        for bytes: [UInt8] in [[0x80], [0xC1, 0x80], [0xE0, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xE2, 0x82]] {
            #expect(!bytes.withUnsafeBytes { UTF8Text.isValid($0) }, "\(bytes)")
        }
    }

    @Test func csvQuoting() {
        #expect(UTF8Text.csvNeedsQuotes(ArraySlice("".utf8)))
        #expect(!UTF8Text.csvNeedsQuotes(ArraySlice("plain text".utf8)))
        for s in ["a,b", "a\"b", "a\nb", "a\rb"] { #expect(UTF8Text.csvNeedsQuotes(ArraySlice(s.utf8))) }
        var out: [UInt8] = []
        UTF8Text.appendCSVQuoted(ArraySlice("say \"hi\"\"".utf8), to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "\"say \"\"hi\"\"\"\"\"")
    }
}
