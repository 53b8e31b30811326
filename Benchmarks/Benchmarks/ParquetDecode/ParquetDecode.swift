// Decoding one in-memory column chunk per iteration, plus memory-bandwidth baselines to
// compare the decode rates against.
import Benchmark
import BenchmarkSupport
import Columnar
import Parquet

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = ByteRate.configuration

    // Each file is written once in setup; an iteration decodes its single row group (1 Mi rows).
    for testCase in ColumnCase.all {
        Benchmark("decode \(testCase.name)") { (benchmark: Benchmark, setup: (ParquetFileReader, Int)) in
            let (reader, bytes) = setup
            let batch = try ByteRate.measure(benchmark, bytes: bytes) { try reader.readRowGroup(0) }
            blackHole(batch)
        } setup: {
            let reader = try ParquetFileReader(bytes: testCase.makeFile())
            // Decode once so the rate counts the bytes the decoder really produced.
            let bytes = try BenchmarkColumns.byteSize(reader.readRowGroup(0).columns[0])
            return (reader, bytes)
        }
    }

    // Baselines. A decoder reads its input once and writes a new column; these bound what
    // that can cost on this machine.
    let rows = BenchmarkColumns.rows

    // Reading 8 MiB (one decoded INT64/DOUBLE column), which stays in the last-level cache.
    Benchmark("memory: sum 1 Mi DOUBLE (8 MiB)") { (benchmark: Benchmark, values: [Double]) in
        blackHole(ByteRate.measure(benchmark, bytes: values.count * 8) { sum(values) })
    } setup: {
        doubles(rows)
    }

    // Reading 256 MiB, far more than any cache: main-memory bandwidth.
    Benchmark("memory: sum 32 Mi DOUBLE (256 MiB)") { (benchmark: Benchmark, values: [Double]) in
        blackHole(ByteRate.measure(benchmark, bytes: values.count * 8) { sum(values) })
    } setup: {
        doubles(32 * rows)
    }

    // Copying 8 MiB into a freshly allocated Buffer: the floor for any decoder that returns
    // a new column of that size (allocation, first-touch page faults, the copy).
    Benchmark("memory: copy 8 MiB into a new Buffer") { (benchmark: Benchmark, values: [Double]) in
        let copy = ByteRate.measure(benchmark, bytes: values.count * 8) {
            values.withUnsafeBytes { Buffer(bytes: $0) }
        }
        blackHole(copy)
    } setup: {
        doubles(rows)
    }
}

/// `count` seeded random doubles.
func doubles(_ count: Int) -> [Double] {
    var rng = SeededGenerator(seed: 42)
    return (0..<count).map { _ in Double.random(in: 0..<1, using: &rng) }
}

/// The sum of `values`, eight lanes at a time with four independent accumulators so the loop
/// is bound by memory reads, not by the latency of one chain of additions.
@inline(never)
func sum(_ values: [Double]) -> Double {
    values.withUnsafeBufferPointer { buffer in
        let raw = UnsafeRawPointer(buffer.baseAddress!)
        let lanes = SIMD8<Double>.scalarCount
        let stride = 4 * lanes
        var a = SIMD8<Double>(), b = SIMD8<Double>(), c = SIMD8<Double>(), d = SIMD8<Double>()
        var i = 0
        while i + stride <= buffer.count {
            a += raw.loadUnaligned(fromByteOffset: i * 8, as: SIMD8<Double>.self)
            b += raw.loadUnaligned(fromByteOffset: (i + lanes) * 8, as: SIMD8<Double>.self)
            c += raw.loadUnaligned(fromByteOffset: (i + 2 * lanes) * 8, as: SIMD8<Double>.self)
            d += raw.loadUnaligned(fromByteOffset: (i + 3 * lanes) * 8, as: SIMD8<Double>.self)
            i += stride
        }
        var total = ((a + b) + (c + d)).sum()
        while i < buffer.count {
            total += buffer[i]
            i += 1
        }
        return total
    }
}
