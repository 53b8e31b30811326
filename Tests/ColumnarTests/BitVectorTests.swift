import Testing
@testable import Columnar

@Suite struct BitVectorTests {
    @Test func appendAndRead() {
        var v = BitVector()
        let pattern = (0..<200).map { $0 % 3 == 0 }
        for b in pattern { v.append(b) }
        #expect(v.count == 200)
        #expect((0..<200).map { v[$0] } == pattern)
        #expect(v.nonzeroBitCount == pattern.filter { $0 }.count)
    }

    @Test(arguments: [0, 1, 63, 64, 65, 130])
    func appendRepeating(start: Int) {
        var v = BitVector(repeating: false, count: start)
        v.append(repeating: true, count: 100)
        v.append(repeating: false, count: 3)
        #expect(v.count == start + 103)
        #expect(v.nonzeroBitCount == 100)
        #expect(!v[start + 100])
        if start > 0 { #expect(!v[start - 1]) }
        #expect(v[start] && v[start + 99])
    }

    @Test func sliceAndConcatenate() {
        let bits = (0..<300).map { ($0 * 7) % 5 < 2 }
        let v = BitVector(bits)
        for range in [0..<300, 64..<128, 5..<77, 299..<300] {
            #expect((0..<range.count).map { v.slice(range)[$0] } == Array(bits[range]))
        }
        var a = BitVector(bits[0..<128])
        a.append(contentsOf: BitVector(bits[128..<300]))
        #expect(a == v)
        var b = BitVector(bits[0..<5])
        b.append(contentsOf: BitVector(bits[5..<300]))
        #expect(b == v)
    }

    @Test func nonZeroBytes() {
        let bytes: [UInt8] = [1, 0, 2, 0, 0, 9, 1]
        var v = BitVector(repeating: true, count: 3)
        bytes.withUnsafeBufferPointer { v.append(nonZero: $0) }
        #expect((0..<v.count).map { v[$0] } == [true, true, true, true, false, true, false, false, true, true])
    }
}
