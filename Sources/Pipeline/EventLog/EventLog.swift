import Columnar
import Delta
import Foundation

/// A pipeline's event log: a Delta table (by default `event_log.NAME` under the storage
/// root) that every update appends to. `lake pipeline events` prints it and `lake sql` queries
/// it like any table:
///
/// ```sql
/// -- rows dropped by each expectation in the last update
/// SELECT dataset, expectation, dropped_records FROM event_log.shop
/// WHERE event_type = 'expectation'
///   AND update_id = (SELECT update_id FROM event_log.shop WHERE event_type = 'create_update'
///                    ORDER BY sequence DESC LIMIT 1)
/// ```
public final class EventLog: @unchecked Sendable {
    /// The table.
    public let table: DeltaTable
    /// The pipeline's name.
    public let pipeline: String
    private let lock = NSLock()
    private var pending: [PipelineEvent] = []
    private var nextSequence: Int64?

    /// The event log at `path` for `pipeline`.
    public init(path: String, pipeline: String, storage: (any Storage)? = nil) {
        table = storage.map { DeltaTable(storage: $0) } ?? DeltaTable(path: path)
        self.pipeline = pipeline
    }

    /// Queues an event (numbered in order).
    public func record(_ event: PipelineEvent) {
        lock.lock()
        defer { lock.unlock() }
        var e = event
        if nextSequence == nil { nextSequence = (try? lastSequence()).map { $0 + 1 } ?? 0 }
        e.sequence = nextSequence!
        nextSequence! += 1
        pending.append(e)
    }

    /// Commits the queued events (one commit); does nothing when none are queued.
    public func flush() throws {
        lock.lock()
        defer { lock.unlock() }
        guard !pending.isEmpty else { return }
        let batch = PipelineEvent.batch(pending, pipeline: pipeline)
        var options = WriteOptions()
        options.mode = .append
        options.description = "Event log of pipeline \(pipeline)"
        options.tableProperties = ["delta.checkpointInterval": "20"]
        do {
            try TableWriter(table: table).write([batch], options: options)
        } catch {
            throw PipelineError(.execution, "cannot write the event log at \(table.location): \(error)", cause: error)
        }
        pending.removeAll()
    }

    /// The greatest sequence number in the log, or nil when it is empty or missing.
    func lastSequence() throws -> Int64? {
        guard try table.exists() else { return nil }
        let snapshot = try table.snapshot()
        var best: Int64?
        // Statistics hold each file's max sequence; fall back to reading the column.
        let scan = try Scan(snapshot: snapshot, storage: table.storage, columns: ["sequence"])
        var batches = try scan.batches()
        while let b = try batches.next() {
            for r in 0..<b.count { if case .int(let v) = b.columns[0].value(at: r) { best = Swift.max(best ?? v, v) } }
        }
        return best
    }

    /// Every event, ordered by sequence.
    public func read() throws -> RecordBatch {
        guard try table.exists() else {
            throw PipelineError(.notFound, "no event log at \(table.location): the pipeline has not run yet")
        }
        let snapshot = try table.snapshot()
        let all = try Scan(snapshot: snapshot, storage: table.storage).collect()
        guard let seq = all.schema.index(of: "sequence") else { return all }
        let order = (0..<all.count).sorted { a, b in
            let x = all.columns[seq].value(at: a), y = all.columns[seq].value(at: b)
            if case .int(let i) = x, case .int(let j) = y { return i < j }
            return a < b
        }.map { Int32($0) }
        return RecordBatch(schema: all.schema, columns: all.columns.map { $0.gather(order) }, count: all.count)
    }
}
