import Testing
import Columnar
@testable import Parquet

@Suite struct RLEBitPackedHybridDecoderTests {
    /// Decodes up to `count` values in batches of `batch` (a padded final group would yield
    /// more, so callers ask for exactly what the page holds).
    static func decodeAll<T: FixedWidthInteger & UnsignedInteger>(_ bytes: [UInt8], bitWidth: Int, count: Int, batch: Int, as: T.Type = UInt32.self) throws -> [T] {
        let guarded = GuardedBytes(bytes)
        var decoder = try RLEBitPackedHybridDecoder(guarded.buffer, bitWidth: bitWidth)
        var out = [T](repeating: 0, count: count)
        var produced = 0
        while produced < count {
            let want = Swift.min(batch, count - produced)
            let n = try out.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress! + produced, count: want) }
            produced += n
            if n < want { break }
        }
        return Array(out.prefix(produced))
    }

    /// Random values with long runs, short runs and noise.
    static func values(count: Int, bitWidth: Int, seed: UInt64) -> [UInt32] {
        var rng = SeededGenerator(seed: seed)
        let mask: UInt64 = bitWidth == 32 ? 0xFFFF_FFFF : (1 << UInt64(bitWidth)) - 1
        var out: [UInt32] = []
        while out.count < count {
            let v = UInt32(rng.next() & mask)
            let kind = rng.next() % 4
            let run = kind == 0 ? Int(rng.next() % 100) + 8 : (kind == 1 ? Int(rng.next() % 8) + 1 : 1)
            out += Array(repeating: v, count: Swift.min(run, count - out.count))
        }
        return out
    }

    static func encode(_ values: [UInt32], bitWidth: Int) -> [UInt8] {
        var encoder = RLEBitPackedHybridEncoder(bitWidth: bitWidth)
        values.withUnsafeBufferPointer { encoder.append(contentsOf: $0) }
        var out = Buffer()
        encoder.finish(into: &out)
        return out.bytes
    }

    @Test(arguments: 0...32, [0, 1, 7, 8, 9, 100, 1000, 5000])
    func roundTripUInt32(bitWidth: Int, count: Int) throws {
        let values = Self.values(count: count, bitWidth: bitWidth, seed: UInt64(bitWidth * 7919 + count))
        let bytes = Self.encode(values, bitWidth: bitWidth)
        // Whole, and in odd batch sizes that split runs and bit-packed groups.
        #expect(try Self.decodeAll(bytes, bitWidth: bitWidth, count: count, batch: count) == values)
        #expect(try Self.decodeAll(bytes, bitWidth: bitWidth, count: count, batch: 3) == values)
        #expect(try Self.decodeAll(bytes, bitWidth: bitWidth, count: count, batch: 37) == values)
    }

    @Test(arguments: 0...8, [1, 8, 100, 1000])
    func roundTripUInt8(bitWidth: Int, count: Int) throws {
        let values = Self.values(count: count, bitWidth: bitWidth, seed: UInt64(bitWidth * 31 + count))
        let bytes = Self.encode(values, bitWidth: bitWidth)
        let expected = values.map { UInt8($0) }
        #expect(try Self.decodeAll(bytes, bitWidth: bitWidth, count: count, batch: count, as: UInt8.self) == expected)
        #expect(try Self.decodeAll(bytes, bitWidth: bitWidth, count: count, batch: 5, as: UInt8.self) == expected)
    }

    @Test func otherOutputTypesGoThroughScratch() throws {
        let values = Self.values(count: 700, bitWidth: 12, seed: 5)
        let bytes = Self.encode(values, bitWidth: 12)
        #expect(try Self.decodeAll(bytes, bitWidth: 12, count: 700, batch: 300, as: UInt16.self) == values.map { UInt16($0) })
        #expect(try Self.decodeAll(bytes, bitWidth: 12, count: 700, batch: 1000, as: UInt64.self) == values.map { UInt64($0) })
    }

    /// Encodings.md grammar by hand: an RLE run, then a bit-packed run of the 0...7 example.
    @Test func specStreams() throws {
        // rle-run: varint(5 << 1) = 0x0A, value 4 in one byte.
        // bit-packed-run: varint(1 << 1 | 1) = 0x03, then 0...7 packed in 3 bits.
        let bytes: [UInt8] = [0x0A, 0x04, 0x03, 0b1000_1000, 0b1100_0110, 0b1111_1010]
        #expect(try Self.decodeAll(bytes, bitWidth: 3, count: 13, batch: 100) == [4, 4, 4, 4, 4, 0, 1, 2, 3, 4, 5, 6, 7])
        // A 16-bit RLE value is two little-endian bytes; a run header may take several varint bytes.
        let long: [UInt8] = [0xC8, 0x01, 0x34, 0x12]  // 100 values of 0x1234
        #expect(try Self.decodeAll(long, bitWidth: 13, count: 100, batch: 64) == Array(repeating: 0x1234, count: 100))
        // Bit width 0: runs carry no value bytes.
        #expect(try Self.decodeAll([0x10, 0x03], bitWidth: 0, count: 16, batch: 5) == Array(repeating: 0, count: 16))
    }

    /// A bit-packed run's last group may be only partly present when the data ends inside it.
    @Test func truncatedLastGroupIsAccepted() throws {
        // 2 groups declared (16 values of 3 bits = 6 bytes), 4 bytes present: 10 whole values.
        let values: [UInt32] = [1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7, 0]
        var packed = Buffer()
        values.withUnsafeBufferPointer { BitPacking.pack($0.baseAddress!, count: 16, bitWidth: 3, appendingTo: &packed) }
        let bytes = [0x05] + packed.bytes.prefix(4)
        #expect(try Self.decodeAll(bytes, bitWidth: 3, count: 16, batch: 7) == Array(values.prefix(10)))
    }

    @Test func dictionaryIndicesStartWithBitWidth() throws {
        let bytes: [UInt8] = [3, 0x03, 0b1000_1000, 0b1100_0110, 0b1111_1010]
        try bytes.withUnsafeBytes { raw in
            var decoder = try RLEBitPackedHybridDecoder.dictionaryIndices(raw)
            var out = [UInt32](repeating: 0, count: 8)
            let n = try out.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress!, count: 8) }
            #expect(n == 8)
            #expect(out == [0, 1, 2, 3, 4, 5, 6, 7])
        }
        #expect(throws: ParquetError.self) { try [UInt8]().withUnsafeBytes { _ = try RLEBitPackedHybridDecoder.dictionaryIndices($0) } }
        #expect(throws: ParquetError.self) { try [UInt8]([33, 0]).withUnsafeBytes { _ = try RLEBitPackedHybridDecoder.dictionaryIndices($0) } }
    }

    @Test func stopsAtTheEndOfTheData() throws {
        #expect(try Self.decodeAll([0x0A, 0x04], bitWidth: 3, count: 10, batch: 100) == [4, 4, 4, 4, 4])
        #expect(try Self.decodeAll([], bitWidth: 3, count: 10, batch: 100) == [])
    }

    static let malformed: [(String, [UInt8], Int)] = [
        ("RLE value past the end", [0x0A], 8),
        ("RLE value wider than the bit width", [0x0A, 0x09], 3),
        ("two-byte RLE value cut short", [0x0A, 0x34], 13),
        ("bit-packed run far past the end", [0x07, 0xFF], 3),
        ("varint past the end", [0x80], 3),
        ("varint over 64 bits", Array(repeating: 0xFF, count: 11) + [0x01], 3),
        ("RLE run over 2^31-1", [0xFE, 0xFF, 0xFF, 0xFF, 0x1F, 0x01], 3),
    ]

    @Test(arguments: malformed)
    func rejectsMalformedStreams(name: String, bytes: [UInt8], bitWidth: Int) {
        #expect(throws: ParquetError.self, "\(name)") { _ = try Self.decodeAll(bytes, bitWidth: bitWidth, count: 20, batch: 20) }
    }

    @Test func rejectsBadBitWidths() {
        #expect(throws: ParquetError.self) { _ = try RLEBitPackedHybridDecoder(UnsafeRawBufferPointer(start: nil, count: 0), bitWidth: 33) }
        #expect(throws: ParquetError.self) { _ = try RLEBitPackedHybridDecoder(UnsafeRawBufferPointer(start: nil, count: 0), bitWidth: -1) }
        // A 9-bit stream cannot decode into bytes.
        #expect(throws: ParquetError.self) { _ = try Self.decodeAll([0x02, 0x01, 0x00], bitWidth: 9, count: 1, batch: 1, as: UInt8.self) }
    }

    /// Random truncations and byte flips of valid streams throw or decode; never crash.
    @Test(arguments: [1, 3, 8, 20, 32])
    func mutationsNeverCrash(bitWidth: Int) {
        let values = Self.values(count: 300, bitWidth: bitWidth, seed: 77)
        let bytes = Self.encode(values, bitWidth: bitWidth)
        mutate(bytes, seed: UInt64(bitWidth)) { raw in
            var decoder = try RLEBitPackedHybridDecoder(raw, bitWidth: bitWidth)
            var out = [UInt32](repeating: 0, count: 400)
            _ = try out.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress!, count: 400) }
        }
        if bitWidth <= 8 {
            mutate(bytes, seed: UInt64(bitWidth) + 100) { raw in
                var decoder = try RLEBitPackedHybridDecoder(raw, bitWidth: bitWidth)
                var out = [UInt8](repeating: 0, count: 400)
                _ = try out.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress!, count: 400) }
            }
        }
    }
}
