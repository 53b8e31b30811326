import Testing
@testable import Columnar

@Suite struct DecimalFormatTests {
    static let maxP38 = Int128(10).power(38) - 1

    static let cases: [(Int128, Int, String)] = [
        (1230, 2, "12.30"),
        (-5, 2, "-0.05"),
        (0, 0, "0"),
        (0, 2, "0.00"),
        (5, 0, "5"),
        (-7, 0, "-7"),
        (-100, 2, "-1.00"),
        (100, 3, "0.100"),
        (12, -2, "1200"),
        (0, -2, "0"),
        (Int128(Int64.min), 0, "-9223372036854775808"),
        (Int128(Int64.min), 19, "-0.9223372036854775808"),
        (Int128(Int64.max), 18, "9.223372036854775807"),
        (maxP38, 0, "99999999999999999999999999999999999999"),
        (-maxP38, 0, "-99999999999999999999999999999999999999"),
        (maxP38, 38, "0.99999999999999999999999999999999999999"),
        (-maxP38, 10, "-9999999999999999999999999999.9999999999"),
        (-1, 38, "-0.00000000000000000000000000000000000001"),
        (Int128.max, 0, "170141183460469231731687303715884105727"),
        (Int128.min, 0, "-170141183460469231731687303715884105728"),
        (Int128.min, 39, "-0.170141183460469231731687303715884105728"),
        (-10_000_000_000_000_000_000, 0, "-10000000000000000000"),
        (10_000_000_000_000_000_005, 3, "10000000000000000.005"),
        (-100_000_000_000_000_000_000_007, 25, "-0.0100000000000000000000007"),
    ]

    @Test(arguments: cases)
    func string(unscaled: Int128, scale: Int, expected: String) {
        #expect(DecimalFormat.string(unscaled, scale: scale) == expected)
        if let small = Int64(exactly: unscaled) {
            #expect(DecimalFormat.string(small, scale: scale) == expected)
        }
    }

    /// Random values against an independent reference built from `String(magnitude)`.
    @Test func matchesReference() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let digits = Int.random(in: 1...38, using: &rng)
            var value = Int128(UInt64.random(in: 0...UInt64.max, using: &rng)) << 64 | Int128(UInt64.random(in: 0...UInt64.max, using: &rng))
            value %= Int128(10).power(digits)
            if Bool.random(using: &rng) { value = -value }
            let scale = Int.random(in: 0...38, using: &rng)
            var text = String(value.magnitude)
            if scale > 0 {
                if text.count <= scale { text = String(repeating: "0", count: scale + 1 - text.count) + text }
                text.insert(".", at: text.index(text.endIndex, offsetBy: -scale))
            }
            if value < 0 { text = "-" + text }
            #expect(DecimalFormat.string(value, scale: scale) == text)
        }
    }
}

extension Int128 {
    /// `self` raised to `exponent` (test helper).
    func power(_ exponent: Int) -> Int128 {
        var result: Int128 = 1
        for _ in 0..<exponent { result *= self }
        return result
    }
}
