import Columnar
import Foundation
import Testing

@testable import Parquet

/// A throughput check run by hand, not part of the suite: skipped unless `PARQUET_THROUGHPUT`
/// is set. Run it in release:
///
///     PARQUET_THROUGHPUT=1 swift test -c release -Xswiftc -enable-testing --filter CompressionThroughput
///
/// It decompresses 64 MB of doubles, cut into 1 MB pages as a column chunk would be, for each
/// codec and prints MB/s of decompressed output (best of 3), next to a plain `memcpy` of the
/// same bytes, to show that decompression writes straight into the caller's buffer.
@Suite("Compression throughput (manual)", .enabled(if: ProcessInfo.processInfo.environment["PARQUET_THROUGHPUT"] != nil))
struct CompressionThroughput {
    static let totalBytes = 64 * 1024 * 1024
    static let pageBytes = 1024 * 1024

    /// Two series of doubles: a repetitive one and a random walk in cents.
    static func datasets() -> [(String, [UInt8])] {
        let count = totalBytes / 8
        let repetitive = (0..<count).map { 100.0 + Double(($0 / 4) % 2000) * 0.25 }
        var rng = SeededGenerator(seed: 9)
        var cents = 10_000
        let walk = (0..<count).map { _ -> Double in
            cents += Int.random(in: -50...50, using: &rng)
            return Double(cents) / 100
        }
        return [("repetitive doubles", repetitive.withUnsafeBytes { Array($0) }),
                ("random-walk doubles", walk.withUnsafeBytes { Array($0) })]
    }

    @Test func decompressionThroughput() throws {
        let codecs: [CompressionCodec] = [.uncompressed, .snappy, .gzip, .zstd, .lz4Raw, .lz4, .brotli]
        var report = ""
        for (name, data) in Self.datasets() {
            report += "\n\(name), \(data.count >> 20) MB in \(data.count / Self.pageBytes) pages of 1 MB:\n"
            var output = [UInt8](repeating: 0, count: data.count)
            let memcpyTime = try best(of: 3) {
                data.withUnsafeBytes { src in output.withUnsafeMutableBytes { $0.copyMemory(from: src) } }
            }
            report += line("memcpy", data.count, data.count, memcpyTime)
            for codec in codecs {
                // Compress page by page, remembering each page's slice of the blob.
                var blob = Buffer()
                var pages: [Range<Int>] = []
                try data.withUnsafeBytes { src in
                    for start in stride(from: 0, to: data.count, by: Self.pageBytes) {
                        let before = blob.count
                        try compress(codec, UnsafeRawBufferPointer(rebasing: src[start..<(start + Self.pageBytes)]), into: &blob)
                        pages.append(before..<blob.count)
                    }
                }
                let time = try best(of: 3) {
                    try blob.withUnsafeBytes { src in
                        try output.withUnsafeMutableBytes { dst in
                            for (k, page) in pages.enumerated() {
                                let target = UnsafeMutableRawBufferPointer(rebasing: dst[(k * Self.pageBytes)..<((k + 1) * Self.pageBytes)])
                                try decompress(codec, UnsafeRawBufferPointer(rebasing: src[page]), into: target)
                            }
                        }
                    }
                }
                #expect(output == data, "\(codec) round trip")
                report += line("\(codec)", data.count, blob.count, time)
            }
        }
        print(report)
    }

    /// The fastest of `n` runs of `body`, in seconds.
    private func best(of n: Int, _ body: () throws -> Void) throws -> Double {
        var fastest = Double.infinity
        for _ in 0..<n {
            let elapsed = try ContinuousClock().measure(body)
            fastest = Swift.min(fastest, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        }
        return fastest
    }

    private func line(_ label: String, _ plain: Int, _ compressed: Int, _ seconds: Double) -> String {
        let mbps = Double(plain) / 1_048_576 / seconds
        let ratio = Double(plain) / Double(Swift.max(compressed, 1))
        return "  " + label.padding(toLength: 14, withPad: " ", startingAt: 0)
            + String(format: "%9.0f MB/s   ratio %6.2f", mbps, ratio) + "\n"
    }
}
