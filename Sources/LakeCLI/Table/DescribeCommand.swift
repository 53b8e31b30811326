import ArgumentParser
import Lakehouse

/// `lake describe TABLE`.
struct DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Show a Delta table's schema and details (the fields of DESCRIBE DETAIL).")

    @Argument(help: "The table directory.")
    var table: String

    @OptionGroup var versionOptions: VersionOptions

    @Option(help: "Output format: table (schema, then details), csv, json or jsonl (the details row).")
    var format: RowFormat = .table

    func run() throws {
        let delta = DeltaTable(path: table)
        let snapshot = try versionOptions.snapshot(delta)
        let detail = delta.detail(snapshot)
        guard format == .table else {
            StandardOutput.print([detail], format: format, schema: detail.schema)
            return
        }
        let columns = Schema([Field("column", .string), Field("type", .string), Field("nullable", .boolean), Field("partition", .boolean)])
        let partitions = Set(snapshot.partitionColumns.map { $0.lowercased() })
        let rows: [[Value]] = snapshot.schema.fields.map {
            [.string($0.name), .string($0.type.sqlName), .boolean($0.nullable), .boolean(partitions.contains($0.name.lowercased()))]
        }
        let schemaBatch = RecordBatch(schema: columns, columns: columns.fields.indices.map { i in Column(columns.fields[i].type, rows.map { $0[i] }) }, count: rows.count)
        StandardOutput.line("version \(snapshot.version) of \(table)")
        StandardOutput.print([schemaBatch], format: .table, schema: columns)
        // The details, one per line.
        for (i, field) in detail.schema.fields.enumerated() {
            StandardOutput.line(field.name.padding(toLength: 18, withPad: " ", startingAt: 0) + " " + detail.columns[i].value(at: 0).text(as: field.type))
        }
    }
}
