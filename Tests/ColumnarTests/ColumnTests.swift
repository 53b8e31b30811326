import Testing
@testable import Columnar

@Suite struct ColumnTests {
    @Test func flatRoundTripThroughValues() {
        let cases: [(DataType, [Value])] = [
            (.int64, [.int(1), .null, .int(-5)]),
            (.int8, [.int(-128), .int(127)]),
            (.boolean, [.boolean(true), .null, .boolean(false)]),
            (.string, [.string("héllo"), .null, .string("")]),
            (.binary, [.binary([0, 255]), .binary([])]),
            (.decimal(precision: 10, scale: 2), [.decimal(12345), .null]),
            (.decimal(precision: 38, scale: 0), [.decimal(Int128.max), .decimal(Int128.min + 1)]),
            (.timestamp, [.timestamp(1_700_000_000_000_000)]),
            (.date, [.date(-1), .date(19000)]),
            (.float64, [.double(.infinity), .double(-0.5)]),
        ]
        for (type, values) in cases {
            let column = Column(type, values)
            #expect(column.count == values.count)
            #expect(column.boxedValues == values, "type \(type)")
            #expect(column.nullCount == values.filter(\.isNull).count)
        }
    }

    @Test func nestedRoundTripThroughValues() {
        let type = DataType.struct([
            Field("id", .int32, nullable: false),
            Field("tags", .list(Field("element", .string))),
            Field("attrs", .map(key: Field("key", .string, nullable: false), value: Field("value", .int64))),
        ])
        let rows: [Value] = [
            .struct([.int(1), .list([.string("a"), .null]), .map(keys: [.string("k")], values: [.int(3)])]),
            .null,
            .struct([.int(2), .null, .map(keys: [], values: [])]),
            .struct([.int(3), .list([]), .null]),
        ]
        let column = Column(type, rows)
        #expect(column.boxedValues == rows)
        #expect(column.children[0].count == 4)
        #expect(column.children[1].offsets.array(of: Int32.self) == [0, 2, 2, 2, 2])
    }

    @Test func bufferCopyOnWrite() {
        var a = Buffer()
        a.append(Int64(7))
        var b = a
        b.append(Int64(8))
        #expect(a.array(of: Int64.self) == [7])
        #expect(b.array(of: Int64.self) == [7, 8])
        b.withUnsafeMutableBufferPointer(as: Int64.self) { $0[0] = 1 }
        #expect(a.load(0, as: Int64.self) == 7)
    }

    @Test func gatherKeepsValuesAndNullsInIndexOrder() {
        let strings: [Value] = (0..<150).map { $0 % 7 == 0 ? .null : .string(String(repeating: "x", count: $0 % 5) + "\($0)") }
        let column = Column(.string, strings)
        let picks: [Int32] = [149, 0, 3, 7, 7, 64, 63, 100, 1]
        #expect(column.gather(picks).boxedValues == picks.map { strings[Int($0)] })
        #expect(column.gather([]).count == 0)
        let empty = Column(.string, [.string(""), .null, .string("")])
        #expect(empty.gather([2, 0, 1]).boxedValues == [.string(""), .string(""), .null])
        let ints = Column(.int64, (0..<100).map { $0 % 3 == 0 ? .null : .int(Int64($0)) })
        #expect(ints.gather([99, 98, 0]).boxedValues == [.null, .int(98), .null])
        #expect(ints.gather([1, 2]).validity == nil)
    }
}
