import Columnar
import Foundation

/// Random values of any type, with nulls at every nullable level.
enum TestData {
    static func value(_ type: DataType, nullable: Bool, nullRate: Double = 0.15, _ g: inout SeededGenerator) -> Value {
        if nullable && Double.random(in: 0..<1, using: &g) < nullRate { return .null }
        switch type {
        case .boolean: return .boolean(Bool.random(using: &g))
        case .int8: return .int(Int64(Int8.random(in: .min ... .max, using: &g)))
        case .int16: return .int(Int64(Int16.random(in: .min ... .max, using: &g)))
        case .int32: return .int(Int64(Int32.random(in: .min ... .max, using: &g)))
        case .int64: return .int(Int64.random(in: .min ... .max, using: &g))
        case .uint8: return .uint(UInt64(UInt8.random(in: .min ... .max, using: &g)))
        case .uint16: return .uint(UInt64(UInt16.random(in: .min ... .max, using: &g)))
        case .uint32: return .uint(UInt64(UInt32.random(in: .min ... .max, using: &g)))
        case .uint64: return .uint(UInt64.random(in: .min ... .max, using: &g))
        case .float32: return .float(Float.random(in: Float(-1e6) ... Float(1e6), using: &g))
        case .float64: return .double(Double.random(in: -1e12 ... 1e12, using: &g))
        case .decimal(let p, _):
            var limit: Int128 = 1
            for _ in 0..<p { limit *= 10 }
            let magnitude = Int128(UInt64.random(in: 0 ... .max, using: &g)) << 62 | Int128(UInt64.random(in: 0 ... .max, using: &g))
            let v = magnitude % limit
            return .decimal(Bool.random(using: &g) ? v : -v)
        case .string:
            // Low cardinality half the time, so dictionaries are exercised.
            if Bool.random(using: &g) { return .string(["alpha", "beta", "gamma", "δέλτα", ""][Int.random(in: 0..<5, using: &g)]) }
            let n = Int.random(in: 0..<24, using: &g)
            return .string(String((0..<n).map { _ in Character(Unicode.Scalar(UInt8.random(in: 32...126, using: &g))) }))
        case .binary:
            return .binary((0..<Int.random(in: 0..<16, using: &g)).map { _ in UInt8.random(in: 0 ... 255, using: &g) })
        case .fixedSizeBinary(let w):
            return .binary((0..<w).map { _ in UInt8.random(in: 0 ... 255, using: &g) })
        case .date: return .date(Int32.random(in: -100_000 ... 100_000, using: &g))
        case .timestamp, .timestampNTZ: return .timestamp(Int64.random(in: -4_000_000_000_000_000 ... 4_000_000_000_000_000, using: &g))
        case .struct(let fields):
            return .struct(fields.map { value($0.type, nullable: $0.nullable, nullRate: nullRate, &g) })
        case .list(let element):
            let n = Int.random(in: 0..<4, using: &g)
            return .list((0..<n).map { _ in value(element.type, nullable: element.nullable, nullRate: nullRate, &g) })
        case .map(let key, let val):
            let n = Int.random(in: 0..<3, using: &g)
            // Keys unique per map.
            var keys: [Value] = []
            while keys.count < n {
                let k = value(key.type, nullable: false, &g)
                if !keys.contains(k) { keys.append(k) }
            }
            return .map(keys: keys, values: keys.map { _ in value(val.type, nullable: val.nullable, nullRate: nullRate, &g) })
        }
    }

    /// A batch of `rows` random rows of `schema`.
    static func batch(_ schema: Schema, rows: Int, seed: UInt64, nullRate: Double = 0.15) -> RecordBatch {
        var g = SeededGenerator(seed: seed)
        let columns = schema.fields.map { field in
            Column(field.type, (0..<rows).map { _ in value(field.type, nullable: field.nullable, nullRate: nullRate, &g) })
        }
        return RecordBatch(schema: schema, columns: columns, count: rows)
    }

    /// Every flat type, nullable and not.
    static let flatFields: [Field] = {
        let types: [DataType] = [
            .boolean, .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64, .float32, .float64,
            .decimal(precision: 5, scale: 2), .decimal(precision: 15, scale: 3), .decimal(precision: 30, scale: 5),
            .decimal(precision: 38, scale: 0), .string, .binary, .fixedSizeBinary(7), .date, .timestamp, .timestampNTZ,
        ]
        return types.enumerated().flatMap { i, t in
            [Field("c\(i)_\(t.sqlName)", t, nullable: true), Field("r\(i)_\(t.sqlName)", t, nullable: false)]
        }
    }()

    /// Nested types with nulls at each level.
    static let nestedFields: [Field] = [
        Field("s", .struct([Field("a", .int32), Field("b", .string, nullable: false), Field("c", .struct([Field("d", .float64)]))])),
        Field("l", .list(Field("element", .int64))),
        Field("lr", .list(Field("element", .string, nullable: false)), nullable: false),
        Field("ls", .list(Field("element", .struct([Field("x", .int32), Field("y", .list(Field("element", .boolean)))])))),
        Field("ll", .list(Field("element", .list(Field("element", .date))))),
        Field("m", .map(key: Field("key", .string, nullable: false), value: Field("value", .decimal(precision: 10, scale: 2)))),
        Field("ml", .map(key: Field("key", .int32, nullable: false), value: Field("value", .list(Field("element", .timestamp))))),
        Field("sl", .struct([Field("tags", .list(Field("element", .string)))]), nullable: false),
    ]
}
