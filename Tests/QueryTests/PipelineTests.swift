import Columnar
import Testing
@testable import Query

/// Pipelines over file scans: late materialization (filter columns first) returns exactly what
/// filtering whole batches returns, whatever the filter touches.
@Suite(.serialized) struct PipelineTests {
    typealias Warehouse = QueryEngineTests.Warehouse

    func warehouse() throws -> Warehouse {
        let w = try Warehouse()
        // Three more files, one per statement, in a partition of their own.
        for k in 0..<3 {
            try w.engine.sql("INSERT INTO shop.orders VALUES (\(10 + k), 'file\(k)', \(k).50, DATE '2024-02-0\(k + 1)', 'late')")
        }
        return w
    }

    @Test func lateMaterializationMatchesWholeBatchFiltering() throws {
        let w = try warehouse()
        let cases: [(String, [String])] = [
            ("SELECT id, customer, amount FROM shop.orders WHERE amount > 7 ORDER BY id", ["1|ana|10.50", "2|bia|20.00"]),
            ("SELECT * FROM shop.orders WHERE customer = 'file1'", ["11|file1|1.50|2024-02-02|late"]),
            ("SELECT status FROM shop.orders WHERE id = 11 AND day = '2024-02-02'", ["late"]),
            ("SELECT customer FROM shop.orders WHERE id > 100", []),
            ("SELECT id FROM shop.orders WHERE amount IS NULL OR status IS NULL ORDER BY id", ["3", "4"]),
            ("SELECT count(*), sum(amount) FROM shop.orders WHERE customer LIKE 'file%'", ["3|4.50"]),
        ]
        for (sql, expected) in cases {
            #expect(try w.rows(sql) == expected, "\(sql)")
        }
    }

    @Test func aFilterOverEveryColumnStillFilters() throws {
        let w = try warehouse()
        #expect(try w.rows("SELECT id FROM (SELECT id FROM shop.orders) WHERE id < 3 ORDER BY id") == ["1", "2"])
        #expect(try w.rows("SELECT id FROM shop.orders WHERE id % 2 = 0 AND id < 12 ORDER BY id") == ["2", "4", "10"])
    }

    @Test func aScanFilterIsSetOnlyOnFileScans() throws {
        let w = try warehouse()
        let plan = try w.engine.plan("SELECT customer FROM shop.orders WHERE id = 11")
        let executor = Executor(runner: PipelineRunner(threads: 1, evaluator: ExpressionEvaluator()))
        func scanFilter(_ plan: LogicalPlan) throws -> BoundExpression? {
            if case .project(let child, _, _) = plan { return try scanFilter(child) }
            return try executor.pipeline(plan).scanFilter
        }
        #expect(try scanFilter(plan) != nil)
        let values = try w.engine.plan("SELECT * FROM VALUES (1), (2) AS t(x) WHERE x = 1")
        #expect(try scanFilter(values) == nil)
    }
}
