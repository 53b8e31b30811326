#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Lakehouse

extension Workload {
    /// merge and delete: copy `--base` to `--path` (not measured), then run the statement
    /// through the SQL engine on `--threads` threads (measured).
    static func dml(_ options: BenchOptions) throws -> Measurement {
        let base = try options.required(options.base, "--base")
        let path = try options.required(options.path, "--path")
        try ProcessProbe.removeTree(path)
        try copyTree(base, path)
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
        ], effectiveThreads: max(1, options.threads))
    }

    /// Copies a directory tree (files byte for byte).
    static func copyTree(_ from: String, _ to: String) throws {
        var info = stat()
        guard stat(from, &info) == 0 else { throw UsageError("cannot read '\(from)'") }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            guard mkdir(to, 0o755) == 0 || errno == EEXIST else { throw UsageError("cannot create '\(to)'") }
            guard let dir = opendir(from) else { throw UsageError("cannot open directory '\(from)'") }
            var children: [String] = []
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self) }
                if name != "." && name != ".." { children.append(name) }
            }
            closedir(dir)
            for child in children { try copyTree(from + "/" + child, to + "/" + child) }
            return
        }
        let input = open(from, O_RDONLY)
        guard input >= 0 else { throw UsageError("cannot open '\(from)'") }
        defer { close(input) }
        let output = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard output >= 0 else { throw UsageError("cannot create '\(to)'") }
        defer { close(output) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if n < 0 { throw UsageError("cannot read '\(from)'") }
            if n == 0 { break }
            let written = buffer.withUnsafeBytes { write(output, $0.baseAddress, n) }
            guard written == n else { throw UsageError("cannot write '\(to)'") }
        }
    }
}
