/// A batch's rows ordered by group — each group's rows ascending — so that an accumulator can
/// fold one group at a time in registers instead of updating per-group state row by row.
///
/// Worth it when a batch has few groups and many rows: every aggregate of the batch then
/// shares the one counting sort. Within a group the rows keep their order, so floating-point
/// sums add in exactly the sequence they would row by row.
struct GroupSegments {
    let groups: Int
    /// Group g's rows are `rows[starts[g]..<starts[g+1]]`.
    let starts: [Int32]
    let rows: [Int32]

    /// The segments of `gids` (each below `groups`), or nil when grouping row by row is as good
    /// (one group, many groups, or few rows).
    init?(_ gids: [Int32], groups: Int) {
        let n = gids.count
        guard groups >= 2, groups <= 256, n >= 16 * groups else { return nil }
        self.groups = groups
        var starts = [Int32](repeating: 0, count: groups + 1)
        var rows = [Int32](unsafeUninitializedCapacity: n) { _, count in count = n }
        gids.withUnsafeBufferPointer { gb in
            let g = gb.baseAddress!
            starts.withUnsafeMutableBufferPointer { sb in
                let s = sb.baseAddress!
                for i in 0..<n { s[Int(g[i]) &+ 1] &+= 1 }
                for k in 0..<groups { s[k &+ 1] &+= s[k] }
                withUnsafeTemporaryAllocation(of: Int32.self, capacity: groups) { fill in
                    let f = fill.baseAddress!
                    f.initialize(from: s, count: groups)
                    rows.withUnsafeMutableBufferPointer { rb in
                        let r = rb.baseAddress!
                        for i in 0..<n {
                            let k = Int(g[i])
                            r[Int(f[k])] = Int32(truncatingIfNeeded: i)
                            f[k] &+= 1
                        }
                    }
                }
            }
        }
        self.starts = starts
        self.rows = rows
    }

    /// Calls `body(g, rows)` for every group with rows.
    @inline(__always)
    func forEach(_ body: (Int, UnsafeBufferPointer<Int32>) -> Void) {
        starts.withUnsafeBufferPointer { s in
            rows.withUnsafeBufferPointer { r in
                for g in 0..<groups where s[g &+ 1] > s[g] {
                    body(g, UnsafeBufferPointer(rebasing: r[Int(s[g])..<Int(s[g &+ 1])]))
                }
            }
        }
    }

    /// Calls `body` with each of `rows` that counts under `live` (nil: all), in order.
    @inline(__always)
    static func forEachLive(_ rows: UnsafeBufferPointer<Int32>, _ live: UnsafePointer<UInt64>?, _ body: (Int) -> Void) {
        if let live {
            for r in rows {
                let i = Int(r)
                if live[i &>> 6] &>> UInt64(i & 63) & 1 != 0 { body(i) }
            }
        } else {
            for r in rows { body(Int(r)) }
        }
    }
}
