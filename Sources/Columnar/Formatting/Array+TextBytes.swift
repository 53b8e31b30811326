/// Appending ASCII text to a UTF-8 byte array without going through `String`.
extension Array where Element == UInt8 {
    /// Appends the bytes of an ASCII literal.
    @inline(__always)
    mutating func appendASCII(_ text: StaticString) {
        text.withUTF8Buffer { append(contentsOf: $0) }
    }

    /// Appends the decimal digits of `value`.
    mutating func appendDecimal(_ value: UInt64) {
        if value < 10 {
            append(48 &+ UInt8(truncatingIfNeeded: value))
            return
        }
        var digits = 0
        var t = value
        while t != 0 { t /= 10; digits += 1 }
        appendDigits(value, count: digits)
    }

    /// Appends `value` in decimal with a leading `-` when negative.
    mutating func appendDecimal(_ value: Int64) {
        if value < 0 { append(UInt8(ascii: "-")) }
        appendDecimal(value.magnitude)
    }

    /// Appends the decimal digits of `value`, left-padded with zeros to at least `width` digits.
    mutating func appendZeroPadded(_ value: UInt64, width: Int) {
        var digits = 1
        var t = value / 10
        while t != 0 { t /= 10; digits += 1 }
        appendDigits(value, count: Swift.max(digits, width))
    }

    /// Appends exactly `count` digits of `value` (the low ones, zero-padded on the left).
    private mutating func appendDigits(_ value: UInt64, count digits: Int) {
        let start = count
        append(contentsOf: repeatElement(48, count: digits))
        withUnsafeMutableBufferPointer { p in
            var n = value
            var i = start &+ digits &- 1
            while n != 0 && i >= start {
                p[i] = 48 &+ UInt8(truncatingIfNeeded: n % 10)
                n /= 10
                i &-= 1
            }
        }
    }
}
