import Columnar
import LakeJSON

extension DeltaTable {
    /// The columns of ``detail(_:)``: Databricks' DESCRIBE DETAIL.
    public static let detailSchema = Schema([
        Field("format", .string), Field("id", .string), Field("name", .string), Field("description", .string),
        Field("location", .string), Field("createdAt", .timestamp), Field("lastModified", .timestamp),
        Field("partitionColumns", .list(Field("element", .string))), Field("numFiles", .int64),
        Field("sizeInBytes", .int64), Field("properties", .map(key: Field("key", .string, nullable: false), value: Field("value", .string))),
        Field("minReaderVersion", .int32), Field("minWriterVersion", .int32), Field("tableFeatures", .list(Field("element", .string))),
    ])

    /// DESCRIBE DETAIL of a snapshot, as one row.
    public func detail(_ snapshot: Snapshot) -> RecordBatch {
        let properties = snapshot.configuration.keys.sorted()
        let row: [Value] = [
            .string("delta"), .string(snapshot.metadata.id), snapshot.metadata.name.map { .string($0) } ?? .null,
            snapshot.metadata.description.map { .string($0) } ?? .null, .string(location),
            snapshot.metadata.createdTime.map { .timestamp($0 * 1000) } ?? .null, .timestamp(snapshot.timestamp * 1000),
            .list(snapshot.partitionColumns.map { .string($0) }), .int(Int64(snapshot.files.count)), .int(snapshot.sizeInBytes),
            .map(keys: properties.map { .string($0) }, values: properties.map { .string(snapshot.configuration[$0]!) }),
            .int(Int64(snapshot.protocol.minReaderVersion)), .int(Int64(snapshot.protocol.minWriterVersion)),
            .list(snapshot.tableFeatures.map { .string($0) }),
        ]
        let schema = Self.detailSchema
        return RecordBatch(schema: schema, columns: schema.fields.indices.map { Column(schema.fields[$0].type, [row[$0]]) }, count: 1)
    }

    /// The columns of ``historyBatch(_:)``: Databricks' DESCRIBE HISTORY.
    public static let historySchema: Schema = {
        let stringMap = DataType.map(key: Field("key", .string, nullable: false), value: Field("value", .string))
        return Schema([
            Field("version", .int64), Field("timestamp", .timestamp), Field("userId", .string), Field("userName", .string),
            Field("operation", .string), Field("operationParameters", stringMap), Field("job", stringMap),
            Field("notebook", stringMap), Field("clusterId", .string), Field("readVersion", .int64),
            Field("isolationLevel", .string), Field("isBlindAppend", .boolean), Field("operationMetrics", stringMap),
            Field("userMetadata", .string), Field("engineInfo", .string),
        ])
    }()

    /// DESCRIBE HISTORY rows (newest first).
    public func historyBatch(_ entries: [HistoryEntry]) -> RecordBatch {
        func map(_ v: JSONValue?) -> Value {
            guard case .object(let o)? = v else { return .null }
            return .map(keys: o.members.map { .string($0.key) }, values: o.members.map {
                if case .string(let s) = $0.value { return .string(s) }
                return $0.value.isNull ? .null : .string($0.value.serialized())
            })
        }
        func string(_ v: JSONValue?) -> Value { v?.stringValue.map { .string($0) } ?? (v.map { $0.isNull ? .null : .string($0.serialized()) } ?? .null) }
        let rows: [[Value]] = entries.map { e in
            let f = e.commitInfo.fields
            return [
                .int(e.version), .timestamp(e.timestamp * 1000), string(f["userId"]), string(f["userName"]),
                string(f["operation"]), map(f["operationParameters"]), map(f["job"]), map(f["notebook"]), string(f["clusterId"]),
                f["readVersion"]?.int64Value.map { .int($0) } ?? .null, string(f["isolationLevel"]),
                f["isBlindAppend"]?.boolValue.map { .boolean($0) } ?? .null, map(f["operationMetrics"]),
                string(f["userMetadata"]), string(f["engineInfo"]),
            ]
        }
        let schema = Self.historySchema
        return RecordBatch(schema: schema, columns: schema.fields.indices.map { i in Column(schema.fields[i].type, rows.map { $0[i] }) }, count: rows.count)
    }
}
