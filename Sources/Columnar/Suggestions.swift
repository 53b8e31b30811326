/// "Did you mean ...?" hints: the known name closest to a misspelt one, shared by every
/// module's error messages (columns, tables, functions, job fields, datasets).
public enum Suggestions {
    /// The Levenshtein distance between `a` and `b`, ignoring case.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.lowercased()), b = Array(b.lowercased())
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var previous = row[0]
            row[0] = i
            for j in 1...b.count {
                let old = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = old
            }
        }
        return row[b.count]
    }

    /// The candidate closest to `name` when it is close enough to be a likely misspelling (at
    /// most two edits, or a third of the name's length for long names); ties go to the first
    /// in alphabetical order, so the hint does not depend on the candidates' order.
    public static func nearest(_ name: String, _ candidates: [String]) -> String? {
        var best: (name: String, distance: Int)?
        for c in candidates {
            let d = distance(name, c)
            if best == nil || d < best!.distance || (d == best!.distance && c < best!.name) { best = (c, d) }
        }
        guard let best, best.distance <= max(2, name.count / 3) else { return nil }
        return best.name
    }
}
