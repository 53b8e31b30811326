import Testing
import Columnar
@testable import Parquet

@Suite struct DeltaByteArrayDecoderTests {
    static func encode(_ arrays: [[UInt8]]) -> [UInt8] {
        let (values, offsets) = byteArrayColumn(arrays)
        var out = Buffer()
        DeltaByteArrayEncoder.encode(values: values, offsets: offsets, rows: 0..<arrays.count, into: &out)
        return out.bytes
    }

    static func decode(_ bytes: [UInt8], count: Int) throws -> (arrays: [[UInt8]], consumed: Int) {
        let guarded = GuardedBytes(bytes)
        var values = Buffer(Array("prior".utf8)), offsets = Buffer()
        offsets.append(Int32(0))
        offsets.append(Int32(5))
        let consumed = try DeltaByteArrayDecoder.decode(guarded.buffer, count: count, values: &values, offsets: &offsets)
        let all = arraysOf(values: values, offsets: offsets)
        #expect(all.first == Array("prior".utf8))
        return (Array(all.dropFirst()), consumed)
    }

    static let cases: [(String, [[UInt8]])] = [
        ("none", []),
        ("one", [Array("solo".utf8)]),
        ("spec example", ["axis", "axle", "babble", "babyhood"].map { Array($0.utf8) }),
        ("empties", [[], [], Array("a".utf8), [], Array("a".utf8), Array("a".utf8)]),
        ("sorted urls", (0..<2000).map { Array("https://example.com/items/\($0 / 10)/page\($0 % 10)".utf8) }),
        ("identical long", Array(repeating: Array(repeating: 0x61, count: 3000), count: 50)),
        ("growing", (0..<100).map { Array(repeating: 0x62, count: $0) }),
        ("shrinking", (0..<100).map { Array(repeating: 0x63, count: 100 - $0) }),
    ]

    @Test(arguments: cases)
    func roundTrip(name: String, arrays: [[UInt8]]) throws {
        let bytes = Self.encode(arrays)
        let (decoded, consumed) = try Self.decode(bytes + [0xEE, 0xEE], count: arrays.count)
        #expect(decoded == arrays)
        #expect(consumed == bytes.count)
    }

    /// Encodings.md: "axis", "axle", "babble", "babyhood" is prefixes 0, 2, 0, 3, suffix
    /// lengths 4, 2, 6, 5 and "axislebabbleyhood".
    @Test func specLayout() {
        let bytes = Self.encode(["axis", "axle", "babble", "babyhood"].map { Array($0.utf8) })
        var expected = Buffer()
        [Int32(0), 2, 0, 3].withUnsafeBufferPointer { DeltaBinaryPackedEncoder.encode($0, into: &expected) }
        [Int32(4), 2, 6, 5].withUnsafeBufferPointer { DeltaBinaryPackedEncoder.encode($0, into: &expected) }
        expected.append(contentsOf: Array("axislebabbleyhood".utf8))
        #expect(bytes == expected.bytes)
    }

    static func stream(prefixes: [Int32], suffixes: [Int32], bytes: String) -> [UInt8] {
        var out = Buffer()
        prefixes.withUnsafeBufferPointer { DeltaBinaryPackedEncoder.encode($0, into: &out) }
        suffixes.withUnsafeBufferPointer { DeltaBinaryPackedEncoder.encode($0, into: &out) }
        out.append(contentsOf: Array(bytes.utf8))
        return out.bytes
    }

    @Test func malformedInputThrowsAndLeavesBuffersAlone() {
        let bad: [(String, [UInt8], Int)] = [
            ("first prefix not 0", Self.stream(prefixes: [1, 0], suffixes: [1, 1], bytes: "ab"), 2),
            ("prefix longer than previous", Self.stream(prefixes: [0, 3], suffixes: [2, 1], bytes: "abc"), 2),
            ("negative prefix", Self.stream(prefixes: [0, -1], suffixes: [2, 1], bytes: "abc"), 2),
            ("negative suffix", Self.stream(prefixes: [0, 0], suffixes: [2, -1], bytes: "abc"), 2),
            ("suffix bytes short", Self.stream(prefixes: [0, 1], suffixes: [2, 2], bytes: "abc"), 2),
            ("suffix count differs", Self.stream(prefixes: [0, 1], suffixes: [2], bytes: "abc"), 2),
            ("prefix count differs", Self.stream(prefixes: [0], suffixes: [2, 1], bytes: "abc"), 2),
        ]
        for (name, bytes, count) in bad {
            var values = Buffer(Array("keep".utf8)), offsets = Buffer()
            offsets.append(Int32(0))
            offsets.append(Int32(4))
            #expect(throws: ParquetError.self, "\(name)") {
                _ = try bytes.withUnsafeBytes { try DeltaByteArrayDecoder.decode($0, count: count, values: &values, offsets: &offsets) }
            }
            #expect(values.count == 4 && offsets.count == 8, "\(name): buffers changed")
        }
    }

    @Test func mutationsNeverCrash() {
        let arrays = Self.cases[4].1
        mutate(Self.encode(Array(arrays.prefix(300))), rounds: 400) { raw in
            var values = Buffer(), offsets = Buffer()
            _ = try DeltaByteArrayDecoder.decode(raw, count: 300, values: &values, offsets: &offsets)
        }
    }
}
