import Columnar
import Testing
@testable import Query

/// Window functions: ranking, offsets, frames, windows over groups, QUALIFY, and the errors.
@Suite(.serialized) struct WindowOperatorTests {
    typealias Warehouse = QueryEngineTests.Warehouse

    static let data = "VALUES ('a', 1), ('a', 2), ('a', 2), ('b', 5), ('b', NULL), ('a', 7) AS t(k, v)"

    @Test func rankingAndOffsets() throws {
        let w = try Warehouse()
        let rows = try w.rows("""
            SELECT k, v, row_number() OVER w, rank() OVER w, dense_rank() OVER w, ntile(2) OVER w,
                   lag(v) OVER w, lead(v, 1, -1) OVER w, first_value(v) OVER w, last_value(v) OVER w
            FROM \(Self.data) WINDOW w AS (PARTITION BY k ORDER BY v) ORDER BY k, v NULLS FIRST
            """)
        #expect(rows == [
            "a|1|1|1|1|1|NULL|2|1|1", "a|2|2|2|2|1|1|2|1|2", "a|2|3|2|2|2|2|7|1|2", "a|7|4|4|3|2|2|-1|1|7",
            "b|NULL|1|1|1|1|NULL|5|NULL|NULL", "b|5|2|2|2|2|NULL|-1|NULL|5",
        ])
    }

    @Test func framesAndRunningAggregates() throws {
        let w = try Warehouse()
        let rows = try w.rows("""
            SELECT v, sum(v) OVER (PARTITION BY k ORDER BY v), count(*) OVER (PARTITION BY k),
                   avg(v) OVER (ORDER BY v ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING),
                   max(v) OVER (PARTITION BY k ORDER BY v ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING),
                   min(v) OVER (ORDER BY v ROWS 2 PRECEDING), sum(v) OVER (ORDER BY v ROWS BETWEEN 2 FOLLOWING AND 3 FOLLOWING)
            FROM \(Self.data) ORDER BY 1 NULLS FIRST, 4
            """)
        #expect(rows == [
            "NULL|NULL|2|1.0|5|NULL|4", "1|1|4|1.5|7|1|7", "2|5|4|1.6666666666666667|7|1|12",
            "2|5|4|3.0|7|1|7", "5|5|2|4.666666666666667|5|2|NULL", "7|12|4|6.0|7|2|NULL",
        ])
    }

    @Test func rangeFramesWithOffsets() throws {
        let w = try Warehouse()
        let rows = try w.rows("""
            SELECT d, v, sum(v) OVER (ORDER BY d RANGE BETWEEN INTERVAL 2 DAYS PRECEDING AND CURRENT ROW),
                   count(*) OVER (ORDER BY v DESC RANGE BETWEEN 5 PRECEDING AND 5 FOLLOWING),
                   max(v) OVER (ORDER BY d RANGE BETWEEN 1 FOLLOWING AND 3 FOLLOWING)
            FROM VALUES (DATE '2024-01-01', 10), (DATE '2024-01-02', 12), (DATE '2024-01-04', 20), (DATE '2024-01-04', 1),
                        (DATE '2024-01-08', 7), (NULL, 3) AS t(d, v)
            ORDER BY d NULLS FIRST, v
            """)
        #expect(rows == [
            "NULL|3|3|3|3", "2024-01-01|10|10|3|20", "2024-01-02|12|22|3|20", "2024-01-04|1|33|2|NULL", "2024-01-04|20|33|1|NULL", "2024-01-08|7|7|4|NULL",
        ])
        func message(_ sql: String) -> String {
            do { _ = try w.engine.sql(sql); return "no error" } catch { return "\(error)" }
        }
        #expect(message("SELECT sum(id) OVER (ORDER BY id, day RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM shop.orders").contains("exactly one ORDER BY key"))
        #expect(message("SELECT sum(id) OVER (ORDER BY day RANGE BETWEEN INTERVAL 1 MONTH PRECEDING AND CURRENT ROW) FROM shop.orders").contains("fixed length"))
    }

    @Test func windowsOverGroupsAndQualify() throws {
        let w = try Warehouse()
        #expect(try w.rows("SELECT customer, sum(amount) AS s, rank() OVER (ORDER BY sum(amount) DESC NULLS LAST) FROM shop.orders GROUP BY customer ORDER BY 3, 1")
            == ["bia|20.00|1", "ana|10.50|2", "NULL|7.00|3", "caio|5.25|4"])
        #expect(try w.rows("SELECT customer, id FROM shop.orders WHERE customer IS NOT NULL QUALIFY row_number() OVER (PARTITION BY customer ORDER BY id DESC) = 1 ORDER BY customer")
            == ["ana|3", "bia|2", "caio|4"])
        #expect(try w.rows("SELECT id, sum(amount) OVER (PARTITION BY day) * 2 FROM shop.orders WHERE id < 3 ORDER BY id") == ["1|61.00", "2|61.00"])
        #expect(try w.rows("SELECT DISTINCT count(*) OVER (PARTITION BY day) FROM shop.orders ORDER BY 1") == ["1", "2"])
    }

    @Test func errorsNameTheProblem() throws {
        let w = try Warehouse()
        func message(_ sql: String) -> String {
            do { _ = try w.engine.sql(sql); return "no error" } catch { return "\(error)" }
        }
        #expect(message("SELECT row_number() OVER (PARTITION BY day) FROM shop.orders").contains("needs an ORDER BY"))
        #expect(message("SELECT id FROM shop.orders WHERE row_number() OVER (ORDER BY id) = 1").contains("only allowed in SELECT"))
        #expect(message("SELECT sum(id) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND 1 PRECEDING) FROM shop.orders").contains("ends before it starts"))
        #expect(message("SELECT rank() OVER w FROM shop.orders").contains("no window named 'w'"))
        #expect(message("SELECT stddev(id) OVER (ORDER BY id) FROM shop.orders").contains("moving window frame"))
        #expect(message("SELECT ntile(0) OVER (ORDER BY id) FROM shop.orders").contains("positive integer"))
    }

    @Test func ntileSplitsLikeSpark() {
        // 10 rows in 4 buckets: 3, 3, 2, 2.
        #expect((0..<10).map { WindowOperator.ntile($0, size: 10, buckets: 4) } == [1, 1, 1, 2, 2, 2, 3, 3, 4, 4])
        #expect((0..<2).map { WindowOperator.ntile($0, size: 2, buckets: 5) } == [1, 2])
    }
}
