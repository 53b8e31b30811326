import Testing
import Columnar
@testable import Parquet

@Suite struct ByteStreamSplitEncoderTests {
    @Test func streamsInByteOrder() {
        let values: [UInt64] = [0x0807_0605_0403_0201, 0x1817_1615_1413_1211]
        var out = Buffer()
        values.withUnsafeBytes { ByteStreamSplitEncoder.encode($0.baseAddress!, count: 2, width: 8, into: &out) }
        #expect(out.bytes == [0x01, 0x11, 0x02, 0x12, 0x03, 0x13, 0x04, 0x14, 0x05, 0x15, 0x06, 0x16, 0x07, 0x17, 0x08, 0x18])
        var two = Buffer()
        [UInt16(0x0201), 0x0403, 0x0605].withUnsafeBytes { ByteStreamSplitEncoder.encode($0.baseAddress!, count: 3, width: 2, into: &two) }
        #expect(two.bytes == [1, 3, 5, 2, 4, 6])
    }
}
