import Columnar
import Foundation
import Testing
@testable import Query

/// SQL end to end over a temporary warehouse.
@Suite(.serialized) struct QueryEngineTests {
    final class Warehouse {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lake-sql-\(UUID().uuidString)").path
        let engine: QueryEngine

        init() throws {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            engine = QueryEngine(warehouse: path, threads: 2)
            try engine.sql("""
                CREATE SCHEMA shop;
                CREATE TABLE shop.orders (id BIGINT NOT NULL, customer STRING, amount DECIMAL(10,2), day DATE, status STRING) PARTITIONED BY (day);
                INSERT INTO shop.orders VALUES
                  (1, 'ana', 10.50, DATE '2024-01-01', 'paid'),
                  (2, 'bia', 20.00, DATE '2024-01-01', 'paid'),
                  (3, 'ana', NULL, DATE '2024-01-02', 'refunded'),
                  (4, 'caio', 5.25, DATE '2024-01-02', NULL),
                  (5, NULL, 7.00, DATE '2024-01-03', 'paid');
                CREATE TABLE shop.customers AS SELECT * FROM VALUES ('ana', 'SP'), ('bia', 'RJ'), ('duda', 'BA') AS c(name, state);
                """)
        }

        deinit { try? FileManager.default.removeItem(atPath: path) }

        /// Rows as `a|b|c` text.
        func rows(_ sql: String) throws -> [String] {
            let b = try engine.sql(sql).batch
            return (0..<b.count).map { r in b.columns.enumerated().map { $0.element.value(at: r).text(as: b.schema.fields[$0.offset].type) }.joined(separator: "|") }
        }
    }

    @Test func selectsFiltersAndOrders() throws {
        let w = try Warehouse()
        #expect(try w.rows("SELECT id, customer FROM shop.orders WHERE amount > 6 ORDER BY id") == ["1|ana", "2|bia", "5|NULL"])
        #expect(try w.rows("SELECT id FROM shop.orders ORDER BY customer NULLS FIRST, id DESC") == ["5", "3", "1", "2", "4"])
        #expect(try w.rows("SELECT id FROM shop.orders ORDER BY amount DESC NULLS LAST LIMIT 2 OFFSET 1") == ["1", "5"])
        #expect(try w.rows("SELECT DISTINCT customer FROM shop.orders WHERE customer IS NOT NULL ORDER BY 1") == ["ana", "bia", "caio"])
        #expect(try w.rows("SELECT id FROM shop.orders WHERE customer IN ('ana', 'caio') AND day BETWEEN '2024-01-01' AND '2024-01-02' ORDER BY id") == ["1", "3", "4"])
        #expect(try w.rows("SELECT id FROM shop.orders WHERE customer LIKE 'a%' OR status ILIKE 'REF%' ORDER BY id") == ["1", "3"])
        #expect(try w.rows("SELECT count(*) FROM shop.orders WHERE status IS NULL OR NOT (amount < 10)") == ["3"])
    }

