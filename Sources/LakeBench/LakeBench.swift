#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LakeJSON

/// `lake-bench`: runs one benchmark workload in-process through the library APIs and prints
/// one JSON line, so that the harness (bench/run.py) compares engines without counting process
/// start-up:
///
/// ```
/// {"engine":"lake","workload":"sum-double","threads":1,"effective_threads":1,
///  "seconds":0.21,"round_seconds":[0.21],"result":"4999.5","rows":10000000,
///  "peak_rss_kb":51234,"start_rss_kb":9876,"extra":{...}}
/// ```
///
/// `seconds` is the median of the measured rounds (the wall time of the measured region only);
/// `--warmup W` rounds run first and are not reported. A workload the engine cannot run yet
/// prints `{"workload":...,"unsupported":"why"}` and exits 0.
@main
struct LakeBench {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "--help" || arguments.first == "-h" || arguments.isEmpty {
            print("usage: lake-bench WORKLOAD [options]; workloads: \(Workload.allCases.map(\.rawValue).joined(separator: ", "))")
            return
        }
        do {
            let options = try BenchOptions(arguments)
            guard let workload = Workload(rawValue: options.workload) else {
                throw UsageError("unknown workload '\(options.workload)' (known: \(Workload.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            print(try run(workload, options).serialized())
        } catch let gap as WorkloadUnsupported {
            print(JSONValue.object(JSONObject([
                .init("engine", .string("lake")), .init("workload", .string(arguments[0])),
                .init("unsupported", .string(gap.description)),
            ])).serialized())
        } catch let usage as UsageError {
            fail("lake-bench: \(usage)", status: 2)
        } catch {
            fail("lake-bench: \(error)", status: 1)
        }
    }

    /// Warm-up rounds, then measured rounds; the JSON line describing them.
    static func run(_ workload: Workload, _ options: BenchOptions) throws -> JSONValue {
        let startRSS = ProcessProbe.currentRSSKiB()
        for _ in 0..<options.warmup { _ = try workload.run(options) }
        var rounds: [Measurement] = []
        for _ in 0..<options.rounds { rounds.append(try workload.run(options)) }
        let times = rounds.map(\.seconds)
        let sorted = times.sorted()
        let median = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        // Every round must compute the same thing.
        if let bad = rounds.first(where: { $0.result != rounds[0].result }) {
            throw UsageError("rounds disagree: \(rounds[0].result) vs \(bad.result)")
        }
        let last = rounds[rounds.count - 1]
        return .object(JSONObject([
            .init("engine", .string("lake")),
            .init("workload", .string(workload.rawValue)),
            .init("threads", .int(Int64(options.threads))),
            .init("effective_threads", .int(Int64(last.threads ?? 1))),
            .init("seconds", .number(median.description)),
            .init("round_seconds", .array(times.map { .number($0.description) })),
            .init("result", last.result),
            .init("rows", .int(Int64(last.rows))),
            .init("peak_rss_kb", .int(Int64(ProcessProbe.peakRSSKiB()))),
            .init("start_rss_kb", startRSS.map { .int(Int64($0)) } ?? .null),
            .init("extra", .object(JSONObject(last.extra))),
        ]))
    }

    static func fail(_ message: String, status: Int32) -> Never {
        var text = Array((message + "\n").utf8)
        _ = text.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
        exit(status)
    }
}
