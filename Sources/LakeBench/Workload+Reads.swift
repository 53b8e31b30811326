import Lakehouse

extension Workload {
    static func fullDecode(_ options: BenchOptions) throws -> Measurement {
        let path = try options.required(options.path, "--path")
        let ((rows, bytes, sample), seconds) = try ProcessProbe.timed { () throws -> (Int, Int, UInt64) in
            var rows = 0, bytes = 0
            var sample: UInt64 = 0
            try forEachBatch(path, columns: nil) { batch in
                rows += batch.count
                for column in batch.columns { bytes += touch(column, &sample) }
            }
            return (rows, bytes, sample)
        }
        return Measurement(seconds: seconds, result: .int(Int64(rows)), rows: rows, extra: [
            .init("bytesDecoded", .int(Int64(bytes))), .init("sample", .int(Int64(sample & 0xFFFF))),
        ])
    }

    static func snapshotOpen(_ options: BenchOptions) throws -> Measurement {
        let path = try options.required(options.path, "--path")
        let (snapshot, seconds) = try ProcessProbe.timed { try DeltaTable(path: path).snapshot() }
        return Measurement(seconds: seconds, result: .object(JSONObject([
            .init("version", .int(snapshot.version)), .init("files", .int(Int64(snapshot.files.count))),
        ])), rows: snapshot.files.count, extra: [.init("checkpoint", .bool(!snapshot.logSegment.checkpoint.isEmpty))])
    }

    /// Whether `path` names a Parquet file rather than a Delta table directory.
    static func isParquetFile(_ path: String) -> Bool {
        path.lowercased().hasSuffix(".parquet")
    }

    /// Streams the batches of a Parquet file (row group by row group) or of a Delta table's
    /// latest snapshot, projected to `columns` (nil: all).
    static func forEachBatch(_ path: String, columns: [String]?, _ body: (RecordBatch) throws -> Void) throws {
        if isParquetFile(path) {
            let reader = try ParquetFileReader(path: path)
            let fields = reader.schema.schema.fields
            let indices = try columns.map { names in
                try names.map { name in
                    guard let i = fields.firstIndex(where: { $0.name == name }) else {
                        throw UsageError("no column '\(name)' in '\(path)'")
                    }
                    return i
                }
            }
            for group in 0..<reader.rowGroupCount {
                try body(try reader.readRowGroup(group, columns: indices))
            }
        } else {
            let table = DeltaTable(path: path)
            let scan = try Scan(snapshot: try table.snapshot(), storage: table.storage, columns: columns)
            var batches = try scan.batches()
            while let batch = try batches.next() { try body(batch) }
        }
    }

    /// Reads one byte per 4 KiB of every buffer of `column` into `sample` (the decoded data is
    /// really there, and the reads cannot be optimized away) and returns the buffers' size.
    static func touch(_ column: Column, _ sample: inout UInt64) -> Int {
        func bytes(_ buffer: Buffer, _ sample: inout UInt64) -> Int {
            buffer.withUnsafeBytes { raw in
                var i = 0
                while i < raw.count { sample &+= UInt64(raw[i]); i &+= 4096 }
            }
            return buffer.count
        }
        var total = bytes(column.values, &sample) + bytes(column.offsets, &sample)
        if let validity = column.validity { total += bytes(validity.words, &sample) }
        for child in column.children { total += touch(child, &sample) }
        return total
    }
}
