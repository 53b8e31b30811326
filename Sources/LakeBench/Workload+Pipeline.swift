#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Lakehouse

extension Workload {
    /// pipeline-ingest-csv and pipeline-ingest-jsonl: `--input` is linked into
    /// `PATH/landing/`, then one pipeline update ingests it into `PATH/bronze/orders`.
    static func pipelineIngest(_ options: BenchOptions) throws -> Measurement {
        let root = try options.required(options.path, "--path")
        let input = try options.required(options.input, "--input")
        try ProcessProbe.removeTree(root)
        let landing = root + "/landing"
        for dir in [root, landing] where mkdir(dir, 0o755) != 0 && errno != EEXIST {
            throw PipelineError(.execution, "cannot create \(dir)")
        }
        let name = String(input.split(separator: "/").last ?? "input")
        guard symlink(input, landing + "/" + name) == 0 else { throw PipelineError(.execution, "cannot link \(input) into \(landing)") }
        let format: FileFormat = input.lowercased().hasSuffix(".csv") ? .csv : .json
        let pipeline = PipelineDefinition(name: "bench", storage: root, datasets: [
            .streamingTable("bronze.orders", source: FileSource(path: landing, format: format)),
        ])
        let (result, seconds) = try ProcessProbe.timed { () throws -> UpdateResult in
            try UpdateRunner(pipeline).run(UpdateOptions(parallelism: 1))
        }
        guard let bronze = result.dataset("bronze.orders"), bronze.status == .updated else {
            throw PipelineError(.execution, "the update did not ingest the file: \(result.dataset("bronze.orders")?.error ?? "no result")")
        }
        return Measurement(seconds: seconds, result: .int(Int64(bronze.outputRows)), rows: bronze.outputRows, extra: [
            .init("files", .int(Int64(bronze.files.count))), .init("version", .int(bronze.versionAfter ?? -1)),
        ])
    }
}
