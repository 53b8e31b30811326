import Testing
@testable import TextFormats

/// Runs a parser on the UTF-8 of `text`.
private func parse<T>(_ text: String, _ body: (UnsafePointer<UInt8>, Int) -> T?) -> T? {
    let bytes = Array(text.utf8) + [0]  // never read: keeps the pointer valid for empty text
    return bytes.withUnsafeBufferPointer { body($0.baseAddress!, bytes.count - 1) }
}

@Suite struct FieldParserTests {
    @Test(arguments: [
        ("0", Int64(0)), ("-0", 0), ("+17", 17), ("9223372036854775807", .max), ("-9223372036854775808", .min),
        ("00000000000000000000042", 42),
    ])
    func integers(_ text: String, _ value: Int64) {
        #expect(parse(text, FieldParser.parseInt64) == value)
    }

    @Test(arguments: ["", "-", "+", "1.0", "1e3", "9223372036854775808", "-9223372036854775809", "12a", " 1", "99999999999999999999"])
    func notIntegers(_ text: String) {
        #expect(parse(text, FieldParser.parseInt64) == nil)
    }

    @Test func unsignedIntegers() {
        #expect(parse("18446744073709551615", FieldParser.parseUInt64) == .max)
        #expect(parse("18446744073709551616", FieldParser.parseUInt64) == nil)
        #expect(parse("-1", FieldParser.parseUInt64) == nil)
    }

    @Test(arguments: ["true", "TRUE", "tRuE"]) func trueValues(_ text: String) {
        #expect(parse(text, FieldParser.parseBool) == true)
    }

    @Test(arguments: ["t", "1", "yes", "truee", ""]) func notBooleans(_ text: String) {
        #expect(parse(text, FieldParser.parseBool) == nil)
    }

    @Test(arguments: [
        "0", "1", "-1.5", "3.14159", ".5", "5.", "1e10", "1E-10", "+2.5e+3", "123456789012345678", "0.1", "0.3",
        "1.7976931348623157e308", "1.7976931348623159e308", "2.2250738585072014e-308", "4.9e-324", "2.4703282292062327e-324",
        "2.4703282292062328e-324", "1e-400", "1e400", "9007199254740993", "9007199254740992.5", "0.000000000000000000000000012345",
        "123456789012345678901234567890", "1.00000000000000011102230246251565404236316680908203125",
        "7.2057594037927933e16", "89255.0e-22", "1448997445238699", "8.98846567431158e307",
    ])
    func doublesMatchTheStandardLibrary(_ text: String) {
        let ours = parse(text, FieldParser.parseDouble)
        #expect(ours?.bitPattern == Double(text)?.bitPattern, "\(text)")
    }

    @Test(arguments: ["", ".", "-", "e5", "1e", "1e+", "1.2.3", "0x10", "1,5", " 1", "infinit", "nana"])
    func notDoubles(_ text: String) {
        #expect(parse(text, FieldParser.parseDouble) == nil)
    }

    @Test func specialDoubles() {
        #expect(parse("NaN", FieldParser.parseDouble)?.isNaN == true)
        #expect(parse("-inf", FieldParser.parseDouble) == -.infinity)
        #expect(parse("+Infinity", FieldParser.parseDouble) == .infinity)
    }

    /// Random significands and exponents, as Python and `printf` print them: every one must
    /// round exactly as the standard library does.
    @Test func randomDoublesRoundCorrectly() {
        var g = SplitMix(seed: 42)
        for k in 0..<20_000 {
            let text: String
            switch k % 4 {
            case 0: text = "\(Double(bitPattern: g.next() & 0x7FEF_FFFF_FFFF_FFFF))"
            case 1: text = "\(g.next() % 100_000_000_000).\(g.next() % 1_000_000)"
            case 2: text = "\(g.next())e\(Int(g.next() % 640) - 330)"
            default: text = "0.\(g.next() % 10_000_000_000_000_000_000)e-\(g.next() % 20)"
            }
            let ours = parse(text, FieldParser.parseDouble)
            if ours?.bitPattern != Double(text)?.bitPattern {
                Issue.record("\(text): \(String(describing: ours)) vs \(String(describing: Double(text)))")
                return
            }
        }
    }

    @Test(arguments: [
        ("1970-01-01", Int32(0)), ("2000-02-29", 11_016), ("1969-12-31", -1), ("0001-01-01", -719_162), ("9999-12-31", 2_932_896),
    ])
    func dates(_ text: String, _ days: Int32) {
        #expect(parse(text, FieldParser.parseDate) == days)
    }

    @Test(arguments: ["2023-02-29", "2024-00-10", "2024-01-32", "2024-1-01", "20240101", "2024-01-01T00:00", "2024/01/01"])
    func notDates(_ text: String) {
        #expect(parse(text, FieldParser.parseDate) == nil)
    }

    @Test(arguments: [
        ("2024-01-01", micros(2024, 1, 1)),
        ("2024-01-01T10:20", micros(2024, 1, 1, 10, 20)),
        ("2024-01-01 10:20:30", micros(2024, 1, 1, 10, 20, 30)),
        ("2024-01-01T10:20:30.5", micros(2024, 1, 1, 10, 20, 30, 500_000)),
        ("2024-01-01T10:20:30.123456789", micros(2024, 1, 1, 10, 20, 30, 123_456)),
        ("2024-01-01T10:20:30Z", micros(2024, 1, 1, 10, 20, 30)),
        ("2024-01-01T10:20:30+02:00", micros(2024, 1, 1, 8, 20, 30)),
        ("2024-01-01T00:20-0130", micros(2024, 1, 1, 1, 50)),
        ("2024-01-01T23:00:00-05", micros(2024, 1, 2, 4)),
        ("1969-12-31T23:59:59.999999Z", -1),
    ])
    func timestamps(_ text: String, _ value: Int64) {
        #expect(parse(text, { FieldParser.parseTimestamp($0, $1) }) == value)
    }

    @Test(arguments: [
        "2024-01-01T", "2024-01-01T24:00", "2024-01-01T10:60", "2024-01-01T10:20:61", "2024-01-01T10:20:30.",
        "2024-01-01T10:20:30.1234567890", "2024-01-01T10:20+2", "2024-01-01T10:20 Z", "2024-01-01X10:20",
    ])
    func notTimestamps(_ text: String) {
        #expect(parse(text, { FieldParser.parseTimestamp($0, $1) }) == nil)
    }

    @Test func timestampNTZRejectsOffsets() {
        #expect(parse("2024-01-01T10:20Z", { FieldParser.parseTimestamp($0, $1, allowOffset: false) }) == nil)
        #expect(parse("2024-01-01T10:20", { FieldParser.parseTimestamp($0, $1, allowOffset: false) }) == micros(2024, 1, 1, 10, 20))
    }

    @Test func trimmingRemovesSpacesAndTabs() {
        let (s, n) = parse(" \t42 ", { p, n in Optional((FieldParser.trim(p, n).1, FieldParser.parseInt64(FieldParser.trim(p, n).0, FieldParser.trim(p, n).1))) })!
        #expect(s == 2 && n == 42)
    }
}

/// A small deterministic generator for the randomized tests.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
