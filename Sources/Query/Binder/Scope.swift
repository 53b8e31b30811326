import Columnar

/// The columns visible at one point of a query: the output of a plan node, each with the table
/// alias it can be qualified by.
struct Scope {
    struct Entry {
        /// The table alias (lowercased) that qualifies the column, if any.
        var qualifier: String?
        var name: String
        var type: DataType
        var nullable: Bool
        /// Not found by unqualified name (the right copy of a USING column).
        var hidden = false
    }

    var entries: [Entry]

    init(_ entries: [Entry]) {
        self.entries = entries
    }

    /// The columns of `schema`, qualified by `alias`.
    init(schema: Schema, alias: String?) {
        entries = schema.fields.map { Entry(qualifier: alias?.lowercased(), name: $0.name, type: $0.type, nullable: $0.nullable) }
    }

    var schema: Schema { Schema(entries.map { Field($0.name, $0.type, nullable: $0.nullable) }) }

    /// Resolves a (possibly qualified, possibly field-accessing) name: the column index and
    /// the struct fields to descend into.
    func resolve(_ parts: [String]) -> (index: Int, fields: [String])?? {
        // Qualified: alias.column[.field...]
        if parts.count >= 2 {
            let q = parts[0].lowercased(), c = parts[1].lowercased()
            let hits = entries.indices.filter { entries[$0].qualifier == q && entries[$0].name.lowercased() == c }
            if hits.count == 1 { return .some((hits[0], Array(parts.dropFirst(2)))) }
            if hits.count > 1 { return .some(nil) }
        }
        let c = parts[0].lowercased()
        let hits = entries.indices.filter { !entries[$0].hidden && entries[$0].name.lowercased() == c }
        if hits.count == 1 { return .some((hits[0], Array(parts.dropFirst()))) }
        if hits.count > 1 {
            // Identical exact-case match wins over case-insensitive ones.
            let exact = hits.filter { entries[$0].name == parts[0] }
            if exact.count == 1 { return .some((exact[0], Array(parts.dropFirst()))) }
            return .some(nil)  // ambiguous
        }
        return nil
    }

    /// Column names, for "did you mean" messages.
    var names: [String] { entries.filter { !$0.hidden }.map { ($0.qualifier.map { $0 + "." } ?? "") + $0.name } }
}
