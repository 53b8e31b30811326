import Columnar
import LakeJSON

/// The table schema as Delta stores it — Spark's JSON `StructType` in `metaData.schemaString` —
/// converted to and from the in-memory ``Columnar/Schema``.
///
/// Types map one to one: `long` ↔ int64, `integer` ↔ int32, `short` ↔ int16, `byte` ↔ int8,
/// `float`, `double`, `boolean`, `binary`, `string`, `date`, `timestamp` (UTC) and
/// `timestamp_ntz`, `decimal(p,s)`, `struct`, `array` (element nullability = `containsNull`),
/// `map` (`valueContainsNull`). Field metadata (column mapping ids and physical names,
/// comments, invariants, ...) is kept in ``Columnar/Field/metadata`` with each value as its JSON
/// text (a string value keeps its quotes), so a schema survives a round trip exactly.
public enum DeltaSchema {
    /// Parses a `schemaString`.
    public static func parse(_ schemaString: String) throws -> Schema {
        let json: JSONValue
        do {
            json = try JSONValue(parsing: schemaString)
        } catch {
            throw DeltaError(.corruptLog, "the table schema is not valid JSON: \(error)")
        }
        guard case .struct(let fields) = try type(json, path: "") else {
            throw DeltaError(.corruptLog, "the table schema is not a struct")
        }
        return Schema(fields)
    }

    /// The `schemaString` of `schema` (compact JSON, as Spark writes it).
    public static func serialize(_ schema: Schema) -> String {
        structJSON(schema.fields).serialized()
    }

    /// The Delta (Spark) type name of a type that has one, nil for types Delta cannot store
    /// (unsigned integers, fixed-size binary).
    public static func typeName(_ type: DataType) -> String? {
        switch type {
        case .boolean: "boolean"
        case .int8: "byte"
        case .int16: "short"
        case .int32: "integer"
        case .int64: "long"
        case .float32: "float"
        case .float64: "double"
        case .decimal(let p, let s): "decimal(\(p),\(s))"
        case .string: "string"
        case .binary: "binary"
        case .date: "date"
        case .timestamp: "timestamp"
        case .timestampNTZ: "timestamp_ntz"
        case .struct: "struct"
        case .list: "array"
        case .map: "map"
        case .uint8, .uint16, .uint32, .uint64, .fixedSizeBinary: nil
        }
    }

    // MARK: - Parsing

    static func type(_ json: JSONValue, path: String) throws -> DataType {
        switch json {
        case .string(let name):
            return try primitive(name, path: path)
        case .object(let o):
            let f = ActionFields(o, "schema type at '\(path)'")
            switch try f.string("type") {
            case "struct":
                guard let fields = o["fields"]?.arrayValue else { throw DeltaError(.corruptLog, "struct at '\(path)' has no fields") }
                return .struct(try fields.map { try field($0, parent: path) })
            case "array":
                guard let element = o["elementType"] else { throw DeltaError(.corruptLog, "array at '\(path)' has no elementType") }
                let containsNull = try f.bool("containsNull", default: true)
                return .list(Field("element", try type(element, path: path + ".element"), nullable: containsNull))
            case "map":
                guard let key = o["keyType"], let value = o["valueType"] else {
                    throw DeltaError(.corruptLog, "map at '\(path)' lacks keyType or valueType")
                }
                let valueContainsNull = try f.bool("valueContainsNull", default: true)
                return .map(
                    key: Field("key", try type(key, path: path + ".key"), nullable: false),
                    value: Field("value", try type(value, path: path + ".value"), nullable: valueContainsNull))
            case let other:
                throw DeltaError(.unsupportedFeature, "schema type '\(other)' at '\(path)' is not supported")
            }
        default:
            throw DeltaError(.corruptLog, "schema type at '\(path)' is neither a name nor an object")
        }
    }

    static func field(_ json: JSONValue, parent: String) throws -> Field {
        guard case .object(let o) = json else { throw DeltaError(.corruptLog, "a schema field in '\(parent)' is not an object") }
        let f = ActionFields(o, "schema field")
        let name = try f.string("name")
        let path = parent.isEmpty ? name : parent + "." + name
        guard let typeJSON = o["type"] else { throw DeltaError(.corruptLog, "schema field '\(path)' has no type") }
        var metadata: [String: String] = [:]
        for m in try f.object("metadata")?.members ?? [] { metadata[m.key] = m.value.serialized() }
        return Field(name, try type(typeJSON, path: path), nullable: try f.bool("nullable", default: true), metadata: metadata)
    }

    static func primitive(_ name: String, path: String) throws -> DataType {
        switch name {
        case "boolean": return .boolean
        case "byte": return .int8
        case "short": return .int16
        case "integer": return .int32
        case "long": return .int64
        case "float": return .float32
        case "double": return .float64
        case "string": return .string
        case "binary": return .binary
        case "date": return .date
        case "timestamp": return .timestamp
        case "timestamp_ntz": return .timestampNTZ
        case "decimal": return .decimal(precision: 10, scale: 0)
        default:
            if name.hasPrefix("decimal("), name.hasSuffix(")") {
                let inner = name.dropFirst(8).dropLast().split(separator: ",").map { $0.trimmingSpaces }
                if inner.count == 2, let p = Int(inner[0]), let s = Int(inner[1]), p >= 1, p <= 38, s >= 0, s <= p {
                    return .decimal(precision: p, scale: s)
                }
                throw DeltaError(.corruptLog, "invalid decimal type '\(name)' at '\(path)'")
            }
            throw DeltaError(.unsupportedFeature, "column '\(path)' has type '\(name)', which is not supported")
        }
    }

    // MARK: - Serializing

    static func structJSON(_ fields: [Field]) -> JSONValue {
        ["type": "struct", "fields": .array(fields.map(fieldJSON))]
    }

    static func fieldJSON(_ field: Field) -> JSONValue {
        var metadata = JSONObject()
        for key in field.metadata.keys.sorted() {
            let text = field.metadata[key]!
            metadata[key] = (try? JSONValue(parsing: text)) ?? .string(text)
        }
        return .object(JSONObject([
            .init("name", .string(field.name)),
            .init("type", typeJSON(field.type)),
            .init("nullable", .bool(field.nullable)),
            .init("metadata", .object(metadata)),
        ]))
    }

    static func typeJSON(_ type: DataType) -> JSONValue {
        switch type {
        case .struct(let fields): structJSON(fields)
        case .list(let element):
            .object(JSONObject([.init("type", "array"), .init("elementType", typeJSON(element.type)), .init("containsNull", .bool(element.nullable))]))
        case .map(let key, let value):
            .object(JSONObject([
                .init("type", "map"), .init("keyType", typeJSON(key.type)), .init("valueType", typeJSON(value.type)),
                .init("valueContainsNull", .bool(value.nullable)),
            ]))
        default: .string(typeName(type) ?? "binary")
        }
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return s
    }
}
