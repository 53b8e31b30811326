import Testing
import Columnar
@testable import Parquet

@Suite struct DeltaBinaryPackedEncoderTests {
    static func encode<T: DeltaBinaryPackedInteger>(_ values: [T]) -> [UInt8] {
        var out = Buffer()
        values.withUnsafeBufferPointer { DeltaBinaryPackedEncoder.encode($0, into: &out) }
        return out.bytes
    }

    @Test func headerOnlyForZeroOrOneValue() {
        // 128 (0x80 0x01), 4 miniblocks, count, zigzag first value.
        #expect(Self.encode([Int64]()) == [0x80, 0x01, 0x04, 0x00, 0x00])
        #expect(Self.encode([Int32(-1)]) == [0x80, 0x01, 0x04, 0x01, 0x01])
    }

    @Test func constantDeltasTakeWidthZero() {
        // 1...5: min delta 1 (zigzag 2), four zero widths, no miniblock bytes.
        #expect(Self.encode([Int64](1...5)) == [0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 0, 0, 0, 0])
    }

    @Test func lastMiniblockIsPaddedAndUnusedOnesAreEmpty() {
        // 0, 1, 0: deltas 1, -1; min -1 (zigzag 1); relative 2, 0 -> width 2, one padded
        // miniblock of 32 values (8 bytes), three unused miniblocks of width 0.
        let bytes = Self.encode([Int32(0), 1, 0])
        #expect(bytes == [0x80, 0x01, 0x04, 0x03, 0x00, 0x01, 2, 0, 0, 0, 0b10, 0, 0, 0, 0, 0, 0, 0])
    }

    @Test func int32DeltasWrapInThirtyTwoBits() {
        // Int32.min after Int32.max is a delta of +1 in 32-bit arithmetic: width 0.
        let bytes = Self.encode([Int32.max, Int32.min])
        // Header: 128, 4, 2, zigzag(Int32.max) in 5 bytes; block: zigzag(1), four zero widths.
        #expect(bytes == [0x80, 0x01, 0x04, 0x02, 0xFE, 0xFF, 0xFF, 0xFF, 0x0F, 0x02, 0, 0, 0, 0])
    }
}
