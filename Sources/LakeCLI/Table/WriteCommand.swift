import ArgumentParser
import Lakehouse

/// `lake write TABLE INPUT...`.
struct WriteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "write",
        abstract: "Write Parquet, CSV or JSON-lines files to a Delta table (created when missing).",
        discussion: """
            Inputs are read by extension: .parquet, .csv (header row; bigint, double, boolean, date, \
            timestamp or string inferred per column) and .json/.jsonl (one object per line). All inputs \
            are written in one commit. Data must fit the table schema unless --merge-schema (add new \
            columns) or --overwrite-schema (with --mode overwrite) says otherwise.
            """)

    @Argument(help: "The table directory.")
    var table: String

    @Argument(help: "Input files.")
    var inputs: [String]

    @Option(help: "append, overwrite, error (fail if the table exists) or ignore (do nothing if it exists).")
    var mode: SaveMode = .append

    @Flag(help: "Add columns the data has and the table lacks.")
    var mergeSchema = false

    @Flag(help: "With --mode overwrite: replace the schema (and partitioning) with the data's.")
    var overwriteSchema = false

    @Option(help: "Partition columns of a new table, comma-separated.")
    var partitionBy: String?

    @Option(help: "With --mode overwrite: replace only the rows matching this SQL predicate.")
    var replaceWhere: String?

    @Option(help: "Table property for a new table, KEY=VALUE (repeatable).")
    var property: [String] = []

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("give at least one input file") }
        for p in property where !p.contains("=") { throw ValidationError("--property takes KEY=VALUE, not '\(p)'") }
    }

    func run() throws {
        var options = WriteOptions()
        options.mode = mode
        options.mergeSchema = mergeSchema
        options.overwriteSchema = overwriteSchema
        options.partitionBy = partitionBy.map { $0.split(separator: ",").map { String($0).trimmingSpaces } }
        options.replaceWhere = try replaceWhere.map { try ExpressionParser.parse($0) }
        for p in property {
            let parts = p.split(separator: "=", maxSplits: 1)
            options.tableProperties[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        var files = try inputs.map { try FileInput(path: $0) }
        let schema = files[0].schema
        for f in files.dropFirst() where f.schema != schema {
            throw ValidationError("'\(f.path)' has columns \(f.schema.fields.map { "\($0.name) \($0.type.sqlName)" }.joined(separator: ", ")) but '\(files[0].path)' has \(schema.fields.map { "\($0.name) \($0.type.sqlName)" }.joined(separator: ", ")); write them separately")
        }
        var current = 0
        let result = try TableWriter(table: DeltaTable(path: table)).write(schema: schema, options: options) {
            while current < files.count {
                if let batch = try files[current].next() { return batch }
                current += 1
            }
            return nil
        }
        if let commit = result.commit {
            StandardOutput.error("wrote version \(commit.version) of \(table): \(result.rowsWritten) rows in \(result.filesAdded) file(s), \(result.filesRemoved) file(s) removed")
        } else {
            StandardOutput.error("nothing written: \(result.skippedReason ?? "")")
        }
    }
}

extension SaveMode: ExpressibleByArgument {}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
