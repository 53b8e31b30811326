#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Columnar

extension Column {
    /// The rows `rows` (ascending or not, each in range) in that order — what ``gather(_:)``
    /// returns, built with typed loops over raw pointers: fixed-width values, byte strings
    /// (short ones copied a word at a time) and validity a 64-row word at a time. Nested
    /// columns use ``gather(_:)``.
    func filtered(_ rows: [Int32]) -> Column {
        rows.withUnsafeBufferPointer { filtered($0) }
    }

    /// See ``filtered(_:)-([Int32])``.
    func filtered(_ rows: UnsafeBufferPointer<Int32>) -> Column {
        let n = rows.count
        guard n > 0, let idx = rows.baseAddress else { return gather(rows) }
        if type.isNested { return gather(rows) }
        let validity = self.validity.flatMap { Self.filteredValidity($0, idx, n) }
        if let width = type.fixedWidth {
            var out = Buffer(capacity: n * width)
            let raw = out.appendUninitialized(n * width)
            values.withUnsafeBytes { src in
                let base = src.baseAddress!
                switch width {
                case 1: Self.pick(base.assumingMemoryBound(to: UInt8.self), idx, n, raw.assumingMemoryBound(to: UInt8.self))
                case 2: Self.pick(base.assumingMemoryBound(to: UInt16.self), idx, n, raw.assumingMemoryBound(to: UInt16.self))
                case 4: Self.pick(base.assumingMemoryBound(to: UInt32.self), idx, n, raw.assumingMemoryBound(to: UInt32.self))
                case 8: Self.pick(base.assumingMemoryBound(to: UInt64.self), idx, n, raw.assumingMemoryBound(to: UInt64.self))
                default: Self.pick(base.assumingMemoryBound(to: UInt128.self), idx, n, raw.assumingMemoryBound(to: UInt128.self))
                }
            }
            return Column(type: type, count: n, validity: validity, values: out)
        }
        // Byte strings: offsets first, then the bytes, a run of consecutive rows at a time (a
        // selective filter keeps long runs: one copy each).
        var newOffsets = Buffer(capacity: (n + 1) * 4)
        let o = newOffsets.appendUninitialized((n + 1) * 4).assumingMemoryBound(to: Int32.self)
        var newValues = Buffer()
        offsets.withUnsafeBufferPointer(as: Int32.self) { offs in
            let src = offs.baseAddress!
            var total = 0
            o[0] = 0
            Self.forEachRun(idx, n) { k, r0, length in
                let first = Int(src[r0])
                for j in 0..<length { o[k &+ j &+ 1] = Int32(truncatingIfNeeded: total &+ Int(src[r0 &+ j &+ 1]) &- first) }
                total &+= Int(src[r0 &+ length]) &- first
            }
            // A word of slack so short strings are copied as whole words.
            newValues = Buffer(capacity: total + 8)
            let dst = newValues.appendUninitialized(total)
            values.withUnsafeBytes { bytes in
                let base = bytes.baseAddress!, readable = bytes.count
                Self.forEachRun(idx, n) { k, r0, length in
                    let from = Int(src[r0]), size = Int(o[k &+ length]) &- Int(o[k])
                    let to = dst + Int(o[k])
                    if size <= 8 && from &+ 8 <= readable {
                        to.storeBytes(of: (base + from).loadUnaligned(as: UInt64.self), as: UInt64.self)
                    } else if size > 0 {
                        memcpy(to, base + from, size)
                    }
                }
            }
        }
        return Column(type: type, count: n, validity: validity, values: newValues, offsets: newOffsets)
    }

    /// Calls `body(k, row, length)` for every run of consecutive rows: `idx[k..<k+length]` is
    /// `row..<row+length`.
    @inline(__always)
    static func forEachRun(_ idx: UnsafePointer<Int32>, _ n: Int, _ body: (Int, Int, Int) -> Void) {
        var k = 0
        while k < n {
            let r0 = Int(idx[k])
            var end = k &+ 1
            while end < n && Int(idx[end]) == r0 &+ (end &- k) { end &+= 1 }
            body(k, r0, end &- k)
            k = end
        }
    }

    @inline(__always)
    static func pick<T>(_ src: UnsafePointer<T>, _ idx: UnsafePointer<Int32>, _ n: Int, _ dst: UnsafeMutablePointer<T>) {
        for k in 0..<n { dst[k] = src[Int(idx[k])] }
    }

    /// The validity of the picked rows, or nil when all are valid.
    static func filteredValidity(_ v: BitVector, _ idx: UnsafePointer<Int32>, _ n: Int) -> BitVector? {
        let wordCount = (n + 63) >> 6
        var words = [UInt64](repeating: 0, count: wordCount)
        var allSet = true
        v.words.withUnsafeBufferPointer(as: UInt64.self) { w in
            words.withUnsafeMutableBufferPointer { out in
                var k = 0
                for word in 0..<wordCount {
                    var bits: UInt64 = 0
                    let end = min(n, k + 64)
                    var b: UInt64 = 0
                    while k < end {
                        let i = Int(idx[k])
                        bits |= ((w[i &>> 6] &>> UInt64(i & 63)) & 1) &<< b
                        b &+= 1
                        k &+= 1
                    }
                    out[word] = bits
                    if bits != (b == 64 ? ~0 : (1 << b) &- 1) { allSet = false }
                }
            }
        }
        if allSet { return nil }
        // Clearing the nulls only: a bit at a time, but only where there is one.
        var out = BitVector(repeating: true, count: n)
        words.withUnsafeBufferPointer { w in
            for word in 0..<wordCount {
                var missing = ~w[word]
                if word == wordCount - 1 && n & 63 != 0 { missing &= (1 << UInt64(n & 63)) &- 1 }
                while missing != 0 {
                    out[word << 6 + missing.trailingZeroBitCount] = false
                    missing &= missing &- 1
                }
            }
        }
        return out
    }
}
