import Columnar
import Testing
@testable import Query

/// Subexpressions shared by an aggregation's expressions are computed once.
@Suite struct SharedSubexpressionsTests {
    static let d = DataType.decimal(precision: 15, scale: 2)
    static let price = BoundExpression.column(0, d), discount = BoundExpression.column(1, d), tax = BoundExpression.column(2, d)
    static let one = BoundExpression.cast(.literal(.int(1), .int32), .decimal(precision: 10, scale: 0), isTry: false)
    static let kept = BoundExpression.arithmetic(.subtract, one, discount, .decimal(precision: 16, scale: 2))
    static let net = BoundExpression.arithmetic(.multiply, price, kept, .decimal(precision: 32, scale: 4))
    static let charge = BoundExpression.arithmetic(.multiply, net, .arithmetic(.add, one, tax, .decimal(precision: 16, scale: 2)), .decimal(precision: 38, scale: 6))

    @Test func innermostSharedSubexpressionsBecomeColumns() {
        let shared = SharedSubexpressions([Self.price, Self.net, Self.charge], base: 3, ansi: false)
        #expect(shared.extras == [Self.kept, .arithmetic(.multiply, Self.price, .column(3, Self.kept.type), Self.net.type)])
        let netColumn = BoundExpression.column(4, Self.net.type)
        #expect(shared.expressions == [Self.price, netColumn, .arithmetic(.multiply, netColumn, .arithmetic(.add, Self.one, Self.tax, .decimal(precision: 16, scale: 2)), Self.charge.type)])
        // Constants and lone columns are never shared; ANSI mode shares nothing.
        #expect(SharedSubexpressions([Self.price, Self.price, Self.one, Self.one], base: 3, ansi: false).extras.isEmpty)
        #expect(SharedSubexpressions([Self.net, Self.charge], base: 3, ansi: true).extras.isEmpty)
    }

    @Test(arguments: [1, 2])
    func aggregatesOverSharedSubexpressionsAreUnchanged(threads: Int) throws {
        let schema = Schema([Field("p", Self.d), Field("d", Self.d), Field("t", Self.d), Field("k", .string)])
        let flags = ["A", "N", "R"]
        let rows: [[Value]] = (0..<500).map { (i: Int) -> [Value] in
            let discount: Value = i % 9 == 0 ? .null : .decimal(Int128(i % 11))
            return [.decimal(Int128(i * 137 % 100_000)), discount, .decimal(Int128(i % 8)), .string(flags[i % 3])]
        }
        let batches = stride(from: 0, to: 500, by: 128).map { start in
            let part = Array(rows[start..<min(500, start + 128)])
            return RecordBatch(schema: schema, columns: (0..<4).map { c in Column(schema.fields[c].type, part.map { $0[c] }) }, count: part.count)
        }
        let scan = LogicalPlan.scan(TableScan(source: .batches(batches), name: "t", sourceSchema: schema, columns: [0, 1, 2, 3], pushedPredicate: nil))
        let calls = [
            AggregateCall(.sum, Self.net, resultType: AggregateCall.resultType(.sum, Self.net.type)),
            AggregateCall(.sum, Self.charge, resultType: AggregateCall.resultType(.sum, Self.charge.type)),
            AggregateCall(.avg, Self.net, resultType: AggregateCall.resultType(.avg, Self.net.type)),
            AggregateCall(.count, Self.kept, filter: .comparison(.greater, Self.net, .literal(.decimal(100_000), Self.net.type)), resultType: .int64),
        ]
        let out = Schema([Field("k", .string)] + calls.indices.map { Field("a\($0)", calls[$0].resultType) })
        let plan = LogicalPlan.sort(.aggregate(scan, groupBy: [.column(3, .string)], aggregates: calls, out), [SortKey(.column(0, .string))])
        func run(ansi: Bool) throws -> [String] {
            let batch = try Executor(runner: PipelineRunner(threads: threads, evaluator: ExpressionEvaluator(ansi: ansi))).executeOne(plan)
            return (0..<batch.count).map { r in batch.columns.map { $0.value(at: r).text(as: $0.type) }.joined(separator: "|") }
        }
        // ANSI mode shares nothing; with nothing overflowing both give the same rows.
        let plain = try run(ansi: false)
        #expect(plain == (try run(ansi: true)))
        #expect(plain.count == 3 && plain[0].hasPrefix("A|"))
    }
}