    @Test func aggregatesAndGrouping() throws {
        let w = try Warehouse()
        #expect(try w.rows("SELECT customer, count(*) AS n, sum(amount), avg(amount), min(day), max(id) FROM shop.orders GROUP BY customer ORDER BY customer") == [
            "NULL|1|7.00|7.000000|2024-01-03|5", "ana|2|10.50|10.500000|2024-01-01|3", "bia|1|20.00|20.000000|2024-01-01|2", "caio|1|5.25|5.250000|2024-01-02|4",
        ])
        #expect(try w.rows("SELECT day, count(DISTINCT customer) AS c FROM shop.orders GROUP BY 1 HAVING count(*) > 1 ORDER BY day DESC") == ["2024-01-02|2", "2024-01-01|2"])
        #expect(try w.rows("SELECT count(*), count(amount), sum(amount) FILTER (WHERE status = 'paid') FROM shop.orders") == ["5|4|37.50"])
        #expect(try w.rows("SELECT round(stddev(id), 6), percentile(id, 0.5) FROM shop.orders") == ["1.581139|3.0"])
        #expect(try w.rows("SELECT status, sum(amount) AS s FROM shop.orders GROUP BY ALL ORDER BY s DESC NULLS LAST") == ["paid|37.50", "NULL|5.25", "refunded|NULL"])
        #expect(try w.rows("SELECT count(*) FROM shop.orders WHERE id > 100") == ["0"])
        #expect(throws: QueryError.self) { try w.engine.sql("SELECT customer, id FROM shop.orders GROUP BY customer") }
    }

    @Test func expressionsAndFunctions() throws {
        let w = try Warehouse()
        #expect(try w.rows("""
            SELECT 7 / 2, 7 DIV 2, 7 % 3, 1.5 * 2, CAST('12' AS INT) + 1, TRY_CAST('x' AS INT), coalesce(NULL, 'b'), nullif(1, 1),
                   abs(-3), round(2.345, 2), floor(-1.5), ceil(1.2), upper('ab'), length('héllo'), substring('abcdef', 2, 3),
                   concat('a', 1, 'b'), replace('aXbX', 'X', '-'), split_part('a,b,c', ',', 2), trim('  x  ')
            """) == ["3.5|3|1|3.0|13|NULL|b|NULL|3|2.35|-2|2|AB|5|bcd|a1b|a-b-|b|x"])
        #expect(try w.rows("""
            SELECT year(DATE '2024-03-15'), month(DATE '2024-03-15'), day(DATE '2024-03-15'), date_add(DATE '2024-02-28', 2),
                   datediff(DATE '2024-03-01', DATE '2024-02-01'), date_trunc('month', TIMESTAMP '2024-03-15 10:11:12'),
                   DATE '2024-01-31' + INTERVAL 1 MONTH, TIMESTAMP '2024-01-01 00:00:00' + INTERVAL '90' MINUTE
            """) == ["2024|3|15|2024-03-01|29|2024-03-01T00:00:00.000000Z|2024-02-29|2024-01-01T01:30:00.000000Z"])
        #expect(try w.rows("SELECT CASE WHEN amount > 10 THEN 'big' WHEN amount IS NULL THEN 'none' ELSE 'small' END FROM shop.orders ORDER BY id") == [
            "big", "big", "none", "small", "small",
        ])
        #expect(try w.rows("SELECT 1 / 0, 5 % 0, CAST(2147483647 AS INT) + 1") == ["NULL|NULL|-2147483648"])
        try w.engine.sql("SET spark.sql.ansi.enabled = true")
        #expect(throws: QueryError.self) { try w.engine.sql("SELECT 1 / 0") }
    }

    @Test func joinsSubqueriesCTEsAndUnions() throws {
        let w = try Warehouse()
        #expect(try w.rows("SELECT o.id, c.state FROM shop.orders o JOIN shop.customers c ON o.customer = c.name ORDER BY o.id") == ["1|SP", "2|RJ", "3|SP"])
        #expect(try w.rows("SELECT o.id, c.state FROM shop.orders o LEFT JOIN shop.customers c ON o.customer = c.name ORDER BY o.id") == [
            "1|SP", "2|RJ", "3|SP", "4|NULL", "5|NULL",
        ])
        #expect(try w.rows("SELECT c.name FROM shop.customers c LEFT ANTI JOIN shop.orders o ON o.customer = c.name") == ["duda"])
        #expect(try w.rows("SELECT count(*) FROM shop.orders, shop.customers WHERE customer = name AND state = 'SP'") == ["2"])
        #expect(try w.rows("WITH big AS (SELECT * FROM shop.orders WHERE amount >= 10) SELECT customer FROM big ORDER BY customer") == ["ana", "bia"])
        #expect(try w.rows("SELECT n FROM (SELECT customer, count(*) AS n FROM shop.orders GROUP BY customer) t WHERE t.customer = 'ana'") == ["2"])
        #expect(try w.rows("SELECT id FROM shop.orders WHERE customer IN (SELECT name FROM shop.customers WHERE state = 'RJ')") == ["2"])
        #expect(try w.rows("SELECT name FROM shop.customers UNION ALL SELECT customer FROM shop.orders WHERE id = 4") == ["ana", "bia", "duda", "caio"])
        #expect(try w.rows("SELECT max(id) FROM shop.orders WHERE amount = (SELECT max(amount) FROM shop.orders)") == ["2"])
    }

    @Test func timeTravelAndTableCommands() throws {
        let w = try Warehouse()
        try w.engine.sql("INSERT INTO shop.orders SELECT 6, 'edu', 1.00, DATE '2024-01-04', 'paid'")
        #expect(try w.rows("SELECT count(*) FROM shop.orders") == ["6"])
        #expect(try w.rows("SELECT count(*) FROM shop.orders VERSION AS OF 1") == ["5"])
        #expect(try w.rows("SELECT count(*) FROM shop.orders@v0") == ["0"])
        try w.engine.sql("INSERT OVERWRITE shop.customers VALUES ('zé', 'PE')")
        #expect(try w.rows("SELECT name FROM shop.customers") == ["zé"])
        try w.engine.sql("ALTER TABLE shop.customers ADD COLUMNS (since DATE COMMENT 'first order')")
        #expect(try w.rows("SELECT * FROM shop.customers") == ["zé|PE|NULL"])
        #expect(try w.rows("SHOW TABLES IN shop") == ["shop|customers|false", "shop|orders|false"])
        #expect(try w.rows("DESCRIBE shop.customers").contains("since|date|first order"))
        #expect(try w.engine.sql("DESCRIBE HISTORY shop.orders").rowCount == 3)
        #expect(try w.engine.sql("DESCRIBE DETAIL shop.orders").batch.column(named: "partitionColumns")?.value(at: 0) == .list([.string("day")]))
        let explain = try w.rows("EXPLAIN SELECT id FROM shop.orders WHERE day = '2024-01-02'").joined(separator: "\n")
        #expect(explain.contains("skipped by partition"))
        try w.engine.sql("DROP TABLE shop.customers")
        #expect(try w.rows("SHOW TABLES IN shop") == ["shop|orders|false"])
    }

    @Test func streamingHandsOverRowsInOrder() throws {
        let w = try Warehouse()
        for k in 0..<6 { try w.engine.sql("INSERT INTO shop.orders VALUES (\(100 + k), 'x', 1.00, DATE '2024-03-0\(k + 1)', 'new')") }
        let sql = "SELECT id, day FROM shop.orders WHERE id >= 2"
        var streamed: [Value] = []
        var schema: Schema?
        let count = try w.engine.stream(sql, start: { schema = $0 }) { batch in
            streamed += (0..<batch.count).map { batch.columns[0].value(at: $0) }
        }
        let whole = try w.engine.sql(sql).batch
        #expect(schema?.fields.map(\.name) == ["id", "day"])
        #expect(count == whole.count && streamed == (0..<whole.count).map { whole.columns[0].value(at: $0) })
        #expect(QueryEngine.isSingleQuery(sql) && !QueryEngine.isSingleQuery("SELECT 1; SELECT 2") && !QueryEngine.isSingleQuery("SHOW TABLES"))
        #expect(throws: QueryError.self) { try w.engine.stream("DROP TABLE shop.orders") { _ in } }
    }

    @Test func filesByPath() throws {
        let w = try Warehouse()
        let csv = w.path + "/people.csv"
        try "name,age\nana,31\nbia,27\n".write(toFile: csv, atomically: true, encoding: .utf8)
        #expect(try w.rows("SELECT name FROM csv.`\(csv)` WHERE age > 30") == ["ana"])
        try w.engine.sql("CREATE TABLE shop.people AS SELECT * FROM csv.`\(csv)`")
        let table = w.path + "/shop/people"
        #expect(try w.rows("SELECT sum(age) FROM delta.`\(table)`") == ["58"])
        #expect(try w.rows("SELECT count(*) FROM parquet.`\(table)`") == ["2"])
    }

    @Test func errorsNameWhatAndWhere() throws {
        let w = try Warehouse()
        func message(_ sql: String) -> String {
            do { _ = try w.engine.sql(sql); return "no error" } catch { return "\(error)" }
        }
        #expect(message("SELECT id FORM shop.orders").contains("line 1, column"))
        #expect(message("SELECT idd FROM shop.orders").contains("did you mean 'id'"))
        #expect(message("SELECT * FROM shop.order").contains("did you mean 'orders'"))
        #expect(message("SELECT sqrtt(4)").contains("did you mean sqrt()"))
        #expect(message("SELECT day + 'x' FROM shop.orders").contains("typeMismatch"))
        #expect(message("SELECT * FROM shop.orders VERSION AS OF 99").contains("does not exist"))
    }
}
