import Columnar
import Delta
import Foundation
import Query
import Testing
@testable import Pipeline

@Suite struct DemoTests {
    @Test func endToEndSmall() throws {
        let dir = TempDirectory()
        let demo = Demo(directory: dir.sub("demo"), scale: 1)
        let report = try demo.run()
        #expect(report.succeeded, "\(report.render())")
        #expect(report.steps.count == 2)
        #expect(report.steps[1].result.dataset("bronze.orders")?.schemaChanges == ["added column channel (first seen in orders_2024_04.csv)"])
        let engine = QueryEngine(warehouse: demo.storage)
        // Gold answers the business questions, from the cleaned silver data.
        let silverRevenue = try Rows.value(engine, "SELECT sum(price) FROM silver.sales WHERE status <> 'canceled'")
        let goldRevenue = try Rows.value(engine, "SELECT sum(revenue) FROM gold.revenue_by_day_state")
        #expect(silverRevenue == goldRevenue)
        #expect(try Rows.value(engine, "SELECT count(*) FROM silver.order_items WHERE price <= 0 OR price IS NULL OR price >= 10000") == .int(0))
        #expect(try Rows.value(engine, "SELECT count(*) FROM silver.orders WHERE purchased_at IS NULL") == .int(0))
        // One row per key after deduplication.
        #expect(try Rows.value(engine, "SELECT count(*) - count(DISTINCT order_id) FROM silver.orders") == .int(0))
        #expect(try Rows.value(engine, "SELECT count(*) FROM gold.top_categories") == .int(14))
        let text = report.render()
        for expected in ["update 2", "gold.customer_lifetime_value", "valid_payment_type", "lake history", "VERSION AS OF 0"] {
            #expect(text.contains(expected))
        }
    }
}

@Suite struct DemoRunTests {
    @Test func rerunChangesNothingNewMonthIngestsExactlyItsFilesBadFileRollsBack() throws {
        let dir = TempDirectory()
        let demo = Demo(directory: dir.sub("demo"), scale: 1)
        let first = try demo.run()
        #expect(first.succeeded)
        let versions = first.tables().map(\.version)

        let again = try demo.run()
        #expect(again.steps.count == 1 && again.steps[0].result.updated.isEmpty)
        #expect(again.tables().map(\.version) == versions)

        let more = try demo.run(.newMonth)
        let result = more.steps[0].result
        for feed in DemoData.feeds {
            let ext = feed == "products" || feed == "order_items" ? "jsonl" : "csv"
            #expect(result.dataset("bronze.\(feed)")?.files == ["\(feed)_2024_05.\(ext)"])
        }
        let landed = Dictionary(uniqueKeysWithValues: more.steps[0].landed.map { ($0.path.split(separator: "/")[0], $0.rows) })
        #expect(result.dataset("bronze.orders")?.outputRows == landed["orders"])

        let bad = try demo.run(.badFile)
        #expect(!bad.succeeded)
        let payments = try #require(bad.steps[0].result.dataset("silver.payments"))
        #expect(payments.status == .failed && payments.versionAfter == payments.versionBefore)
        #expect(bad.steps[0].result.dataset("gold.customer_lifetime_value")?.status == .skipped)
        #expect(bad.render().contains("--full-refresh bronze.payments"))
    }

    @Test func dataIsDeterministic() {
        let a = DemoData(scale: 1).files(month: 2), b = DemoData(scale: 1).files(month: 2)
        #expect(a.map(\.text) == b.map(\.text))
        #expect(a.map(\.path) == ["customers/customers_2024_02.csv", "products/products_2024_02.jsonl", "orders/orders_2024_02.csv", "order_items/order_items_2024_02.jsonl", "payments/payments_2024_02.csv"])
        #expect(DemoData(scale: 1).files(month: 4)[2].text.hasPrefix("order_id,customer_id,order_status,order_purchase_timestamp,updated_at,channel\n"))
    }
}
