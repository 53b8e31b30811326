#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Lakehouse

/// `lake sql`.
struct SQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Run SQL over Delta tables and Parquet, CSV or JSON files.",
        discussion: """
            Tables are named like in Databricks: schema.table (the Delta table at WAREHOUSE/schema/table), \
            delta.`/path/to/table`, parquet.`/path/file.parquet` (also a directory or a glob), \
            csv.`file.csv` and json.`file.jsonl`. Time travel: VERSION AS OF 12, \
            TIMESTAMP AS OF '2026-11-01 10:00:00', or table@v12. Without a query, statements are read \
            from standard input (separated by ';'). Division by zero and overflow give NULL unless \
            SET spark.sql.ansi.enabled = true.
            """)

    @Argument(help: "The SQL to run (default: read statements from standard input).")
    var query: String?

    @Option(help: "Output format: table, csv, json or jsonl.")
    var format: RowFormat = .table

    @Option(help: "Write the last query's rows to this file instead (.parquet, .csv, .json or .jsonl).")
    var output: String?

    @Option(help: "The warehouse directory (default: $LAKE_WAREHOUSE, else the current directory).")
    var warehouse: String?

    @Option(help: "Worker threads (default: every core).")
    var threads: Int?

    func run() throws {
        let text: String
        if let query {
            text = query
        } else {
            var data: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = read(STDIN_FILENO, &buffer, buffer.count)
                if n <= 0 { break }
                data += buffer[0..<n]
            }
            text = String(decoding: data, as: UTF8.self)
        }
        let root = warehouse ?? getenv("LAKE_WAREHOUSE").map { String(cString: $0) } ?? "."
        let engine = QueryEngine(warehouse: root, threads: threads)
        if QueryEngine.isSingleQuery(text) {
            try stream(text, engine)
            return
        }
        let results = try engine.run(text)
        for (i, result) in results.enumerated() {
            let isLast = i == results.count - 1
            if let message = result.message { StandardOutput.error(message) }
            guard !result.schema.fields.isEmpty || !result.batches.isEmpty else { continue }
            if isLast, let output {
                try ResultFile.write(result, to: output)
                StandardOutput.error("wrote \(result.rowCount) row(s) to \(output)")
            } else if result.schema.fields.map(\.name) == ["plan"] && format == .table {
                for b in result.batches { for r in 0..<b.count { StandardOutput.line(b.columns[0].string(at: r)) } }
            } else {
                StandardOutput.print(result.batches, format: format, schema: result.schema)
            }
        }
    }

    /// One query: rows go out as they are computed, never all held at once.
    func stream(_ text: String, _ engine: QueryEngine) throws {
        if let output {
            var file: ResultFile.Writer?
            let rows = try engine.stream(text, start: { file = try ResultFile.Writer(path: output, schema: $0) }) { try file?.write($0) }
            try file?.close()
            StandardOutput.error("wrote \(rows) row(s) to \(output)")
            return
        }
        var printer: RowWriter?
        try engine.stream(text, start: { printer = StandardOutput.rowWriter(format, schema: $0) }) { printer?.write($0) }
        printer?.finish()
    }
}
