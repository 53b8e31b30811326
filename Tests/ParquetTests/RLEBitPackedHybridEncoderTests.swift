import Testing
import Columnar
@testable import Parquet

@Suite struct RLEBitPackedHybridEncoderTests {
    static func encode(_ values: [UInt32], bitWidth: Int) -> [UInt8] {
        var encoder = RLEBitPackedHybridEncoder(bitWidth: bitWidth)
        for v in values { encoder.append(v) }
        var out = Buffer()
        encoder.finish(into: &out)
        return out.bytes
    }

    @Test func repeatsBecomeAnRLERun() {
        // 100 × 7 in 3 bits: varint(100 << 1) = C8 01, value 07.
        #expect(Self.encode(Array(repeating: 7, count: 100), bitWidth: 3) == [0xC8, 0x01, 0x07])
        // 8 × 0 at width 0: a run with no value bytes.
        #expect(Self.encode(Array(repeating: 0, count: 8), bitWidth: 0) == [0x10])
        // A 20-bit value takes 3 bytes.
        #expect(Self.encode(Array(repeating: 0xABCDE, count: 9), bitWidth: 20) == [0x12, 0xDE, 0xBC, 0x0A])
    }

    @Test func distinctValuesAreBitPacked() {
        // 0...7 in 3 bits: one group, header varint(1 << 1 | 1) = 03.
        #expect(Self.encode([0, 1, 2, 3, 4, 5, 6, 7], bitWidth: 3) == [0x03, 0b1000_1000, 0b1100_0110, 0b1111_1010])
        // A partial group is padded with zeros: 1, 2, 3 in 2 bits -> 0b00111001, 0.
        #expect(Self.encode([1, 2, 3], bitWidth: 2) == [0x03, 0b0011_1001, 0x00])
    }

    @Test func mixedRunsMatchParquetJava() {
        // 3 distinct values, then 10 repeats: the repeats seen while a group is being filled
        // get bit-packed with it, the rest becomes an RLE run.
        let values: [UInt32] = [1, 2, 3] + Array(repeating: 5, count: 10)
        let bytes = Self.encode(values, bitWidth: 3)
        // Group [1,2,3,5,5,5,5,5], then 5 repeats of 5 are fewer than 8: bit-packed again, padded.
        var expected: [UInt8] = [0x05]
        var packed = Buffer()
        let groups: [UInt32] = [1, 2, 3, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 0, 0, 0]
        groups.withUnsafeBufferPointer { BitPacking.pack($0.baseAddress!, count: 16, bitWidth: 3, appendingTo: &packed) }
        expected += packed.bytes
        #expect(bytes == expected)
        // 8 distinct values then 20 repeats: a bit-packed group then an RLE run of 20.
        let second = Self.encode(Array(0..<8) + Array(repeating: 2, count: 20), bitWidth: 3)
        #expect(second == [0x03, 0b1000_1000, 0b1100_0110, 0b1111_1010, 40, 0x02])
    }

    @Test func longBitPackedRunsSplitAt63Groups() throws {
        // 64 groups of distinct values: 63 in the first run, 1 in the next.
        let values = (0..<512).map { UInt32($0 % 8) }
        let bytes = Self.encode(values, bitWidth: 3)
        #expect(bytes[0] == 63 << 1 | 1)
        #expect(bytes[1 + 63 * 3] == 1 << 1 | 1)
        #expect(bytes.count == 2 + 64 * 3)
    }

    @Test func finishLeavesTheEncoderUsable() {
        var encoder = RLEBitPackedHybridEncoder(bitWidth: 4)
        for v: UInt32 in [1, 2, 3] { encoder.append(v) }
        var first = Buffer()
        encoder.finish(into: &first)
        for v: UInt32 in [4, 5, 6, 7, 8] { encoder.append(v) }
        var second = Buffer()
        second.append(UInt8(0xAA))  // finish appends after existing bytes
        encoder.finish(into: &second)
        #expect(first.bytes == [0x03, 0x21, 0x03, 0x00, 0x00])
        #expect(second.bytes == [0xAA, 0x03, 0x21, 0x43, 0x65, 0x87])
        encoder.removeAll()
        var third = Buffer()
        encoder.finish(into: &third)
        #expect(third.bytes == [])
    }

    @Test func highBitsAreDropped() {
        #expect(Self.encode(Array(repeating: 0xFF, count: 8), bitWidth: 2) == [0x10, 0x03])
    }

    @Test func batchAppendMatchesSingleAppends() {
        let values: [UInt8] = (0..<1000).map { UInt8(($0 / 13) % 3) }
        var batch = RLEBitPackedHybridEncoder(bitWidth: 2)
        values.withUnsafeBufferPointer { batch.append(contentsOf: $0) }
        var a = Buffer()
        batch.finish(into: &a)
        #expect(a.bytes == Self.encode(values.map { UInt32($0) }, bitWidth: 2))
        #expect(batch.byteCount > 0)
    }
}
