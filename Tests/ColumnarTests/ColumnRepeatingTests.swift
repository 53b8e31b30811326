import Testing
@testable import Columnar

/// `Column.repeating`: every row holds the value, for each layout (fixed width, byte strings,
/// empty strings, nulls, nested).
@Suite struct ColumnRepeatingTests {
    @Test(arguments: [
        (Value.int(-7), DataType.int32), (.int(1 << 40), .int64), (.boolean(true), .boolean), (.double(2.5), .float64),
        (.decimal(12_345), .decimal(precision: 30, scale: 2)), (.string("héllo"), .string), (.string(""), .string),
        (.binary([0, 1, 2]), .binary), (.null, .string), (.null, .int64),
        (.struct([.int(1), .string("x")]), .struct([Field("a", .int64), Field("b", .string)])),
    ])
    func everyRowHoldsTheValue(value: Value, type: DataType) throws {
        for count in [0, 1, 1000] {
            let c = Column.repeating(value, type, count: count)
            #expect(c.count == count && c.type == type)
            for i in 0..<count where c.value(at: i) != value {
                Issue.record("row \(i) of \(count): \(c.value(at: i)), expected \(value)")
                break
            }
        }
    }
}
