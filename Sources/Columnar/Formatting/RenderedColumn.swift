/// The text of every row of one column, back to back: row `i` is
/// `bytes[offsets[i]..<offsets[i + 1]]`.
struct RenderedColumn {
    /// UTF-8 text of all rows.
    var bytes: [UInt8] = []
    /// `count + 1` byte offsets; the first is 0.
    var offsets: [Int] = [0]

    /// Number of rows.
    var count: Int { offsets.count - 1 }

    /// The text of row `i`.
    @inline(__always)
    subscript(i: Int) -> ArraySlice<UInt8> {
        bytes[offsets[i]..<offsets[i &+ 1]]
    }

    /// Empties the column, keeping its allocations.
    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        offsets.removeAll(keepingCapacity: true)
        offsets.append(0)
    }

    /// Ends the current row.
    @inline(__always)
    mutating func endRow() {
        offsets.append(bytes.count)
    }
}
