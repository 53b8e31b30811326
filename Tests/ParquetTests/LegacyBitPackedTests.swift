import Testing
import Columnar
@testable import Parquet

@Suite struct LegacyBitPackedTests {
    /// Encodings.md: 0...7 with bit width 3, MSB first, is 00000101 00111001 01110111.
    @Test func specExample() throws {
        let bytes: [UInt8] = [0b0000_0101, 0b0011_1001, 0b0111_0111]
        var out = [UInt8](repeating: 0, count: 8)
        let consumed = try bytes.withUnsafeBytes { raw in
            try out.withUnsafeMutableBufferPointer { try LegacyBitPacked.decode(raw, bitWidth: 3, count: 8, into: $0.baseAddress!) }
        }
        #expect(consumed == 3)
        #expect(out == [0, 1, 2, 3, 4, 5, 6, 7])
        var encoded = Buffer()
        [UInt8](0...7).withUnsafeBufferPointer { LegacyBitPacked.encode($0.baseAddress!, count: 8, bitWidth: 3, into: &encoded) }
        #expect(encoded.bytes == bytes)
    }

    @Test(arguments: 0...8, [0, 1, 7, 8, 30, 1000])
    func roundTrip(bitWidth: Int, count: Int) throws {
        var rng = SeededGenerator(seed: UInt64(bitWidth * 100 + count))
        let values = (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) & UInt8((1 << bitWidth) - 1) }
        var encoded = Buffer()
        values.withUnsafeBufferPointer { LegacyBitPacked.encode($0.baseAddress!, count: count, bitWidth: bitWidth, into: &encoded) }
        #expect(encoded.count == (count * bitWidth + 7) / 8)
        let guarded = GuardedBytes(encoded.bytes)
        var out = [UInt8](repeating: 0xEE, count: count + 1)
        let consumed = try out.withUnsafeMutableBufferPointer { try LegacyBitPacked.decode(guarded.buffer, bitWidth: bitWidth, count: count, into: $0.baseAddress!) }
        #expect(consumed == encoded.count)
        #expect(Array(out.prefix(count)) == values)
        #expect(out[count] == 0xEE)
    }

    @Test func rejectsShortInputAndWideLevels() {
        var out = [UInt8](repeating: 0, count: 30)
        #expect(throws: ParquetError.self) {
            try [UInt8](repeating: 0, count: 7).withUnsafeBytes { raw in
                try out.withUnsafeMutableBufferPointer { _ = try LegacyBitPacked.decode(raw, bitWidth: 2, count: 30, into: $0.baseAddress!) }
            }
        }
        #expect(throws: ParquetError.self) {
            try [UInt8](repeating: 0, count: 70).withUnsafeBytes { raw in
                try out.withUnsafeMutableBufferPointer { _ = try LegacyBitPacked.decode(raw, bitWidth: 9, count: 30, into: $0.baseAddress!) }
            }
        }
    }
}
