/// Correctly rounded conversion of decimal text to `Double` without going through a C library:
/// Clinger's exact fast path, then the Eisel–Lemire algorithm on a 128-bit power-of-five table
/// (``PowersOfFive``), then — for more than 19 significant digits or subnormal results — the
/// standard library's parser.
enum DecimalToDouble {
    /// `10^0 ... 10^22`, each exactly representable as a `Double`.
    @usableFromInline
    static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// The value `w × 10^q` correctly rounded (ties to even), or nil when this fast method
    /// cannot decide (subnormal results); `w` must be the exact decimal significand.
    @inline(__always)
    static func value(significand w: UInt64, exponent q: Int) -> Double? {
        if w == 0 { return 0 }
        if w <= 1 << 53 && q >= -22 && q <= 22 {
            let d = Double(w)
            return exactPowersOfTen.withUnsafeBufferPointer { p in q < 0 ? d / p[-q] : d * p[q] }
        }
        if q < PowersOfFive.minExponent { return 0 }
        if q > PowersOfFive.maxExponent { return .infinity }
        return eiselLemire(w, q)
    }

    /// The Eisel–Lemire step: multiplies the normalized significand by the truncated 128-bit
    /// power of five and reads off 53 bits, handling the exact-halfway case; nil for subnormals.
    @inline(__always)
    static func eiselLemire(_ w: UInt64, _ q: Int) -> Double? {
        let lz = w.leadingZeroBitCount
        let ws = w << UInt64(lz)
        let index = (q - PowersOfFive.minExponent) * 2
        let (high, low) = PowersOfFive.table.withUnsafeBufferPointer { t in (t[index], t[index + 1]) }
        var (hi, lo) = ws.multipliedFullWidth(by: high)
        if hi & 0x1FF == 0x1FF {
            let (hi2, _) = ws.multipliedFullWidth(by: low)
            let (sum, carry) = lo.addingReportingOverflow(hi2)
            lo = sum
            if carry { hi &+= 1 }
        }
        let upper = Int(hi >> 63)
        let shift = UInt64(upper + 9)
        var mantissa = hi >> shift
        var power2 = ((217_706 * q) >> 16) + 63 + upper - lz + 1023
        if power2 <= 0 { return nil }
        if lo <= 1 && q >= -4 && q <= 23 && mantissa & 3 == 1 && (mantissa << shift) == hi {
            mantissa &= ~1
        }
        mantissa &+= mantissa & 1
        mantissa >>= 1
        if mantissa >= 1 << 53 {
            mantissa = 1 << 52
            power2 += 1
        }
        mantissa &= ~(1 << 52)
        if power2 >= 0x7FF { return .infinity }
        return Double(bitPattern: mantissa | UInt64(power2) << 52)
    }

    /// The slow path: rebuilds the number as `digits` `e` `exponent` text and lets the standard
    /// library round it (any number of digits, subnormals).
    static func slowValue(_ p: UnsafePointer<UInt8>, digits: [Range<Int>], exponent: Int, negative: Bool) -> Double? {
        var text = negative ? "-" : ""
        for r in digits {
            text += String(decoding: UnsafeBufferPointer(start: p + r.lowerBound, count: r.count), as: UTF8.self)
        }
        if text.isEmpty || text == "-" { text += "0" }
        text += "e\(exponent)"
        return Double(text)
    }
}
