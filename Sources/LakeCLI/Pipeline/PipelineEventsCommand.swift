import ArgumentParser
import Foundation
import Lakehouse

/// `lake pipeline events PIPELINE`.
struct PipelineEventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Show a pipeline's event log: updates, per-dataset progress, expectation results, errors.",
        discussion: """
            PIPELINE is a pipeline file, or the event log table's directory. The event log is a Delta table \
            (by default event_log.NAME under the storage root), so lake sql queries it too, for example the \
            rows each expectation dropped in the last update:
              SELECT dataset, expectation, dropped_records FROM event_log.NAME
              WHERE event_type = 'expectation' AND update_id = (SELECT update_id FROM event_log.NAME
                WHERE event_type = 'create_update' ORDER BY sequence DESC LIMIT 1)
            """)

    @Argument(help: "The pipeline file, or the event log's directory.")
    var pipeline: String

    @Option(help: "Output format: table, csv, json or jsonl.")
    var format: RowFormat = .table

    @Option(help: "Only this update: an update id (or its first characters), or 'last'.")
    var update: String?

    @Option(help: "Only events of this type (create_update, update_progress, flow_definition, flow_progress, expectation).")
    var type: String?

    func run() throws {
        let log: EventLog
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: pipeline, isDirectory: &isDirectory), isDirectory.boolValue {
            log = EventLog(path: pipeline, pipeline: "")
        } else {
            let p = try PipelineFile.load(pipeline)
            log = EventLog(path: p.location(of: p.eventLog), pipeline: p.name)
        }
        var batch = try log.read()
        let column = { (name: String) in batch.schema.index(of: name)! }
        var keep = Array(0..<batch.count)
        if let update {
            var id = update
            if update == "last" {
                id = keep.last(where: { batch.columns[column("event_type")].string(at: $0) == "create_update" }).map { batch.columns[column("update_id")].string(at: $0) } ?? ""
            }
            keep = keep.filter { batch.columns[column("update_id")].string(at: $0).hasPrefix(id) }
        }
        if let type { keep = keep.filter { batch.columns[column("event_type")].string(at: $0) == type } }
        let indices = keep.map { Int32($0) }
        batch = RecordBatch(schema: batch.schema, columns: batch.columns.map { $0.gather(indices) }, count: indices.count)
        if format == .table {
            // The columns people read; --format jsonl has all of them.
            let names = ["timestamp", "update_id", "event_type", "level", "dataset", "message"]
            var columns = names.map { batch.columns[column($0)] }
            columns[1] = Column(.string, (0..<batch.count).map { .string(String(columns[1].string(at: $0).prefix(8))) })
            let narrow = RecordBatch(schema: Schema(names.map { batch.schema[$0]! }), columns: columns, count: batch.count)
            StandardOutput.print([narrow], format: .table, schema: narrow.schema)
        } else {
            StandardOutput.print([batch], format: format, schema: batch.schema)
        }
    }
}
