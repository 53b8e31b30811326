import ArgumentParser
import Lakehouse

/// `lake cat TABLE`.
struct CatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cat",
        abstract: "Print the rows of one version of a Delta table.")

    @Argument(help: "The table directory.")
    var table: String

    @OptionGroup var versionOptions: VersionOptions

    @Option(help: "Comma-separated columns to print (default: all).")
    var columns: String?

    @Option(help: "Print at most this many rows.")
    var limit: Int?

    @Option(help: "Output format: table, csv, json or jsonl.")
    var format: RowFormat = .table

    func run() throws {
        let delta = DeltaTable(path: table)
        let snapshot = try versionOptions.snapshot(delta)
        let names = columns.map { $0.split(separator: ",").map { String($0).trimmingSpaces } }
        let scan = try Scan(snapshot: snapshot, storage: delta.storage, columns: names)
        var writer = StandardOutput.rowWriter(format, schema: scan.outputSchema)
        var batches = try scan.batches()
        var remaining = limit ?? Int.max
        while remaining > 0, var batch = try batches.next() {
            if batch.count > remaining {
                batch = RecordBatch(schema: batch.schema, columns: batch.columns.map { $0.slice(0..<remaining) }, count: remaining)
            }
            remaining -= batch.count
            writer.write(batch)
        }
        writer.finish()
    }
}
