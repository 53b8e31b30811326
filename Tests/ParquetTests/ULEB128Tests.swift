import Testing
import Columnar
@testable import Parquet

@Suite struct ULEB128Tests {
    @Test(arguments: [UInt64(0), 1, 127, 128, 300, 16384, UInt64(UInt32.max), .max])
    func roundTrip(value: UInt64) throws {
        var b = Buffer()
        ULEB128.append(value, to: &b)
        let (decoded, position) = try b.withUnsafeBytes { raw in
            var position = 0
            return (try ULEB128.read(raw.baseAddress!, &position, raw.count, "test"), position)
        }
        #expect(decoded == value)
        #expect(position == b.count)
    }

    @Test(arguments: [Int64(0), -1, 1, -64, 64, .min, .max])
    func zigZag(value: Int64) throws {
        var b = Buffer()
        ULEB128.appendZigZag(value, to: &b)
        let decoded = try b.withUnsafeBytes { raw in
            var position = 0
            return try ULEB128.readZigZag(raw.baseAddress!, &position, raw.count, "test")
        }
        #expect(decoded == value)
    }

    @Test func knownEncodings() {
        var b = Buffer()
        ULEB128.append(300, to: &b)
        ULEB128.appendZigZag(-1, to: &b)
        ULEB128.appendZigZag(1, to: &b)
        #expect(b.bytes == [0xAC, 0x02, 0x01, 0x02])
    }

    @Test func rejectsTruncatedAndOverlongVarints() {
        let bad: [[UInt8]] = [[0x80], [0xFF, 0xFF], Array(repeating: 0xFF, count: 9) + [0x02], Array(repeating: 0x80, count: 10) + [0x01]]
        for bytes in bad {
            #expect(throws: ParquetError.self) {
                try bytes.withUnsafeBytes { raw in
                    var position = 0
                    _ = try ULEB128.read(raw.baseAddress!, &position, raw.count, "test")
                }
            }
        }
    }
}
