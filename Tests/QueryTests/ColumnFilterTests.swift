import Columnar
import Testing
@testable import Query

/// `Column.filtered` returns what `gather` does, for every storage layout, with and without
/// nulls, for ascending, repeated and shuffled rows.
@Suite struct ColumnFilterTests {
    static let columns: [Column] = [
        Column(.int8, (0..<200).map { $0 % 13 == 0 ? .null : .int(Int64($0 % 100)) }),
        Column(.int16, (0..<200).map { .int(Int64($0 * 3)) }),
        Column(.int32, (0..<200).map { $0 % 7 == 0 ? .null : .int(Int64($0) - 100) }),
        Column(.date, (0..<200).map { .date(Int32($0)) }),
        Column(.int64, (0..<200).map { $0 % 2 == 0 ? .null : .int(Int64($0) << 40) }),
        Column(.float64, (0..<200).map { .double(Double($0) / 3) }),
        Column(.decimal(precision: 30, scale: 2), (0..<200).map { $0 % 5 == 0 ? .null : .decimal(Int128($0) * 1_000_000_000_000_000_000) }),
        Column(.boolean, (0..<200).map { .boolean($0 % 3 == 0) }),
        Column(.string, (0..<200).map { $0 % 11 == 0 ? .null : .string(String(repeating: "ab", count: $0 % 9)) }),
        Column(.binary, (0..<200).map { .binary(Array(repeating: UInt8($0 % 256), count: $0 % 20)) }),
        Column(.list(Field("e", .int32)), (0..<200).map { .list([.int(Int64($0)), .int(1)]) }),
    ]

    static let selections: [[Int32]] = [
        Array(0..<200), (0..<200).filter { $0 % 3 != 1 }, [199, 0, 5, 5, 5, 198], [], [17],
        (0..<200).reversed().map { $0 }, (0..<64).map { Int32($0 * 3) },
    ]

    @Test(arguments: columns.indices, selections.indices)
    func filteredMatchesGather(column: Int, selection: Int) throws {
        let c = Self.columns[column], rows = Self.selections[selection]
        let fast = c.filtered(rows), slow = c.gather(rows)
        #expect(fast.count == slow.count && fast.type == slow.type)
        #expect((0..<fast.count).map { fast.value(at: $0) } == (0..<slow.count).map { slow.value(at: $0) })
        #expect((fast.validity == nil) == (slow.validity == nil))
    }
}
