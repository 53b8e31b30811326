// Decoding one in-memory column chunk per iteration, plus memory-bandwidth baselines to
// compare the decode rates against.
import Benchmark
import BenchmarkSupport
import Columnar
import Parquet

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = Rates.configuration()

    // Each file is written once in setup; an iteration decodes its single row group (1 Mi rows).
    for testCase in ColumnCase.all + ColumnCase.decodeOnly {
        Benchmark("decode \(testCase.name)", configuration: Rates.configuration(cpuTimeGated: !testCase.copyBound)) { (benchmark: Benchmark, setup: (ParquetFileReader, Int)) in
            let (reader, bytes) = setup
            let batch = try Rates.measure(benchmark, values: reader.rowCount, bytes: bytes) { try reader.readRowGroup(0) }
            blackHole(batch)
        } setup: {
            let reader = try ParquetFileReader(bytes: testCase.makeFile())
            // Decode once so the rate counts the bytes the decoder really produced.
            let bytes = try BenchmarkColumns.byteSize(reader.readRowGroup(0).columns[0])
            return (reader, bytes)
        }
    }

    // A full row group of a table-like file, as `lake` writes it by default (ZSTD, dictionary
    // where it pays): six columns of 1 Mi rows, every column chunk decoded.
    Benchmark("decode row group: 6 columns, writer defaults (ZSTD, dictionary)") { (benchmark: Benchmark, setup: (ParquetFileReader, Int)) in
        let (reader, bytes) = setup
        let batch = try Rates.measure(benchmark, values: reader.rowCount * 6, bytes: bytes) { try reader.readRowGroup(0) }
        blackHole(batch)
    } setup: {
        let batch = BenchmarkColumns.mixedBatch()
        let writer = try ParquetFileWriter(schema: batch.schema, options: ParquetWriterOptions())
        try writer.write(batch)
        try writer.close()
        let reader = try ParquetFileReader(bytes: writer.bytes)
        guard reader.rowGroupCount == 1 else { throw CaseError("row group: expected one row group, got \(reader.rowGroupCount)") }
        return (reader, try reader.readRowGroup(0).columns.map(BenchmarkColumns.byteSize).reduce(0, +))
    }

    // Baselines. A decoder reads its input once and writes a new column; these bound what
    // that can cost on this machine.
    let rows = BenchmarkColumns.rows

    // Reading 8 MiB (one decoded INT64/DOUBLE column), which stays in the last-level cache.
    Benchmark("memory: sum 1 Mi DOUBLE (8 MiB)") { (benchmark: Benchmark, values: [Double]) in
        blackHole(Rates.measure(benchmark, values: values.count, bytes: values.count * 8) { sum(values) })
    } setup: {
        doubles(rows)
    }

    // Reading 256 MiB, far more than any cache: main-memory bandwidth.
    // Bound by memory bandwidth, which the other core's work shares: reported, not gated.
    Benchmark("memory: sum 32 Mi DOUBLE (256 MiB)", configuration: Rates.configuration(gated: false)) { (benchmark: Benchmark, values: [Double]) in
        blackHole(Rates.measure(benchmark, values: values.count, bytes: values.count * 8) { sum(values) })
    } setup: {
        doubles(32 * rows)
    }

    // Copying 8 MiB into a freshly allocated Buffer: the floor for any decoder that returns
    // a new column of that size (allocation, first-touch page faults, the copy).
    Benchmark("memory: copy 8 MiB into a new Buffer") { (benchmark: Benchmark, values: [Double]) in
        let copy = Rates.measure(benchmark, values: values.count, bytes: values.count * 8) {
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
