import Lakehouse

extension Workload {
    /// merge and delete: the statement, through the SQL engine on `--threads` threads, on the
    /// table at `--path` (a fresh copy the harness made before starting the process).
    static func dml(_ options: BenchOptions) throws -> Measurement {
        let path = try options.required(options.path, "--path")
        let sql: String
        switch options.workload {
        case "merge":
            let input = try options.required(options.input, "--input")
            sql = """
                MERGE INTO delta.`\(path)` AS t USING parquet.`\(input)` AS s ON t.o_id = s.o_id
                WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *
                """
        default:
            let predicate = try options.required(options.predicate, "--predicate")
            sql = "DELETE FROM delta.`\(path)` WHERE \(predicate)"
        }
        let engine = QueryEngine(warehouse: "/tmp", threads: max(1, options.threads))
        let (result, seconds) = try ProcessProbe.timed { try engine.sql(sql) }
        let batch = result.batch
        func count(_ name: String) -> JSONValue {
            guard let c = batch.column(named: name), batch.count > 0, case .int(let v) = c.value(at: 0) else { return .null }
            return .int(v)
        }
        let info = try DeltaTable(path: path).history(limit: 1).first?.commitInfo
        let metrics = info?.fields["operationMetrics"]?.objectValue
        func metric(_ name: String) -> JSONValue { metrics?[name] ?? .null }
        let value: JSONValue = options.workload == "merge"
            ? .object(JSONObject([.init("updated", count("num_updated_rows")), .init("inserted", count("num_inserted_rows"))]))
            : .object(JSONObject([.init("deleted", count("num_affected_rows"))]))
        var affected = 0
        if case .int(let v) = count("num_affected_rows") { affected = Int(v) }
        return Measurement(seconds: seconds, result: value, rows: affected, extra: [
            .init("files_added", metric(options.workload == "merge" ? "numTargetFilesAdded" : "numAddedFiles")),
            .init("files_removed", metric(options.workload == "merge" ? "numTargetFilesRemoved" : "numRemovedFiles")),
            .init("scanTimeMs", metric("scanTimeMs")), .init("rewriteTimeMs", metric("rewriteTimeMs")),
        ], threads: max(1, options.threads))
    }
}
