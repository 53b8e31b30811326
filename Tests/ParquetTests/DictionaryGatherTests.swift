import Testing
import Columnar
@testable import Parquet

@Suite struct DictionaryGatherTests {
    static func gather<T: BitwiseCopyable>(_ dictionary: [T], _ indices: [UInt32], fill: T) throws -> [T] {
        var out = [T](repeating: fill, count: indices.count)
        try dictionary.withUnsafeBufferPointer { d in
            try indices.withUnsafeBufferPointer { i in
                try out.withUnsafeMutableBufferPointer { try DictionaryGather.gather(dictionary: d, indices: i, into: $0.baseAddress!) }
            }
        }
        return out
    }

    @Test func fixedWidthTypes() throws {
        var rng = SeededGenerator(seed: 11)
        let indices = (0..<5000).map { _ in UInt32(rng.next() % 1000) }
        let longs = (0..<1000).map { Int64($0) * -3 }
        #expect(try Self.gather(longs, indices, fill: 0) == indices.map { longs[Int($0)] })
        let ints = (0..<1000).map { Int32($0) + 7 }
        #expect(try Self.gather(ints, indices, fill: 0) == indices.map { ints[Int($0)] })
        let halves = (0..<1000).map { UInt16($0) }
        #expect(try Self.gather(halves, indices, fill: 0) == indices.map { halves[Int($0)] })
        let bytes = (0..<1000).map { UInt8($0 % 200) }
        #expect(try Self.gather(bytes, indices, fill: 0) == indices.map { bytes[Int($0)] })
        // 16-byte values (decimal128) take the generic path.
        let wide = (0..<1000).map { (UInt64($0), UInt64($0) * 2) }
        #expect(try Self.gather(wide, indices, fill: (0, 0)).map(\.1) == indices.map { wide[Int($0)].1 })
        #expect(try Self.gather(longs, [], fill: 0) == [])
    }

    @Test func outOfRangeIndexThrows() {
        let dictionary: [Int64] = [10, 20, 30]
        #expect(throws: ParquetError.self) { _ = try Self.gather(dictionary, [0, 1, 2, 3], fill: 0) }
        #expect(throws: ParquetError.self) { _ = try Self.gather(dictionary, [UInt32.max], fill: 0) }
        #expect(throws: ParquetError.self) { _ = try Self.gather([Int64](), [0], fill: 0) }
        // The output is untouched when the batch is rejected.
        var out: [Int64] = [-1, -1]
        _ = try? dictionary.withUnsafeBufferPointer { d in
            try [UInt32(0), 9].withUnsafeBufferPointer { i in
                try out.withUnsafeMutableBufferPointer { try DictionaryGather.gather(dictionary: d, indices: i, into: $0.baseAddress!) }
            }
        }
        #expect(out == [-1, -1])
    }

    @Test func byteArrays() throws {
        let entries: [[UInt8]] = [Array("apple".utf8), [], Array("a much longer dictionary entry, past sixteen bytes".utf8), Array("kiwi!!!!".utf8)]
        let (dv, doffs) = byteArrayColumn(entries)
        var rng = SeededGenerator(seed: 12)
        let indices = (0..<2000).map { _ in UInt32(rng.next() % 4) }
        var values = Buffer(Array("x".utf8)), offsets = Buffer()
        offsets.append(Int32(0))
        offsets.append(Int32(1))
        try indices.withUnsafeBufferPointer { try DictionaryGather.gatherByteArrays(dictionaryValues: dv, dictionaryOffsets: doffs, indices: $0, values: &values, offsets: &offsets) }
        #expect(arraysOf(values: values, offsets: offsets) == [Array("x".utf8)] + indices.map { entries[Int($0)] })

        var v2 = Buffer(), o2 = Buffer()
        #expect(throws: ParquetError.self) {
            try [UInt32(4)].withUnsafeBufferPointer { try DictionaryGather.gatherByteArrays(dictionaryValues: dv, dictionaryOffsets: doffs, indices: $0, values: &v2, offsets: &o2) }
        }
        #expect(throws: ParquetError.self) {
            try [UInt32(0)].withUnsafeBufferPointer { try DictionaryGather.gatherByteArrays(dictionaryValues: Buffer(), dictionaryOffsets: Buffer(), indices: $0, values: &v2, offsets: &o2) }
        }
        #expect(v2.count == 0 && o2.count == 0)
        // A dictionary of one empty entry.
        let (ev, eo) = byteArrayColumn([[]])
        try [UInt32(0), 0].withUnsafeBufferPointer { try DictionaryGather.gatherByteArrays(dictionaryValues: ev, dictionaryOffsets: eo, indices: $0, values: &v2, offsets: &o2) }
        #expect(o2.array(of: Int32.self) == [0, 0])
    }

    /// RLE_DICTIONARY end to end: build, PLAIN the dictionary, RLE the indices, decode, gather.
    @Test func roundTripThroughTheDictionaryPage() throws {
        var rng = SeededGenerator(seed: 13)
        let values = (0..<3000).map { _ in Double(rng.next() % 50) / 4 }
        let builder = FixedWidthDictionaryBuilder(width: 8)
        var indices = Buffer()
        values.withUnsafeBufferPointer { builder.append($0, indices: &indices) }
        var page = Buffer()
        builder.encodePlain(into: &page)
        let bitWidth = UInt64.bitWidth - UInt64(builder.count - 1).leadingZeroBitCount
        var encoder = RLEBitPackedHybridEncoder(bitWidth: bitWidth)
        indices.withUnsafeBufferPointer(as: UInt32.self) { encoder.append(contentsOf: $0) }
        var data = Buffer()
        data.append(UInt8(bitWidth))
        encoder.finish(into: &data)

        var dictionary = [Double](repeating: 0, count: builder.count)
        _ = try page.withUnsafeBytes { raw in try dictionary.withUnsafeMutableBufferPointer { try PlainDecoder.decode(raw, count: builder.count, into: $0.baseAddress!) } }
        var decodedIndices = [UInt32](repeating: 0, count: values.count)
        try data.withUnsafeBytes { raw in
            var decoder = try RLEBitPackedHybridDecoder.dictionaryIndices(raw)
            let n = try decodedIndices.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress!, count: values.count) }
            #expect(n == values.count)
        }
        #expect(try Self.gather(dictionary, decodedIndices, fill: -1) == values)
    }
}
