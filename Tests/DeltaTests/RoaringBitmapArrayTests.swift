import Testing
@testable import Delta

/// A malformed serialized vector and a fragment of the message it must fail with.
struct MalformedVector: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    var fragment: String
    var testDescription: String { name }
}

@Suite struct RoaringBitmapArrayTests {
    // MARK: Valid layouts

    @Test func emptyBitmapHasNoRows() throws {
        let bitmap = try RoaringBitmapArray(serialized: TestRoaring.delta([]))
        #expect(bitmap.isEmpty)
        #expect(bitmap.cardinality == 0)
        #expect(Array(bitmap).isEmpty)
        #expect(!bitmap.contains(0))
        #expect(bitmap.survivingIndices(start: 10, count: 5) == [0, 1, 2, 3, 4])
        #expect(bitmap.deletedCount(in: 0..<UInt64.max) == 0)
        var mask = [UInt8](repeating: 7, count: 9)
        #expect(mask.withUnsafeMutableBufferPointer { bitmap.fillSelection(start: 0, into: $0) } == 9)
        #expect(mask == [UInt8](repeating: 1, count: 9))
    }

    @Test func arrayContainersAtTheEdgesOfTheirRange() throws {
        let bytes = TestRoaring.delta([(0, TestRoaring.bitmap32([(0, .array([0, 1, 500, 65535])), (65535, .array([0, 65535]))]))])
        let bitmap = try RoaringBitmapArray(serialized: bytes)
        #expect(Array(bitmap) == [0, 1, 500, 65535, 0xFFFF_0000, 0xFFFF_FFFF])
        #expect(bitmap.contains(0xFFFF_FFFF))
        #expect(!bitmap.contains(0x1_0000_0000))
        #expect(!bitmap.contains(2))
    }

    @Test func fullBitmapContainerStoresCardinality65536() throws {
        let all = (0...65535).map { UInt16($0) }
        let bytes = TestRoaring.delta([(0, TestRoaring.bitmap32([(3, .bitmap(all))]))])
        // The descriptive header stores cardinality - 1 = 65535.
        #expect(bytes[16 + 10] == 0xFF && bytes[16 + 11] == 0xFF)
        let bitmap = try RoaringBitmapArray(serialized: bytes)
        #expect(bitmap.cardinality == 65536)
        #expect(bitmap.containers.first?.kind == .bitmap)
        #expect(Array(bitmap) == Array(0x3_0000..<0x4_0000))
        #expect(bitmap.contains(0x3_FFFF) && !bitmap.contains(0x4_0000) && !bitmap.contains(0x2_FFFF))
    }

    @Test func fullRunContainer() throws {
        let bitmap = try RoaringBitmapArray(serialized: TestRoaring.delta([(0, TestRoaring.bitmap32([(1, .run([(0, 65535)]))]))]))
        #expect(bitmap.cardinality == 65536)
        #expect(bitmap.containers.first?.kind == .run)
        #expect(Array(bitmap) == Array(0x1_0000..<0x2_0000))
        #expect(bitmap.deletedCount(in: 0x1_8000..<0x3_0000) == 0x8000)
    }

    /// The run cookie stores offsets only from 4 containers on; both layouts must read.
    @Test(arguments: [1, 3, 4, 9])
    func runCookieWithAndWithoutOffsetHeader(containers: Int) throws {
        var list: [(UInt16, TestContainer)] = []
        var expected: [UInt64] = []
        for k in 0..<containers {
            let key = UInt16(k * 2)
            let base = UInt64(key) << 16
            switch k % 3 {
            case 0:
                list.append((key, .run([(10, 4), (100, 0)])))
                expected += (10...14).map { base + $0 } + [base + 100]
            case 1:
                list.append((key, .array([7, 8, 65000])))
                expected += [base + 7, base + 8, base + 65000]
            default:
                let values = (0..<5000).map { UInt16($0 * 13) }
                list.append((key, .bitmap(values)))
                expected += values.map { base + UInt64($0) }
            }
        }
        let bytes = TestRoaring.delta([(0, TestRoaring.bitmap32(list))])
        let bitmap = try RoaringBitmapArray(serialized: bytes)
        #expect(Array(bitmap) == expected)
        #expect(bitmap.cardinality == UInt64(expected.count))
    }

