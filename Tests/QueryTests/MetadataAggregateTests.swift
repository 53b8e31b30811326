import Columnar
import Testing
@testable import Query

/// Global count/min/max answered from the log or the footers — and the same answers as a scan.
@Suite(.serialized) struct MetadataAggregateTests {
    typealias Warehouse = QueryEngineTests.Warehouse

    func explain(_ w: Warehouse, _ sql: String) throws -> String {
        try w.rows("EXPLAIN " + sql).joined(separator: "\n")
    }

    @Test func deltaTablesAnswerFromStatistics() throws {
        let w = try Warehouse()
        let sql = "SELECT count(*), count(amount), min(id), max(amount), min(day) FROM shop.orders"
        #expect(try explain(w, sql).contains("MetadataAggregate"))
        #expect(try w.rows(sql) == ["5|4|1|20.00|2024-01-01"])
        // The same query forced through the scan (a filter on a data column) agrees.
        #expect(try w.rows(sql + " WHERE id > 0") == ["5|4|1|20.00|2024-01-01"])
        #expect(try !explain(w, sql + " WHERE id > 0").contains("MetadataAggregate"))
    }

    @Test func partitionFiltersStayExact() throws {
        let w = try Warehouse()
        let sql = "SELECT count(*), max(id), min(amount) FROM shop.orders WHERE day >= '2024-01-02'"
        #expect(try explain(w, sql).contains("MetadataAggregate"))
        #expect(try w.rows(sql) == ["3|5|5.25"])
    }

    @Test func inexactStatisticsFallBackToTheScan() throws {
        let w = try Warehouse()
        for sql in [
            "SELECT min(customer) FROM shop.orders",          // string statistics may be truncated
            "SELECT count(DISTINCT customer) FROM shop.orders",
            "SELECT sum(amount) FROM shop.orders",
            "SELECT count(*) FILTER (WHERE id > 2) FROM shop.orders",
        ] {
            #expect(try !explain(w, sql).contains("MetadataAggregate"), "\(sql)")
        }
        #expect(try w.rows("SELECT min(customer), max(customer) FROM shop.orders") == ["ana|caio"])
    }

    @Test func parquetFilesAnswerFromFooters() throws {
        let w = try Warehouse()
        try w.engine.sql("CREATE TABLE shop.copy AS SELECT * FROM shop.orders")
        let files = w.path + "/shop/copy"
        let sql = "SELECT count(*), count(amount), min(id), max(id), max(day) FROM parquet.`\(files)`"
        #expect(try explain(w, sql).contains("MetadataAggregate"))
        #expect(try w.rows(sql) == ["5|4|1|5|2024-01-03"])
    }

    @Test func emptyTablesGiveZeroAndNull() throws {
        let w = try Warehouse()
        try w.engine.sql("CREATE TABLE shop.nothing (id BIGINT)")
        #expect(try w.rows("SELECT count(*), min(id), count(id) FROM shop.nothing") == ["0|NULL|0"])
        #expect(try w.rows("SELECT count(*), max(id) FROM shop.orders WHERE day = '1999-01-01'") == ["0|NULL"])
    }
}
