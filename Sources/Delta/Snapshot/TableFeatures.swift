/// Which table features a protocol asks for, and whether this engine can honour them.
public enum TableFeatures {
    /// Reader features this engine implements. `variantType` is accepted because a table that
    /// merely enables it (delta-rs 1.6 does so whenever it enables deletion vectors) reads like
    /// any other; a table with an actual variant column is refused when its schema is parsed,
    /// naming the column.
    public static let supportedReaderFeatures: Set<String> = [
        "columnMapping", "deletionVectors", "timestampNtz", "v2Checkpoint", "vacuumProtocolCheck", "variantType",
    ]

    /// Writer features this engine implements (some only when the table does not use them:
    /// see ``checkWritable(_:schema:configuration:location:)``).
    public static let supportedWriterFeatures: Set<String> = [
        "appendOnly", "invariants", "checkConstraints", "changeDataFeed", "generatedColumns", "columnMapping",
        "deletionVectors", "timestampNtz", "v2Checkpoint", "domainMetadata", "inCommitTimestamp",
        "vacuumProtocolCheck",
    ]

    /// The features a protocol implies: its explicit feature lists (versions 3 and 7), or the
    /// features of its legacy versions.
    public static func features(of p: Protocol, configuration: [String: String] = [:]) -> [String] {
        var out: [String] = []
        func add(_ names: [String]) { for n in names where !out.contains(n) { out.append(n) } }
        if p.minReaderVersion >= 3 { add(p.readerFeatures ?? []) }
        if p.minWriterVersion >= 7 {
            add(p.writerFeatures ?? [])
        } else {
            if p.minWriterVersion >= 2 { add(["appendOnly", "invariants"]) }
            if p.minWriterVersion >= 3 { add(["checkConstraints"]) }
            if p.minWriterVersion >= 4 { add(["changeDataFeed", "generatedColumns"]) }
            if p.minWriterVersion >= 5 { add(["columnMapping"]) }
            if p.minWriterVersion >= 6 { add(["identityColumns"]) }
        }
        if p.minReaderVersion == 2 { add(["columnMapping"]) }
        return out
    }

    /// Throws when reading needs something this engine does not implement, naming it.
    public static func checkReadable(_ p: Protocol, location: String) throws {
        guard p.minReaderVersion <= 3 else {
            throw DeltaError(.unsupportedFeature, "the table needs reader version \(p.minReaderVersion); this engine reads up to 3", table: location)
        }
        if p.minReaderVersion == 3 {
            let unsupported = (p.readerFeatures ?? []).filter { !supportedReaderFeatures.contains($0) }
            if !unsupported.isEmpty {
                throw DeltaError(.unsupportedFeature, "the table uses reader feature(s) \(unsupported.joined(separator: ", ")), which this engine does not implement", table: location)
            }
        }
    }

    /// Throws when writing needs something this engine does not implement, naming it.
    public static func checkWritable(_ p: Protocol, location: String) throws {
        try checkReadable(p, location: location)
        guard p.minWriterVersion <= 7 else {
            throw DeltaError(.unsupportedFeature, "the table needs writer version \(p.minWriterVersion); this engine writes up to 7", table: location)
        }
        let unsupported = features(of: p).filter { !supportedWriterFeatures.contains($0) }
        if !unsupported.isEmpty {
            throw DeltaError(.unsupportedFeature, "the table uses writer feature(s) \(unsupported.joined(separator: ", ")), which this engine cannot write", table: location)
        }
    }
}