    /// Delta Spark writes an (empty) bitmap for every key below the largest.
    @Test func emptyBucketsBetweenFilledOnes() throws {
        let empty = TestRoaring.bitmap32([])
        let bytes = TestRoaring.delta([(0, empty), (1, empty), (2, TestRoaring.bitmap32([(0, .array([4]))])), (7, empty)])
        let bitmap = try RoaringBitmapArray(serialized: bytes)
        #expect(Array(bitmap) == [2 << 32 | 4])
        #expect(bitmap.contains(2 << 32 | 4))
        #expect(!bitmap.contains(4))
    }

    @Test func largestRowIds() throws {
        let bytes = TestRoaring.delta([
            (0, TestRoaring.bitmap32([(0, .array([0]))])),
            (0x7FFF_FFFF, TestRoaring.bitmap32([(0xFFFF, .array([0xFFFE, 0xFFFF]))])),
        ])
        let bitmap = try RoaringBitmapArray(serialized: bytes)
        #expect(Array(bitmap) == [0, UInt64(Int64.max) - 1, UInt64(Int64.max)])
        #expect(bitmap.contains(UInt64(Int64.max)))
        #expect(!bitmap.contains(UInt64.max))
        #expect(bitmap.deletedCount(in: UInt64(Int64.max) - 5..<UInt64.max) == 2)
        // A range running into the top of the 64-bit space clamps instead of overflowing.
        #expect(bitmap.survivingIndices(start: UInt64(Int64.max) - 1, count: 4) == [2, 3])
        #expect(bitmap.survivingIndices(start: UInt64.max - 1, count: 4) == [0, 1, 2, 3])
    }

    /// Delta Spark's "native" format: a 4-byte count, then per bitmap a 4-byte size.
    @Test func nativeFormat() throws {
        var bytes: [UInt8] = []
        bytes.appendLE(TestRoaring.nativeMagic)
        let b0 = TestRoaring.bitmap32([(0, .array([1, 2]))])
        let b1 = TestRoaring.bitmap32([])
        let b2 = TestRoaring.bitmap32([(1, .run([(0, 2)]))])
        bytes.appendLE(Int32(3))
        for b in [b0, b1, b2] { bytes.appendLE(Int32(b.count)); bytes += b }
        let bitmap = try RoaringBitmapArray(serialized: bytes)
        #expect(Array(bitmap) == [1, 2, 2 << 32 | 0x1_0000, 2 << 32 | 0x1_0001, 2 << 32 | 0x1_0002])
    }

    /// The protocol's JSON example 3 (an inline vector with rows 3, 4, 7, 11, 18, 29) is in
    /// the native format with a big-endian magic number, count and size.
    @Test func protocolInlineExample() throws {
        let bytes = try Z85.decode("wi5b=000010000siXQKl0rr91000f55c8Xg0@@D72lkbi5=-{L")
        #expect(bytes.count == 40)
        let bitmap = try RoaringBitmapArray(serialized: bytes)
        #expect(Array(bitmap) == [3, 4, 7, 11, 18, 29])
    }

    // MARK: Lookups and range selection

    /// Buckets 0 and 1 with every container kind, runs reaching both container edges.
    static func mixedLayout() -> (bytes: [UInt8], rows: [UInt64]) {
        let every7 = stride(from: 3, to: 65536, by: 7).map { UInt16($0) }
        let dense = (0..<65536).filter { $0 % 64 < 40 || $0 > 65500 }.map { UInt16($0) }
        let bucket0 = TestRoaring.bitmap32([
            (0, .array([1, 2, 3, 100, 65535])),
            (1, .bitmap(every7)),
            (2, .run([(0, 99), (200, 0), (1000, 64535)])),
            (5, .array([0])),
            (6, .bitmap(dense)),
        ])
        let bucket1 = TestRoaring.bitmap32([(0, .run([(65535, 0)])), (0xFFFF, .array([0, 65535]))])
        var rows: [UInt64] = [1, 2, 3, 100, 65535]
        rows += every7.map { 0x1_0000 + UInt64($0) }
        rows += (0...99).map { 0x2_0000 + UInt64($0) } + [0x2_0000 + 200] + (1000...65535).map { 0x2_0000 + UInt64($0) }
        rows += [0x5_0000]
        rows += dense.map { 0x6_0000 + UInt64($0) }
        rows += [1 << 32 | 65535, 1 << 32 | 0xFFFF_0000, 1 << 32 | 0xFFFF_FFFF]
        return (TestRoaring.delta([(0, bucket0), (1, bucket1)]), rows)
    }

