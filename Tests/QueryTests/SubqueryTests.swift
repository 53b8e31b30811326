import Columnar
import Testing
@testable import Query

/// Subqueries: correlated EXISTS, IN, NOT IN and scalar subqueries become joins; NOT IN
/// follows SQL's null rules; what cannot be decorrelated is refused by name.
@Suite(.serialized) struct SubqueryTests {
    typealias Warehouse = QueryEngineTests.Warehouse

    func warehouse() throws -> Warehouse {
        let w = try Warehouse()
        try w.engine.sql("CREATE TABLE shop.d AS SELECT * FROM VALUES (1,'a',10),(2,'a',20),(3,'b',5),(4,NULL,7),(5,'c',NULL) AS t(id,k,v)")
        return w
    }

    @Test func correlatedExistsAndIn() throws {
        let w = try warehouse()
        #expect(try w.rows("SELECT id FROM shop.d t WHERE EXISTS (SELECT 1 FROM shop.d x WHERE x.k = t.k AND x.id <> t.id) ORDER BY id") == ["1", "2"])
        #expect(try w.rows("SELECT id FROM shop.d t WHERE NOT EXISTS (SELECT 1 FROM shop.d x WHERE x.k = t.k AND x.v > t.v) ORDER BY id") == ["2", "3", "4", "5"])
        #expect(try w.rows("SELECT id FROM shop.d t WHERE v IN (SELECT x.v - 10 FROM shop.d x WHERE x.k = t.k) ORDER BY id") == ["1"])
        #expect(try w.rows("SELECT id FROM shop.d t WHERE v NOT IN (SELECT x.v FROM shop.d x WHERE x.k = t.k AND x.id <> t.id) ORDER BY id") == ["1", "2", "3", "4", "5"])
    }

    @Test func correlatedScalarSubqueries() throws {
        let w = try warehouse()
        #expect(try w.rows("SELECT id, (SELECT count(*) FROM shop.d x WHERE x.k = t.k), (SELECT max(x.v) FROM shop.d x WHERE x.k = t.k) FROM shop.d t ORDER BY id")
            == ["1|2|20", "2|2|20", "3|1|5", "4|0|NULL", "5|1|NULL"])
        #expect(try w.rows("SELECT id FROM shop.d t WHERE v > (SELECT avg(x.v) FROM shop.d x WHERE x.k = t.k) - 6 ORDER BY id") == ["1", "2", "3"])
    }

    /// A subquery ordering by its own column that it does not select, the column also being
    /// one of the enclosing query's, is not correlated.
    @Test func orderByOfAnUnselectedInnerColumnIsNotACorrelation() throws {
        let w = try warehouse()
        #expect(try w.rows("SELECT id FROM shop.d WHERE id = (SELECT id FROM shop.d WHERE k = 'a' ORDER BY v DESC LIMIT 1)") == ["2"])
        #expect(try w.rows("SELECT id FROM shop.d WHERE id IN (SELECT id FROM shop.d WHERE v IS NOT NULL ORDER BY v LIMIT 2) ORDER BY id") == ["3", "4"])
    }

    @Test func notInFollowsNullRules() throws {
        let w = try warehouse()
        #expect(try w.rows("SELECT id FROM shop.d WHERE v NOT IN (SELECT v FROM shop.d) ORDER BY id") == [])  // the subquery holds a NULL
        #expect(try w.rows("SELECT id FROM shop.d WHERE v NOT IN (SELECT 10) ORDER BY id") == ["2", "3", "4"])  // NULL v is unknown
        #expect(try w.rows("SELECT id FROM shop.d WHERE v NOT IN (SELECT v FROM shop.d WHERE id > 99) ORDER BY id") == ["1", "2", "3", "4", "5"])
    }

    @Test func whatCannotBeDecorrelatedIsRefused() throws {
        let w = try warehouse()
        func message(_ sql: String) -> String {
            do { _ = try w.engine.sql(sql); return "no error" } catch { return "\(error)" }
        }
        #expect(message("SELECT (SELECT x.v FROM shop.d x WHERE x.k = t.k) FROM shop.d t").contains("must be an aggregate"))
        #expect(message("SELECT (SELECT max(x.v) FROM shop.d x WHERE x.id < t.id) FROM shop.d t").contains("must be an aggregate"))
        #expect(message("SELECT k, (SELECT max(x.v) FROM shop.d x WHERE x.k = t.k) FROM shop.d t GROUP BY k").contains("without GROUP BY"))
        #expect(message("SELECT id FROM shop.d t WHERE EXISTS (SELECT t.v FROM shop.d x WHERE x.k = t.k)").contains("select list"))
    }
}
