import Foundation
import Testing
@testable import Columnar

@Suite struct FloatFormatTests {
    /// Expected texts are Python's `repr`.
    static let doubles: [(Double, String)] = [
        (0.0, "0.0"), (-0.0, "-0.0"), (1.0, "1.0"), (-1.5, "-1.5"), (0.1, "0.1"), (100.0, "100.0"),
        (1e15, "1000000000000000.0"), (1e16, "1e+16"), (1e-4, "0.0001"), (1e-5, "1e-05"),
        (123456789.123, "123456789.123"), (5e-324, "5e-324"),
        (1.7976931348623157e308, "1.7976931348623157e+308"), (2.2250738585072014e-308, "2.2250738585072014e-308"),
        (9007199254740992.0, "9007199254740992.0"), (1.5e-7, "1.5e-07"), (0.000123, "0.000123"),
        (12345678901234567890.0, "1.2345678901234567e+19"), (-2.5e100, "-2.5e+100"),
        (.nan, "NaN"), (.infinity, "Infinity"), (-.infinity, "-Infinity"),
    ]

    @Test(arguments: doubles)
    func double(value: Double, expected: String) {
        #expect(FloatFormat.string(value) == expected)
    }

    /// Expected texts are the shortest float32 digits in Python `repr` layout.
    static let floats: [(Float, String)] = [
        (0.1, "0.1"), (1e16, "1e+16"), (16777216.0, "16777216.0"), (1e-5, "1e-05"),
        (Float.greatestFiniteMagnitude, "3.4028235e+38"), (Float.leastNonzeroMagnitude, "1e-45"),
        (1234567.0, "1234567.0"), (1e8, "100000000.0"), (3.14159265, "3.1415927"), (-0.3, "-0.3"),
        (Float.leastNormalMagnitude, "1.1754944e-38"), (-0.0, "-0.0"),
        (.nan, "NaN"), (.infinity, "Infinity"), (-.infinity, "-Infinity"),
    ]

    @Test(arguments: floats)
    func float(value: Float, expected: String) {
        #expect(FloatFormat.string(value) == expected)
    }

    /// Random bit patterns round-trip and are valid JSON numbers.
    @Test func randomRoundTrip() throws {
        var rng = SystemRandomNumberGenerator()
        var texts: [String] = []
        for _ in 0..<3000 {
            let d = Double(bitPattern: rng.next())
            let f = Float(bitPattern: UInt32(truncatingIfNeeded: rng.next()))
            let dt = FloatFormat.string(d), ft = FloatFormat.string(f)
            if d.isFinite {
                #expect(Double(dt)?.bitPattern == d.bitPattern, "\(dt)")
                texts.append(dt)
            }
            if f.isFinite {
                #expect(Float(ft)?.bitPattern == f.bitPattern, "\(ft)")
                texts.append(ft)
            }
        }
        let json = "[" + texts.joined(separator: ",") + "]"
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [Any]
        #expect(parsed?.count == texts.count)
    }
}
