import Columnar

extension Expression {
    /// Resolves column names against `schema` (case-insensitively, nested fields dotted) and
    /// types every literal compared with a column as that column's type, so that
    /// `date >= '2024-01-02'` compares dates. Throws naming an unknown column or a literal
    /// that does not fit, with the nearest column name as a suggestion.
    public func bound(to schema: Schema) throws -> Expression {
        switch self {
        case .column(let name):
            return .column(try Self.resolve(name, in: schema).name)
        case .literal:
            return self
        case .comparison(let op, let l, let r):
            let (bl, br) = try Self.bindPair(l, r, schema)
            return .comparison(op, bl, br)
        case .and(let es): return .and(try es.map { try $0.bound(to: schema) })
        case .or(let es): return .or(try es.map { try $0.bound(to: schema) })
        case .not(let e): return .not(try e.bound(to: schema))
        case .isNull(let e): return .isNull(try e.bound(to: schema))
        case .isNotNull(let e): return .isNotNull(try e.bound(to: schema))
        case .inList(let e, let list, let negated):
            let be = try e.bound(to: schema)
            return .inList(be, try list.map { try Self.bindPair(e, $0, schema).1 }, negated: negated)
        }
    }

    static func bindPair(_ l: Expression, _ r: Expression, _ schema: Schema) throws -> (Expression, Expression) {
        let bl = try l.bound(to: schema), br = try r.bound(to: schema)
        if case .column(let c) = bl, case .literal(let v, let t) = br {
            return (bl, try coerce(v, t, to: try resolve(c, in: schema).type, column: c))
        }
        if case .literal(let v, let t) = bl, case .column(let c) = br {
            return (try coerce(v, t, to: try resolve(c, in: schema).type, column: c), br)
        }
        return (bl, br)
    }

    /// The canonical dotted name and type of a column.
    static func resolve(_ name: String, in schema: Schema) throws -> (name: String, type: DataType) {
        var fields = schema.fields
        var resolved: [String] = []
        var type: DataType = .string
        let parts = name.split(separator: ".").map(String.init)
        for (i, part) in parts.enumerated() {
            guard let field = fields.first(where: { $0.name == part }) ?? fields.first(where: { $0.name.lowercased() == part.lowercased() }) else {
                let candidates = fields.map(\.name)
                let hint = Suggestions.nearest(part, candidates).map { "; did you mean '\(($0 == part ? resolved : resolved + [$0]).joined(separator: "."))'?" } ?? ""
                throw DeltaError(.invalidArgument, "no column '\(name)' in the table (columns: \(candidates.joined(separator: ", ")))\(hint)")
            }
            resolved.append(field.name)
            type = field.type
            if i < parts.count - 1 {
                guard case .struct(let children) = field.type else {
                    throw DeltaError(.invalidArgument, "column '\(resolved.joined(separator: "."))' is not a struct, so '\(name)' does not exist")
                }
                fields = children
            }
        }
        return (resolved.joined(separator: "."), type)
    }

    static func coerce(_ value: Value, _ type: DataType, to target: DataType, column: String) throws -> Expression {
        if case .null = value { return .literal(.null, target) }
        if type == target { return .literal(value, target) }
        let text: String
        switch value {
        case .string(let s): text = s
        default: text = value.text(as: type)
        }
        guard let converted = Literals.parse(text, as: target) else {
            throw DeltaError(.invalidArgument, "column '\(column)' is \(target.sqlName) but is compared with \(Expression.literalText(value, type)), which is not a \(target.sqlName)")
        }
        return .literal(converted, target)
    }
}
