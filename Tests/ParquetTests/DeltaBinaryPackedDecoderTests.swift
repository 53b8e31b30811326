import Testing
import Columnar
@testable import Parquet

@Suite struct DeltaBinaryPackedDecoderTests {
    static func encode<T: DeltaBinaryPackedInteger>(_ values: [T]) -> [UInt8] {
        var out = Buffer()
        values.withUnsafeBufferPointer { DeltaBinaryPackedEncoder.encode($0, into: &out) }
        return out.bytes
    }

    static func decode<T: DeltaBinaryPackedInteger>(_ bytes: [UInt8], capacity: Int, as: T.Type) throws -> (values: [T], consumed: Int) {
        let guarded = GuardedBytes(bytes)
        var out = [T](repeating: 0, count: Swift.max(capacity, 1))
        let (n, consumed) = try out.withUnsafeMutableBufferPointer { try DeltaBinaryPackedDecoder.decode(guarded.buffer, into: $0.baseAddress!, capacity: capacity) }
        return (Array(out.prefix(n)), consumed)
    }

    static let int64Cases: [(String, [Int64])] = [
        ("empty", []),
        ("single", [42]),
        ("single min", [.min]),
        ("extremes", [.min, .max, .min, .max, 0, -1, 1]),
        ("wrapping deltas", [.max, .min, .max, -1, .min, 0]),
        ("exactly 128", (0..<128).map { Int64($0 * $0) }),
        ("129", (0..<129).map { Int64($0) * -7 }),
        ("129 with a jump", (0..<129).map { $0 == 128 ? Int64.max : Int64($0) }),
        ("constant", Array(repeating: 5, count: 1000)),
        ("random", { var r = SeededGenerator(seed: 3); return (0..<3000).map { _ in Int64(bitPattern: r.next()) } }()),
        ("random small", { var r = SeededGenerator(seed: 4); return (0..<777).map { _ in Int64(r.next() % 1000) - 500 } }()),
        ("sorted timestamps", (0..<1000).map { 1_700_000_000_000_000 + Int64($0) * 1_000_003 }),
    ]

    @Test(arguments: int64Cases)
    func roundTripInt64(name: String, values: [Int64]) throws {
        let bytes = Self.encode(values)
        // Trailing bytes belong to whatever follows: consumed must stop before them.
        let (decoded, consumed) = try Self.decode(bytes + [0xEE, 0xEE], capacity: values.count, as: Int64.self)
        #expect(decoded == values)
        #expect(consumed == bytes.count)
    }

    static let int32Cases: [(String, [Int32])] = [
        ("empty", []),
        ("single", [-9]),
        ("extremes", [.min, .max, .min, .max, 0]),
        ("exactly 128", (0..<128).map { Int32($0) }),
        ("129", (0..<129).map { Int32($0) * 3 }),
        ("random", { var r = SeededGenerator(seed: 5); return (0..<2000).map { _ in Int32(truncatingIfNeeded: r.next()) } }()),
    ]

    @Test(arguments: int32Cases)
    func roundTripInt32(name: String, values: [Int32]) throws {
        let bytes = Self.encode(values)
        let (decoded, consumed) = try Self.decode(bytes + [0xEE], capacity: values.count, as: Int32.self)
        #expect(decoded == values)
        #expect(consumed == bytes.count)
    }

    /// Encodings.md example 1 (block size 8 is invalid for real streams, so 128 here):
    /// 1, 2, 3, 4, 5 is header 128 1 5 zigzag(1), block zigzag(1), width 0, no data.
    @Test func specExampleOne() throws {
        let bytes: [UInt8] = [0x80, 0x01, 0x01, 0x05, 0x02, 0x02, 0x00]
        let (values, consumed) = try Self.decode(bytes, capacity: 5, as: Int64.self)
        #expect(values == [1, 2, 3, 4, 5])
        #expect(consumed == 7)
    }

    /// Encodings.md example 2: 7, 5, 3, 1, 2, 3, 4, 5; min delta -2, relative deltas
    /// 0, 0, 0, 3, 3, 3, 3 in 2 bits; the one miniblock padded to 128 values (32 bytes).
    @Test func specExampleTwo() throws {
        var bytes: [UInt8] = [0x80, 0x01, 0x01, 0x08, 0x0E, 0x03, 0x02]
        var deltas = [UInt32](repeating: 0, count: 128)
        for i in 3..<7 { deltas[i] = 3 }
        var packed = Buffer()
        deltas.withUnsafeBufferPointer { BitPacking.pack($0.baseAddress!, count: 128, bitWidth: 2, appendingTo: &packed) }
        bytes += packed.bytes
        let (values, consumed) = try Self.decode(bytes + [1, 2, 3], capacity: 8, as: Int32.self)
        #expect(values == [7, 5, 3, 1, 2, 3, 4, 5])
        #expect(consumed == bytes.count)
    }

