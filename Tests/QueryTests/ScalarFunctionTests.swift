import Columnar
import Foundation
import Testing
@testable import Query

/// The columnar string kernels of ``ScalarFunction`` against `String`'s own answers: code
/// points for `length` (multi-byte characters, sequences across 8-byte words, nulls, binary),
/// ASCII and Unicode case mapping for `lower`/`upper`.
@Suite struct ScalarFunctionTests {
    static let texts: [String?] = [
        "", "a", "héllo", "delivered", nil, "grüße-straße-grüße", "🦆", "🦆🦆🦆🦆🦆 ducks", "日本語のテキスト",
        "e\u{301}", "ABCdef123-XYZ!", "0123456789abcdef0123456789", "ÀÉÎõü and ascii",
    ]

    @Test func lengthCountsCodePoints() throws {
        let c = Column(.string, Self.texts.map { $0.map { .string($0) } ?? .null })
        let lengths = ScalarFunction.length(c)
        #expect(lengths.type == .int32)
        for (i, t) in Self.texts.enumerated() {
            #expect(lengths.value(at: i) == (t.map { .int(Int64($0.unicodeScalars.count)) } ?? .null), "\(t ?? "NULL")")
        }
        // A combining accent is a code point of its own, as Spark counts.
        #expect(lengths.value(at: 9) == .int(2))
        let b = Column(.binary, [.binary([0xC3, 0xA9, 0x80]), .null, .binary([])])
        #expect((0..<3).map { ScalarFunction.length(b).value(at: $0) } == [.int(3), .null, .int(0)])
    }

    @Test(arguments: [false, true])
    func changeCaseMatchesString(upper: Bool) throws {
        // Mixed (row by row) and ASCII only (the whole buffer at once).
        let ascii: [String?] = ["", "delivered", nil, "ABCdef123-XYZ!@[`{", "0123456789abcdef0123456789", "Z", "a"]
        for texts in [Self.texts, ascii] {
            let c = Column(.string, texts.map { $0.map { .string($0) } ?? .null })
            let out = ScalarFunction.changeCase(c, upper: upper)
            #expect(out.count == texts.count)
            for (i, t) in texts.enumerated() {
                #expect(out.value(at: i) == (t.map { .string(upper ? $0.uppercased() : $0.lowercased()) } ?? .null), "\(t ?? "NULL")")
            }
        }
    }

    @Test func substringCountsCodePoints() throws {
        let c = Column(.string, Self.texts.map { $0.map { .string($0) } ?? .null })
        // Reference: Spark's rule over the code points.
        func expected(_ t: String?, _ pos: Int, _ len: Int?) -> Value {
            guard let t else { return .null }
            let scalars = Array(t.unicodeScalars)
            if let len, len < 0 { return .string("") }
            var start = pos > 0 ? pos - 1 : pos < 0 ? scalars.count + pos : 0
            var end = len.map { start + $0 } ?? scalars.count
            start = max(0, start)
            end = min(scalars.count, max(start, end))
            guard start < scalars.count else { return .string("") }
            var s = ""
            s.unicodeScalars.append(contentsOf: scalars[start..<end])
            return .string(s)
        }
        for pos in [-20, -3, -1, 0, 1, 2, 5, 9, 30] {
            for len in [nil, -1, 0, 1, 3, 100] as [Int?] {
                let p = Column(.int32, Array(repeating: .int(Int64(pos)), count: c.count))
                let l = len.map { Column(.int32, Array(repeating: .int(Int64($0)), count: c.count)) }
                let out = try #require(ScalarFunction.substring(c, p, l))
                for (i, t) in Self.texts.enumerated() {
                    #expect(out.value(at: i) == expected(t, pos, len), "substring(\(t ?? "NULL"), \(pos), \(len.map(String.init) ?? "-"))")
                }
            }
        }
        // Null positions and lengths give null; huge ones do not overflow.
        let one = Column(.string, [.string("abc"), .string("abc"), .string("abc")])
        let out = try #require(ScalarFunction.substring(one, Column(.int64, [.null, .int(2), .int(.max)]), Column(.int64, [.int(1), .null, .int(.max)])))
        #expect((0..<3).map { out.value(at: $0) } == [.null, .null, .string("")])
        let big = try #require(ScalarFunction.substring(one, Column(.int64, [.int(2), .int(-2), .int(.min)]), Column(.int64, [.int(.max), .int(.max), .int(2)])))
        #expect((0..<3).map { big.value(at: $0) } == [.string("bc"), .string("bc"), .string("")])
    }

    @Test func throughSQL() throws {
        let engine = QueryEngine(warehouse: FileManager.default.temporaryDirectory.appendingPathComponent("lake-fn-\(UUID().uuidString)").path)
        let b = try engine.sql("SELECT length(s), upper(s), lower(s), substring(s, 2, 4) FROM VALUES ('héllo🦆'), (NULL), ('aßZ') AS t(s)").batch
        let rows = (0..<b.count).map { r in b.columns.enumerated().map { $0.element.value(at: r).text(as: b.schema.fields[$0.offset].type) }.joined(separator: "|") }
        #expect(rows == ["6|HÉLLO🦆|héllo🦆|éllo", "NULL|NULL|NULL|NULL", "3|ASSZ|aßz|ßZ"])
    }
}
