/// UTF-8 checks for text going into string columns (which must hold valid UTF-8): a fast
/// ASCII test, a validator, and repair that replaces each maximal invalid subsequence with
/// U+FFFD (the rule of `String(decoding:as:)` and Python's `errors="replace"`).
enum UTF8Repair {
    /// Whether all `n` bytes at `p` are ASCII.
    @inline(__always)
    static func isASCII(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var i = 0
        var acc: UInt64 = 0
        let raw = UnsafeRawPointer(p)
        while i &+ 8 <= n {
            acc |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i &+= 8
        }
        while i < n {
            acc |= UInt64(p[i])
            i &+= 1
        }
        return acc & 0x8080_8080_8080_8080 == 0
    }

    /// Whether the `n` bytes at `p` are well-formed UTF-8.
    static func isValid(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var i = 0
        while i < n {
            let b0 = p[i]
            if b0 < 0x80 { i &+= 1; continue }
            @inline(__always) func cont(_ k: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool {
                i &+ k < n && p[i &+ k] >= lo && p[i &+ k] <= hi
            }
            let length: Int
            switch b0 {
            case 0xC2...0xDF: length = cont(1) ? 2 : 0
            case 0xE0: length = cont(1, 0xA0) && cont(2) ? 3 : 0
            case 0xE1...0xEC, 0xEE...0xEF: length = cont(1) && cont(2) ? 3 : 0
            case 0xED: length = cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0
            case 0xF0: length = cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0
            case 0xF1...0xF3: length = cont(1) && cont(2) && cont(3) ? 4 : 0
            case 0xF4: length = cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0
            default: length = 0
            }
            if length == 0 { return false }
            i &+= length
        }
        return true
    }

    /// The bytes with every invalid sequence replaced by U+FFFD.
    static func repaired(_ p: UnsafePointer<UInt8>, _ n: Int) -> [UInt8] {
        Array(String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self).utf8)
    }

    /// `bytes` as a String, invalid sequences replaced by U+FFFD.
    static func string(_ p: UnsafePointer<UInt8>, _ n: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }
}
