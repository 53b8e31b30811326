import Columnar
import LakeJSON

/// Column mapping (`delta.columnMapping.mode`): data files name columns by physical name
/// (`name` mode) or Parquet field id (`id` mode) instead of the logical name.
public enum ColumnMappingMode: String, Sendable {
    case none, name, id

    /// The mode a table's configuration sets.
    public init(configuration: [String: String]) {
        self = configuration["delta.columnMapping.mode"].flatMap { ColumnMappingMode(rawValue: $0.lowercased()) } ?? .none
    }

    /// Metadata key of a field's physical name.
    public static let physicalNameKey = "delta.columnMapping.physicalName"
    /// Metadata key of a field's id.
    public static let idKey = "delta.columnMapping.id"

    /// The name of `field` in data files under this mode.
    public func physicalName(_ field: Field) -> String {
        guard self != .none, let text = field.metadata[Self.physicalNameKey],
              let name = (try? JSONValue(parsing: text))?.stringValue else { return field.name }
        return name
    }

    /// The column-mapping id of `field`, when it has one.
    public static func id(_ field: Field) -> Int32? {
        field.metadata[idKey].flatMap { (try? JSONValue(parsing: $0))?.int64Value }.flatMap { Int32(exactly: $0) }
    }

    /// Whether the data-file field `candidate` is the table field `field`.
    func matches(_ candidate: Field, _ field: Field) -> Bool {
        switch self {
        case .none:
            return candidate.name == field.name
        case .name:
            return candidate.name == physicalName(field)
        case .id:
            guard let id = Self.id(field), let fileID = candidate.metadata["parquet.field.id"].flatMap({ Int32($0) }) else {
                return candidate.name == physicalName(field)
            }
            return fileID == id
        }
    }

    /// The index of `field` among the data file's fields (exact name first, then
    /// case-insensitive when unmapped).
    func index(of field: Field, in fields: [Field]) -> Int? {
        if let i = fields.firstIndex(where: { matches($0, field) }) { return i }
        if self == .none { return fields.firstIndex { $0.name.lowercased() == field.name.lowercased() } }
        return nil
    }
}

extension ColumnMappingMode {
    /// Gives every field (nested struct fields included) without one a column-mapping id and a
    /// physical name (`col-<uuid>`), continuing from `maxColumnId`; returns the schema and the
    /// new maximum id (for `delta.columnMapping.maxColumnId`).
    static func assign(_ schema: Schema, maxColumnId: Int64) -> (Schema, Int64) {
        var next = maxColumnId
        func assign(_ field: Field) -> Field {
            var f = field
            if f.metadata[idKey] == nil {
                next += 1
                f.metadata[idKey] = String(next)
            }
            if f.metadata[physicalNameKey] == nil {
                f.metadata[physicalNameKey] = JSONValue.string("col-" + UUID4.make()).serialized()
            }
            f.type = assignNested(f.type)
            return f
        }
        func assignNested(_ type: DataType) -> DataType {
            switch type {
            case .struct(let fields): .struct(fields.map(assign))
            case .list(let e): .list({ var x = e; x.type = assignNested(e.type); return x }())
            case .map(let k, let v):
                .map(key: { var x = k; x.type = assignNested(k.type); return x }(), value: { var x = v; x.type = assignNested(v.type); return x }())
            default: type
            }
        }
        let fields = schema.fields.map(assign)
        return (Schema(fields, metadata: schema.metadata), next)
    }
}