    @Test func iterationAndContainsMatchTheRows() throws {
        let (bytes, rows) = Self.mixedLayout()
        let bitmap = try RoaringBitmapArray(serialized: bytes)
        #expect(bitmap.cardinality == UInt64(rows.count))
        #expect(Array(bitmap) == rows)
        let set = Set(rows)
        var rng = SplitMix64(seed: 11)
        for _ in 0..<20_000 {
            let row = UInt64.random(in: 0..<0x8_0000, using: &rng)
            #expect(bitmap.contains(row) == set.contains(row))
        }
        for row in rows.prefix(50) + rows.suffix(50) { #expect(bitmap.contains(row)) }
        #expect(!bitmap.contains(1 << 32 | 65534) && !bitmap.contains(2 << 32))
    }

    @Test func rangeSelectionMatchesMembership() throws {
        let (bytes, rows) = Self.mixedLayout()
        let bitmap = try RoaringBitmapArray(serialized: bytes)
        let set = Set(rows)
        var rng = SplitMix64(seed: 5)
        var ranges: [(UInt64, Int)] = [(0, 1), (0, 65536), (65535, 2), (0x1_FFC0, 200), (0x6_FFF0, 40), (0x2_0000, 65536),
                                        (1 << 32 | 65530, 20), ((1 << 32) | 0xFFFF_0000 - 3, 10), (0x7_0000, 3000), (0x8_0000, 1)]
        for _ in 0..<40 {
            ranges.append((UInt64.random(in: 0..<0x7_0000, using: &rng), Int.random(in: 1...6000, using: &rng)))
        }
        for (start, count) in ranges {
            var mask = [UInt8](repeating: 9, count: count)
            let surviving = mask.withUnsafeMutableBufferPointer { bitmap.fillSelection(start: start, into: $0) }
            var expectedIndices: [Int32] = []
            var ok = true
            for i in 0..<count {
                let deleted = set.contains(start + UInt64(i))
                if !deleted { expectedIndices.append(Int32(i)) }
                if mask[i] != (deleted ? 0 : 1) { ok = false }
            }
            #expect(ok, "mask for \(start)..<\(start + UInt64(count))")
            #expect(surviving == expectedIndices.count)
            #expect(bitmap.survivingIndices(start: start, count: count) == expectedIndices)
            #expect(bitmap.deletedCount(in: start..<(start + UInt64(count))) == UInt64(count - expectedIndices.count))
        }
        #expect(bitmap.deletedCount(in: 0..<UInt64.max) == UInt64(rows.count))
        #expect(bitmap.deletedCount(in: 5..<5) == 0)
    }

    /// Every range with both ends in a 140-row window crossing bitmap words and containers.
    @Test func selectionAtEveryWordBoundary() throws {
        let all = (0...65535).map { UInt16($0) }
        let alternate = stride(from: 1, to: 65536, by: 2).map { UInt16($0) }
        let bytes = TestRoaring.delta([(0, TestRoaring.bitmap32([(0, .bitmap(all)), (1, .bitmap(alternate)), (2, .run([(0, 65535)])), (3, .array([0, 1, 63, 64, 127]))]))])
        let bitmap = try RoaringBitmapArray(serialized: bytes)
        let width = 140
        var mask = [UInt8](repeating: 9, count: width)
        for window: UInt64 in [0x1_0000 - 70, 0x2_0000 - 70, 0x3_0000 - 70, 0x3_0000 + 30] {
            // deletedBefore[i]: rows of window ..< window + i in the set.
            var deletedBefore = [0]
            for i in 0..<width { deletedBefore.append(deletedBefore[i] + (bitmap.contains(window + UInt64(i)) ? 1 : 0)) }
            var allMatch = true
            for a in 0..<width {
                for b in (a + 1)...width {
                    let start = window + UInt64(a), count = b - a
                    let expected = deletedBefore[b] - deletedBefore[a]
                    if bitmap.deletedCount(in: start..<(start + UInt64(count))) != UInt64(expected) { allMatch = false }
                    let surviving = mask.withUnsafeMutableBufferPointer {
                        bitmap.fillSelection(start: start, into: UnsafeMutableBufferPointer(rebasing: $0[0..<count]))
                    }
                    if surviving != count - expected || mask[0..<count].reduce(0, { $0 + Int($1) }) != surviving { allMatch = false }
                    if a % 16 == 0 && bitmap.survivingIndices(start: start, count: count).count != count - expected { allMatch = false }
                }
            }
            #expect(allMatch, "window at \(window)")
        }
    }

    // MARK: Malformed input

    static func patch(_ bytes: [UInt8], at offset: Int, _ replacement: [UInt8]) -> [UInt8] {
        var out = bytes
        out.replaceSubrange(offset..<(offset + replacement.count), with: replacement)
        return out
    }

    static func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        var out: [UInt8] = []
        out.appendLE(value)
        return out
    }

