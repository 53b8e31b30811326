import Testing
import Columnar
@testable import Parquet

@Suite struct FixedWidthDictionaryBuilderTests {
    @Test func mapsValuesToFirstSeenIndices() {
        let builder = FixedWidthDictionaryBuilder(width: 8)
        var indices = Buffer()
        [Int64(7), 3, 7, 7, -1, 3].withUnsafeBufferPointer { builder.append($0, indices: &indices) }
        #expect(indices.array(of: UInt32.self) == [0, 1, 0, 0, 2, 1])
        #expect(builder.count == 3)
        #expect(builder.byteSize == 24)
        #expect(builder.withEntries(as: Int64.self) { Array($0) } == [7, 3, -1])
        #expect(builder.withEntries { $0.count } == 24)
        var page = Buffer()
        builder.encodePlain(into: &page)
        #expect(page.array(of: Int64.self) == [7, 3, -1])
    }

    @Test func floatsAreKeyedByBitPattern() {
        let builder = FixedWidthDictionaryBuilder(width: 4)
        var indices = Buffer()
        let nan2 = Float(bitPattern: Float.nan.bitPattern | 1)
        [Float(0), -0.0, .nan, .nan, nan2, 0, 1].withUnsafeBufferPointer { builder.append($0, indices: &indices) }
        #expect(indices.array(of: UInt32.self) == [0, 1, 2, 2, 3, 0, 4])
        #expect(builder.count == 5)
    }

    @Test func growsAcrossBatchesAndKeepsIndicesStable() {
        let builder = FixedWidthDictionaryBuilder(width: 4)
        var rng = SeededGenerator(seed: 21)
        var all: [Int32] = []
        var indices = Buffer()
        for _ in 0..<5 {
            let batch = (0..<7000).map { _ in Int32(truncatingIfNeeded: rng.next() % 20000) }
            all += batch
            batch.withUnsafeBufferPointer { builder.append($0, indices: &indices) }
        }
        let entries = builder.withEntries(as: Int32.self) { Array($0) }
        #expect(Set(entries).count == entries.count)
        #expect(builder.count == Set(all).count)
        #expect(indices.array(of: UInt32.self).map { entries[Int($0)] } == all)
        builder.removeAll()
        #expect(builder.count == 0)
        var again = Buffer()
        [Int32(5)].withUnsafeBufferPointer { builder.append($0, indices: &again) }
        #expect(again.array(of: UInt32.self) == [0])
    }
}
