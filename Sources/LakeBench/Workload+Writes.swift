import Lakehouse

extension Workload {
    static func appends(_ options: BenchOptions) throws -> Measurement {
        let path = try options.required(options.path, "--path")
        try ProcessProbe.removeTree(path)
        let schema = Schema([Field("id", .int64), Field("kind", .string), Field("amount", .float64)])
        let batches = (0..<options.count).map { commit in
            let ids = (0..<options.rows).map { commit * options.rows + $0 }
            return RecordBatch(schema: schema, columns: [
                Column(.int64, ids.map { .int(Int64($0)) }),
                Column(.string, ids.map { .string("kind-\($0 % 5)") }),
                Column(.float64, ids.map { .double(Double($0) * 0.25) }),
            ])
        }
        var writeOptions = WriteOptions()
        if let interval = options.checkpointInterval {
            writeOptions.tableProperties["delta.checkpointInterval"] = String(interval)
        }
        let writer = TableWriter(table: DeltaTable(path: path))
        var latencies: [Double] = []
        latencies.reserveCapacity(batches.count)
        var version: Int64 = -1
        let start = ProcessProbe.now()
        for batch in batches {
            let t0 = ProcessProbe.now()
            version = try writer.write([batch], options: writeOptions).commit?.version ?? version
            latencies.append(ProcessProbe.now() - t0)
        }
        let seconds = ProcessProbe.now() - start
        let sorted = latencies.sorted()
        func ms(_ q: Double) -> JSONValue {
            sorted.isEmpty ? .null : .number((sorted[Swift.min(sorted.count - 1, Int(q * Double(sorted.count)))] * 1000).description)
        }
        return Measurement(seconds: seconds, result: .object(JSONObject([
            .init("version", .int(version)), .init("rows", .int(Int64(options.count * options.rows))),
        ])), rows: options.count * options.rows, extra: [
            .init("commitMsMedian", ms(0.5)), .init("commitMsP95", ms(0.95)), .init("commitMsMax", ms(1.0)),
        ])
    }

    /// bulk-write, ingest-csv and ingest-jsonl: `--input` (kind by extension) to a new table.
    static func writeFile(_ options: BenchOptions) throws -> Measurement {
        let path = try options.required(options.path, "--path")
        let input = try options.required(options.input, "--input")
        try ProcessProbe.removeTree(path)
        let (result, seconds) = try ProcessProbe.timed { () throws -> WriteResult in
            var file = try FileInput(path: input)
            var options = WriteOptions()
            options.mode = .errorIfExists
            return try TableWriter(table: DeltaTable(path: path)).write(schema: file.schema, options: options) {
                try file.next()
            }
        }
        return Measurement(seconds: seconds, result: .int(Int64(result.rowsWritten)), rows: result.rowsWritten, extra: [
            .init("files", .int(Int64(result.filesAdded))), .init("bytes", .int(result.bytesWritten)),
        ])
    }
}
