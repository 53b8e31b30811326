import Columnar

/// Makes a batch of input data fit the table schema: columns matched by name
/// (case-insensitively) and put in table order, nested struct fields likewise, missing
/// columns filled with nulls, safe widening casts applied. A NOT NULL column the data lacks is
/// refused here; null values in NOT NULL columns are the ``ConstraintChecker``'s to refuse.
struct BatchConformer {
    let schema: Schema
    let location: String

    func conform(_ batch: RecordBatch) throws -> RecordBatch {
        let columns = try schema.fields.map { field -> Column in
            guard let i = batch.schema.index(of: field.name) else {
                guard field.nullable else {
                    throw DeltaError(.schemaMismatch, "column '\(field.name)' is NOT NULL but the data does not have it", table: location)
                }
                return .nulls(field.type, count: batch.count)
            }
            return try conform(batch.columns[i], to: field, path: field.name)
        }
        return RecordBatch(schema: schema, columns: columns, count: batch.count)
    }

    func conform(_ column: Column, to field: Field, path: String) throws -> Column {
        if column.type == field.type { return column }
        switch (column.type, field.type) {
        case (.struct(let sourceFields), .struct(let targetFields)):
            let children = try targetFields.map { t -> Column in
                guard let j = sourceFields.firstIndex(where: { $0.name.lowercased() == t.name.lowercased() }) else {
                    guard t.nullable else {
                        throw DeltaError(.schemaMismatch, "field '\(path).\(t.name)' is NOT NULL but the data does not have it", table: location)
                    }
                    return .nulls(t.type, count: column.count)
                }
                return try conform(column.children[j], to: t, path: path + "." + t.name)
            }
            return Column(type: field.type, count: column.count, validity: column.validity, values: Buffer(), children: children)
        case (.list, .list(let te)):
            var out = column
            out.type = field.type
            out.children = [try conform(column.children[0], to: te, path: path + ".element")]
            return out
        case (.map, .map(let tk, let tv)):
            var out = column
            out.type = field.type
            out.children = [
                try conform(column.children[0], to: tk, path: path + ".key"),
                try conform(column.children[1], to: tv, path: path + ".value"),
            ]
            return out
        default:
            if let cast = Widening.cast(column, to: field.type) { return cast }
            if case .fixedSizeBinary = column.type, field.type == .binary {
                var c = column
                c.type = .binary
                return c
            }
            if case .uint64 = column.type, case .decimal = field.type {
                return Column(field.type, (0..<column.count).map { i in
                    if case .uint(let u) = column.value(at: i) { return .decimal(Int128(u)) }
                    return .null
                })
            }
            throw DeltaError(.schemaMismatch, "column '\(path)' is \(field.type.sqlName) in the table but \(column.type.sqlName) in the data", table: location)
        }
    }
}
