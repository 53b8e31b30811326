import Columnar
import Testing
@testable import Query

/// The builder API: each step means what the same SQL means.
@Suite(.serialized) struct DataFrameTests {
    typealias Warehouse = QueryEngineTests.Warehouse

    func rows(_ frame: DataFrame) throws -> [String] {
        let b = try frame.collect().batch
        return (0..<b.count).map { r in b.columns.enumerated().map { $0.element.value(at: r).text(as: b.schema.fields[$0.offset].type) }.joined(separator: "|") }
    }

    @Test func stepsComposeLikeSQL() throws {
        let w = try Warehouse()
        let paid = try w.engine.table("shop.orders").filter("status = 'paid'")
        #expect(try rows(paid.select("id", "amount * 2 AS doubled").orderBy("id")) == ["1|21.00", "2|40.00", "5|14.00"])
        let totals = try paid.groupBy("customer").aggregate("sum(amount) AS total", "count(*) AS n").orderBy("total DESC").limit(2)
        #expect(try rows(totals) == ["bia|20.00|1", "ana|10.50|1"])
        #expect(try rows(try w.engine.table("shop.orders").groupBy("status").aggregate("count(*) AS n", having: "count(*) > 1")) == ["paid|3"])
        #expect(try paid.count() == 3)
        #expect(try w.engine.table("shop.orders").count() == 5)
        #expect(try rows(try w.engine.table("shop.orders").select("customer").distinct().filter("customer IS NOT NULL").orderBy("customer")) == ["ana", "bia", "caio"])
        #expect(try rows(try w.engine.table("shop.orders").select("id").orderBy("id DESC").limit(2, offset: 1)) == ["4", "3"])
    }

    @Test func columnsJoinsAndUnions() throws {
        let w = try Warehouse()
        let orders = try w.engine.table("shop.orders")
        let withTax = try orders.withColumn("amount", "amount * 1.1").select("id", "amount").filter("id = 1")
        #expect(try rows(withTax) == ["1|11.550"])
        #expect(try withTax.schema().fields.map(\.name) == ["id", "amount"])
        let customers = try w.engine.table("shop.customers")
        let joined = try orders.as("o").join(customers.as("c"), on: "o.customer = c.name").select("o.id", "c.state").orderBy("id")
        #expect(try rows(joined) == ["1|SP", "2|RJ", "3|SP"])
        let left = try orders.select("customer AS name").join(customers, using: ["name"], kind: .left).filter("name = 'caio'")
        #expect(try rows(left) == ["caio|NULL"])
        let both = try orders.select("id").filter("id < 2").union(try orders.select("id").filter("id > 4"))
        #expect(try rows(both.orderBy("id")) == ["1", "5"])
    }

    @Test func timeTravelPathsAndExplain() throws {
        let w = try Warehouse()
        #expect(try w.engine.table("shop.orders VERSION AS OF 0").count() == 0)
        #expect(try w.engine.table("delta.`\(w.path)/shop/orders`").count() == 5)
        let explain = try w.engine.table("shop.orders").filter("day = '2024-01-02'").select("id").explain()
        #expect(explain.contains("skipped by partition"))
        #expect(try w.engine.query("SELECT 1 AS one").sql == "SELECT 1 AS one")
    }

    @Test func fragmentsAreCheckedWhereTheyAreGiven() throws {
        let w = try Warehouse()
        let orders = try w.engine.table("shop.orders")
        #expect(throws: QueryError.self) { try orders.filter("amount >") }
        #expect(throws: QueryError.self) { try orders.select("id FROM x") }
        #expect(throws: QueryError.self) { try w.engine.table("shop.orders WHERE 1 = 1") }
        #expect { try orders.filter("amout > 1").collect() } throws: { "\($0)".contains("did you mean 'amount'") }
    }
}
