/// Text forms of decimals, shared by the row formatters, the CLI, Delta statistics and
/// partition values.
///
/// A decimal prints as its unscaled integer with a `.` inserted before the last `scale`
/// digits, always with exactly `scale` fraction digits and at least one integer digit:
/// unscaled 1230 at scale 2 is `12.30`, -5 at scale 2 is `-0.05`, 0 at scale 0 is `0`.
/// Zero never carries a sign. A negative scale (not produced by Parquet or Delta) multiplies
/// by a power of ten: 12 at scale -2 is `1200`.
public enum DecimalFormat {
    /// The text of `unscaled` × 10^-`scale`.
    public static func string(_ unscaled: Int128, scale: Int) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(42)
        append(unscaled, scale: scale, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The text of `unscaled` × 10^-`scale`.
    public static func string(_ unscaled: Int64, scale: Int) -> String {
        string(Int128(unscaled), scale: scale)
    }

    /// Appends the UTF-8 text of ``string(_:scale:)-(Int64,_)`` to `out`.
    public static func append(_ unscaled: Int64, scale: Int, to out: inout [UInt8]) {
        let start = out.count
        var emitter = Emitter(scale: scale)
        var m = unscaled.magnitude
        repeat {
            emitter.digit(UInt8(truncatingIfNeeded: m % 10), into: &out)
            m /= 10
        } while m != 0
        emitter.finish(negative: unscaled < 0, start: start, into: &out)
    }

    /// Appends the UTF-8 text of ``string(_:scale:)-(Int128,_)`` to `out`.
    public static func append(_ unscaled: Int128, scale: Int, to out: inout [UInt8]) {
        if let small = Int64(exactly: unscaled) {
            append(small, scale: scale, to: &out)
            return
        }
        let start = out.count
        var emitter = Emitter(scale: scale)
        // Split the 128-bit magnitude into 19-digit chunks so that most divisions are 64-bit.
        var m = unscaled.magnitude
        let chunkBase: UInt128 = 10_000_000_000_000_000_000
        repeat {
            let (q, r) = m.quotientAndRemainder(dividingBy: chunkBase)
            var chunk = UInt64(truncatingIfNeeded: r)
            if q == 0 {
                repeat {
                    emitter.digit(UInt8(truncatingIfNeeded: chunk % 10), into: &out)
                    chunk /= 10
                } while chunk != 0
            } else {
                for _ in 0..<19 {
                    emitter.digit(UInt8(truncatingIfNeeded: chunk % 10), into: &out)
                    chunk /= 10
                }
            }
            m = q
        } while m != 0
        emitter.finish(negative: unscaled < 0, start: start, into: &out)
    }

    /// Writes digits least significant first, inserting the point after `scale` of them; the
    /// caller reverses the bytes at the end.
    private struct Emitter {
        let scale: Int
        var emitted = 0
        var isZero = true

        init(scale: Int) {
            self.scale = scale
        }

        mutating func digit(_ d: UInt8, into out: inout [UInt8]) {
            if emitted == 0 && scale < 0 {
                out.append(contentsOf: repeatElement(48, count: -scale))
            }
            if emitted == scale && scale > 0 { out.append(UInt8(ascii: ".")) }
            out.append(48 &+ d)
            if d != 0 { isZero = false }
            emitted += 1
        }

        mutating func finish(negative: Bool, start: Int, into out: inout [UInt8]) {
            if isZero && scale < 0 {
                // 0 × 10^k is just 0.
                out.removeSubrange(start...)
                out.append(48)
                return
            }
            if scale > 0 && emitted <= scale {
                // Pad the fraction to `scale` digits, then the point and one integer zero.
                out.append(contentsOf: repeatElement(48, count: scale - emitted))
                out.append(UInt8(ascii: "."))
                out.append(48)
            }
            if negative && !isZero { out.append(UInt8(ascii: "-")) }
            out[start...].reverse()
        }
    }
}
