import ArgumentParser
import Foundation
import Lakehouse

/// `lake parquet cat FILE`.
struct ParquetCatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cat",
        abstract: "Print the rows of a Parquet file.",
        discussion: """
            The jsonl format is the machine format every lake command shares: one JSON object per \
            row, keys in column order, decimals as strings with exactly `scale` digits, dates as \
            YYYY-MM-DD, timestamps with six fraction digits (Z for UTC), binary as base64, NaN and \
            infinities as strings.
            """)

    @Argument(help: "The Parquet file.")
    var file: String

    @Option(help: "Output format: table, csv, json or jsonl.")
    var format: RowFormat = .table

    @Option(help: "Print at most this many rows.")
    var limit: Int?

    @Option(help: "Comma-separated top-level columns to print (default: all).")
    var columns: String?

    func run() throws {
        let reader = try ParquetFileReader(path: file)
        var projection: [Int]?
        if let columns {
            projection = try columns.split(separator: ",").map { name in
                let name = name.trimmingCharacters(in: .whitespaces)
                guard let i = reader.schema.schema.index(of: name) else {
                    throw ValidationError("no column '\(name)' in \(file); it has \(reader.schema.schema.fields.map(\.name).joined(separator: ", "))")
                }
                return i
            }
        }
        let schema = projection.map { Schema($0.map { reader.schema.schema.fields[$0] }) } ?? reader.schema.schema
        var writer = StandardOutput.rowWriter(format, schema: schema)
        var batches = reader.batches(columns: projection, limit: limit)
        while let batch = try batches.next() {
            writer.write(batch)
        }
        writer.finish()
    }
}
