import Columnar
import Testing
@testable import Query

@Suite struct ExecutorTests {
    static let schema = Schema([Field("k", .string), Field("v", .int64), Field("d", .decimal(precision: 10, scale: 2)), Field("x", .float64)])

    static func batch(_ rows: [[Value]]) -> RecordBatch {
        RecordBatch(schema: schema, columns: schema.fields.indices.map { i in Column(schema.fields[i].type, rows.map { $0[i] }) }, count: rows.count)
    }

    static let data: [RecordBatch] = [
        batch([[.string("a"), .int(1), .decimal(150), .double(1.5)], [.string("b"), .int(2), .decimal(-25), .null], [.null, .int(3), .null, .double(2)]]),
        batch([[.string("a"), .int(4), .decimal(1), .double(0.5)], [.string("b"), .null, .decimal(10), .double(4)]]),
    ]

    func executor(threads: Int = 2) -> Executor {
        Executor(runner: PipelineRunner(threads: threads, evaluator: ExpressionEvaluator()))
    }

    var source: LogicalPlan {
        .scan(TableScan(source: .batches(Self.data), name: "t", sourceSchema: Self.schema, columns: [0, 1, 2, 3], pushedPredicate: nil))
    }

    func rows(_ b: RecordBatch) -> [String] {
        (0..<b.count).map { r in b.columns.enumerated().map { $0.element.value(at: r).text(as: b.schema.fields[$0.offset].type) }.joined(separator: "|") }
    }

    @Test(arguments: [1, 2])
    func groupByWithEveryAggregate(threads: Int) throws {
        let v = BoundExpression.column(1, .int64), d = BoundExpression.column(2, .decimal(precision: 10, scale: 2)), x = BoundExpression.column(3, .float64)
        let calls = [
            AggregateCall(.countStar, nil, resultType: .int64),
            AggregateCall(.count, v, resultType: .int64),
            AggregateCall(.sum, v, resultType: .int64),
            AggregateCall(.sum, d, resultType: AggregateCall.resultType(.sum, d.type)),
            AggregateCall(.avg, d, resultType: AggregateCall.resultType(.avg, d.type)),
            AggregateCall(.min, x, resultType: .float64),
            AggregateCall(.max, v, resultType: .int64),
        ]
        let out = Schema([Field("k", .string)] + calls.enumerated().map { Field("a\($0.offset)", $0.element.resultType) })
        let plan = LogicalPlan.sort(.aggregate(source, groupBy: [.column(0, .string)], aggregates: calls, out), [SortKey(.column(0, .string))])
        let result = try executor(threads: threads).executeOne(plan)
        #expect(rows(result) == [
            "NULL|1|1|3|NULL|NULL|2.0|3",
            "a|2|2|5|1.51|0.755000|0.5|4",
            "b|2|1|2|-0.15|-0.075000|4.0|2",
        ])
    }

    @Test func globalAggregateOverNoRowsHasOneRow() throws {
        let empty = LogicalPlan.filter(source, .literal(.boolean(false), .boolean))
        let calls = [AggregateCall(.countStar, nil, resultType: .int64), AggregateCall(.sum, .column(1, .int64), resultType: .int64)]
        let result = try executor().executeOne(.aggregate(empty, groupBy: [], aggregates: calls, Schema([Field("c", .int64), Field("s", .int64)])))
        #expect(rows(result) == ["0|NULL"])
    }

    @Test func filterProjectSortLimit() throws {
        let predicate = BoundExpression.comparison(.greater, .column(1, .int64), .literal(.int(1), .int64))
        let doubled = BoundExpression.arithmetic(.multiply, .column(1, .int64), .literal(.int(2), .int64), .int64)
        let projected = LogicalPlan.project(.filter(source, predicate), [.column(0, .string), doubled], Schema([Field("k", .string), Field("v2", .int64)]))
        let plan = LogicalPlan.limit(.sort(projected, [SortKey(.column(1, .int64), ascending: false)]), limit: 2, offset: 0)
        #expect(rows(try executor().executeOne(plan)) == ["a|8", "NULL|6"])
        let unsortedLimit = LogicalPlan.limit(source, limit: 4, offset: 1)
        #expect(try executor().executeOne(unsortedLimit).count == 4)
    }

    @Test func joins() throws {
        let dims = RecordBatch(schema: Schema([Field("key", .string), Field("label", .string)]), columns: [
            Column(.string, [.string("a"), .string("c"), .null]), Column(.string, [.string("Alpha"), .string("Gamma"), .string("Nothing")]),
        ])
        let right = LogicalPlan.values(dims)
        let schema = Schema(Self.schema.fields + dims.schema.fields)
        func run(_ kind: JoinKind) throws -> [String] {
            let s = kind == .semi || kind == .anti ? Self.schema : schema
            let plan = LogicalPlan.join(source, right, kind, leftKeys: [.column(0, .string)], rightKeys: [.column(0, .string)], residual: nil, s)
            return rows(try executor().executeOne(plan)).map { $0.split(separator: "|").enumerated().filter { [0, 1].contains($0.offset) || $0.offset >= 4 }.map { String($0.element) }.joined(separator: "|") }.sorted()
        }
        #expect(try run(.inner) == ["a|1|a|Alpha", "a|4|a|Alpha"])
        #expect(try run(.left).count == 5)
        #expect(try run(.left).contains("NULL|3|NULL|NULL"))
        #expect(try run(.right) == ["NULL|NULL|NULL|Nothing", "NULL|NULL|c|Gamma", "a|1|a|Alpha", "a|4|a|Alpha"])
        #expect(try run(.full).count == 7)
        #expect(try run(.semi) == ["a|1", "a|4"])
        #expect(try run(.anti) == ["NULL|3", "b|2", "b|NULL"])
    }

    @Test func ansiModeRaisesWhereSparkReturnsNull() throws {
        let division = BoundExpression.arithmetic(.divide, .column(1, .int64), .literal(.int(0), .int64), .int64)
        let plan = LogicalPlan.project(source, [division], Schema([Field("q", .int64)]))
        #expect(try executor().executeOne(plan).columns[0].nullCount == 5)
        let ansi = Executor(runner: PipelineRunner(threads: 1, evaluator: ExpressionEvaluator(ansi: true)))
        #expect(throws: QueryError.self) { try ansi.executeOne(plan) }
    }
}
