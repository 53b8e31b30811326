import Foundation
import LakeJSON
import Testing

/// A throughput check run by hand, not part of the suite: skipped unless `LAKEJSON_THROUGHPUT`
/// is set. Run it in release:
///
///     LAKEJSON_THROUGHPUT=1 swift test -c release --filter JSONThroughput
///
/// It generates ~50 MB of Delta `add` action lines (with a `stats` JSON string, as Spark and
/// delta-rs write them) and ~50 MB of JSON-lines data records, then prints MB/s (best of 3)
/// for parsing them with LakeJSON, for also parsing each `stats` string, for serializing, and
/// for Foundation's `JSONSerialization` on the same lines.
@Suite("JSON throughput (manual)", .enabled(if: ProcessInfo.processInfo.environment["LAKEJSON_THROUGHPUT"] != nil))
struct JSONThroughput {
    static let targetBytes = 50_000_000

    /// Delta add actions like Spark's: partitioned path, stats over four columns, tags.
    static func addActions() -> [UInt8] {
        var rng = JSONParserTests.SeededRandom(state: 42)
        var text: [UInt8] = []
        var i = 0
        while text.count < targetBytes {
            let day = "2024-01-0\(i % 9 + 1)"
            let n = Int(rng.next() % 100_000)
            let low = Int(rng.next() % 1_000_000)
            let stats: JSONValue = [
                "numRecords": .int(Int64(n)),
                "minValues": ["id": .int(Int64(low)), "name": .string("alice \(i)"), "amount": .number(Double(low) / 100), "ts": .string(day + "T10:00:00.000Z")],
                "maxValues": ["id": .int(Int64(low + n)), "name": .string("zoe \(i)"), "amount": .number(Double(low + n) / 100), "ts": .string(day + "T23:59:59.999Z")],
                "nullCount": ["id": 0, "name": .int(Int64(rng.next() % 10)), "amount": 0, "ts": 0],
            ]
            let uuid = String(rng.next(), radix: 16) + "-" + String(rng.next() & 0xFFFF, radix: 16)
            let add: JSONValue = ["add": [
                "path": .string("date=\(day)/part-\(i % 100_000)-\(uuid)-c000.snappy.parquet"),
                "partitionValues": ["date": .string(day)],
                "size": .int(Int64(rng.next() % 100_000_000)),
                "modificationTime": .int(1_700_000_000_000 + Int64(i)),
                "dataChange": true,
                "stats": .string(stats.serialized()),
                "tags": nil,
            ]]
            add.serialized(into: &text)
            text.append(0x0A)
            i += 1
        }
        return text
    }

    /// Flat data records, as in a JSON-lines file to ingest.
    static func dataRecords() -> [UInt8] {
        var text: [UInt8] = []
        var i = 0
        while text.count < targetBytes {
            let record: JSONValue = [
                "id": .int(Int64(i)), "name": .string("user \(i % 977)"), "score": .number(Double(i % 1000) / 8),
                "tags": ["a", .string("t\(i % 13)")], "active": .bool(i % 2 == 0), "note": i % 5 == 0 ? nil : "ok",
                "ts": "2024-01-01T00:00:00Z",
            ]
            record.serialized(into: &text)
            text.append(0x0A)
            i += 1
        }
        return text
    }

    @Test func parseThroughput() throws {
        var report = ""
        for (name, text) in [("Delta add actions", Self.addActions()), ("data records", Self.dataRecords())] {
            var lines = 0
            try text.withUnsafeBytes { buffer in try JSONValue.parseLines(buffer) { _, _ in lines += 1 } }
            report += "\n\(name): \(lines) lines, \(text.count / 1_000_000) MB (\(text.count / lines) B a line)\n"

            var objects = 0
            let parse = try best(of: 3) {
                try text.withUnsafeBytes { buffer in
                    try JSONValue.parseLines(buffer) { value, _ in if value.objectValue != nil { objects += 1 } }
                }
            }
            report += line("LakeJSON parse", text.count, parse)

            if name.hasPrefix("Delta") {
                var records: Int64 = 0
                let withStats = try best(of: 3) {
                    try text.withUnsafeBytes { buffer in
                        try JSONValue.parseLines(buffer) { value, _ in
                            let stats = try JSONValue(parsing: try value.require("add").string("stats"))
                            records += try stats.int64("numRecords")
                        }
                    }
                }
                report += line("  + each stats", text.count, withStats)
            }

            var values: [JSONValue] = []
            try text.withUnsafeBytes { buffer in try JSONValue.parseLines(buffer) { value, _ in values.append(value) } }
            var output: [UInt8] = []
            let write = try best(of: 3) {
                output.removeAll(keepingCapacity: true)
                for value in values {
                    value.serialized(into: &output)
                    output.append(0x0A)
                }
            }
            #expect(output == text)
            report += line("LakeJSON write", text.count, write)

            let data = Data(text)
            let foundation = try best(of: 3) {
                try text.withUnsafeBytes { buffer in
                    var start = 0
                    for (i, byte) in buffer.enumerated() where byte == 0x0A {
                        _ = try JSONSerialization.jsonObject(with: data[start..<i])
                        start = i + 1
                    }
                }
            }
            report += line("JSONSerialization", text.count, foundation)
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

    private func line(_ label: String, _ bytes: Int, _ seconds: Double) -> String {
        "  " + label.padding(toLength: 20, withPad: " ", startingAt: 0)
            + String(format: "%7.0f MB/s  (%.3f s)", Double(bytes) / 1_000_000 / seconds, seconds) + "\n"
    }
}
