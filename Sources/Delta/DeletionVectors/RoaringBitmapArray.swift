/// A set of 64-bit row indexes read from a Delta deletion vector: the rows of one data file that
/// are deleted.
///
/// Delta serializes the set as a 64-bit Roaring bitmap ("RoaringBitmapArray" in the Delta
/// protocol's Deletion Vector Format): buckets keyed by the high 32 bits, each a standard 32-bit
/// Roaring bitmap made of 16-bit containers (array, bitmap or run). This type keeps the containers
/// as read, flattened into one sorted list keyed by the high 48 bits of the row, so lookups and
/// range queries never expand the set.
///
/// Create one with ``init(serialized:)`` or ``DeletionVectorDescriptor/load(tableRoot:)``. For a
/// scan, ``fillSelection(start:into:)``, ``survivingIndices(start:count:)`` and
/// ``deletedCount(in:)`` answer for a range of rows at a time.
public struct RoaringBitmapArray: Sendable, Sequence {
    /// How a container stores its low 16 bits.
    enum Kind: UInt8, Sendable {
        /// Sorted distinct values in ``RoaringBitmapArray/values``.
        case array
        /// 1024 words (65536 bits) in ``RoaringBitmapArray/words``.
        case bitmap
        /// `(start, length - 1)` pairs in ``RoaringBitmapArray/values``.
        case run
    }

    /// One 16-bit container.
    struct Container: Sendable {
        /// The high 48 bits shared by every row in the container (`row >> 16`).
        var key: UInt64
        /// How the low 16 bits are stored.
        var kind: Kind
        /// Index of the first value (array, run) or word (bitmap) of this container.
        var start: Int
        /// Number of values (array), runs (run) or words (bitmap, always 1024).
        var count: Int
        /// Number of rows in the container (1...65536).
        var cardinality: Int
    }

    /// Containers in ascending key order.
    var containers: [Container] = []
    /// Array-container values and run-container `(start, length - 1)` pairs.
    var values: [UInt16] = []
    /// Bitmap-container words, least significant bit first.
    var words: [UInt64] = []
    /// Number of rows in the set.
    public internal(set) var cardinality: UInt64 = 0

    /// An empty set.
    public init() {}

    /// Whether the set holds no rows.
    public var isEmpty: Bool { cardinality == 0 }

    /// Whether `row` is in the set (is deleted).
    public func contains(_ row: UInt64) -> Bool {
        guard let c = containerIndex(key: row >> 16) else { return false }
        let container = containers[c]
        let low = UInt16(truncatingIfNeeded: row)
        switch container.kind {
        case .array:
            var lo = container.start, hi = container.start + container.count
            while lo < hi {
                let mid = (lo + hi) >> 1
                let v = values[mid]
                if v == low { return true }
                if v < low { lo = mid + 1 } else { hi = mid }
            }
            return false
        case .bitmap:
            return words[container.start + Int(low >> 6)] >> UInt64(low & 63) & 1 == 1
        case .run:
            // The last run starting at or before `low`.
            var lo = 0, hi = container.count
            while lo < hi {
                let mid = (lo + hi) >> 1
                if values[container.start + 2 * mid] <= low { lo = mid + 1 } else { hi = mid }
            }
            guard lo > 0 else { return false }
            let runStart = Int(values[container.start + 2 * (lo - 1)])
            let runLast = runStart + Int(values[container.start + 2 * (lo - 1) + 1])
            return Int(low) <= runLast
        }
    }

    /// Index of the container with `key`, if there is one.
    func containerIndex(key: UInt64) -> Int? {
        let c = firstContainer(atOrAbove: key)
        return c < containers.count && containers[c].key == key ? c : nil
    }

    /// Index of the first container whose key is at least `key` (`containers.count` if none).
    func firstContainer(atOrAbove key: UInt64) -> Int {
        var lo = 0, hi = containers.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if containers[mid].key < key { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// An iterator over the rows in ascending order.
    public func makeIterator() -> Iterator {
        Iterator(containers: containers, values: values, words: words)
    }

    /// Iterates the rows of a ``RoaringBitmapArray`` in ascending order.
    public struct Iterator: IteratorProtocol {
        let containers: [Container]
        let values: [UInt16]
        let words: [UInt64]
        /// Current container.
        var c = 0
        /// Next value (array), run (run) or word (bitmap) index within the container.
        var i = 0
        /// Next offset within the current run.
        var runOffset = 0
        /// Bits of the current bitmap word not yet returned.
        var word: UInt64 = 0
        /// Index of the current bitmap word within its container.
        var wordIndex = 0

        /// The next row, or `nil` when the set is exhausted.
        public mutating func next() -> UInt64? {
            while c < containers.count {
                let container = containers[c]
                let base = container.key << 16
                switch container.kind {
                case .array:
                    if i < container.count {
                        i += 1
                        return base | UInt64(values[container.start + i - 1])
                    }
                case .run:
                    while i < container.count {
                        let length = Int(values[container.start + 2 * i + 1])
                        if runOffset <= length {
                            runOffset += 1
                            return base | UInt64(Int(values[container.start + 2 * i]) + runOffset - 1)
                        }
                        i += 1
                        runOffset = 0
                    }
                case .bitmap:
                    while word == 0 && i < container.count {
                        word = words[container.start + i]
                        wordIndex = i
                        i += 1
                    }
                    if word != 0 {
                        let bit = word.trailingZeroBitCount
                        word &= word &- 1
                        return base | UInt64(wordIndex * 64 + bit)
                    }
                }
                c += 1
                i = 0
                runOffset = 0
                word = 0
            }
            return nil
        }
    }

    /// The number of rows in the set (for `Sequence` consumers).
    public var underestimatedCount: Int { cardinality > UInt64(Int.max) ? Int.max : Int(cardinality) }
}
