import Testing
import Columnar
@testable import Parquet

@Suite struct ByteArrayDictionaryBuilderTests {
    @Test func mapsValuesToFirstSeenIndices() throws {
        let arrays = ["b", "a", "", "b", "", "a much longer string than sixteen bytes", "a"].map { Array($0.utf8) }
        let (values, offsets) = byteArrayColumn(arrays)
        let builder = ByteArrayDictionaryBuilder()
        var indices = Buffer()
        try builder.append(values: values, offsets: offsets, rows: 0..<arrays.count, indices: &indices)
        #expect(indices.array(of: UInt32.self) == [0, 1, 2, 0, 2, 3, 1])
        #expect(builder.count == 4)
        #expect(builder.valueBytes == 1 + 1 + 0 + 39)
        #expect(builder.byteSize == 4 * 4 + 41)
        var page = Buffer()
        builder.encodePlain(into: &page)
        #expect(page.count == builder.byteSize)
        var v = Buffer(), o = Buffer()
        o.append(Int32(0))
        _ = try page.withUnsafeBytes { try PlainDecoder.decodeByteArrays($0, count: 4, values: &v, offsets: &o) }
        #expect(arraysOf(values: v, offsets: o) == [arrays[0], arrays[1], arrays[2], arrays[5]])
        builder.withEntries { bytes, offs in
            #expect(offs.count == 5)
            #expect(Int(offs[4]) == bytes.count)
        }
    }

    @Test func manyDistinctValuesAcrossBatches() throws {
        var rng = SeededGenerator(seed: 31)
        let arrays = (0..<20000).map { _ -> [UInt8] in
            let n = Int(rng.next() % 40)
            let key = rng.next() % 6000
            return Array("k\(key)".utf8) + Array(repeating: UInt8(key % 7), count: n % 3 == 0 ? 0 : 20)
        }
        let (values, offsets) = byteArrayColumn(arrays)
        let builder = ByteArrayDictionaryBuilder()
        var indices = Buffer()
        try builder.append(values: values, offsets: offsets, rows: 0..<9000, indices: &indices)
        try builder.append(values: values, offsets: offsets, rows: 9000..<20000, indices: &indices)
        let entries = builder.withEntries { bytes, offs in
            (0..<builder.count).map { Array(bytes[Int(offs[$0])..<Int(offs[$0 + 1])]) }
        }
        #expect(Set(entries).count == entries.count)
        #expect(entries.count == Set(arrays).count)
        #expect(indices.array(of: UInt32.self).map { entries[Int($0)] } == arrays)
    }

    /// Inputs that differ in one bit, or only in length, hash differently.
    @Test func hashDistinguishesNearValues() {
        var inputs = Set<[UInt8]>()
        for length in 0..<70 {
            inputs.insert([UInt8](repeating: 0, count: length))
            for bit in 0..<(length * 8) where bit % 3 == 0 {
                var bytes = [UInt8](repeating: 0, count: length)
                bytes[bit / 8] = 1 << UInt8(bit % 8)
                inputs.insert(bytes)
            }
        }
        let hashes = Set(inputs.map { bytes in
            bytes.withUnsafeBytes { ByteArrayDictionaryBuilder.hash($0.baseAddress ?? UnsafeRawPointer(bitPattern: 8)!, bytes.count) }
        })
        #expect(hashes.count == inputs.count)
    }

    @Test func removeAllStartsOver() throws {
        let (values, offsets) = byteArrayColumn([Array("x".utf8), Array("y".utf8)])
        let builder = ByteArrayDictionaryBuilder()
        var indices = Buffer()
        try builder.append(values: values, offsets: offsets, rows: 0..<2, indices: &indices)
        builder.removeAll()
        #expect(builder.count == 0 && builder.byteSize == 0)
        var again = Buffer()
        try builder.append(values: values, offsets: offsets, rows: 1..<2, indices: &again)
        #expect(again.array(of: UInt32.self) == [0])
    }
}
