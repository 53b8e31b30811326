extension RoaringBitmapArray {
    /// Fills `mask` with the selection for rows `start ..< start + mask.count` of a data file:
    /// `mask[i]` becomes 1 when row `start + i` survives and 0 when it is deleted.
    ///
    /// Returns the number of surviving rows (the number of 1s written). Costs one pass over the
    /// mask plus the deleted rows in the range; containers outside the range are not touched.
    @discardableResult
    public func fillSelection(start: UInt64, into mask: UnsafeMutableBufferPointer<UInt8>) -> Int {
        guard let base = mask.baseAddress, mask.count > 0 else { return 0 }
        base.update(repeating: 1, count: mask.count)
        var deleted = 0
        forEachDeletedRun(start: start, count: mask.count) { offset, length in
            (base + offset).update(repeating: 0, count: length)
            deleted &+= length
        }
        return mask.count - deleted
    }

    /// The positions, relative to `start`, of the rows in `start ..< start + count` that survive
    /// (are not in the set), ascending — the indices to gather from a batch of `count` rows read
    /// from row `start` of the data file.
    ///
    /// - Precondition: `0 <= count <= Int32.max + 1`, so every position fits in `Int32`.
    public func survivingIndices(start: UInt64, count: Int) -> [Int32] {
        precondition(count >= 0 && count <= Int(Int32.max) + 1, "a batch for survivingIndices holds at most 2^31 rows")
        var indices: [Int32] = []
        guard count > 0 else { return indices }
        let deleted = deletedCount(in: start..<start.addingClamped(count))
        indices.reserveCapacity(count - Int(deleted))
        var next = 0
        forEachDeletedRun(start: start, count: count) { offset, length in
            if next < offset { indices.append(contentsOf: Int32(next)..<Int32(offset)) }
            next = offset + length
        }
        if next < count { indices.append(contentsOf: Int32(next)..<Int32(count)) }
        return indices
    }

    /// The number of rows of `rows` that are in the set (deleted).
    public func deletedCount(in rows: Range<UInt64>) -> UInt64 {
        guard !rows.isEmpty, !containers.isEmpty else { return 0 }
        var total: UInt64 = 0
        let keyLow = rows.lowerBound >> 16
        let keyHigh = (rows.upperBound - 1) >> 16
        var c = firstContainer(atOrAbove: keyLow)
        while c < containers.count {
            let container = containers[c]
            guard container.key <= keyHigh else { break }
            let base = container.key << 16
            if rows.lowerBound <= base && rows.upperBound - base >= 65536 {
                total += UInt64(container.cardinality)
            } else {
                forEachDeletedRun(in: container, base: base, start: rows.lowerBound, end: rows.upperBound) { _, length in
                    total += UInt64(length)
                }
            }
            c += 1
        }
        return total
    }

    /// Calls `body(offset, length)` for each maximal-within-a-word run of deleted rows in
    /// `start ..< start + count`, in ascending order, with offsets relative to `start`.
    @inline(__always)
    func forEachDeletedRun(start: UInt64, count: Int, _ body: (_ offset: Int, _ length: Int) -> Void) {
        guard count > 0, !containers.isEmpty else { return }
        let end = start.addingClamped(count)
        guard start < end else { return }
        let keyHigh = (end - 1) >> 16
        var c = firstContainer(atOrAbove: start >> 16)
        while c < containers.count {
            let container = containers[c]
            guard container.key <= keyHigh else { break }
            forEachDeletedRun(in: container, base: container.key << 16, start: start, end: end, body)
            c += 1
        }
    }

    /// Calls `body(offset, length)` for the deleted rows of one container that fall in
    /// `start ..< end`, offsets relative to `start`. The container must overlap the range.
    @inline(__always)
    func forEachDeletedRun(in container: Container, base: UInt64, start: UInt64, end: UInt64, _ body: (_ offset: Int, _ length: Int) -> Void) {
        // The container's slice of the range, as low 16-bit bounds [low, high).
        let low = start > base ? Int(start - base) : 0
        let high = end - base >= 65536 ? 65536 : Int(end - base)
        guard low < high else { return }
        // Offset of low value `v` (>= low) relative to `start`.
        let shift = Int(bitPattern: UInt(truncatingIfNeeded: base &- start))
        values.withUnsafeBufferPointer { values in
            switch container.kind {
            case .array:
                var lo = container.start, hi = container.start + container.count
                while lo < hi {
                    let mid = (lo + hi) >> 1
                    if Int(values[mid]) < low { lo = mid + 1 } else { hi = mid }
                }
                let stop = container.start + container.count
                while lo < stop {
                    let v = Int(values[lo])
                    if v >= high { break }
                    body(shift &+ v, 1)
                    lo += 1
                }
            case .run:
                // First run that could reach `low`: the last one starting at or before it.
                var lo = 0, hi = container.count
                while lo < hi {
                    let mid = (lo + hi) >> 1
                    if Int(values[container.start + 2 * mid]) <= low { lo = mid + 1 } else { hi = mid }
                }
                var r = lo > 0 ? lo - 1 : 0
                while r < container.count {
                    let runStart = Int(values[container.start + 2 * r])
                    if runStart >= high { break }
                    let runEnd = runStart + Int(values[container.start + 2 * r + 1]) + 1
                    let a = Swift.max(runStart, low), b = Swift.min(runEnd, high)
                    if a < b { body(shift &+ a, b - a) }
                    r += 1
                }
            case .bitmap:
                words.withUnsafeBufferPointer { words in
                    let firstWord = low >> 6, lastWord = (high - 1) >> 6
                    for w in firstWord...lastWord {
                        var word = words[container.start + w]
                        if w == firstWord { word &= ~0 << UInt64(low & 63) }
                        if w == lastWord {
                            let top = high - w * 64
                            if top < 64 { word &= (UInt64(1) << UInt64(top)) &- 1 }
                        }
                        while word != 0 {
                            let zeros = word.trailingZeroBitCount
                            let ones = (~(word >> UInt64(zeros))).trailingZeroBitCount
                            body(shift &+ (w * 64 + zeros), ones)
                            if ones >= 64 { word = 0 } else { word &= ~(((UInt64(1) << UInt64(ones)) &- 1) << UInt64(zeros)) }
                        }
                    }
                }
            }
        }
    }
}

extension UInt64 {
    /// `self + count`, or `UInt64.max` when that overflows.
    @inline(__always)
    func addingClamped(_ count: Int) -> UInt64 {
        let (sum, overflow) = addingReportingOverflow(UInt64(count))
        return overflow ? .max : sum
    }
}
