import Testing
import Columnar
@testable import Parquet

@Suite struct BitPackingTests {
    static let lengths = [0, 1, 7, 8, 31, 32, 33, 1000]

    static func randomValues(_ count: Int, bitWidth: Int, seed: UInt64) -> [UInt64] {
        var rng = SeededGenerator(seed: seed)
        let mask: UInt64 = bitWidth == 64 ? .max : (1 << UInt64(bitWidth)) - 1
        // Mix in the extremes so every bit position is exercised.
        return (0..<count).map { i in i % 5 == 0 ? mask : (i % 7 == 0 ? 0 : rng.next() & mask) }
    }

    @Test(arguments: 0...32, lengths)
    func roundTripUInt32(bitWidth: Int, count: Int) {
        let values = Self.randomValues(count, bitWidth: bitWidth, seed: UInt64(bitWidth * 1000 + count))
        let narrow = values.map { UInt32($0) }
        var packed = Buffer()
        narrow.withUnsafeBufferPointer { BitPacking.pack($0.baseAddress!, count: count, bitWidth: bitWidth, appendingTo: &packed) }
        #expect(packed.bytes == referencePack(values, bitWidth: bitWidth))

        // The input ends at a guard page: reading past ceil(count * width / 8) would crash.
        let guarded = GuardedBytes(packed.bytes)
        var out = [UInt32](repeating: 0xDEAD_BEEF, count: count + 1)
        out.withUnsafeMutableBufferPointer { BitPacking.unpack(guarded.buffer, count: count, bitWidth: bitWidth, into: $0.baseAddress!) }
        #expect(Array(out.prefix(count)) == narrow)
        #expect(out[count] == 0xDEAD_BEEF, "wrote past count")
    }

    @Test(arguments: 0...64, lengths)
    func roundTripUInt64(bitWidth: Int, count: Int) {
        let values = Self.randomValues(count, bitWidth: bitWidth, seed: UInt64(bitWidth * 1000 + count + 7))
        var packed = Buffer()
        values.withUnsafeBufferPointer { BitPacking.pack($0.baseAddress!, count: count, bitWidth: bitWidth, appendingTo: &packed) }
        #expect(packed.bytes == referencePack(values, bitWidth: bitWidth))

        let guarded = GuardedBytes(packed.bytes)
        var out = [UInt64](repeating: 0xDEAD_BEEF, count: count + 1)
        out.withUnsafeMutableBufferPointer { BitPacking.unpack(guarded.buffer, count: count, bitWidth: bitWidth, into: $0.baseAddress!) }
        #expect(Array(out.prefix(count)) == values)
        #expect(out[count] == 0xDEAD_BEEF, "wrote past count")
    }

    @Test(arguments: 0...8, lengths + [9, 15, 16, 17, 63, 64, 65])
    func unpackUInt8(bitWidth: Int, count: Int) {
        let values = Self.randomValues(count, bitWidth: bitWidth, seed: UInt64(bitWidth * 1000 + count + 13))
        let packed = referencePack(values, bitWidth: bitWidth)
        let guarded = GuardedBytes(packed)
        var out = [UInt8](repeating: 0xEE, count: count + 1)
        out.withUnsafeMutableBufferPointer { BitPacking.unpack(guarded.buffer, count: count, bitWidth: bitWidth, into: $0.baseAddress!) }
        #expect(Array(out.prefix(count)) == values.map { UInt8($0) })
        #expect(out[count] == 0xEE, "wrote past count")
    }

    /// Unpacking a prefix of a longer stream reads only its own bytes and ignores the rest.
    @Test(arguments: [1, 3, 8, 13, 32])
    func unpackPrefixOfLongerInput(bitWidth: Int) {
        let values = Self.randomValues(100, bitWidth: bitWidth, seed: 99)
        let packed = referencePack(values, bitWidth: bitWidth)
        var out = [UInt32](repeating: 0, count: 45)
        packed.withUnsafeBytes { raw in
            out.withUnsafeMutableBufferPointer { BitPacking.unpack(raw, count: 45, bitWidth: bitWidth, into: $0.baseAddress!) }
        }
        #expect(out == values.prefix(45).map { UInt32($0) })
    }

    /// The example of Encodings.md: 0...7 with bit width 3 packs to 10001000 11000110 11111010.
    @Test func specExample() {
        let values: [UInt32] = [0, 1, 2, 3, 4, 5, 6, 7]
        var packed = Buffer()
        values.withUnsafeBufferPointer { BitPacking.pack($0.baseAddress!, count: 8, bitWidth: 3, appendingTo: &packed) }
        #expect(packed.bytes == [0b1000_1000, 0b1100_0110, 0b1111_1010])
        var out = [UInt8](repeating: 0, count: 8)
        packed.withUnsafeBytes { raw in out.withUnsafeMutableBufferPointer { BitPacking.unpack(raw, count: 8, bitWidth: 3, into: $0.baseAddress!) } }
        #expect(out == [0, 1, 2, 3, 4, 5, 6, 7])
    }

    /// Bits above the width are dropped by the packer, not smeared into neighbours.
    @Test func packMasksHighBits() {
        let values: [UInt32] = [0xFF, 0, 0xFF, 0]
        var packed = Buffer()
        values.withUnsafeBufferPointer { BitPacking.pack($0.baseAddress!, count: 4, bitWidth: 2, appendingTo: &packed) }
        #expect(packed.bytes == [0b0011_0011])
    }

    @Test func byteCount() {
        #expect(BitPacking.byteCount(values: 0, bitWidth: 7) == 0)
        #expect(BitPacking.byteCount(values: 1, bitWidth: 1) == 1)
        #expect(BitPacking.byteCount(values: 9, bitWidth: 1) == 2)
        #expect(BitPacking.byteCount(values: 32, bitWidth: 17) == 68)
    }
}
