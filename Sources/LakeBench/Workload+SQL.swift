import Foundation
import Lakehouse

extension Workload {
    /// The SQL workloads: `--query FILE` holds the statement, with `{name}` placeholders for the
    /// `--table name=PATH` arguments (the harness shares the file with DuckDB). The result is
    /// the query's rows as a JSON array of arrays, in the query's own order.
    static func runSQL(_ options: BenchOptions) throws -> Measurement {
        let file = try options.required(options.query, "--query")
        var text = try String(contentsOfFile: file, encoding: .utf8)
        for (name, path) in options.tables {
            text = text.replacingOccurrences(of: "{\(name)}", with: tableReference(path))
        }
        return try measureSQL(text, options)
    }

    /// `sum(column)` over a Parquet file or a Delta table, through the SQL engine.
    static func sumDoubleSQL(_ options: BenchOptions) throws -> Measurement {
        let path = try options.required(options.path, "--path")
        let column = try options.required(options.column, "--column")
        return try measureSQL("SELECT sum(\(column)) FROM \(tableReference(path))", options, scalar: true)
    }

    /// `count(*) WHERE predicate` over a Parquet file or a Delta table, through the SQL engine.
    static func countFilterSQL(_ options: BenchOptions) throws -> Measurement {
        let path = try options.required(options.path, "--path")
        let predicate = try options.required(options.predicate, "--predicate")
        return try measureSQL("SELECT count(*) FROM \(tableReference(path)) WHERE \(predicate)", options, scalar: true)
    }

    /// `parquet.`path`` for a Parquet file, `delta.`path`` for a table directory.
    static func tableReference(_ path: String) -> String {
        (isParquetFile(path) ? "parquet" : "delta") + ".`" + path + "`"
    }

    /// Runs `sql` on a fresh engine with the requested threads and times the whole query
    /// (planning, scan, execution). `scalar`: the result is the single value, not a row list.
    static func measureSQL(_ sql: String, _ options: BenchOptions, scalar: Bool = false) throws -> Measurement {
        let engine = QueryEngine(warehouse: FileManager.default.currentDirectoryPath, threads: options.threads)
        let (result, seconds) = try ProcessProbe.timed { try engine.sql(sql) }
        let rows = try jsonRows(result)
        if scalar, rows.count == 1, case .array(let values) = rows[0], values.count == 1 {
            return Measurement(seconds: seconds, result: values[0], rows: 1, threads: options.threads)
        }
        return Measurement(seconds: seconds, result: .array(rows), rows: rows.count, threads: options.threads)
    }

    /// The result's rows as JSON arrays, values spelled as `lake sql --format jsonl` spells them.
    static func jsonRows(_ result: QueryResult) throws -> [JSONValue] {
        var text = ""
        var writer = RowWriter(format: .jsonl, schema: result.schema) { text += $0 }
        for batch in result.batches { try writer.write(batch) }
        try writer.finish(totalRows: result.rowCount)
        return try text.split(separator: "\n").map { line in
            guard case .object(let object) = try JSONValue(parsing: String(line)) else {
                throw UsageError("a result row is not a JSON object: \(line)")
            }
            return .array(object.members.map(\.value))
        }
    }
}
