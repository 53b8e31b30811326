import Testing
import Columnar
@testable import Parquet

@Suite struct DeltaLengthByteArrayDecoderTests {
    static func encode(_ arrays: [[UInt8]], rows: Range<Int>? = nil) -> [UInt8] {
        let (values, offsets) = byteArrayColumn(arrays)
        var out = Buffer()
        DeltaLengthByteArrayEncoder.encode(values: values, offsets: offsets, rows: rows ?? 0..<arrays.count, into: &out)
        return out.bytes
    }

    static func decode(_ bytes: [UInt8], count: Int) throws -> (arrays: [[UInt8]], consumed: Int) {
        let guarded = GuardedBytes(bytes)
        var values = Buffer(), offsets = Buffer()
        offsets.append(Int32(0))
        let consumed = try DeltaLengthByteArrayDecoder.decode(guarded.buffer, count: count, values: &values, offsets: &offsets)
        return (arraysOf(values: values, offsets: offsets), consumed)
    }

    static let cases: [(String, [[UInt8]])] = [
        ("none", []),
        ("one empty", [[]]),
        ("all empty", Array(repeating: [], count: 300)),
        ("spec example", ["Hello", "World", "Foobar", "ABCDEF"].map { Array($0.utf8) }),
        ("long", [Array(repeating: 0x41, count: 100_000), [1], Array(repeating: 0x42, count: 70_000)]),
        ("mixed", (0..<1000).map { i in Array(repeating: UInt8(i % 256), count: (i * 7919) % 40) }),
    ]

    @Test(arguments: cases)
    func roundTrip(name: String, arrays: [[UInt8]]) throws {
        let bytes = Self.encode(arrays)
        let (decoded, consumed) = try Self.decode(bytes + [0xEE], count: arrays.count)
        #expect(decoded == arrays)
        #expect(consumed == bytes.count)
    }

    /// Encodings.md: lengths DeltaEncoding(5, 5, 6, 6), then "HelloWorldFoobarABCDEF".
    @Test func specLayout() {
        let bytes = Self.encode(["Hello", "World", "Foobar", "ABCDEF"].map { Array($0.utf8) })
        #expect(bytes.suffix(22) == Array("HelloWorldFoobarABCDEF".utf8))
        var lengths = Buffer()
        [Int32(5), 5, 6, 6].withUnsafeBufferPointer { DeltaBinaryPackedEncoder.encode($0, into: &lengths) }
        #expect(Array(bytes.prefix(bytes.count - 22)) == lengths.bytes)
    }

    @Test func subRangeOfRows() throws {
        let arrays = (0..<10).map { [UInt8($0), UInt8($0)] }
        let bytes = Self.encode(arrays, rows: 3..<7)
        #expect(try Self.decode(bytes, count: 4).arrays == Array(arrays[3..<7]))
    }

    @Test func malformedInputThrowsAndLeavesBuffersAlone() throws {
        let good = Self.encode(["abc", "de"].map { Array($0.utf8) })
        var lengths = Buffer()
        [Int32(3), -1].withUnsafeBufferPointer { DeltaBinaryPackedEncoder.encode($0, into: &lengths) }
        let bad: [(String, [UInt8], Int)] = [
            ("bytes cut short", Array(good.dropLast()), 2),
            ("count mismatch", good, 3),
            ("count mismatch, fewer", good, 1),
            ("negative length", lengths.bytes + Array("abcdef".utf8), 2),
            ("empty", [], 0),
        ]
        for (name, bytes, count) in bad {
            var values = Buffer(Array("keep".utf8)), offsets = Buffer()
            offsets.append(Int32(0))
            offsets.append(Int32(4))
            #expect(throws: ParquetError.self, "\(name)") {
                _ = try bytes.withUnsafeBytes { try DeltaLengthByteArrayDecoder.decode($0, count: count, values: &values, offsets: &offsets) }
            }
            #expect(values.count == 4 && offsets.count == 8, "\(name): buffers changed")
        }
    }

    @Test func mutationsNeverCrash() {
        let arrays = Self.cases[5].1
        mutate(Self.encode(arrays), rounds: 400) { raw in
            var values = Buffer(), offsets = Buffer()
            _ = try DeltaLengthByteArrayDecoder.decode(raw, count: arrays.count, values: &values, offsets: &offsets)
        }
    }
}
