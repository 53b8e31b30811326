import Testing
import Columnar
@testable import Parquet

@Suite struct PlainDecoderTests {
    @Test func fixedWidthTypes() throws {
        let ints: [Int32] = [0, 1, -1, .min, .max]
        let longs: [Int64] = [0, -2, .min, .max]
        let floats: [Float] = [0, -0.0, .infinity, .nan, 1.5]
        let doubles: [Double] = [-0.0, .pi, -.infinity, .leastNonzeroMagnitude]
        func check<T: BitwiseCopyable>(_ values: [T], _ bits: (T) -> UInt64) throws {
            var encoded = Buffer()
            values.withUnsafeBufferPointer { PlainEncoder.encode($0, into: &encoded) }
            #expect(encoded.count == values.count * MemoryLayout<T>.size)
            // One trailing byte: consumed counts only what was decoded.
            let guarded = GuardedBytes(encoded.bytes + [0x99])
            var out = [T](repeating: values[0], count: values.count)
            let consumed = try out.withUnsafeMutableBufferPointer { try PlainDecoder.decode(guarded.buffer, count: values.count, into: $0.baseAddress!) }
            #expect(consumed == encoded.count)
            #expect(out.map(bits) == values.map(bits))
        }
        try check(ints) { UInt64(UInt32(bitPattern: $0)) }
        try check(longs) { UInt64(bitPattern: $0) }
        try check(floats) { UInt64($0.bitPattern) }
        try check(doubles) { $0.bitPattern }
        // Little endian on the wire.
        var e = Buffer()
        [Int32(0x0102_0304)].withUnsafeBufferPointer { PlainEncoder.encode($0, into: &e) }
        #expect(e.bytes == [4, 3, 2, 1])
    }

