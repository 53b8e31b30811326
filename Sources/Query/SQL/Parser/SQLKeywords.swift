/// Keyword tables of the SQL dialect, and the edit distance used for "did you mean" hints.
enum SQLKeywords {
    /// Words that can never be a bare identifier or an implicit alias (backquote them to use
    /// them as names). Everything else, including `date`, `year`, `key`, `value`, `version`,
    /// `comment`, `timestamp`, is usable as a name where the grammar allows a name.
    static let reserved: Set<String> = [
        "ALL", "AND", "ANTI", "AS", "BETWEEN", "CASE", "CROSS", "DISTINCT", "DIV", "ELSE", "END", "ESCAPE",
        "EXCEPT", "FALSE", "FOR", "FROM", "FULL", "GROUP", "HAVING", "ILIKE", "IN", "INNER", "INTERSECT", "IS",
        "JOIN", "LATERAL", "LEFT", "LIKE", "LIMIT", "MINUS", "NATURAL", "NOT", "NULL", "OFFSET", "ON", "OR",
        "ORDER", "OUTER", "QUALIFY", "RIGHT", "RLIKE", "SELECT", "SEMI", "THEN", "TRUE", "UNION", "USING",
        "WHEN", "WHERE", "WINDOW", "WITH",
    ]

    /// Non-reserved words that start special syntax in an expression (typed literals, special
    /// forms, parameterless functions). Printing backquotes identifiers with these names.
    static let expressionStarters: Set<String> = [
        "DATE", "TIMESTAMP", "TIMESTAMP_NTZ", "TIMESTAMP_LTZ", "INTERVAL", "CAST", "TRY_CAST", "EXTRACT",
        "EXISTS", "VALUES", "CURRENT_DATE", "CURRENT_TIMESTAMP", "CURRENT_USER",
    ]

    /// Words that cannot be an implicit (no `AS`) table alias, besides the reserved ones,
    /// because they continue the statement after a table name.
    static let notTableAliases: Set<String> = ["SET", "TABLESAMPLE", "PIVOT", "UNPIVOT", "WHEN"]

    /// Reserved words that may still name a function when followed by `(`.
    static let reservedFunctionNames: Set<String> = ["LEFT", "RIGHT"]

    /// Functions written without parentheses.
    static let parameterlessFunctions: Set<String> = ["CURRENT_DATE", "CURRENT_TIMESTAMP", "CURRENT_USER"]

    /// Whether an identifier with this name must be backquoted when printed.
    static func needsQuoting(_ name: String) -> Bool {
        guard let first = name.utf8.first, isIdentifierStart(first) else { return true }
        for b in name.utf8 where !(isIdentifierPart(b) && b < 0x80) { return true }
        let upper = name.uppercased()
        return reserved.contains(upper) || expressionStarters.contains(upper)
    }

    /// ASCII letters and `_` (and any non-ASCII byte) start an unquoted identifier.
    @inline(__always)
    static func isIdentifierStart(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b >= 0x80
    }

    /// Letters, digits, `_` (and non-ASCII bytes) continue an unquoted identifier.
    @inline(__always)
    static func isIdentifierPart(_ b: UInt8) -> Bool {
        isIdentifierStart(b) || (b >= 0x30 && b <= 0x39)
    }

    /// The optimal-string-alignment distance (Levenshtein plus adjacent transpositions) between
    /// two short ASCII words, or a large number when they are too different in length.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a.utf8), y = Array(b.utf8)
        if abs(x.count - y.count) > 2 || x.count > 40 || y.count > 40 { return 99 }
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                var v = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { v = min(v, d[i - 2][j - 2] + 1) }
                d[i][j] = v
            }
        }
        return d[x.count][y.count]
    }

    /// The candidate closest to `word` (uppercased) when it is close enough to be a likely
    /// misspelling: one edit for words up to 5 letters, two for longer ones.
    static func suggestion(for word: String, among candidates: [String]) -> String? {
        let upper = word.uppercased()
        guard upper.count >= 2 else { return nil }
        let limit = upper.count <= 5 ? 1 : 2
        var best: (String, Int)?
        for c in candidates where c != upper {
            let d = editDistance(upper, c)
            if d <= limit, best == nil || d < best!.1 { best = (c, d) }
        }
        return best?.0
    }
}
