import Lakehouse

extension Workload {
    /// OPTIMIZE (bin-packing) of the table at `--path` (a copy the harness made of the input).
    static func optimize(_ options: BenchOptions) throws -> Measurement {
        let path = try options.required(options.path, "--path")
        let table = DeltaTable(path: path)
        let (metrics, seconds) = try ProcessProbe.timed { try table.optimize() }
        return Measurement(seconds: seconds, result: .int(metrics.numRowsRewritten), rows: Int(metrics.numRowsRewritten), extra: [
            .init("filesRemoved", .int(Int64(metrics.numFilesRemoved))), .init("filesAdded", .int(Int64(metrics.numFilesAdded))),
            .init("bytesAdded", .int(metrics.filesAdded.totalSize)),
        ])
    }
}
