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
        let c = Column(.string, Self.texts.map { $0.map { .string($0) } ?? .null })
        let out = ScalarFunction.changeCase(c, upper: upper)
        for (i, t) in Self.texts.enumerated() {
            #expect(out.value(at: i) == (t.map { .string(upper ? $0.uppercased() : $0.lowercased()) } ?? .null), "\(t ?? "NULL")")
        }
    }

    @Test func throughSQL() throws {
        let engine = QueryEngine(warehouse: FileManager.default.temporaryDirectory.appendingPathComponent("lake-fn-\(UUID().uuidString)").path)
        let b = try engine.sql("SELECT length(s), upper(s), lower(s) FROM VALUES ('héllo🦆'), (NULL), ('aßZ') AS t(s)").batch
        let rows = (0..<b.count).map { r in b.columns.enumerated().map { $0.element.value(at: r).text(as: b.schema.fields[$0.offset].type) }.joined(separator: "|") }
        #expect(rows == ["6|HÉLLO🦆|héllo🦆", "NULL|NULL|NULL", "3|ASSZ|aßz"])
    }
}
