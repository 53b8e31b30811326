import Columnar

/// The protocol a table needs: (1, 2) unless a feature needs more, and then the
/// table-features form listing exactly the features in use.
enum ProtocolPlanner {
    static func plan(for schema: Schema, configuration: [String: String], current: Protocol?) -> Protocol {
        var reader: Set<String> = [], writer: Set<String> = []
        func uses(_ t: DataType) -> Bool {
            switch t {
            case .timestampNTZ: true
            case .struct(let fs): fs.contains { uses($0.type) }
            case .list(let e): uses(e.type)
            case .map(let k, let v): uses(k.type) || uses(v.type)
            default: false
            }
        }
        if schema.fields.contains(where: { uses($0.type) }) { reader.insert("timestampNtz"); writer.insert("timestampNtz") }
        func on(_ key: String) -> Bool { configuration[key]?.lowercased() == "true" }
        if on("delta.enableDeletionVectors") { reader.insert("deletionVectors"); writer.insert("deletionVectors") }
        if on("delta.enableChangeDataFeed") { writer.insert("changeDataFeed") }
        if on("delta.appendOnly") { writer.insert("appendOnly") }
        if configuration.keys.contains(where: { $0.lowercased().hasPrefix(TableConstraints.configurationPrefix) }) {
            writer.insert("checkConstraints")
        }
        if on("delta.enableInCommitTimestamps") { writer.insert("inCommitTimestamp") }
        if ColumnMappingMode(configuration: configuration) != .none { reader.insert("columnMapping"); writer.insert("columnMapping") }

        if let current {
            // Never downgrade: keep what the table already has.
            let existing = Set(TableFeatures.features(of: current))
            let needed = writer.union(reader)
            if needed.isSubset(of: existing) { return current }
            if current.minWriterVersion >= 7 {
                reader.formUnion(current.readerFeatures ?? [])
                writer.formUnion(current.writerFeatures ?? [])
            } else {
                writer.formUnion(existing)
            }
        }
        // Legacy writer versions: 2 = appendOnly + invariants, 3 = + checkConstraints,
        // 4 = + changeDataFeed + generatedColumns.
        let legacyLevel: [String: Int] = ["appendOnly": 2, "invariants": 2, "checkConstraints": 3, "changeDataFeed": 4, "generatedColumns": 4]
        if reader.isEmpty && writer.allSatisfy({ legacyLevel[$0] != nil }) {
            return Protocol(minReaderVersion: 1, minWriterVersion: writer.map { legacyLevel[$0] ?? 2 }.max() ?? 2)
        }
        if reader == ["columnMapping"] && writer.isSubset(of: Set(legacyLevel.keys).union(["columnMapping"])) {
            return Protocol(minReaderVersion: 2, minWriterVersion: 5)
        }
        return Protocol(
            minReaderVersion: reader.isEmpty ? 1 : 3, minWriterVersion: 7,
            readerFeatures: reader.isEmpty ? nil : reader.sorted(), writerFeatures: writer.union(reader).sorted())
    }
}
