/// UTF-8 validation, repair and escaping on raw bytes, for the row formatters.
///
/// Invalid UTF-8 is replaced with U+FFFD using the standard "maximal subpart" rule (the same
/// as `String(decoding:as:)` and Python's `errors="replace"`).
enum UTF8Text {
    /// The length of the well-formed UTF-8 sequence starting at `i` (1...4), or 0 when the
    /// bytes there are not well formed (Unicode Table 3-7).
    @inline(__always)
    static func sequenceLength(_ p: UnsafeRawBufferPointer, at i: Int) -> Int {
        let b0 = p[i]
        if b0 < 0x80 { return 1 }
        let remaining = p.count &- i
        @inline(__always) func cont(_ k: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool {
            k < remaining && p[i &+ k] >= lo && p[i &+ k] <= hi
        }
        switch b0 {
        case 0xC2...0xDF:
            return cont(1) ? 2 : 0
        case 0xE0:
            return cont(1, 0xA0) && cont(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF:
            return cont(1) && cont(2) ? 3 : 0
        case 0xED:
            return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0
        case 0xF0:
            return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0
        case 0xF1...0xF3:
            return cont(1) && cont(2) && cont(3) ? 4 : 0
        case 0xF4:
            return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0
        default:
            return 0
        }
    }

    /// Whether `bytes` is well-formed UTF-8.
    static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        while i < bytes.count {
            if bytes[i] < 0x80 {
                i &+= 1
                continue
            }
            let n = sequenceLength(bytes, at: i)
            if n == 0 { return false }
            i &+= n
        }
        return true
    }

    /// Appends `bytes` with invalid UTF-8 replaced by U+FFFD.
    static func appendRepaired(_ bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        if isValid(bytes) {
            out.append(contentsOf: bytes)
        } else {
            out.append(contentsOf: String(decoding: bytes, as: UTF8.self).utf8)
        }
    }

    /// Appends `bytes` as a quoted JSON string: `"` and `\` escaped, control characters as
    /// `\n \t \r \b \f` or `\u00XX`, everything else (including non-ASCII) as UTF-8, and
    /// invalid UTF-8 replaced by U+FFFD.
    static func appendJSONString(_ bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        let start = out.count
        out.append(UInt8(ascii: "\""))
        var run = 0  // start of the pending run of bytes copied as is
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b >= 0x80 {
                let n = sequenceLength(bytes, at: i)
                if n == 0 {
                    out.removeSubrange(start...)
                    var repaired = String(decoding: bytes, as: UTF8.self)
                    repaired.withUTF8 { appendJSONString(UnsafeRawBufferPointer($0), to: &out) }
                    return
                }
                i &+= n
                continue
            }
            if b >= 0x20 && b != UInt8(ascii: "\"") && b != UInt8(ascii: "\\") {
                i &+= 1
                continue
            }
            if run < i { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[run..<i])) }
            appendEscape(b, to: &out)
            i &+= 1
            run = i
        }
        if run < bytes.count { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[run...])) }
        out.append(UInt8(ascii: "\""))
    }

    private static func appendEscape(_ b: UInt8, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\\"))
        switch b {
        case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
        case 0x0A: out.append(UInt8(ascii: "n"))
        case 0x09: out.append(UInt8(ascii: "t"))
        case 0x0D: out.append(UInt8(ascii: "r"))
        case 0x08: out.append(UInt8(ascii: "b"))
        case 0x0C: out.append(UInt8(ascii: "f"))
        default:
            let hex: StaticString = "0123456789abcdef"
            out.appendASCII("u00")
            hex.withUTF8Buffer { h in
                out.append(h[Int(b >> 4)])
                out.append(h[Int(b & 0x0F)])
            }
        }
    }

    /// Whether a CSV field with these bytes must be quoted: it is empty (to tell an empty
    /// string from null) or holds a comma, quote, CR or LF.
    static func csvNeedsQuotes(_ bytes: ArraySlice<UInt8>) -> Bool {
        if bytes.isEmpty { return true }
        for b in bytes where b == UInt8(ascii: ",") || b == UInt8(ascii: "\"") || b == 0x0A || b == 0x0D {
            return true
        }
        return false
    }

    /// Appends a CSV field in quotes with inner quotes doubled.
    static func appendCSVQuoted(_ bytes: ArraySlice<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var run = bytes.startIndex
        var i = bytes.startIndex
        while i < bytes.endIndex {
            if bytes[i] == UInt8(ascii: "\"") {
                out.append(contentsOf: bytes[run...i])
                out.append(UInt8(ascii: "\""))
                run = i + 1
            }
            i += 1
        }
        out.append(contentsOf: bytes[run..<bytes.endIndex])
        out.append(UInt8(ascii: "\""))
    }
}
