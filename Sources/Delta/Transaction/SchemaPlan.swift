import Columnar

/// How a write's data fits the table: schema enforcement and, on request, evolution.
///
/// Every data column must exist in the table with the same type or one it widens to safely
/// (int → long, float → double, ...); names match case-insensitively; table columns the data
/// lacks are written as nulls when nullable and refused when NOT NULL. With `mergeSchema`,
/// new columns (and new nested struct fields) are added as nullable; with `overwriteSchema`
/// (overwrite mode only) the data's schema and partitioning replace the table's.
struct SchemaPlan {
    /// The table schema after the write.
    let schema: Schema
    /// The partition columns after the write.
    let partitionColumns: [String]
    /// Whether the write changes the schema or partitioning (a metaData action is needed).
    let changesMetadata: Bool

    init(schema: Schema, partitionColumns: [String], changesMetadata: Bool) {
        self.schema = schema
        self.partitionColumns = partitionColumns
        self.changesMetadata = changesMetadata
    }

    init(table: Snapshot?, data: Schema, options: WriteOptions, location: String) throws {
        let data = Self.normalized(data)
        guard let table else {
            let partitions = try Self.resolvePartitions(options.partitionBy ?? [], in: data, location: location)
            schema = data
            partitionColumns = partitions
            changesMetadata = true
            return
        }
        if options.overwriteSchema {
            guard options.mode == .overwrite, options.replaceWhere == nil else {
                throw DeltaError(.invalidArgument, "overwriteSchema needs mode overwrite without a replaceWhere predicate", table: location)
            }
            let partitions = try Self.resolvePartitions(options.partitionBy ?? table.partitionColumns, in: data, location: location)
            schema = data
            partitionColumns = partitions
            changesMetadata = data != table.schema || partitions != table.partitionColumns
            return
        }
        if let requested = options.partitionBy {
            let resolved = try Self.resolvePartitions(requested, in: table.schema, location: location)
            guard resolved.map({ $0.lowercased() }) == table.partitionColumns.map({ $0.lowercased() }) else {
                throw DeltaError(.schemaMismatch,
                    "the table is partitioned by [\(table.partitionColumns.joined(separator: ", "))], not [\(requested.joined(separator: ", "))]; use overwrite with overwriteSchema to change it",
                    table: location)
            }
        }
        let merged = try Self.merge(table: table.schema.fields, data: data.fields, allowNew: options.mergeSchema, path: "", location: location)
        schema = Schema(merged, metadata: table.schema.metadata)
        partitionColumns = table.partitionColumns
        changesMetadata = merged != table.schema.fields
    }

    /// Types Delta cannot store become the nearest ones it can: unsigned integers widen to the
    /// next signed type (UINT64 to decimal(20,0), as Spark reads it), fixed-size binary to binary.
    static func normalized(_ schema: Schema) -> Schema {
        func fix(_ t: DataType) -> DataType {
            switch t {
            case .uint8: .int16
            case .uint16: .int32
            case .uint32: .int64
            case .uint64: .decimal(precision: 20, scale: 0)
            case .fixedSizeBinary: .binary
            case .struct(let fields): .struct(fields.map { var f = $0; f.type = fix(f.type); return f })
            case .list(let e): .list({ var f = e; f.type = fix(f.type); return f }())
            case .map(let k, let v): .map(key: { var f = k; f.type = fix(f.type); return f }(), value: { var f = v; f.type = fix(f.type); return f }())
            default: t
            }
        }
        return Schema(schema.fields.map { var f = $0; f.type = fix(f.type); f.metadata = f.metadata.filter { !$0.key.hasPrefix("parquet.") }; return f }, metadata: schema.metadata)
    }

    static func resolvePartitions(_ names: [String], in schema: Schema, location: String) throws -> [String] {
        try names.map { name in
            guard let field = schema[name] else {
                throw DeltaError(.schemaMismatch, "partition column '\(name)' is not in the schema (columns: \(schema.fields.map(\.name).joined(separator: ", ")))", table: location)
            }
            switch field.type {
            case .struct, .list, .map:
                throw DeltaError(.schemaMismatch, "column '\(name)' of type \(field.type.sqlName) cannot be a partition column", table: location)
            default: return field.name
            }
        }
    }

    /// The table's fields with the data's checked against them and, when allowed, new ones added.
    static func merge(table: [Field], data: [Field], allowNew: Bool, path: String, location: String) throws -> [Field] {
        var out = table
        var seen = Set<String>()
        for d in data {
            let key = d.name.lowercased()
            guard seen.insert(key).inserted else {
                throw DeltaError(.schemaMismatch, "the data has two columns named '\(path)\(d.name)' (names are case-insensitive)", table: location)
            }
            guard let i = out.firstIndex(where: { $0.name.lowercased() == key }) else {
                guard allowNew else {
                    throw DeltaError(.schemaMismatch,
                        "the data has a column '\(path)\(d.name)' (\(d.type.sqlName)) that the table does not; write with mergeSchema to add it",
                        table: location)
                }
                var added = d
                added.nullable = true
                out.append(added)
                continue
            }
            let t = out[i]
            out[i].type = try mergeType(t.type, d.type, allowNew: allowNew, path: path + t.name, location: location)
        }
        return out
    }

    static func mergeType(_ table: DataType, _ data: DataType, allowNew: Bool, path: String, location: String) throws -> DataType {
        if table == data { return table }
        switch (table, data) {
        case (.struct(let tf), .struct(let df)):
            return .struct(try merge(table: tf, data: df, allowNew: allowNew, path: path + ".", location: location))
        case (.list(let te), .list(let de)):
            var e = te
            e.type = try mergeType(te.type, de.type, allowNew: allowNew, path: path + ".element", location: location)
            return .list(e)
        case (.map(let tk, let tv), .map(let dk, let dv)):
            var k = tk, v = tv
            k.type = try mergeType(tk.type, dk.type, allowNew: allowNew, path: path + ".key", location: location)
            v.type = try mergeType(tv.type, dv.type, allowNew: allowNew, path: path + ".value", location: location)
            return .map(key: k, value: v)
        default:
            if Widening.cast(Column(empty: data), to: table) != nil { return table }
            throw DeltaError(.schemaMismatch,
                "column '\(path)' is \(table.sqlName) in the table but \(data.sqlName) in the data", table: location)
        }
    }
}
