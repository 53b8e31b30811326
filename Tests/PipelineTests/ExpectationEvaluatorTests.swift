import Columnar
import Delta
import Foundation
import Query
import Testing
@testable import Pipeline

@Suite struct ExpectationEvaluatorTests {
    let batch = RecordBatch(schema: Schema([Field("id", .int64), Field("amount", .float64)]), columns: [
        Column(.int64, [.int(1), .int(2), .int(3), .int(4)]),
        Column(.float64, [.double(10), .double(-1), .null, .double(5000)]),
    ])

    @Test func warnKeepsAndCounts() throws {
        let e = ExpectationEvaluator(dataset: "s.t", expectations: [Expectation("small", "amount < 1000")], warehouse: "/tmp")
        let out = try e.apply(batch)
        #expect(out.count == 4)
        // NULL is not a violation.
        #expect(e.metrics[0].passedRecords == 3 && e.metrics[0].failedRecords == 1)
        #expect(e.droppedRecords == 0)
    }

    @Test func dropRemovesEachRowOnce() throws {
        let e = ExpectationEvaluator(dataset: "s.t", expectations: [
            Expectation("positive", "amount > 0", action: .drop),
            Expectation("not_two", "id <> 2", action: .drop),
            Expectation("small", "amount < 1000", action: .warn),
        ], warehouse: "/tmp")
        let out = try e.apply(batch)
        #expect(out.columns[0].boxedValues == [.int(1), .int(3), .int(4)])
        #expect(e.metrics.map(\.failedRecords) == [1, 1, 1])
        #expect(e.metrics.map(\.passedRecords) == [3, 3, 3])
        #expect(e.droppedRecords == 1)
        _ = try e.apply(batch)
        #expect(e.metrics.map(\.failedRecords) == [2, 2, 2])
        #expect(e.droppedRecords == 2)
    }

    @Test func failThrowsNamingTheRow() throws {
        let e = ExpectationEvaluator(dataset: "s.t", expectations: [Expectation("positive", "amount > 0", action: .fail)], warehouse: "/tmp")
        do {
            _ = try e.apply(batch)
            Issue.record("expected a failure")
        } catch let error as PipelineError {
            #expect(error.code == .expectationFailed)
            #expect(error.message.contains("expectation 'positive' (amount > 0) failed on 1 of 4 row(s), for example {id: 2, amount: -1"))
        }
    }

    @Test func conditionsMustBeBooleanSQL() {
        let schema = batch.schema
        #expect(throws: PipelineError.self) { try ExpectationEvaluator(dataset: "s.t", expectations: [Expectation("x", "amount + 1")], warehouse: "/tmp").validate(schema) }
        #expect(throws: PipelineError.self) { try ExpectationEvaluator(dataset: "s.t", expectations: [Expectation("x", "amont > 1")], warehouse: "/tmp").validate(schema) }
        #expect(throws: Never.self) { try ExpectationEvaluator(dataset: "s.t", expectations: [Expectation("x", "amount > 1 AND id IS NOT NULL")], warehouse: "/tmp").validate(schema) }
    }

    @Test func aFailingExpectationRollsTheDatasetBack() throws {
        let dir = TempDirectory()
        dir.write("landing/orders/o1.csv", "id,customer,amount,updated\n1,ana,10,1\n")
        let expectations = "      - {name: known_customer, condition: customer <> 'mallory', action: fail}"
        let runner = try UpdateRunner(shopPipeline(dir, silverExpectations: expectations))
        try runner.run()
        dir.write("landing/orders/o2.csv", "id,customer,amount,updated\n2,bia,20,1\n3,mallory,30,1\n")
        let r = try runner.run()
        #expect(!r.succeeded)
        let silver = try #require(r.dataset("silver.orders"))
        #expect(silver.status == .failed)
        #expect(silver.versionAfter == silver.versionBefore)
        #expect(silver.error?.contains("known_customer") == true)
        #expect(r.dataset("gold.by_customer")?.status == .skipped)
        #expect(r.dataset("bronze.orders")?.status == .updated)
        #expect(try DeltaTable(path: dir.sub("lake/silver/orders")).latestVersion() == 0)
        #expect(try Rows.sorted(QueryEngine(warehouse: dir.sub("lake")), "SELECT id FROM silver.orders") == ["1"])
        // The event log says what failed.
        let log = try runner.eventLog.read()
        let errors = (0..<log.count).filter { log.column(named: "level")!.string(at: $0) == "ERROR" }
        #expect(errors.count == 2)  // the flow and the update
    }
}
