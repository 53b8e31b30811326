import ArgumentParser
import Lakehouse

/// `lake optimize TABLE [--where PRED] [--zorder-by cols]`.
struct OptimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize",
        abstract: "Compact a Delta table's small files (OPTIMIZE), optionally Z-ordered by some columns.",
        discussion: """
            Bin-packing combines each partition's files smaller than the target size into files of \
            about that size (delta.targetFileSize, else 1 GiB); running it again changes nothing. \
            --zorder-by rewrites every file of the selected partitions clustered by the columns, so \
            filters on any of them skip more files. Prints OPTIMIZE's result row (path, metrics).
            """)

    @Argument(help: "The table directory.")
    var table: String

    @Option(name: .customLong("where"), help: "Only partitions matching this predicate on partition columns, e.g. \"day >= '2024-01-01'\".")
    var predicate: String?

    @Option(help: "Z-order by these columns, comma-separated.")
    var zorderBy: String?

    @Option(help: "Target file size in bytes (default: delta.targetFileSize, else 1 GiB).")
    var targetSize: Int64?

    @Option(help: "Output format: table, csv, json or jsonl.")
    var format: RowFormat = .json

    func run() throws {
        var options = OptimizeOptions()
        options.partitionPredicate = try predicate.map { try ExpressionParser.parse($0) }
        options.zOrderBy = zorderBy.map { $0.split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty } } ?? []
        options.maxFileSize = targetSize
        let delta = DeltaTable(path: table)
        let metrics = try delta.optimize(options)
        let batch = metrics.resultBatch(path: delta.location)
        StandardOutput.print([batch], format: format, schema: batch.schema)
        if let commit = metrics.commit {
            StandardOutput.error("optimized \(table): \(metrics.numFilesRemoved) file(s) rewritten into \(metrics.numFilesAdded) (version \(commit.version))")
        } else {
            StandardOutput.error("optimized \(table): nothing to rewrite (no new version)")
        }
    }
}
