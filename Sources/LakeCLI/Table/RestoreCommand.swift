import ArgumentParser
import Lakehouse

/// `lake restore TABLE --version N | --timestamp TS`.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a Delta table to an earlier version (RESTORE TABLE ... TO VERSION AS OF).",
        discussion: "The restore is a new commit; history is kept. Prints Delta's RESTORE metrics.")

    @Argument(help: "The table directory.")
    var table: String

    @OptionGroup var target: VersionOptions

    @Option(help: "Output format: table, csv, json or jsonl.")
    var format: RowFormat = .table

    func validate() throws {
        try target.validate()
        if target.version == nil && target.timestamp == nil { throw ValidationError("give --version N or --timestamp TS") }
    }

    func run() throws {
        let delta = DeltaTable(path: table)
        let metrics: RestoreMetrics
        if let version = target.version {
            metrics = try delta.restore(version: version)
        } else if let text = target.timestamp, let micros = Literals.timestamp(text, utc: true) {
            metrics = try delta.restore(timestamp: micros / 1000)
        } else {
            throw ValidationError("give --version N or --timestamp TS")
        }
        StandardOutput.print([metrics.resultBatch], format: format, schema: RestoreMetrics.resultSchema)
        StandardOutput.error("restored \(table) to version \(metrics.restoredVersion) (version \(metrics.commit.version))")
    }
}
