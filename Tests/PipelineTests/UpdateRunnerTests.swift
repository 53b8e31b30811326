import Columnar
import Delta
import Foundation
import LakeJSON
import Query
import Testing
@testable import Pipeline

/// A small shop pipeline: CSV orders → bronze → silver (upsert by order id) → gold.
func shopPipeline(_ dir: TempDirectory, evolution: String = "addNewColumns", silverExpectations: String = "") -> PipelineDefinition {
    let yaml = """
        name: shop
        storage: lake
        datasets:
          - name: bronze.orders
            source: {path: landing/orders, format: csv, schema_evolution_mode: \(evolution)}
          - name: silver.orders
            kind: streaming_table
            sql: |
              SELECT id, customer, CAST(amount AS DOUBLE) AS amount, CAST(updated AS BIGINT) AS updated
              FROM STREAM(bronze.orders)
            expectations:
              - {name: positive_amount, condition: amount > 0, action: drop}
              - {name: small_amount, condition: amount < 1000, action: warn}
        \(silverExpectations)
            apply_changes: {keys: [id], sequence_by: updated}
          - name: gold.by_customer
            kind: materialized_view
            sql: SELECT customer, count(*) AS orders, sum(amount) AS total FROM silver.orders GROUP BY customer
        """
    return try! PipelineFile.parse(yaml, file: dir.sub("pipeline.yaml"), directory: dir.path)
}

@Suite struct UpdateRunnerTests {
    @Test func firstUpdateThenNothingNewThenOneNewFile() throws {
        let dir = TempDirectory()
        dir.write("landing/orders/o1.csv", "id,customer,amount,updated\n1,ana,10.5,1\n2,bia,20,1\n3,ana,-5,1\n")
        let runner = try UpdateRunner(shopPipeline(dir))
        let first = try runner.run()
        #expect(first.succeeded)
        #expect(first.dataset("bronze.orders")?.status == .updated)
        #expect(first.dataset("bronze.orders")?.files == ["o1.csv"])
        #expect(first.dataset("silver.orders")?.droppedRecords == 1)
        let engine = QueryEngine(warehouse: dir.sub("lake"))
        #expect(try Rows.sorted(engine, "SELECT customer, orders, total FROM gold.by_customer") == ["ana|1|10.5", "bia|1|20.0"])

        let second = try runner.run()
        #expect(second.updated.isEmpty)
        #expect(second.datasets.allSatisfy { $0.versionAfter == $0.versionBefore })

        // A late update of order 1 and a new order.
        dir.write("landing/orders/o2.csv", "id,customer,amount,updated\n1,ana,99,2\n4,caio,7,1\n")
        let third = try runner.run()
        #expect(third.dataset("bronze.orders")?.files == ["o2.csv"])
        #expect(third.dataset("bronze.orders")?.outputRows == 2)
        #expect(third.dataset("silver.orders")?.upsertedRows == 2)
        #expect(try Rows.sorted(engine, "SELECT id, amount FROM silver.orders") == ["1|99.0", "2|20.0", "4|7.0"])
        #expect(try Rows.sorted(engine, "SELECT customer, total FROM gold.by_customer") == ["ana|99.0", "bia|20.0", "caio|7.0"])
    }

    /// A job's commitInfo members reach every commit of the update; a stop request skips the
    /// datasets not yet started and ends the update CANCELED.
    @Test func commitInfoAndStopRequests() throws {
        let dir = TempDirectory()
        dir.write("landing/orders/o1.csv", "id,customer,amount,updated\n1,ana,10.5,1\n")
        let runner = try UpdateRunner(shopPipeline(dir))
        let job = JSONObject.Member("job", .object(JSONObject([.init("jobId", .string("7"))])))
        #expect(try runner.run(UpdateOptions(commitInfo: [job])).succeeded)
        for name in ["bronze.orders", "silver.orders", "gold.by_customer"] {
            let history = try runner.table(name).history()
            #expect(history.first?.commitInfo.fields["job"] == .object(JSONObject([.init("jobId", .string("7"))])), "\(name)")
        }

        dir.write("landing/orders/o2.csv", "id,customer,amount,updated\n2,bia,3,1\n")
        let stopped = try runner.run(UpdateOptions(isStopRequested: { true }))
        #expect(stopped.datasets.allSatisfy { $0.status == .skipped && $0.note == "the update was canceled" })
        #expect(stopped.datasets.allSatisfy { $0.versionAfter == $0.versionBefore })
        let engine = QueryEngine(warehouse: dir.sub("lake"))
        let progress = try Rows.sorted(engine, "SELECT message FROM event_log.shop WHERE event_type = 'update_progress' AND update_id = '\(stopped.updateID)'")
        #expect(progress.count == 2 && progress.contains { $0.hasSuffix("is CANCELED") }, "\(progress)")
        // The next update picks up the file the canceled one left.
        #expect(try runner.run().dataset("bronze.orders")?.files == ["o2.csv"])
    }
}
