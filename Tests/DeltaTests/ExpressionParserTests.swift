import Columnar
import Testing
@testable import Delta

@Suite struct ExpressionParserTests {
    @Test(arguments: [
        ("a = 1", "a = 1"),
        ("a == 1 AND b <> 'x'", "a = 1 AND b != 'x'"),
        ("NOT (a < 1 OR b >= 2.5)", "NOT (a < 1 OR b >= 2.5)"),
        ("a IS NOT NULL", "a IS NOT NULL"),
        ("a NOT IN (1, 2)", "a NOT IN (1, 2)"),
        ("a BETWEEN 1 AND 3", "a >= 1 AND a <= 3"),
        ("`weird col` = 'it''s'", "`weird col` = 'it''s'"),
        ("s.inner.x <=> NULL", "s.inner.x <=> NULL"),
        ("d = DATE '2024-02-29'", "d = DATE '2024-02-29'"),
        ("flag", "flag = true"),
        ("x > -5", "x > -5"),
    ])
    func parsesAndPrints(_ input: String, _ printed: String) throws {
        #expect(try ExpressionParser.parse(input).description == printed)
    }

    @Test(arguments: [
        ("a = ", "at column 5"),
        ("a = 'open", "unterminated quote"),
        ("(a = 1", "expected ')'"),
        ("a ? 1", "unexpected character '?'"),
        ("d = DATE '2024-02-30'", "not a valid DATE"),
        ("a NOT 1", "expected IN or BETWEEN after NOT"),
    ])
    func errorsSayWhereAndWhat(_ input: String, _ fragment: String) {
        #expect { try ExpressionParser.parse(input) } throws: { error in
            let message = (error as? DeltaError)?.message ?? ""
            return message.contains(fragment) && message.contains(input)
        }
    }

    @Test func bindingTypesLiteralsByColumn() throws {
        let schema = Schema([Field("d", .date), Field("n", .decimal(precision: 10, scale: 2)), Field("t", .timestamp)])
        let bound = try ExpressionParser.parse("d >= '2024-01-02' AND n < 1.005 AND t = '2024-01-01T10:00:00Z'").bound(to: schema)
        #expect(bound == .and([
            .comparison(.greaterOrEqual, .column("d"), .literal(.date(19724), .date)),
            .comparison(.less, .column("n"), .literal(.decimal(101), .decimal(precision: 10, scale: 2))),
            .comparison(.equal, .column("t"), .literal(.timestamp(1_704_103_200_000_000), .timestamp)),
        ]))
    }

    @Test func threeValuedRowEvaluation() throws {
        let schema = Schema([Field("a", .int64), Field("b", .string)])
        let batch = RecordBatch(schema: schema, columns: [Column(.int64, [.int(1), .null, .int(3)]), Column(.string, [.string("x"), .string("y"), .null])])
        func eval(_ text: String) throws -> [Bool?] { try ExpressionParser.parse(text).bound(to: schema).evaluate(batch) }
        #expect(try eval("a > 1") == [false, nil, true])
        #expect(try eval("a > 1 OR b = 'y'") == [false, true, true])
        #expect(try eval("NOT (a > 1)") == [true, nil, false])
        #expect(try eval("a IN (1, NULL)") == [true, nil, nil])
        #expect(try eval("b <=> NULL") == [false, false, true])
    }
}
