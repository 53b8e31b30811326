import LakeJSON

/// Reading and writing actions as the JSON objects of commit files. Unknown actions and unknown
/// fields are ignored; absent and explicit-null optional fields mean the same.
extension Action {
    /// Parses one action object (`{"add": {...}}`); nil for an action kind this engine does
    /// not know (ignored, as the protocol requires).
    public init?(json: JSONValue) throws {
        guard case .object(let object) = json, let member = object.members.first else {
            throw DeltaError(.corruptLog, "an action must be a JSON object with one member, found \(json.serialized().prefix(80))")
        }
        let body = member.value
        func fields() throws -> JSONObject {
            guard case .object(let o) = body else {
                throw DeltaError(.corruptLog, "the '\(member.key)' action is not an object")
            }
            return o
        }
        switch member.key {
        case "add": self = .add(try AddFile(json: fields()))
        case "remove": self = .remove(try RemoveFile(json: fields()))
        case "metaData": self = .metadata(try Metadata(json: fields()))
        case "protocol": self = .protocol(try Protocol(json: fields()))
        case "txn": self = .txn(try SetTransaction(json: fields()))
        case "commitInfo": self = .commitInfo(CommitInfo(try fields()))
        case "cdc": self = .cdc(try AddCDCFile(json: fields()))
        case "domainMetadata": self = .domainMetadata(try DomainMetadata(json: fields()))
        case "checkpointMetadata": self = .checkpointMetadata(try CheckpointMetadata(json: fields()))
        case "sidecar": self = .sidecar(try Sidecar(json: fields()))
        default: return nil
        }
    }

    /// The action as a JSON object, as written to a commit file.
    public var json: JSONValue {
        switch self {
        case .add(let a): ["add": a.json]
        case .remove(let r): ["remove": r.json]
        case .metadata(let m): ["metaData": m.json]
        case .protocol(let p): ["protocol": p.json]
        case .txn(let t): ["txn": t.json]
        case .commitInfo(let c): ["commitInfo": .object(c.fields)]
        case .cdc(let c): ["cdc": c.json]
        case .domainMetadata(let d): ["domainMetadata": d.json]
        case .checkpointMetadata(let c): ["checkpointMetadata": c.json]
        case .sidecar(let s): ["sidecar": s.json]
        }
    }
}

/// Typed field access for action parsing.
struct ActionFields {
    let object: JSONObject
    let action: String

    init(_ object: JSONObject, _ action: String) {
        self.object = object
        self.action = action
    }

    func value(_ key: String) -> JSONValue? {
        guard let v = object[key], !v.isNull else { return nil }
        return v
    }

    func missing(_ key: String) -> DeltaError {
        DeltaError(.corruptLog, "the '\(action)' action has no '\(key)'")
    }

    func wrong(_ key: String, _ expected: String) -> DeltaError {
        DeltaError(.corruptLog, "the '\(action)' action's '\(key)' is not \(expected)")
    }

    func string(_ key: String) throws -> String {
        guard let v = value(key) else { throw missing(key) }
        guard let s = v.stringValue else { throw wrong(key, "a string") }
        return s
    }

    func optionalString(_ key: String) throws -> String? {
        guard let v = value(key) else { return nil }
        guard let s = v.stringValue else { throw wrong(key, "a string") }
        return s
    }

    func int64(_ key: String) throws -> Int64 {
        guard let v = value(key) else { throw missing(key) }
        guard let i = v.int64Value else { throw wrong(key, "an integer") }
        return i
    }

    func optionalInt64(_ key: String) throws -> Int64? {
        guard let v = value(key) else { return nil }
        guard let i = v.int64Value else { throw wrong(key, "an integer") }
        return i
    }

    func bool(_ key: String, default defaultValue: Bool? = nil) throws -> Bool {
        guard let v = value(key) else {
            if let defaultValue { return defaultValue }
            throw missing(key)
        }
        guard let b = v.boolValue else { throw wrong(key, "a boolean") }
        return b
    }

    func optionalBool(_ key: String) throws -> Bool? {
        guard let v = value(key) else { return nil }
        guard let b = v.boolValue else { throw wrong(key, "a boolean") }
        return b
    }

    /// A map of strings to strings or nulls.
    func nullableStringMap(_ key: String) throws -> [String: String?]? {
        guard let v = value(key) else { return nil }
        guard case .object(let o) = v else { throw wrong(key, "an object") }
        var out: [String: String?] = [:]
        for m in o.members {
            switch m.value {
            case .null: out[m.key] = .some(nil)
            case .string(let s): out[m.key] = s
            default: throw wrong("\(key).\(m.key)", "a string")
            }
        }
        return out
    }

    func stringMap(_ key: String) throws -> [String: String]? {
        try nullableStringMap(key).map { $0.compactMapValues { $0 } }
    }

    func stringArray(_ key: String) throws -> [String]? {
        guard let v = value(key) else { return nil }
        guard let a = v.arrayValue else { throw wrong(key, "an array") }
        return try a.map {
            guard let s = $0.stringValue else { throw wrong(key, "an array of strings") }
            return s
        }
    }

