import Columnar

/// A column type prepared for reading JSON values: child plans and, for structs, member
/// lookup tables.
final class JSONColumnPlan {
    let type: DataType
    /// Struct fields, the list element, or a map's key and value.
    let children: [JSONColumnPlan]
    /// Struct field names.
    let names: [String]
    private let index: [String: Int]
    private let foldedIndex: [String: Int]

    /// A plan for `type`; throws for types JSON cannot fill.
    init(_ type: DataType) throws(TextFormatError) {
        self.type = type
        var names: [String] = []
        switch type {
        case .struct(let fields):
            names = fields.map(\.name)
            var children: [JSONColumnPlan] = []
            for f in fields { children.append(try JSONColumnPlan(f.type)) }
            self.children = children
        case .list(let element):
            children = [try JSONColumnPlan(element.type)]
        case .map(let key, let value):
            guard key.type == .string else {
                throw TextFormatError(.invalidArgument, "JSON objects read only as maps with string keys, not \(type)")
            }
            children = [try JSONColumnPlan(key.type), try JSONColumnPlan(value.type)]
        case .fixedSizeBinary:
            throw TextFormatError(.invalidArgument, "JSON lines cannot fill \(type) columns")
        default:
            children = []
        }
        self.names = names
        var index: [String: Int] = [:]
        var folded: [String: Int] = [:]
        for (k, n) in names.enumerated() {
            if index[n] == nil { index[n] = k }
            if folded[n.lowercased()] == nil { folded[n.lowercased()] = k }
        }
        self.index = index
        foldedIndex = folded
    }

    /// The struct field a member key reads into: `guess` (the field after the previous
    /// member's) when it matches, else by exact name, else case-insensitively.
    @inline(__always)
    func field(for key: String, guess: Int) -> Int? {
        if guess < names.count && names[guess] == key { return guess }
        return index[key] ?? foldedIndex[key.lowercased()]
    }
}
