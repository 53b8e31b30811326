import Columnar

/// One version of a table, reconstructed from its log: protocol, metadata, schema and the
/// live data files, plus the tombstones VACUUM needs and the applications' transaction versions.
public struct Snapshot: Sendable {
    /// Where the table is.
    public let location: String
    /// The version.
    public let version: Int64
    /// The protocol in effect.
    public let `protocol`: Protocol
    /// The metadata in effect.
    public let metadata: Metadata
    /// The logical schema (column names as users see them).
    public let schema: Schema
    /// The live data files (adds not removed by a later version).
    public let files: [AddFile]
    /// Removed files still within the log (for VACUUM and conflict checks).
    public let tombstones: [RemoveFile]
    /// The latest transaction version per application id.
    public let transactions: [String: SetTransaction]
    /// Domain metadata in effect (removed domains excluded).
    public let domainMetadata: [String: DomainMetadata]
    /// The commit timestamp of this version, milliseconds since the epoch.
    public let timestamp: Int64
    /// The log files the snapshot was built from.
    public let logSegment: LogSegment

    /// The partition columns, in order.
    public var partitionColumns: [String] { metadata.partitionColumns }

    /// Table properties.
    public var configuration: [String: String] { metadata.configuration }

    /// Total bytes of the live data files.
    public var sizeInBytes: Int64 { files.reduce(0) { $0 + $1.size } }

    /// The schema of the data files: the table schema without its partition columns.
    public var dataSchema: Schema {
        let partitions = Set(partitionColumns.map { $0.lowercased() })
        return Schema(schema.fields.filter { !partitions.contains($0.name.lowercased()) })
    }

    /// The reader and writer features in effect, by name (explicit features, or those implied
    /// by legacy protocol versions).
    public var tableFeatures: [String] { TableFeatures.features(of: self.protocol, configuration: configuration) }

    /// Creates a snapshot from its parts.
    public init(
        location: String, version: Int64, protocol: Protocol, metadata: Metadata, schema: Schema, files: [AddFile],
        tombstones: [RemoveFile], transactions: [String: SetTransaction], domainMetadata: [String: DomainMetadata],
        timestamp: Int64, logSegment: LogSegment
    ) {
        self.location = location
        self.version = version
        self.protocol = `protocol`
        self.metadata = metadata
        self.schema = schema
        self.files = files
        self.tombstones = tombstones
        self.transactions = transactions
        self.domainMetadata = domainMetadata
        self.timestamp = timestamp
        self.logSegment = logSegment
    }
}
