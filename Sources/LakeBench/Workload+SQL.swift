import Lakehouse

extension Workload {
    /// The SQL workloads: `--query FILE` holds the statement, with `{name}` placeholders for the
    /// `--table name=PATH` arguments (the harness shares the file with DuckDB).
    ///
    /// Extension point: when the SQL engine lands, register each table under its name, run the
    /// statement with `try engine.sql(text)` inside `ProcessProbe.timed`, and return its rows
    /// as the result (a JSON array of arrays, rows sorted by the harness's convention: the
    /// query's own ORDER BY). Until then every SQL workload is a reported gap.
    static func runSQL(_ options: BenchOptions) throws -> Measurement {
        _ = try options.required(options.query, "--query")
        throw WorkloadUnsupported("needs the SQL engine (lake sql), which is not built yet")
    }
}