    func object(_ key: String) throws -> JSONObject? {
        guard let v = value(key) else { return nil }
        guard let o = v.objectValue else { throw wrong(key, "an object") }
        return o
    }
}

/// Building action objects: members in the protocol's order, absent optionals omitted.
struct ActionWriter {
    var members: [JSONObject.Member] = []

    mutating func add(_ key: String, _ value: JSONValue?) {
        if let value { members.append(JSONObject.Member(key, value)) }
    }

    mutating func add(_ key: String, _ value: String?) { add(key, value.map { JSONValue.string($0) }) }
    mutating func add(_ key: String, _ value: Int64?) { add(key, value.map { JSONValue.int($0) }) }
    mutating func add(_ key: String, _ value: Int?) { add(key, value.map { JSONValue.int(Int64($0)) }) }
    mutating func add(_ key: String, _ value: Bool?) { add(key, value.map { JSONValue.bool($0) }) }

    mutating func add(_ key: String, _ map: [String: String?]?) {
        guard let map else { return }
        add(key, JSONValue.object(JSONObject(map.keys.sorted().map { k in
            JSONObject.Member(k, map[k]!.map { .string($0) } ?? .null)
        })))
    }

    mutating func add(_ key: String, orderedMap map: [String: String?]?, order: [String]) {
        guard let map else { return }
        let keys = order.filter { map[$0] != nil } + map.keys.filter { !order.contains($0) }.sorted()
        add(key, JSONValue.object(JSONObject(keys.map { k in JSONObject.Member(k, map[k]!.map { .string($0) } ?? .null) })))
    }

    var json: JSONValue { .object(JSONObject(members)) }
}

extension DeletionVectorDescriptor {
    init(json o: JSONObject) throws {
        let f = ActionFields(o, "deletionVector")
        let type = try f.string("storageType")
        guard let storageType = StorageType(rawValue: type) else {
            throw DeltaError(.corruptLog, "deletion vector storage type '\(type)' is not u, i or p")
        }
        self.init(
            storageType: storageType, pathOrInlineDv: try f.string("pathOrInlineDv"),
            offset: try f.optionalInt64("offset").map { Int($0) }, sizeInBytes: Int(try f.int64("sizeInBytes")),
            cardinality: try f.int64("cardinality"))
    }

    var json: JSONValue {
        var w = ActionWriter()
        w.add("storageType", storageType.rawValue)
        w.add("pathOrInlineDv", pathOrInlineDv)
        w.add("offset", offset)
        w.add("sizeInBytes", sizeInBytes)
        w.add("cardinality", cardinality)
        return w.json
    }
}

extension AddFile {
    init(json o: JSONObject) throws {
        let f = ActionFields(o, "add")
        self.init(
            path: try f.string("path"), partitionValues: try f.nullableStringMap("partitionValues") ?? [:],
            size: try f.int64("size"), modificationTime: try f.optionalInt64("modificationTime") ?? 0,
            dataChange: try f.bool("dataChange", default: true), stats: try f.optionalString("stats"),
            tags: try f.nullableStringMap("tags"), deletionVector: try f.object("deletionVector").map { try DeletionVectorDescriptor(json: $0) },
            baseRowId: try f.optionalInt64("baseRowId"), defaultRowCommitVersion: try f.optionalInt64("defaultRowCommitVersion"),
            clusteringProvider: try f.optionalString("clusteringProvider"))
    }

    var json: JSONValue {
        var w = ActionWriter()
        w.add("path", path)
        w.add("partitionValues", partitionValues)
        w.add("size", size)
        w.add("modificationTime", modificationTime)
        w.add("dataChange", dataChange)
        w.add("stats", stats)
        w.add("tags", tags)
        w.add("deletionVector", deletionVector?.json)
        w.add("baseRowId", baseRowId)
        w.add("defaultRowCommitVersion", defaultRowCommitVersion)
        w.add("clusteringProvider", clusteringProvider)
        return w.json
    }
}

extension RemoveFile {
    init(json o: JSONObject) throws {
        let f = ActionFields(o, "remove")
        self.init(
            path: try f.string("path"), deletionTimestamp: try f.optionalInt64("deletionTimestamp"),
            dataChange: try f.bool("dataChange", default: true), extendedFileMetadata: try f.optionalBool("extendedFileMetadata"),
            partitionValues: try f.nullableStringMap("partitionValues"), size: try f.optionalInt64("size"),
            stats: try f.optionalString("stats"), tags: try f.nullableStringMap("tags"),
            deletionVector: try f.object("deletionVector").map { try DeletionVectorDescriptor(json: $0) },
            baseRowId: try f.optionalInt64("baseRowId"), defaultRowCommitVersion: try f.optionalInt64("defaultRowCommitVersion"))
    }