    @Test func fixedWidthTooShortThrows() {
        var out = [Int64](repeating: 0, count: 3)
        #expect(throws: ParquetError.self) {
            try [UInt8](repeating: 0, count: 23).withUnsafeBytes { raw in
                try out.withUnsafeMutableBufferPointer { _ = try PlainDecoder.decode(raw, count: 3, into: $0.baseAddress!) }
            }
        }
    }

    @Test(arguments: [0, 1, 7, 8, 9, 64, 1001])
    func booleans(count: Int) throws {
        var rng = SeededGenerator(seed: UInt64(count))
        let values = (0..<count).map { _ in UInt8(rng.next() & 1) }
        var encoded = Buffer()
        values.withUnsafeBufferPointer { PlainEncoder.encodeBooleans($0, into: &encoded) }
        #expect(encoded.count == (count + 7) / 8)
        let guarded = GuardedBytes(encoded.bytes)
        var out = [UInt8](repeating: 7, count: count)
        let consumed = try out.withUnsafeMutableBufferPointer { try PlainDecoder.decodeBooleans(guarded.buffer, count: count, into: $0.baseAddress!) }
        #expect(consumed == encoded.count)
        #expect(out == values)
    }

    @Test func booleanBitOrderIsLSBFirst() throws {
        var out = [UInt8](repeating: 0, count: 10)
        _ = try [UInt8]([0b0000_0101, 0b10]).withUnsafeBytes { raw in
            try out.withUnsafeMutableBufferPointer { try PlainDecoder.decodeBooleans(raw, count: 10, into: $0.baseAddress!) }
        }
        #expect(out == [1, 0, 1, 0, 0, 0, 0, 0, 0, 1])
        #expect(throws: ParquetError.self) {
            try [UInt8]([1]).withUnsafeBytes { raw in try out.withUnsafeMutableBufferPointer { _ = try PlainDecoder.decodeBooleans(raw, count: 9, into: $0.baseAddress!) } }
        }
    }

    static func int96(nanos: Int64, day: UInt32) -> [UInt8] {
        withUnsafeBytes(of: nanos.littleEndian) { Array($0) } + withUnsafeBytes(of: day.littleEndian) { Array($0) }
    }

    static let int96Cases: [(Int64, UInt32, Int64)] = [
        (0, 2_440_588, 0),                                        // the epoch
        (1_000, 2_440_588, 1),                                    // 1 µs
        (999, 2_440_588, 0),                                      // truncated toward -∞
        (86_399_999_999_999, 2_440_588, 86_399_999_999),          // last µs of the first day
        (0, 2_440_587, -86_400_000_000),                          // 1969-12-31
        (43_200_000_000_000, 2_440_587, -43_200_000_000),         // 1969-12-31 12:00
        (-1, 2_440_588, -1),                                      // negative nanos floor
        (0, 2_451_545, 946_684_800_000_000),                      // 2000-01-01
        (0, 0, -2_440_588 * 86_400_000_000),                      // Julian day 0 (4713 BC)
    ]

    @Test(arguments: int96Cases)
    func int96KnownValues(nanos: Int64, day: UInt32, micros: Int64) throws {
        var out: Int64 = 42
        let consumed = try Self.int96(nanos: nanos, day: day).withUnsafeBytes { try PlainDecoder.decodeInt96($0, count: 1, into: &out) }
        #expect(consumed == 12)
        #expect(out == micros)
    }

    @Test func int96RoundTripAndOverflow() throws {
        let values: [Int64] = [0, -1, 1, 1_700_000_000_123_456, -62_135_596_800_000_000, .max / 2]
        var encoded = Buffer()
        values.withUnsafeBufferPointer { PlainEncoder.encodeInt96($0, into: &encoded) }
        #expect(encoded.count == 72)
        #expect(Array(encoded.bytes.prefix(12)) == Self.int96(nanos: 0, day: 2_440_588))
        #expect(Array(encoded.bytes[12..<24]) == Self.int96(nanos: 86_399_999_999_000, day: 2_440_587))
        var out = [Int64](repeating: 0, count: values.count)
        _ = try encoded.withUnsafeBytes { raw in try out.withUnsafeMutableBufferPointer { try PlainDecoder.decodeInt96(raw, count: values.count, into: $0.baseAddress!) } }
        #expect(out == values)
        // Julian day 2^32-1 is far outside Int64 microseconds.
        var one: Int64 = 0
        #expect(throws: ParquetError.self) {
            try Self.int96(nanos: 0, day: .max).withUnsafeBytes { _ = try PlainDecoder.decodeInt96($0, count: 1, into: &one) }
        }
        #expect(throws: ParquetError.self) {
            try Self.int96(nanos: 0, day: 2_440_588).withUnsafeBytes { _ = try PlainDecoder.decodeInt96($0, count: 2, into: &one) }
        }
    }

    static let strings: [[UInt8]] = [
        [], Array("a".utf8), Array("hello".utf8), [], Array(repeating: 0xAB, count: 15), Array(repeating: 0xCD, count: 16),
        Array(repeating: 0x11, count: 17), (0..<5000).map { UInt8($0 % 251) }, [0],
    ]

    @Test func byteArrays() throws {
        let (values, offsets) = byteArrayColumn(Self.strings)
        var encoded = Buffer()
        PlainEncoder.encodeByteArrays(values: values, offsets: offsets, rows: 0..<Self.strings.count, into: &encoded)
        #expect(encoded.count == 4 * Self.strings.count + values.count)
        // Decode after existing data: offsets continue from values.count.
        var outValues = Buffer(Array("xyz".utf8))
        var outOffsets = Buffer()
        outOffsets.append(Int32(0))
        outOffsets.append(Int32(3))
        let guarded = GuardedBytes(encoded.bytes)
        let consumed = try PlainDecoder.decodeByteArrays(guarded.buffer, count: Self.strings.count, values: &outValues, offsets: &outOffsets)
        #expect(consumed == encoded.count)
        #expect(arraysOf(values: outValues, offsets: outOffsets) == [Array("xyz".utf8)] + Self.strings)
        // A sub-range of rows.
        var part = Buffer()
        PlainEncoder.encodeByteArrays(values: values, offsets: offsets, rows: 2..<5, into: &part)
        var v = Buffer(), o = Buffer()
        o.append(Int32(0))
        _ = try part.withUnsafeBytes { try PlainDecoder.decodeByteArrays($0, count: 3, values: &v, offsets: &o) }
        #expect(arraysOf(values: v, offsets: o) == Array(Self.strings[2..<5]))
    }

    @Test func byteArrayLengthPastTheEndThrows() {
        let cases: [[UInt8]] = [
            [5, 0, 0, 0, 1, 2, 3],             // length 5, 3 bytes
            [0, 0, 0, 0, 1, 0],                // second length cut short
            [0xFF, 0xFF, 0xFF, 0xFF, 1, 2],    // 4 GiB length
        ]
        for bytes in cases {
            var v = Buffer(), o = Buffer()
            #expect(throws: ParquetError.self) { _ = try bytes.withUnsafeBytes { try PlainDecoder.decodeByteArrays($0, count: 2, values: &v, offsets: &o) } }
            #expect(v.count == 0 && o.count == 0, "buffers untouched on error")
        }
    }

    @Test func fixedLenByteArrays() throws {
        let arrays: [[UInt8]] = [[1, 2, 3], [4, 5, 6], [7, 8, 9], [0, 0, 0]]
        let (values, offsets) = byteArrayColumn(arrays)
        var encoded = Buffer()
        PlainEncoder.encodeFixedLenByteArrays(values: values, offsets: offsets, rows: 1..<4, width: 3, into: &encoded)
        #expect(encoded.bytes == [4, 5, 6, 7, 8, 9, 0, 0, 0])
        var v = Buffer(), o = Buffer()
        o.append(Int32(0))
        let consumed = try encoded.withUnsafeBytes { try PlainDecoder.decodeFixedLenByteArrays($0, count: 3, width: 3, values: &v, offsets: &o) }
        #expect(consumed == 9)
        #expect(arraysOf(values: v, offsets: o) == Array(arrays[1...]))
        #expect(throws: ParquetError.self) {
            _ = try encoded.withUnsafeBytes { try PlainDecoder.decodeFixedLenByteArrays($0, count: 4, width: 3, values: &v, offsets: &o) }
        }
    }

    @Test func mutationsNeverCrash() {
        let (values, offsets) = byteArrayColumn(Self.strings)
        var encoded = Buffer()
        PlainEncoder.encodeByteArrays(values: values, offsets: offsets, rows: 0..<Self.strings.count, into: &encoded)
        mutate(encoded.bytes) { raw in
            var v = Buffer(), o = Buffer()
            _ = try PlainDecoder.decodeByteArrays(raw, count: Self.strings.count, values: &v, offsets: &o)
        }
        mutate(Array(repeating: 0x5A, count: 40)) { raw in
            var out = [Int64](repeating: 0, count: 4)
            _ = try out.withUnsafeMutableBufferPointer { try PlainDecoder.decodeInt96(raw, count: 3, into: $0.baseAddress!) }
            _ = try out.withUnsafeMutableBufferPointer { try PlainDecoder.decode(raw, count: 4, into: $0.baseAddress!) }
        }
    }
}
