/// Text forms of floating-point numbers, shared by the row formatters, the CLI and Delta
/// statistics.
///
/// Finite values print with the shortest digits that round-trip to the same value (a
/// `Float` with its own shortest digits, not widened to `Double`), in the layout of Python's
/// `repr`, which is always a valid JSON number: positional with at least one fraction digit
/// when 1e-4 ≤ |x| < 1e16 (`100.0`, `0.0001`, `-0.0`), otherwise scientific with a signed
/// exponent of at least two digits (`1e+16`, `1.5e-07`). NaN and the infinities print as
/// `NaN`, `Infinity` and `-Infinity` (JSON output quotes them as strings).
public enum FloatFormat {
    /// The text of `value`.
    public static func string(_ value: Double) -> String {
        var out: [UInt8] = []
        append(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The text of `value`, with `Float`'s own shortest digits.
    public static func string(_ value: Float) -> String {
        var out: [UInt8] = []
        append(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the UTF-8 text of ``string(_:)-(Double)`` to `out`.
    public static func append(_ value: Double, to out: inout [UInt8]) {
        if !value.isFinite {
            appendNonFinite(isNaN: value.isNaN, negative: value < 0, to: &out)
            return
        }
        // Swift's description yields the shortest round-trip digits; only the layout changes.
        var text = value.description
        text.withUTF8 { relayout($0, to: &out) }
    }

    /// Appends the UTF-8 text of ``string(_:)-(Float)`` to `out`.
    public static func append(_ value: Float, to out: inout [UInt8]) {
        if !value.isFinite {
            appendNonFinite(isNaN: value.isNaN, negative: value < 0, to: &out)
            return
        }
        var text = value.description
        text.withUTF8 { relayout($0, to: &out) }
    }

    private static func appendNonFinite(isNaN: Bool, negative: Bool, to out: inout [UInt8]) {
        if isNaN {
            out.appendASCII("NaN")
        } else if negative {
            out.appendASCII("-Infinity")
        } else {
            out.appendASCII("Infinity")
        }
    }

    /// Re-lays out a finite number printed by Swift (`-1.25`, `1e+16`, `5e-324`, `100.0`).
    private static func relayout(_ text: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Swift.max(text.count, 1)) { digits in
            var n = 0                 // significant digits collected
            var pointAt: Int? = nil   // number of mantissa digits before the '.'
            var mantissaDigits = 0
            var exponent = 0
            var negative = false
            var leadingZeros = 0
            var i = 0
            if i < text.count && text[i] == UInt8(ascii: "-") {
                negative = true
                i += 1
            }
            while i < text.count {
                let c = text[i]
                if c == UInt8(ascii: ".") {
                    pointAt = mantissaDigits
                } else if c >= 48 && c <= 57 {
                    if n == 0 && c == 48 {
                        leadingZeros += 1
                    } else {
                        digits[n] = c
                        n += 1
                    }
                    mantissaDigits += 1
                } else {
                    break
                }
                i += 1
            }
            if i < text.count && (text[i] == UInt8(ascii: "e") || text[i] == UInt8(ascii: "E")) {
                i += 1
                var expNegative = false
                if i < text.count && (text[i] == UInt8(ascii: "-") || text[i] == UInt8(ascii: "+")) {
                    expNegative = text[i] == UInt8(ascii: "-")
                    i += 1
                }
                while i < text.count, text[i] >= 48 && text[i] <= 57, exponent < 100_000 {
                    exponent = exponent * 10 + Int(text[i] - 48)
                    i += 1
                }
                if expNegative { exponent = -exponent }
            }
            if negative { out.append(UInt8(ascii: "-")) }
            while n > 0 && digits[n - 1] == 48 { n -= 1 }
            if n == 0 {
                out.appendASCII("0.0")
                return
            }
            // value = 0.d1d2...dn × 10^decimalPoint
            let decimalPoint = (pointAt ?? mantissaDigits) - leadingZeros + exponent
            if decimalPoint > -4 && decimalPoint <= 16 {
                if decimalPoint <= 0 {
                    out.appendASCII("0.")
                    out.append(contentsOf: repeatElement(48, count: -decimalPoint))
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[0..<n]))
                } else if decimalPoint >= n {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[0..<n]))
                    out.append(contentsOf: repeatElement(48, count: decimalPoint - n))
                    out.appendASCII(".0")
                } else {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[0..<decimalPoint]))
                    out.append(UInt8(ascii: "."))
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[decimalPoint..<n]))
                }
            } else {
                out.append(digits[0])
                if n > 1 {
                    out.append(UInt8(ascii: "."))
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[1..<n]))
                }
                let e = decimalPoint - 1
                out.append(UInt8(ascii: "e"))
                out.append(e < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
                out.appendZeroPadded(UInt64(e.magnitude), width: 2)
            }
        }
    }
}