    /// In the last block, miniblocks past the values have a width byte (any value) but no bytes.
    @Test func unusedMiniblocksHaveNoBytes() throws {
        // Block 128 in 4 miniblocks of 32; 34 values: 33 deltas use 2 miniblocks.
        var bytes: [UInt8] = [0x80, 0x01, 0x04, 34, 0x00, 0x02, 1, 1, 0xFF, 0x77]
        var packed = Buffer()
        let ones = [UInt32](repeating: 1, count: 32)
        ones.withUnsafeBufferPointer { BitPacking.pack($0.baseAddress!, count: 32, bitWidth: 1, appendingTo: &packed) }
        ones.withUnsafeBufferPointer { BitPacking.pack($0.baseAddress!, count: 32, bitWidth: 1, appendingTo: &packed) }
        bytes += packed.bytes
        let (values, consumed) = try Self.decode(bytes + [0xAB], capacity: 34, as: Int64.self)
        // First 0, then deltas of min 1 + 1 = 2.
        #expect(values == (0..<34).map { Int64($0 * 2) })
        #expect(consumed == bytes.count)
    }

    /// INT32 streams with miniblocks wider than 32 bits (out of spec) still decode: the low 32
    /// bits of the wrapped sum are right.
    @Test func int32AcceptsWideMiniblocks() throws {
        let values: [Int64] = [0, 1 << 40, 3]
        let bytes = Self.encode(values)
        let (decoded, _) = try Self.decode(bytes, capacity: 3, as: Int32.self)
        #expect(decoded == values.map { Int32(truncatingIfNeeded: $0) })
    }

    @Test func headerIsValidated() throws {
        let bad: [(String, [UInt8])] = [
            ("empty", []),
            ("block size not a multiple of 128", [0x40, 0x01, 0x01, 0x00]),
            ("block size 0", [0x00, 0x01, 0x01, 0x00]),
            ("miniblocks do not divide the block", [0x80, 0x01, 0x03, 0x01, 0x00]),
            ("miniblock of 16 values", [0x80, 0x01, 0x08, 0x01, 0x00]),
            ("no miniblocks", [0x80, 0x01, 0x00, 0x01, 0x00]),
            ("header cut short", [0x80, 0x01, 0x04]),
            ("count past 2^31", [0x80, 0x01, 0x04, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00]),
        ]
        for (name, bytes) in bad {
            #expect(throws: ParquetError.self, "\(name)") { _ = try Self.decode(bytes, capacity: 10, as: Int64.self) }
        }
    }

    @Test func moreValuesThanCapacityThrows() {
        let bytes = Self.encode((0..<100).map { Int64($0) })
        #expect(throws: ParquetError.self) { _ = try Self.decode(bytes, capacity: 99, as: Int64.self) }
    }

    @Test func truncatedAndTooWideMiniblocksThrow() {
        let bytes = Self.encode((0..<300).map { Int64($0 * $0 * 31) })
        #expect(throws: ParquetError.self) { _ = try Self.decode(Array(bytes.prefix(bytes.count - 40)), capacity: 300, as: Int64.self) }
        // Width byte 65.
        let wide: [UInt8] = [0x80, 0x01, 0x04, 0x03, 0x00, 0x00, 65, 0, 0, 0] + Array(repeating: 0, count: 300)
        #expect(throws: ParquetError.self) { _ = try Self.decode(wide, capacity: 3, as: Int64.self) }
    }

    @Test func mutationsNeverCrash() {
        var r = SeededGenerator(seed: 9)
        let values = (0..<700).map { _ in Int64(bitPattern: r.next()) >> Int64(r.next() % 60) }
        let bytes = Self.encode(values)
        mutate(bytes, rounds: 500) { raw in
            var out = [Int64](repeating: 0, count: 800)
            _ = try out.withUnsafeMutableBufferPointer { try DeltaBinaryPackedDecoder.decode(raw, into: $0.baseAddress!, capacity: 800) }
            var out32 = [Int32](repeating: 0, count: 800)
            _ = try out32.withUnsafeMutableBufferPointer { try DeltaBinaryPackedDecoder.decode(raw, into: $0.baseAddress!, capacity: 800) }
        }
    }
}
