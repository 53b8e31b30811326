import ArgumentParser
import Lakehouse

/// `lake parquet schema FILE`.
struct ParquetSchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print a Parquet file's schema: the Parquet message and the column types it reads as.")

    @Argument(help: "The Parquet file.")
    var file: String

    @Option(help: "Output format: table (Parquet message plus a column list), csv, json or jsonl (one row per column).")
    var format: RowFormat = .table

    func run() throws {
        let reader = try ParquetFileReader(path: file)
        let columns = Schema([Field("column", .string, nullable: false), Field("type", .string, nullable: false), Field("nullable", .boolean, nullable: false)])
        let rows = reader.schema.schema.fields.map { Value.struct([.string($0.name), .string($0.type.sqlName), .boolean($0.nullable)]) }
        let batch = RecordBatch(schema: columns, columns: (0..<3).map { i in Column(columns.fields[i].type, rows.map { if case .struct(let v) = $0 { v[i] } else { .null } }) })
        if format == .table {
            StandardOutput.line(reader.schema.messageDescription)
            StandardOutput.line("")
        }
        StandardOutput.print([batch], format: format, schema: columns)
    }
}
