import Columnar

/// The Parquet schema of classic checkpoints, as Spark and delta-rs write them: one nullable
/// struct column per action kind; each row holds exactly one action.
enum CheckpointSchema {
    static let stringMap = DataType.map(key: Field("key", .string, nullable: false), value: Field("value", .string))

    static let deletionVector = DataType.struct([
        Field("storageType", .string), Field("pathOrInlineDv", .string), Field("offset", .int32),
        Field("sizeInBytes", .int32), Field("cardinality", .int64),
    ])

    static let txn = DataType.struct([Field("appId", .string), Field("version", .int64), Field("lastUpdated", .int64)])

    static let add = DataType.struct([
        Field("path", .string), Field("partitionValues", stringMap), Field("size", .int64),
        Field("modificationTime", .int64), Field("dataChange", .boolean), Field("stats", .string),
        Field("tags", stringMap), Field("deletionVector", deletionVector), Field("baseRowId", .int64),
        Field("defaultRowCommitVersion", .int64), Field("clusteringProvider", .string),
    ])

    static let remove = DataType.struct([
        Field("path", .string), Field("deletionTimestamp", .int64), Field("dataChange", .boolean),
        Field("extendedFileMetadata", .boolean), Field("partitionValues", stringMap), Field("size", .int64),
        Field("tags", stringMap), Field("deletionVector", deletionVector), Field("baseRowId", .int64),
        Field("defaultRowCommitVersion", .int64),
    ])

    static let metaData = DataType.struct([
        Field("id", .string), Field("name", .string), Field("description", .string),
        Field("format", .struct([Field("provider", .string), Field("options", stringMap)])),
        Field("schemaString", .string), Field("partitionColumns", .list(Field("element", .string))),
        Field("configuration", stringMap), Field("createdTime", .int64),
    ])

    static let `protocol` = DataType.struct([
        Field("minReaderVersion", .int32), Field("minWriterVersion", .int32),
        Field("readerFeatures", .list(Field("element", .string))), Field("writerFeatures", .list(Field("element", .string))),
    ])

    static let domainMetadata = DataType.struct([Field("domain", .string), Field("configuration", .string), Field("removed", .boolean)])

    /// The columns, in the order Spark writes them.
    static let schema = Schema([
        Field("txn", txn), Field("add", add), Field("remove", remove), Field("metaData", metaData),
        Field("protocol", `protocol`), Field("domainMetadata", domainMetadata),
    ])

    /// The action kinds a checkpoint row may hold, by column name.
    static let actionColumns: Set<String> = [
        "txn", "add", "remove", "metaData", "protocol", "domainMetadata", "checkpointMetadata", "sidecar",
    ]
}
