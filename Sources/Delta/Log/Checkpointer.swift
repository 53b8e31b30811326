import Columnar
import LakeJSON
import Parquet

/// Writes classic single-file checkpoints (`%020d.checkpoint.parquet`, readable by Spark and
/// delta-rs) and `_last_checkpoint`, then cleans up log files older than the table's
/// `delta.logRetentionDuration` when `delta.enableExpiredLogCleanup` allows.
///
/// A checkpoint holds the protocol, the metadata, every live file, the tombstones still
/// within `delta.deletedFileRetentionDuration`, the application transactions and the
/// domain metadata of its version.
public struct Checkpointer {
    /// The table.
    public let table: DeltaTable

    /// Creates a checkpointer.
    public init(table: DeltaTable) {
        self.table = table
    }

    /// Writes the checkpoint of `version` (the latest when nil).
    public func checkpoint(version: Int64? = nil) throws {
        let snapshot = try table.snapshot(version: version)
        let now = Clock.nowMillis()
        let tombstoneRetention = Interval.millis(snapshot.configuration["delta.deletedFileRetentionDuration"]) ?? 7 * 86_400_000
        var rows: [(column: Int, json: JSONValue)] = []
        rows.append((4, snapshot.protocol.json))
        rows.append((3, snapshot.metadata.json))
        for t in snapshot.transactions.values.sorted(by: { $0.appId < $1.appId }) { rows.append((0, t.json)) }
        for d in snapshot.domainMetadata.values.sorted(by: { $0.domain < $1.domain }) { rows.append((5, d.json)) }
        for add in snapshot.files { rows.append((1, add.json)) }
        for remove in snapshot.tombstones where (remove.deletionTimestamp ?? now) > now - tombstoneRetention {
            rows.append((2, remove.json))
        }

        let schema = CheckpointSchema.schema
        let columns = schema.fields.indices.map { c in
            CheckpointRows.column(schema.fields[c].type, rows.map { $0.column == c ? $0.json : .null })
        }
        var options = ParquetWriterOptions()
        options.compression = .snappy
        let writer = try ParquetFileWriter(schema: schema, options: options)
        try writer.write(RecordBatch(schema: schema, columns: columns, count: rows.count))
        try writer.close()
        let bytes = writer.bytes
        try table.storage.put(LogFile.checkpointName(snapshot.version).inLog, bytes)
        let hint = LastCheckpoint(
            version: snapshot.version, size: Int64(rows.count), sizeInBytes: Int64(bytes.count),
            numOfAddFiles: Int64(snapshot.files.count))
        try table.storage.put(LastCheckpoint.path, Array(hint.json.serialized().utf8))
        if snapshot.configuration["delta.enableExpiredLogCleanup"]?.lowercased() != "false" {
            let retention = Interval.millis(snapshot.configuration["delta.logRetentionDuration"]) ?? 30 * 86_400_000
            try cleanUpLog(before: now - retention)
        }
    }

    /// Deletes commits, checksums and checkpoints older than `cutoff` (milliseconds) that no
    /// version newer than the cutoff needs: everything before the newest checkpoint written
    /// before the cutoff, which is kept with its commit.
    public func cleanUpLog(before cutoff: Int64) throws {
        let files = try table.storage.list("_delta_log").compactMap(LogFile.init)
        let listing = try LogListing(storage: table.storage)
        guard let keep = listing.checkpoints.keys
            .filter({ v in listing.completeCheckpoint(at: v).map { $0.allSatisfy { $0.modificationTime <= cutoff } } ?? false })
            .max() else { return }
        for file in files where file.version < keep && file.modificationTime <= cutoff {
            switch file.kind {
            case .commit, .checksum, .checkpoint, .multipartCheckpoint, .v2Checkpoint, .compaction:
                try table.storage.delete(file.path)
            }
        }
    }
}

/// Delta's interval strings (`interval 7 days`, `30 days`, `168 hours`).
enum Interval {
    static func millis(_ text: String?) -> Int64? {
        guard let text else { return nil }
        var words = text.lowercased().split(separator: " ").map(String.init)
        if words.first == "interval" { words.removeFirst() }
        guard words.count == 2, let n = Int64(words[0]) else { return nil }
        let unit = words[1].hasSuffix("s") ? String(words[1].dropLast()) : words[1]
        let ms: Int64
        switch unit {
        case "millisecond": ms = 1
        case "second": ms = 1000
        case "minute": ms = 60_000
        case "hour": ms = 3_600_000
        case "day": ms = 86_400_000
        case "week": ms = 7 * 86_400_000
        default: return nil
        }
        return n * ms
    }
}
