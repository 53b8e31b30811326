extension BitVector {
    /// Bitwise AND of two vectors of one length; nil stands for all-set (no nulls).
    public static func and(_ a: BitVector?, _ b: BitVector?) -> BitVector? {
        guard let a else { return b }
        guard let b else { return a }
        precondition(a.count == b.count, "BitVector.and: lengths differ")
        var out = a
        b.words.withUnsafeBufferPointer(as: UInt64.self) { bw in
            out._words.withUnsafeMutableBufferPointer(as: UInt64.self) { ow in
                for i in 0..<a.wordCount { ow[i] &= bw[i] }
            }
        }
        return out
    }

    /// Bitwise OR of two vectors of one length; nil stands for all-set.
    public static func or(_ a: BitVector?, _ b: BitVector?) -> BitVector? {
        guard let a, let b else { return nil }
        precondition(a.count == b.count, "BitVector.or: lengths differ")
        var out = a
        b.words.withUnsafeBufferPointer(as: UInt64.self) { bw in
            out._words.withUnsafeMutableBufferPointer(as: UInt64.self) { ow in
                for i in 0..<a.wordCount { ow[i] |= bw[i] }
            }
        }
        return out
    }

    /// A vector from one byte per bit (non-zero = set).
    public init(bytes: UnsafeBufferPointer<UInt8>) {
        self.init(capacity: bytes.count)
        append(nonZero: bytes)
    }

    /// Calls `body` with the index of every set bit, in order.
    @inlinable
    public func forEachSetBit(_ body: (Int) throws -> Void) rethrows {
        try words.withUnsafeBufferPointer(as: UInt64.self) { w in
            for k in 0..<wordCount {
                var word = w[k]
                while word != 0 {
                    let bit = word.trailingZeroBitCount
                    try body(k &<< 6 &+ bit)
                    word &= word &- 1
                }
            }
        }
    }
}
