import Testing
import Columnar
@testable import Parquet

@Suite struct ByteStreamSplitDecoderTests {
    /// Encodings.md: AA BB CC DD | 00 11 22 33 | A3 B4 C5 D6 becomes
    /// AA 00 A3 BB 11 B4 CC 22 C5 DD 33 D6.
    @Test func specExample() throws {
        let plain: [UInt8] = [0xAA, 0xBB, 0xCC, 0xDD, 0x00, 0x11, 0x22, 0x33, 0xA3, 0xB4, 0xC5, 0xD6]
        let split: [UInt8] = [0xAA, 0x00, 0xA3, 0xBB, 0x11, 0xB4, 0xCC, 0x22, 0xC5, 0xDD, 0x33, 0xD6]
        var encoded = Buffer()
        plain.withUnsafeBytes { ByteStreamSplitEncoder.encode($0.baseAddress!, count: 3, width: 4, into: &encoded) }
        #expect(encoded.bytes == split)
        var out = [UInt8](repeating: 0, count: 12)
        let consumed = try split.withUnsafeBytes { raw in try out.withUnsafeMutableBytes { try ByteStreamSplitDecoder.decode(raw, count: 3, width: 4, into: $0.baseAddress!) } }
        #expect(consumed == 12)
        #expect(out == plain)
    }

    @Test(arguments: [1, 2, 3, 4, 5, 8, 12, 16], [0, 1, 7, 33, 1000])
    func roundTrip(width: Int, count: Int) throws {
        var rng = SeededGenerator(seed: UInt64(width * 10_000 + count))
        let plain = (0..<(width * count)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        var encoded = Buffer()
        plain.withUnsafeBytes { ByteStreamSplitEncoder.encode($0.baseAddress ?? UnsafeRawPointer(bitPattern: 8)!, count: count, width: width, into: &encoded) }
        #expect(encoded.count == plain.count)
        // Stream k holds byte k of every value.
        if count > 0 {
            let e = encoded.bytes
            #expect((0..<width).allSatisfy { k in e[k * count + count - 1] == plain[(count - 1) * width + k] })
        }
        let guarded = GuardedBytes(encoded.bytes)
        var out = [UInt8](repeating: 0, count: plain.count + 1)
        let consumed = try out.withUnsafeMutableBytes { try ByteStreamSplitDecoder.decode(guarded.buffer, count: count, width: width, into: $0.baseAddress!) }
        #expect(consumed == plain.count)
        #expect(Array(out.prefix(plain.count)) == plain)
    }

    @Test func doublesRoundTrip() throws {
        let values: [Double] = [0, -0.0, .pi, .nan, -.infinity, 1e300]
        var encoded = Buffer()
        values.withUnsafeBytes { ByteStreamSplitEncoder.encode($0.baseAddress!, count: values.count, width: 8, into: &encoded) }
        var out = [Double](repeating: 1, count: values.count)
        _ = try encoded.withUnsafeBytes { raw in try out.withUnsafeMutableBytes { try ByteStreamSplitDecoder.decode(raw, count: values.count, width: 8, into: $0.baseAddress!) } }
        #expect(out.map(\.bitPattern) == values.map(\.bitPattern))
    }

    @Test func shortInputThrows() {
        var out = [UInt8](repeating: 0, count: 64)
        #expect(throws: ParquetError.self) {
            try [UInt8](repeating: 0, count: 15).withUnsafeBytes { raw in try out.withUnsafeMutableBytes { _ = try ByteStreamSplitDecoder.decode(raw, count: 4, width: 4, into: $0.baseAddress!) } }
        }
        #expect(throws: ParquetError.self) {
            try [UInt8](repeating: 0, count: 15).withUnsafeBytes { raw in try out.withUnsafeMutableBytes { _ = try ByteStreamSplitDecoder.decode(raw, count: 1, width: 0, into: $0.baseAddress!) } }
        }
    }
}
