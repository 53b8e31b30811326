import ArgumentParser
import Lakehouse

/// `lake history TABLE`.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show a Delta table's commits, newest first (the columns of DESCRIBE HISTORY).")

    @Argument(help: "The table directory.")
    var table: String

    @Option(help: "Show at most this many commits.")
    var limit: Int?

    @Option(help: "Output format: table, csv, json or jsonl.")
    var format: RowFormat = .table

    func run() throws {
        let delta = DeltaTable(path: table)
        let batch = delta.historyBatch(try delta.history(limit: limit))
        if format == .table {
            // The wide maps read better as a narrower grid.
            let keep = ["version", "timestamp", "operation", "operationParameters", "readVersion", "isBlindAppend", "operationMetrics", "engineInfo"]
            let indices = keep.compactMap { batch.schema.index(of: $0) }
            let narrow = RecordBatch(schema: Schema(indices.map { batch.schema.fields[$0] }), columns: indices.map { batch.columns[$0] }, count: batch.count)
            StandardOutput.print([narrow], format: .table, schema: narrow.schema)
        } else {
            StandardOutput.print([batch], format: format, schema: batch.schema)
        }
    }
}
