/// A packed vector of bits, least significant bit first (Arrow's validity-bitmap layout).
///
/// Columns use it for validity: bit `i` set means row `i` holds a value, clear means null.
public struct BitVector: Sendable, Equatable {
    @usableFromInline var _words: Buffer
    @usableFromInline var _count: Int
    /// Storage words (`UInt64`, little-endian bit order); bits past ``count`` are always zero.
    @inlinable public var words: Buffer { _words }
    /// Number of bits.
    @inlinable public var count: Int { _count }

    /// An empty vector with room for `capacity` bits.
    public init(capacity: Int = 0) {
        _words = Buffer(capacity: ((capacity + 63) / 64) * 8)
        _count = 0
    }

    /// A vector of `count` bits all equal to `value`.
    public init(repeating value: Bool, count: Int) {
        let wordCount = (count + 63) / 64
        _words = Buffer(zeroed: wordCount * 8)
        self._count = count
        if value {
            _words.withUnsafeMutableBufferPointer(as: UInt64.self) { w in
                for i in 0..<wordCount { w[i] = ~0 }
            }
            clearTail()
        }
    }

    /// A vector holding `bools`.
    public init<S: Sequence>(_ bools: S) where S.Element == Bool {
        self.init()
        for b in bools { append(b) }
    }

    @inlinable
    var wordCount: Int { (count &+ 63) >> 6 }

    mutating func clearTail() {
        let rem = count & 63
        guard rem != 0 else { return }
        let last = wordCount - 1
        _words.withUnsafeMutableBufferPointer(as: UInt64.self) { w in
            w[last] &= (UInt64(1) << UInt64(rem)) &- 1
        }
    }

    /// The bit at `index`.
    @inlinable
    public subscript(index: Int) -> Bool {
        get {
            precondition(index >= 0 && index < count, "BitVector index out of range")
            return words.load(index >> 6, as: UInt64.self) & (UInt64(1) << UInt64(index & 63)) != 0
        }
        set {
            precondition(index >= 0 && index < count, "BitVector index out of range")
            _words.withUnsafeMutableBufferPointer(as: UInt64.self) { w in
                let bit = UInt64(1) << UInt64(index & 63)
                if newValue { w[index >> 6] |= bit } else { w[index >> 6] &= ~bit }
            }
        }
    }

    /// Appends one bit.
    @inlinable
    public mutating func append(_ bit: Bool) {
        if count & 63 == 0 { _words.append(UInt64(0)) }
        if bit {
            let i = count
            _words.withUnsafeMutableBufferPointer(as: UInt64.self) { w in
                w[i >> 6] |= UInt64(1) << UInt64(i & 63)
            }
        }
        _count &+= 1
    }

    /// Appends `n` copies of `bit`.
    public mutating func append(repeating bit: Bool, count n: Int) {
        guard n > 0 else { return }
        let start = count
        let newCount = count + n
        let needWords = (newCount + 63) >> 6
        let haveWords = words.count / 8
        if needWords > haveWords { _words.appendZeros((needWords - haveWords) * 8) }
        _count = newCount
        guard bit else { return }
        _words.withUnsafeMutableBufferPointer(as: UInt64.self) { w in
            var i = start
            while i < newCount && i & 63 != 0 { w[i >> 6] |= UInt64(1) << UInt64(i & 63); i += 1 }
            while i + 64 <= newCount { w[i >> 6] = ~0; i += 64 }
            while i < newCount { w[i >> 6] |= UInt64(1) << UInt64(i & 63); i += 1 }
        }
    }

    /// Appends `n` bits where bit `k` is `bytes[k] != 0`.
    public mutating func append(nonZero bytes: UnsafeBufferPointer<UInt8>) {
        let n = bytes.count
        guard n > 0 else { return }
        let start = count
        let newCount = count + n
        let needWords = (newCount + 63) >> 6
        let haveWords = words.count / 8
        if needWords > haveWords { _words.appendZeros((needWords - haveWords) * 8) }
        _count = newCount
        _words.withUnsafeMutableBufferPointer(as: UInt64.self) { w in
            for k in 0..<n where bytes[k] != 0 {
                let i = start &+ k
                w[i >> 6] |= UInt64(1) << UInt64(i & 63)
            }
        }
    }

    /// Appends the bits of another vector.
    public mutating func append(contentsOf other: BitVector) {
        if count & 63 == 0 {
            _words.truncate(to: wordCount * 8)
            other.words.withUnsafeBytes { _words.append(bytes: UnsafeRawBufferPointer(rebasing: $0[0..<(other.wordCount * 8)])) }
            _count += other.count
            return
        }
        for i in 0..<other.count { append(other[i]) }
    }

    /// Number of set bits.
    public var nonzeroBitCount: Int {
        words.withUnsafeBufferPointer(as: UInt64.self) { w in
            var total = 0
            for i in 0..<wordCount { total &+= w[i].nonzeroBitCount }
            return total
        }
    }

    /// True when every bit is set.
    public var allSet: Bool { nonzeroBitCount == count }

    /// Removes all bits.
    public mutating func removeAll() {
        _words.removeAll()
        _count = 0
    }

    /// The bits `range` as a new vector.
    public func slice(_ range: Range<Int>) -> BitVector {
        var out = BitVector(capacity: range.count)
        if range.lowerBound & 63 == 0 {
            let firstWord = range.lowerBound >> 6
            let n = (range.count + 63) >> 6
            words.withUnsafeBytes { out._words.append(bytes: UnsafeRawBufferPointer(rebasing: $0[(firstWord * 8)..<((firstWord + n) * 8)])) }
            out._count = range.count
            out.clearTail()
            return out
        }
        for i in range { out.append(self[i]) }
        return out
    }
}
