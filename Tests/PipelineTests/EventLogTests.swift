import Columnar
import Delta
import Foundation
import Query
import Testing
@testable import Pipeline

@Suite struct EventLogTests {
    /// The query the README gives: rows dropped by each expectation in the last update.
    static let droppedInLastUpdate = """
        SELECT dataset, expectation, dropped_records FROM event_log.shop
        WHERE event_type = 'expectation' AND action = 'drop'
          AND update_id = (SELECT update_id FROM event_log.shop WHERE event_type = 'create_update' ORDER BY sequence DESC LIMIT 1)
        ORDER BY dataset, expectation
        """

    @Test func recordsUpdatesFlowsAndExpectations() throws {
        let dir = TempDirectory()
        dir.write("landing/orders/o1.csv", "id,customer,amount,updated\n1,ana,10,1\n2,bia,-1,1\n")
        let runner = try UpdateRunner(shopPipeline(dir))
        let first = try runner.run()
        dir.write("landing/orders/o2.csv", "id,customer,amount,updated\n3,caio,-2,1\n4,davi,-3,1\n5,eva,1,1\n")
        let second = try runner.run()
        let engine = QueryEngine(warehouse: dir.sub("lake"))
        #expect(try Rows.sorted(engine, Self.droppedInLastUpdate) == ["silver.orders|positive_amount|2"])
        // Every update: create_update, a flow_definition per dataset, RUNNING, a flow_progress per dataset, the end.
        let perUpdate = try Rows.sorted(engine, "SELECT update_id, event_type, count(*) FROM event_log.shop GROUP BY update_id, event_type")
        #expect(perUpdate.filter { $0.hasPrefix(first.updateID) }.sorted() == [
            "\(first.updateID)|create_update|1", "\(first.updateID)|expectation|2", "\(first.updateID)|flow_definition|3",
            "\(first.updateID)|flow_progress|3", "\(first.updateID)|update_progress|2",
        ])
        // Sequence numbers are dense and ordered across updates.
        let sequences = try Rows.sorted(engine, "SELECT count(*), min(sequence), max(sequence), count(DISTINCT sequence) FROM event_log.shop")
        let total = perUpdate.compactMap { Int($0.split(separator: "|").last!) }.reduce(0, +)
        #expect(sequences == ["\(total)|0|\(total - 1)|\(total)"])
        // The details JSON has Databricks' shape.
        let details = try Rows.sorted(engine, "SELECT details FROM event_log.shop WHERE event_type = 'flow_progress' AND dataset = 'silver.orders' AND update_id = '\(second.updateID)'")
        #expect(details.count == 1)
        #expect(details[0].contains("\"data_quality\":{\"dropped_records\":2,\"expectations\":[{\"name\":\"positive_amount\",\"dataset\":\"silver.orders\",\"action\":\"drop\",\"passed_records\":1,\"failed_records\":2}"))
        #expect(details[0].contains("\"num_upserted_rows\":1"))
    }
}
