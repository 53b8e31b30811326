import Testing
import Columnar
@testable import Parquet

@Suite struct DeltaByteArrayEncoderTests {
    @Test(arguments: [
        ("", "", 0), ("abc", "abd", 2), ("abcdefghij", "abcdefghij", 10), ("abcdefghijKLMNOP", "abcdefghijKLMNOQ", 15),
        ("x", "xyz", 1), ("0123456789abcdefg", "0123456789abcdefh", 16), ("same", "diff", 0),
    ])
    func commonPrefix(a: String, b: String, expected: Int) {
        let x = Array(a.utf8), y = Array(b.utf8)
        let n = x.withUnsafeBytes { px in y.withUnsafeBytes { py in
            DeltaByteArrayEncoder.commonPrefix(px.baseAddress ?? UnsafeRawPointer(bitPattern: 8)!, py.baseAddress ?? UnsafeRawPointer(bitPattern: 8)!, min(x.count, y.count))
        } }
        #expect(n == expected)
    }

    @Test func subRangeStartsWithPrefixZero() throws {
        let arrays = ["aa", "ab", "ac", "ad"].map { Array($0.utf8) }
        let (values, offsets) = byteArrayColumn(arrays)
        var out = Buffer()
        DeltaByteArrayEncoder.encode(values: values, offsets: offsets, rows: 2..<4, into: &out)
        var v = Buffer(), o = Buffer()
        o.append(Int32(0))
        _ = try out.withUnsafeBytes { try DeltaByteArrayDecoder.decode($0, count: 2, values: &v, offsets: &o) }
        #expect(arraysOf(values: v, offsets: o) == Array(arrays[2...]))
        // Suffix bytes: "ac" whole, then "d".
        #expect(out.bytes.suffix(3) == Array("acd".utf8))
    }
}
