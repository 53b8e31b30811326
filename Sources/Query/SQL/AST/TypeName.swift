/// A data type as written in SQL (in `CAST`, `::` and column definitions).
///
/// Synonyms are normalized: `BYTE` is ``tinyint``, `SHORT` is ``smallint``, `INTEGER` is
/// ``int``, `LONG` is ``bigint``, `REAL` is ``float``, `DEC` and `NUMERIC` are ``decimal(precision:scale:)``.
/// This is syntax only: mapping to Columnar's `DataType` is the binder's job.
public indirect enum TypeName: Hashable, Sendable, CustomStringConvertible {
    /// `BOOLEAN`.
    case boolean
    /// `TINYINT`, `BYTE`.
    case tinyint
    /// `SMALLINT`, `SHORT`.
    case smallint
    /// `INT`, `INTEGER`.
    case int
    /// `BIGINT`, `LONG`.
    case bigint
    /// `FLOAT`, `REAL`.
    case float
    /// `DOUBLE`.
    case double
    /// `DECIMAL`, `DECIMAL(p)`, `DECIMAL(p, s)` (also `DEC`, `NUMERIC`); `nil` when not written.
    case decimal(precision: Int?, scale: Int?)
    /// `STRING`.
    case string
    /// `VARCHAR(n)`.
    case varchar(Int)
    /// `CHAR(n)`.
    case char(Int)
    /// `BINARY`.
    case binary
    /// `DATE`.
    case date
    /// `TIMESTAMP`.
    case timestamp
    /// `TIMESTAMP_NTZ`.
    case timestampNTZ
    /// `TIMESTAMP_LTZ`.
    case timestampLTZ
    /// `ARRAY<element>`.
    case array(TypeName)
    /// `MAP<key, value>`.
    case map(key: TypeName, value: TypeName)
    /// `STRUCT<name: type, ...>` or `STRUCT<name type, ...>`.
    case `struct`([Field])
    /// `INTERVAL`, `INTERVAL DAY`, `INTERVAL DAY TO SECOND`, `INTERVAL YEAR TO MONTH`.
    case interval(from: IntervalUnit?, to: IntervalUnit?)

    /// A field of a `STRUCT` type.
    public struct Field: Hashable, Sendable, CustomStringConvertible {
        /// The field name.
        public var name: Identifier
        /// The field type.
        public var type: TypeName
        /// `NOT NULL` was written.
        public var notNull: Bool
        /// `COMMENT '...'`.
        public var comment: String?

        /// Creates a field.
        public init(name: Identifier, type: TypeName, notNull: Bool = false, comment: String? = nil) {
            self.name = name
            self.type = type
            self.notNull = notNull
            self.comment = comment
        }

        /// The field as SQL: `name: TYPE [NOT NULL] [COMMENT '...']`.
        public var description: String {
            var s = "\(name): \(type)"
            if notNull { s += " NOT NULL" }
            if let comment { s += " COMMENT " + SQLFormat.string(comment) }
            return s
        }
    }

    /// The type as SQL.
    public var description: String {
        switch self {
        case .boolean: return "BOOLEAN"
        case .tinyint: return "TINYINT"
        case .smallint: return "SMALLINT"
        case .int: return "INT"
        case .bigint: return "BIGINT"
        case .float: return "FLOAT"
        case .double: return "DOUBLE"
        case .decimal(let p, let s):
            guard let p else { return "DECIMAL" }
            guard let s else { return "DECIMAL(\(p))" }
            return "DECIMAL(\(p), \(s))"
        case .string: return "STRING"
        case .varchar(let n): return "VARCHAR(\(n))"
        case .char(let n): return "CHAR(\(n))"
        case .binary: return "BINARY"
        case .date: return "DATE"
        case .timestamp: return "TIMESTAMP"
        case .timestampNTZ: return "TIMESTAMP_NTZ"
        case .timestampLTZ: return "TIMESTAMP_LTZ"
        case .array(let t): return "ARRAY<\(t)>"
        case .map(let k, let v): return "MAP<\(k), \(v)>"
        case .struct(let fields): return "STRUCT<" + fields.map(\.description).joined(separator: ", ") + ">"
        case .interval(let from, let to):
            var s = "INTERVAL"
            if let from { s += " " + from.rawValue }
            if let to { s += " TO " + to.rawValue }
            return s
        }
    }
}
