import Dispatch
import Foundation
import Lakehouse

extension Workload {
    /// Decodes every column of every row group (a Parquet file's, or every data file's of a
    /// Delta table's latest snapshot) on `--threads` threads, each taking the next row group.
    static func fullDecode(_ options: BenchOptions) throws -> Measurement {
        let path = try options.required(options.path, "--path")
        let threads = max(1, options.threads)
        let ((rows, bytes, sample), seconds) = try ProcessProbe.timed { () throws -> (Int, Int, UInt64) in
            // The units of work: (file, row group), with one reader per file shared by the threads.
            let readers: [@Sendable (Int) throws -> RecordBatch]
            let counts: [Int]
            if isParquetFile(path) {
                let reader = try ParquetFileReader(path: path)
                readers = [{ try reader.readRowGroup($0) }]
                counts = [reader.rowGroupCount]
            } else {
                let table = DeltaTable(path: path)
                let scan = try Scan(snapshot: try table.snapshot(), storage: table.storage)
                let files = try scan.plan().files.map { try ScanFileReader(scan: scan, file: $0) }
                readers = files.map { file in { try file.readRowGroup($0).batch } }
                counts = files.map(\.rowGroupCount)
            }
            let units = counts.enumerated().flatMap { f, n in (0..<n).map { (f, $0) } }
            let state = DecodeTotals()
            DispatchQueue.concurrentPerform(iterations: min(threads, max(1, units.count))) { _ in
                var rows = 0, bytes = 0
                var sample: UInt64 = 0
                do {
                    while let next = state.take(units.count) {
                        let batch = try readers[units[next].0](units[next].1)
                        rows += batch.count
                        for column in batch.columns { bytes += touch(column, &sample) }
                    }
                } catch {
                    state.fail(error)
                }
                state.add(rows, bytes, sample)
            }
            return try state.result()
        }
        return Measurement(seconds: seconds, result: .int(Int64(rows)), rows: rows, extra: [
            .init("bytesDecoded", .int(Int64(bytes))), .init("sample", .int(Int64(sample & 0xFFFF))),
        ], threads: threads)
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

/// The work queue and the totals of a parallel full decode.
final class DecodeTotals: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var rows = 0, bytes = 0
    private var sample: UInt64 = 0
    private var error: (any Error)?

    /// The next unit's index, or nil when all are taken (or a thread failed).
    func take(_ count: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard error == nil, next < count else { return nil }
        next += 1
        return next - 1
    }

    func add(_ rows: Int, _ bytes: Int, _ sample: UInt64) {
        lock.lock()
        self.rows += rows
        self.bytes += bytes
        self.sample &+= sample
        lock.unlock()
    }

    func fail(_ error: any Error) {
        lock.lock()
        if self.error == nil { self.error = error }
        lock.unlock()
    }

    func result() throws -> (Int, Int, UInt64) {
        lock.lock()
        defer { lock.unlock() }
        if let error { throw error }
        return (rows, bytes, sample)
    }
}
