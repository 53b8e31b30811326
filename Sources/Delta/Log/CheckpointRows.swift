import Columnar
import LakeJSON

/// Converts between checkpoint rows and actions through their JSON form, so a checkpoint row
/// is read by exactly the rules a commit line is.
enum CheckpointRows {
    /// The actions in a checkpoint batch (one per row; rows holding nothing are skipped).
    static func actions(in batch: RecordBatch) throws -> [Action] {
        let columns = batch.schema.fields.enumerated().filter { CheckpointSchema.actionColumns.contains($0.element.name) }
        var out: [Action] = []
        out.reserveCapacity(batch.count)
        for row in 0..<batch.count {
            for (i, field) in columns where !batch.columns[i].isNull(row) {
                let body = json(batch.columns[i], row)
                if let action = try Action(json: .object(JSONObject([.init(field.name, body)]))) {
                    out.append(action)
                }
            }
        }
        return out
    }

    /// A row of a column as JSON (structs as objects, maps as objects, lists as arrays).
    static func json(_ column: Column, _ row: Int) -> JSONValue {
        if column.isNull(row) { return .null }
        switch column.type {
        case .struct(let fields):
            return .object(JSONObject(fields.indices.map { .init(fields[$0].name, json(column.children[$0], row)) }))
        case .map:
            let range = column.offset(row)..<column.offset(row + 1)
            return .object(JSONObject(range.map { i in
                let key: String
                if case .string(let k) = column.children[0].value(at: i) { key = k } else { key = "\(column.children[0].value(at: i))" }
                return .init(key, json(column.children[1], i))
            }))
        case .list:
            return .array((column.offset(row)..<column.offset(row + 1)).map { json(column.children[0], $0) })
        default:
            switch column.value(at: row) {
            case .boolean(let b): return .bool(b)
            case .int(let i): return .int(i)
            case .uint(let u): return Int64(exactly: u).map { .int($0) } ?? .number(String(u))
            case .string(let s): return .string(s)
            case .double(let d): return .number(String(d))
            case .float(let f): return .number(String(f))
            default: return .null
            }
        }
    }

    /// A column of `type` holding the JSON values (the inverse of ``json(_:_:)``).
    static func column(_ type: DataType, _ values: [JSONValue]) -> Column {
        Column(type, values.map { value($0, type) })
    }

    static func value(_ json: JSONValue, _ type: DataType) -> Value {
        switch (type, json) {
        case (_, .null): return .null
        case (.struct(let fields), .object(let o)): return .struct(fields.map { value(o[$0.name] ?? .null, $0.type) })
        case (.map(_, let v), .object(let o)): return .map(keys: o.members.map { .string($0.key) }, values: o.members.map { value($0.value, v.type) })
        case (.list(let e), .array(let a)): return .list(a.map { value($0, e.type) })
        case (.string, .string(let s)): return .string(s)
        case (.boolean, .bool(let b)): return .boolean(b)
        case (.int32, _), (.int64, _): return json.int64Value.map { .int($0) } ?? .null
        default: return .null
        }
    }
}
