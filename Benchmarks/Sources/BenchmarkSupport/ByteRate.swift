import Benchmark

/// The byte-rate metric both targets report: bytes of in-memory column data (values,
/// offsets, validity — see ``BenchmarkColumns/byteSize(_:)``) per second of the measured
/// call, shown in millions (MB/s).
///
/// package-benchmark's own `throughput` counts iterations per second (here: row groups
/// decoded or files written per second); its scaling factors are fixed powers of 1000, so a
/// byte rate needs this custom metric.
public enum ByteRate {
    /// The metric; register it in a configuration's `metrics` and `units`.
    public static let metric = BenchmarkMetric.custom("Column bytes/s", polarity: .prefersLarger, useScalingFactor: false)

    /// The configuration every benchmark uses: wall clock, iterations per second, mallocs,
    /// peak resident memory, and the byte rate in millions.
    public static var configuration: Benchmark.Configuration {
        Benchmark.Configuration(
            metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident, metric],
            units: [metric: .mega],
            maxDuration: .seconds(2),
            maxIterations: 1_000
        )
    }

    /// Runs `body`, timing it, and records `bytes` over the elapsed time on `benchmark`.
    @inlinable
    public static func measure<R>(_ benchmark: Benchmark, bytes: Int, _ body: () throws -> R) rethrows -> R {
        let start = ContinuousClock.now
        let result = try body()
        let elapsed = start.duration(to: .now)
        let (seconds, attoseconds) = elapsed.components
        let nanoseconds = Double(seconds) * 1e9 + Double(attoseconds) / 1e9
        if nanoseconds > 0 {
            benchmark.measurement(metric, Int((Double(bytes) / nanoseconds * 1e9).rounded()))
        }
        return result
    }
}
