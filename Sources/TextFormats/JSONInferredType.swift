import Columnar
import LakeJSON

/// The type inferred for a JSON key: the union of the types of the values seen for it (see
/// ``JSONLinesOptions`` for the rules).
indirect enum JSONInferredType: Equatable {
    case null, boolean, bigint, double, string
    case list(JSONInferredType)
    case object(JSONInferredFields)

    /// Widens the type to hold `value` too.
    mutating func merge(_ value: JSONValue) {
        switch (self, value) {
        case (_, .null), (.string, _):
            return
        case (.null, _):
            self = JSONInferredType.of(value)
        case (.boolean, .bool), (.bigint, .int), (.double, .int), (.double, .number):
            return
        case (.bigint, .number(let text)):
            if !JSONInferredType.isInt64(text) { self = .double }
        case (.list(var element), .array(let elements)):
            self = .null
            for e in elements { element.merge(e) }
            self = .list(element)
        case (.object(var fields), .object(let object)):
            self = .null
            fields.merge(object)
            self = .object(fields)
        default:
            self = .string
        }
    }

    /// The type of one value.
    static func of(_ value: JSONValue) -> JSONInferredType {
        switch value {
        case .null: return .null
        case .bool: return .boolean
        case .int: return .bigint
        case .number(let text): return isInt64(text) ? .bigint : .double
        case .string: return .string
        case .array(let elements):
            var element = JSONInferredType.null
            for e in elements { element.merge(e) }
            return .list(element)
        case .object(let object):
            var fields = JSONInferredFields()
            fields.merge(object)
            return .object(fields)
        }
    }

    /// Whether a number literal is an integer in `Int64` range (only `-0` reaches here as a
    /// ``JSONValue/number(_:)``).
    static func isInt64(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { u in FieldParser.parseInt64(u.baseAddress!, u.count) != nil }
    }

    /// The column type read for this inferred type.
    var dataType: DataType {
        switch self {
        case .null, .string: return .string
        case .boolean: return .boolean
        case .bigint: return .int64
        case .double: return .float64
        case .list(let element): return .list(Field("element", element.dataType))
        case .object(let fields):
            if fields.names.isEmpty { return .string }
            return .struct(zip(fields.names, fields.types).map { Field($0, $1.dataType) })
        }
    }
}

/// The keys of an inferred object type in first-seen order, with their types.
struct JSONInferredFields: Equatable {
    var names: [String] = []
    var types: [JSONInferredType] = []
    var index: [String: Int] = [:]

    /// Adds the members of `object`.
    mutating func merge(_ object: JSONObject) {
        for member in object.members {
            if let k = index[member.key] {
                types[k].merge(member.value)
            } else {
                index[member.key] = names.count
                names.append(member.key)
                types.append(JSONInferredType.of(member.value))
            }
        }
    }
}
