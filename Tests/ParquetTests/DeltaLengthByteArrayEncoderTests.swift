import Testing
import Columnar
@testable import Parquet

@Suite struct DeltaLengthByteArrayEncoderTests {
    @Test func emptyRangeIsAnEmptyLengthsStream() {
        let (values, offsets) = byteArrayColumn([[1, 2]])
        var out = Buffer()
        DeltaLengthByteArrayEncoder.encode(values: values, offsets: offsets, rows: 0..<0, into: &out)
        #expect(out.bytes == [0x80, 0x01, 0x04, 0x00, 0x00])
    }

    @Test func bytesFollowTheLengths() {
        let (values, offsets) = byteArrayColumn([[9], [], [7, 8]])
        var out = Buffer()
        DeltaLengthByteArrayEncoder.encode(values: values, offsets: offsets, rows: 0..<3, into: &out)
        #expect(out.bytes.suffix(3) == [9, 7, 8])
    }
}