    /// A 32-bit bitmap wrapped as a one-bucket Delta vector (the bitmap starts at byte 16).
    static func wrap(_ bitmap32: [UInt8]) -> [UInt8] { TestRoaring.delta([(0, bitmap32)]) }

    static let malformed: [MalformedVector] = {
        let simple = TestRoaring.bitmap32([(0, .array([1, 5, 9]))])
        let native: [UInt8] = le(TestRoaring.nativeMagic)
        var nativeBadSize = native + le(Int32(1))
        let inner = TestRoaring.bitmap32([(0, .array([1]))])
        nativeBadSize += le(Int32(inner.count + 2)) + inner + [0, 0]
        return [
            MalformedVector(name: "empty input", bytes: [], fragment: "magic number"),
            MalformedVector(name: "unknown magic", bytes: le(UInt32(1681511378)) + TestRoaring.portable64([]), fragment: "magic number is 1681511378"),
            MalformedVector(name: "bucket count beyond the bytes", bytes: le(TestRoaring.portableMagic) + le(UInt64.max), fragment: "buckets but only"),
            MalformedVector(name: "missing second bucket", bytes: patch(wrap(simple), at: 4, le(UInt64(2))), fragment: "the key of bucket 1"),
            MalformedVector(name: "descending bucket keys", bytes: TestRoaring.delta([(1, simple), (0, simple)]), fragment: "not above the previous key 1"),
            MalformedVector(name: "repeated bucket key", bytes: TestRoaring.delta([(3, simple), (3, simple)]), fragment: "not above the previous key 3"),
            MalformedVector(name: "bucket key with its top bit set", bytes: TestRoaring.delta([(0x8000_0000, simple)]), fragment: "most significant bit"),
            MalformedVector(name: "unknown cookie", bytes: wrap(patch(simple, at: 0, le(UInt32(12345)))), fragment: "cookie 12345"),
            MalformedVector(name: "no-run cookie with high bits", bytes: wrap(patch(simple, at: 2, [1, 0])), fragment: "cookie"),
            MalformedVector(name: "more than 65536 containers", bytes: wrap(le(UInt32(12346)) + le(UInt32(65537))), fragment: "more than 65536"),
            MalformedVector(name: "descriptive header past the end", bytes: wrap(le(UInt32(12346)) + le(UInt32(1000)) + [0, 0, 0, 0]), fragment: "descriptive header of 1000 containers"),
            MalformedVector(name: "run flags past the end", bytes: wrap(le(UInt32(12347 | 40 << 16)) + [0, 0, 0, 0]), fragment: "run-container flags"),
            MalformedVector(name: "repeated container key", bytes: wrap(TestRoaring.bitmap32([(5, .array([1])), (5, .array([2]))])), fragment: "container 1 has key 5"),
            MalformedVector(name: "wrong container offset", bytes: wrap(patch(simple, at: 12, le(UInt32(17)))), fragment: "offset header says 17"),
            MalformedVector(name: "repeated array value", bytes: wrap(TestRoaring.bitmap32([(0, .array([5, 5]))])), fragment: "not above the previous value 5"),
            MalformedVector(name: "descending array values", bytes: wrap(TestRoaring.bitmap32([(0, .array([1, 9, 4]))])), fragment: "value 2 is 4"),
            MalformedVector(name: "array past the end", bytes: Array(wrap(simple).dropLast(2)), fragment: "array container 0 of 3 values"),
            MalformedVector(name: "bitmap population differs from cardinality",
                            bytes: wrap(patch(TestRoaring.bitmap32([(0, .bitmap((0..<5000).map { UInt16($0) }))]), at: 10, le(UInt16(5000)))),
                            fragment: "5000 bits set but declares cardinality 5001"),
            MalformedVector(name: "bitmap past the end", bytes: Array(wrap(TestRoaring.bitmap32([(0, .bitmap((0..<5000).map { UInt16($0) }))])).dropLast(1)), fragment: "bitmap container 0"),
            MalformedVector(name: "overlapping runs", bytes: wrap(TestRoaring.bitmap32([(0, .run([(10, 5), (12, 1)]))])), fragment: "overlapping"),
            MalformedVector(name: "unsorted runs", bytes: wrap(TestRoaring.bitmap32([(0, .run([(100, 0), (50, 0)]))])), fragment: "overlapping or before"),
            MalformedVector(name: "run past 65535", bytes: wrap(TestRoaring.bitmap32([(0, .run([(65530, 10)]))])), fragment: "runs past 65535"),
            MalformedVector(name: "runs cover a different cardinality", bytes: wrap(patch(TestRoaring.bitmap32([(0, .run([(0, 9)]))]), at: 7, le(UInt16(10)))), fragment: "covers 10 values but declares cardinality 11"),
            MalformedVector(name: "run count past the end", bytes: wrap(patch(TestRoaring.bitmap32([(0, .run([(0, 9)]))]), at: 9, le(UInt16(100)))), fragment: "of 100 runs"),
            MalformedVector(name: "trailing bytes", bytes: wrap(simple) + [0], fragment: "1 unexpected bytes"),
            MalformedVector(name: "native count negative", bytes: native + le(Int32(-1)), fragment: "declares -1 bitmaps"),
            MalformedVector(name: "native size disagrees with its bitmap", bytes: nativeBadSize, fragment: "bitmap ends after"),
        ]
    }()

