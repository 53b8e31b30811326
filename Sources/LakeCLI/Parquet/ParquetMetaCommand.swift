import ArgumentParser
import Lakehouse

/// `lake parquet meta FILE`.
struct ParquetMetaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meta",
        abstract: "Print a Parquet file's footer: row groups, column chunks, encodings, codecs, sizes and statistics.")

    @Argument(help: "The Parquet file.")
    var file: String

    @Option(help: "Output format for the column-chunk rows: table, csv, json or jsonl.")
    var format: RowFormat = .table

    func run() throws {
        let reader = try ParquetFileReader(path: file)
        if format == .table {
            let width = reader.summary.map(\.key.count).max() ?? 0
            for (key, value) in reader.summary {
                StandardOutput.line(key.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value)
            }
            StandardOutput.line("")
        }
        StandardOutput.print([reader.columnChunkBatch()], format: format, schema: ParquetFileReader.columnChunkSchema)
    }
}
