// Writing one column (1 Mi rows) to an in-memory Parquet file per iteration.
import Benchmark
import BenchmarkSupport
import Columnar
import Parquet

let benchmarks: @Sendable () -> Void = {
    // Encoding is copy- and allocation-bound, and its CPU time moves 2-3x between runs on this
    // machine: gated on malloc counts only.
    Benchmark.defaultConfiguration = Rates.configuration(cpuTimeGated: false)

    // The batch is built in setup; an iteration creates a writer, writes the batch as one row
    // group (encoding, compression, statistics) and closes the file with its footer.
    for testCase in ColumnCase.all {
        Benchmark("encode \(testCase.name)") { (benchmark: Benchmark, setup: (RecordBatch, Int)) in
            let (batch, bytes) = setup
            let writer = try Rates.measure(benchmark, values: batch.count, bytes: bytes) { try testCase.write(batch) }
            blackHole(writer.bytesWritten)
        } setup: {
            let batch = testCase.makeBatch()
            return (batch, BenchmarkColumns.byteSize(batch.columns[0]))
        }
    }
}