    @Test(arguments: malformed)
    func malformedInputThrows(_ vector: MalformedVector) {
        do {
            let bitmap = try RoaringBitmapArray(serialized: vector.bytes)
            Issue.record("parsed \(vector.name) into \(bitmap.cardinality) rows")
        } catch let error as DeltaError {
            #expect(error.code == .corruptLog)
            #expect(error.message.contains(vector.fragment), "\(error.message)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func everyTruncationThrows() {
        let (bytes, _) = Self.mixedLayout()
        let small = TestRoaring.delta([
            (0, TestRoaring.bitmap32([(0, .array([1, 2])), (1, .run([(3, 4)])), (2, .array([9])), (3, .run([(0, 0), (9, 9)])), (4, .array([0]))])),
            (2, TestRoaring.bitmap32([(0, .array([7]))])),
        ])
        for input in [small, bytes] {
            let step = input.count > 1000 ? 97 : 1
            for length in stride(from: 0, to: input.count, by: step) {
                #expect(throws: DeltaError.self) { try RoaringBitmapArray(serialized: Array(input.prefix(length))) }
            }
        }
    }

    /// Random byte mutations never crash; whatever parses is self-consistent.
    @Test func mutatedInputNeverCrashes() {
        let base = TestRoaring.delta([
            (0, TestRoaring.bitmap32([(0, .array([1, 2, 300])), (1, .run([(3, 4), (100, 50)])), (2, .array([9])), (3, .run([(0, 0), (9, 9)])), (7, .array([0, 65535]))])),
            (2, TestRoaring.bitmap32([(0, .array([7])), (9, .array([1, 2]))])),
        ])
        var rng = SplitMix64(seed: 42)
        var parsed = 0
        for _ in 0..<3000 {
            var bytes = base
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            }
            guard let bitmap = try? RoaringBitmapArray(serialized: bytes) else { continue }
            parsed += 1
            let rows = Array(bitmap)
            #expect(UInt64(rows.count) == bitmap.cardinality)
            #expect(zip(rows, rows.dropFirst()).allSatisfy { $0 < $1 })
            #expect(rows.allSatisfy { bitmap.contains($0) })
        }
        #expect(parsed > 0)
    }
}
