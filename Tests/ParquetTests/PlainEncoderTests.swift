import Testing
import Columnar
@testable import Parquet

@Suite struct PlainEncoderTests {
    @Test func byteArrayLayout() {
        let (values, offsets) = byteArrayColumn([Array("ab".utf8), [], Array("c".utf8)])
        var out = Buffer()
        PlainEncoder.encodeByteArrays(values: values, offsets: offsets, rows: 0..<3, into: &out)
        #expect(out.bytes == [2, 0, 0, 0, 0x61, 0x62, 0, 0, 0, 0, 1, 0, 0, 0, 0x63])
        var empty = Buffer()
        PlainEncoder.encodeByteArrays(values: values, offsets: offsets, rows: 1..<1, into: &empty)
        #expect(empty.count == 0)
    }

    @Test func booleansPackLSBFirst() {
        var out = Buffer()
        [UInt8]([1, 0, 1, 0, 0, 0, 0, 0, 0, 1]).withUnsafeBufferPointer { PlainEncoder.encodeBooleans($0, into: &out) }
        #expect(out.bytes == [0b0000_0101, 0b10])
        // Any non-zero byte is true.
        var any = Buffer()
        [UInt8]([2, 255]).withUnsafeBufferPointer { PlainEncoder.encodeBooleans($0, into: &any) }
        #expect(any.bytes == [0b11])
    }

    @Test func int96Layout() {
        var out = Buffer()
        // 1970-01-02 00:00:00.000001: day 2440589, 1000 ns.
        [Int64(86_400_000_001)].withUnsafeBufferPointer { PlainEncoder.encodeInt96($0, into: &out) }
        #expect(out.bytes == [0xE8, 0x03, 0, 0, 0, 0, 0, 0, 0x8D, 0x3D, 0x25, 0x00])
    }
}
