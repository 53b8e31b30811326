import Columnar
import Delta
import Foundation
import Testing
@testable import Query

@Suite(.serialized) struct UpdateCommandTests {
    @Test func updatesMatchingRowsOnlyInTouchedFiles() throws {
        let w = try DMLWarehouse()
        try w.makeTable("t", rows: 30, files: 3)
        let result = try w.engine.sql("UPDATE s.t SET v = upper(v), amount = amount + 1 WHERE id BETWEEN 12 AND 14")
        #expect(result.batch.column(named: "num_affected_rows")?.value(at: 0) == .int(3))
        #expect(try w.rows("SELECT id, v, amount FROM s.t WHERE id BETWEEN 11 AND 15 ORDER BY id") == [
            "11|v11|16.5", "12|V12|19.0", "13|V13|20.5", "14|V14|22.0", "15|v15|22.5",
        ])
        let m = try w.metrics("t")
        #expect(try w.lastCommit("t").operation == "UPDATE")
        #expect(m["numUpdatedRows"] == "3" && m["numCopiedRows"] == "7" && m["numRemovedFiles"] == "1" && m["numAddedFiles"] == "1")
        #expect(try w.parameters("t")["predicate"] == "[\"id BETWEEN 12 AND 14\"]")
        #expect(try w.rows("SELECT count(*), sum(id) FROM s.t") == ["30|465"])
    }

    @Test func updateWithoutConditionCastsAndSeesOldValues() throws {
        let w = try DMLWarehouse()
        try w.makeTable("t", rows: 6, files: 2)
        // Every assignment reads the row as it was; integer literals are cast to the column type.
        try w.engine.sql("UPDATE s.t SET id = id + 100, amount = id")
        #expect(try w.rows("SELECT id, amount FROM s.t ORDER BY id") == ["101|1.0", "102|2.0", "103|3.0", "104|4.0", "105|5.0", "106|6.0"])
        #expect(try w.metrics("t")["numUpdatedRows"] == "6")
    }

    @Test func updateOfNothingCommitsNothing() throws {
        let w = try DMLWarehouse()
        try w.makeTable("t", rows: 6, files: 2)
        let version = try w.table("t").latestVersion()
        try w.engine.sql("UPDATE s.t SET v = 'x' WHERE id > 1000")
        try w.engine.sql("UPDATE s.t SET v = 'x' WHERE v IS NULL")
        #expect(try w.table("t").latestVersion() == version)
    }

    @Test func partitionColumnsCanBeUpdated() throws {
        let w = try DMLWarehouse()
        try w.makeTable("p", rows: 9, files: 1, partitioned: true)
        try w.engine.sql("UPDATE s.p SET day = DATE '2030-01-01' WHERE id = 3")
        #expect(try w.rows("SELECT day FROM s.p WHERE id = 3") == ["2030-01-01"])
        #expect(try w.rows("SELECT count(*) FROM s.p WHERE day = '2030-01-01'") == ["1"])
        #expect(try w.table("p").snapshot().files.contains { $0.partitionValues["day"] == "2030-01-01" })
    }

    @Test func assignmentErrors() throws {
        let w = try DMLWarehouse()
        try w.makeTable("t", rows: 3, files: 1)
        #expect(w.error("UPDATE s.t SET nope = 1").contains("does not have"))
        #expect(w.error("UPDATE s.t SET v = 'a', v = 'b'").contains("more than once"))
        #expect(w.error("UPDATE s.t SET id = NULL WHERE id = 1").contains("NOT NULL constraint violated for column: id"))
        #expect(try w.rows("SELECT count(*) FROM s.t WHERE id IS NOT NULL") == ["3"])
        try w.engine.sql("UPDATE s.t AS x SET x.v = 'q' WHERE x.id = 2")
        #expect(try w.rows("SELECT v FROM s.t WHERE id = 2") == ["q"])
    }
}