    var json: JSONValue {
        var w = ActionWriter()
        w.add("path", path)
        w.add("deletionTimestamp", deletionTimestamp)
        w.add("dataChange", dataChange)
        w.add("extendedFileMetadata", extendedFileMetadata)
        w.add("partitionValues", partitionValues)
        w.add("size", size)
        w.add("stats", stats)
        w.add("tags", tags)
        w.add("deletionVector", deletionVector?.json)
        w.add("baseRowId", baseRowId)
        w.add("defaultRowCommitVersion", defaultRowCommitVersion)
        return w.json
    }
}

extension Metadata {
    init(json o: JSONObject) throws {
        let f = ActionFields(o, "metaData")
        let format = try f.object("format").map { ActionFields($0, "metaData.format") }
        self.init(
            id: try f.string("id"), name: try f.optionalString("name"), description: try f.optionalString("description"),
            formatProvider: try format?.optionalString("provider") ?? "parquet",
            formatOptions: try format?.stringMap("options") ?? [:],
            schemaString: try f.string("schemaString"), partitionColumns: try f.stringArray("partitionColumns") ?? [],
            configuration: try f.stringMap("configuration") ?? [:], createdTime: try f.optionalInt64("createdTime"))
    }

    var json: JSONValue {
        var w = ActionWriter()
        w.add("id", id)
        w.add("name", name)
        w.add("description", description)
        var format = ActionWriter()
        format.add("provider", formatProvider)
        format.add("options", formatOptions.mapValues { Optional($0) })
        w.add("format", format.json)
        w.add("schemaString", schemaString)
        w.add("partitionColumns", JSONValue.array(partitionColumns.map { .string($0) }))
        w.add("configuration", configuration.mapValues { Optional($0) })
        w.add("createdTime", createdTime)
        return w.json
    }
}

extension Protocol {
    init(json o: JSONObject) throws {
        let f = ActionFields(o, "protocol")
        self.init(
            minReaderVersion: Int(try f.int64("minReaderVersion")), minWriterVersion: Int(try f.int64("minWriterVersion")),
            readerFeatures: try f.stringArray("readerFeatures"), writerFeatures: try f.stringArray("writerFeatures"))
    }

    var json: JSONValue {
        var w = ActionWriter()
        w.add("minReaderVersion", minReaderVersion)
        w.add("minWriterVersion", minWriterVersion)
        w.add("readerFeatures", readerFeatures.map { JSONValue.array($0.map { .string($0) }) })
        w.add("writerFeatures", writerFeatures.map { JSONValue.array($0.map { .string($0) }) })
        return w.json
    }
}

extension SetTransaction {
    init(json o: JSONObject) throws {
        let f = ActionFields(o, "txn")
        self.init(appId: try f.string("appId"), version: try f.int64("version"), lastUpdated: try f.optionalInt64("lastUpdated"))
    }

    var json: JSONValue {
        var w = ActionWriter()
        w.add("appId", appId)
        w.add("version", version)
        w.add("lastUpdated", lastUpdated)
        return w.json
    }
}

extension AddCDCFile {
    init(json o: JSONObject) throws {
        let f = ActionFields(o, "cdc")
        self.init(
            path: try f.string("path"), partitionValues: try f.nullableStringMap("partitionValues") ?? [:],
            size: try f.int64("size"), dataChange: try f.bool("dataChange", default: false), tags: try f.nullableStringMap("tags"))
    }

    var json: JSONValue {
        var w = ActionWriter()
        w.add("path", path)
        w.add("partitionValues", partitionValues)
        w.add("size", size)
        w.add("dataChange", dataChange)
        w.add("tags", tags)
        return w.json
    }
}

extension DomainMetadata {
    init(json o: JSONObject) throws {
        let f = ActionFields(o, "domainMetadata")
        self.init(domain: try f.string("domain"), configuration: try f.optionalString("configuration") ?? "", removed: try f.bool("removed", default: false))
    }

    var json: JSONValue {
        var w = ActionWriter()
        w.add("domain", domain)
        w.add("configuration", configuration)
        w.add("removed", removed)
        return w.json
    }
}

extension CheckpointMetadata {
    init(json o: JSONObject) throws {
        let f = ActionFields(o, "checkpointMetadata")
        self.init(version: try f.int64("version"), tags: try f.nullableStringMap("tags"))
    }

    var json: JSONValue {
        var w = ActionWriter()
        w.add("version", version)
        w.add("tags", tags)
        return w.json
    }
}

extension Sidecar {
    init(json o: JSONObject) throws {
        let f = ActionFields(o, "sidecar")
        self.init(
            path: try f.string("path"), sizeInBytes: try f.int64("sizeInBytes"),
            modificationTime: try f.optionalInt64("modificationTime") ?? 0, tags: try f.nullableStringMap("tags"))
    }

    var json: JSONValue {
        var w = ActionWriter()
        w.add("path", path)
        w.add("sizeInBytes", sizeInBytes)
        w.add("modificationTime", modificationTime)
        w.add("tags", tags)
        return w.json
    }
}
