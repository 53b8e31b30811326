import Benchmark

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The custom metrics every benchmark reports, and the configurations that register them.
///
/// package-benchmark's own `throughput` counts iterations per second and its scaling factors
/// are fixed powers of 1000, so values/s and bytes/s are custom metrics, computed around the
/// measured call (``measure(_:values:bytes:_:)``). The same call records the process CPU time
/// of the measured call, the metric the committed thresholds gate (see Benchmarks/README.md):
/// on this shared machine wall-clock time also counts the time other processes held the core.
public enum Rates {
    /// Values processed per second (rows decoded, scanned or aggregated; log actions replayed).
    public static let values = BenchmarkMetric.custom("Values/s", polarity: .prefersLarger, useScalingFactor: false)
    /// Bytes processed per second (what each target counts is in Benchmarks/README.md).
    public static let bytes = BenchmarkMetric.custom("Bytes/s", polarity: .prefersLarger, useScalingFactor: false)
    /// Process CPU time of the measured call, in nanoseconds (`CLOCK_PROCESS_CPUTIME_ID`).
    public static let cpuTime = BenchmarkMetric.custom("CPU time (ns)", polarity: .prefersSmaller, useScalingFactor: false)

    /// The relative p90 tolerance (percent) of the gated CPU time: wide enough for the noise
    /// of a shared 2-core machine (p90s 50-75% apart between runs under other builds' load
    /// were seen), so only a slowdown of more than 2x fails.
    public static let cpuTimeTolerance = 100.0
    /// The relative p90 tolerance (percent) of the gated malloc count.
    public static let mallocTolerance = 50.0

    /// The configuration of a benchmark: wall clock, iterations per second, mallocs, peak
    /// resident memory, values/s (scaled by `valueUnits`: millions unless a target processes
    /// too few values per iteration for that to show), bytes/s (in millions), and CPU time.
    ///
    /// `gated`: whether `make bench-check` fails when the benchmark's p90 CPU time or malloc
    /// count regresses past the committed threshold (by more than ``cpuTimeTolerance`` /
    /// ``mallocTolerance`` percent). Leave it off for benchmarks whose run-to-run spread is
    /// wider than that on this machine (memory-bandwidth-bound ones). `cpuTimeGated: false`
    /// gates the malloc count only, for benchmarks whose CPU time is bimodal from one run to
    /// the next (``ColumnCase/copyBound``). Every other metric is reported only.
    public static func configuration(gated: Bool = true, cpuTimeGated: Bool = true, valueUnits: BenchmarkUnits = .mega,
                                     maxDuration: Duration = .seconds(2)) -> Benchmark.Configuration {
        let reported = BenchmarkThresholds.none
        var thresholds: [BenchmarkMetric: BenchmarkThresholds] = [
            .wallClock: reported, .throughput: reported, .peakMemoryResident: reported,
            values: reported, bytes: reported,
        ]
        thresholds[cpuTime] = gated && cpuTimeGated ? BenchmarkThresholds(relative: [.p90: cpuTimeTolerance]) : reported
        thresholds[.mallocCountTotal] = gated ? BenchmarkThresholds(relative: [.p90: mallocTolerance]) : reported
        return Benchmark.Configuration(
            metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident, values, bytes, cpuTime],
            units: [values: valueUnits, bytes: .mega],
            maxDuration: maxDuration,
            maxIterations: 1_000,
            thresholds: thresholds
        )
    }

    /// Runs `body`, timing it, and records on `benchmark` `values` and `bytes` over the elapsed
    /// wall-clock time, and the process CPU time the call took.
    @inlinable
    public static func measure<R>(_ benchmark: Benchmark, values: Int, bytes: Int, _ body: () throws -> R) rethrows -> R {
        let cpuStart = processCPUNanoseconds()
        let start = ContinuousClock.now
        let result = try body()
        let elapsed = start.duration(to: .now)
        let cpu = processCPUNanoseconds() - cpuStart
        let (seconds, attoseconds) = elapsed.components
        let nanoseconds = Double(seconds) * 1e9 + Double(attoseconds) / 1e9
        if nanoseconds > 0 {
            benchmark.measurement(Rates.values, Int((Double(values) / nanoseconds * 1e9).rounded()))
            benchmark.measurement(Rates.bytes, Int((Double(bytes) / nanoseconds * 1e9).rounded()))
        }
        benchmark.measurement(cpuTime, max(cpu, 1))
        return result
    }

    /// The process's CPU time (all threads, user and system) in nanoseconds.
    @inlinable
    public static func processCPUNanoseconds() -> Int {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Int(spec.tv_sec) * 1_000_000_000 + Int(spec.tv_nsec)
    }
}
