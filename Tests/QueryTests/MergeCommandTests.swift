import Columnar
import Delta
import Foundation
import Testing
@testable import Query

@Suite(.serialized) struct MergeCommandTests {
    /// Target ids 1...30 (three files); source: ids 5, 15, 40, 41 with new values.
    static func setUp(_ w: DMLWarehouse, partitioned: Bool = false, properties: String = "") throws {
        try w.makeTable("t", rows: 30, files: 3, partitioned: partitioned, properties: properties)
        try w.engine.sql("""
            CREATE TABLE s.src AS SELECT * FROM VALUES
              (5, 'new5', 50.0, DATE '2024-01-03'), (15, 'new15', 150.0, DATE '2024-01-01'),
              (40, 'new40', 400.0, DATE '2024-01-02'), (41, 'new41', 410.0, DATE '2024-01-02') AS v(id, v, amount, day)
            """)
    }

    @Test func upsertUpdatesMatchesAndInsertsTheRest() throws {
        let w = try DMLWarehouse()
        try Self.setUp(w)
        let r = try w.engine.sql("""
            MERGE INTO s.t AS t USING s.src AS s ON t.id = s.id
            WHEN MATCHED THEN UPDATE SET *
            WHEN NOT MATCHED THEN INSERT *
            """)
        #expect(r.batch.row(0) == [.int(4), .int(2), .int(0), .int(2)])
        #expect(try w.rows("SELECT id, v, amount FROM s.t WHERE id IN (5, 15, 40, 41) ORDER BY id") == [
            "5|new5|50.0", "15|new15|150.0", "40|new40|400.0", "41|new41|410.0",
        ])
        #expect(try w.rows("SELECT count(*) FROM s.t") == ["32"])
        let m = try w.metrics("t")
        #expect(m["numSourceRows"] == "4" && m["numTargetRowsUpdated"] == "2" && m["numTargetRowsInserted"] == "2")
        #expect(m["numTargetRowsCopied"] == "18" && m["numTargetFilesRemoved"] == "2" && m["numOutputRows"] == "22")
        // The source key range [5, 41] keeps every file; file 21..30 is read but not rewritten.
        #expect(m["numTargetFilesAfterSkipping"] == "3")
        let p = try w.parameters("t")
        #expect(p["predicate"] == "[\"t.id = s.id\"]")
        #expect(p["matchedPredicates"] == "[{\"actionType\":\"update\"}]" && p["notMatchedPredicates"] == "[{\"actionType\":\"insert\"}]")
    }

    @Test func clausesApplyInOrderWithConditions() throws {
        let w = try DMLWarehouse()
        try Self.setUp(w)
        try w.engine.sql("""
            MERGE INTO s.t t USING s.src s ON t.id = s.id
            WHEN MATCHED AND s.amount > 100 THEN DELETE
            WHEN MATCHED THEN UPDATE SET t.v = concat(t.v, '+', s.v)
            WHEN NOT MATCHED AND s.id = 40 THEN INSERT (id, v) VALUES (s.id, 'only40')
            WHEN NOT MATCHED BY SOURCE AND t.id > 28 THEN UPDATE SET v = 'gone'
            WHEN NOT MATCHED BY SOURCE AND t.id = 1 THEN DELETE
            """)
        #expect(try w.rows("SELECT id, v, amount FROM s.t WHERE id IN (1, 5, 15, 29, 30, 40, 41) ORDER BY id") == [
            "5|v5+new5|7.5", "29|gone|43.5", "30|gone|45.0", "40|only40|NULL",
        ])
        let m = try w.metrics("t")
        #expect(m["numTargetRowsMatchedDeleted"] == "1" && m["numTargetRowsMatchedUpdated"] == "1")
        #expect(m["numTargetRowsNotMatchedBySourceUpdated"] == "2" && m["numTargetRowsNotMatchedBySourceDeleted"] == "1")
        #expect(m["numTargetRowsInserted"] == "1" && m["numTargetRowsDeleted"] == "2" && m["numTargetRowsUpdated"] == "3")
        #expect(try w.rows("SELECT count(*) FROM s.t") == ["29"])
    }

    @Test func insertOnlyMergeRewritesNothing() throws {
        let w = try DMLWarehouse()
        try Self.setUp(w)
        try w.engine.sql("MERGE INTO s.t t USING s.src s ON t.id = s.id WHEN NOT MATCHED THEN INSERT *")
        let m = try w.metrics("t")
        #expect(m["numTargetFilesRemoved"] == "0" && m["numTargetRowsInserted"] == "2" && m["numTargetRowsCopied"] == "0")
        #expect(try w.rows("SELECT count(*) FROM s.t") == ["32"])
    }

    @Test func sourceKeyRangesPruneTargetFiles() throws {
        let w = try DMLWarehouse()
        try w.makeTable("t", rows: 30, files: 3)
        try w.engine.sql("MERGE INTO s.t t USING (SELECT 12 AS id, 'x' AS v) s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v")
        let m = try w.metrics("t")
        #expect(m["numTargetFilesBeforeSkipping"] == "3" && m["numTargetFilesAfterSkipping"] == "1")
        #expect(m["numTargetFilesRemoved"] == "1" && m["numTargetRowsCopied"] == "9")
        // Partition columns prune by the source's distinct values.
        try w.makeTable("p", rows: 30, files: 1, partitioned: true)
        try w.engine.sql("MERGE INTO s.p t USING (SELECT 3 AS id, DATE '2024-01-01' AS day) s ON t.id = s.id AND t.day = s.day WHEN MATCHED THEN DELETE")
        let pm = try w.metrics("p")
        #expect(pm["numTargetFilesAfterSkipping"] == "1" && pm["numTargetRowsDeleted"] == "1")
        #expect(try w.rows("SELECT count(*) FROM s.p") == ["29"])
    }

    @Test func multipleSourceRowsMatchingOneTargetRowFailBeforeWriting() throws {
        let w = try DMLWarehouse()
        try w.makeTable("t", rows: 10, files: 1)
        let version = try w.table("t").latestVersion()
        let files = w.dataFiles("t")
        let message = w.error("""
            MERGE INTO s.t t USING (SELECT * FROM VALUES (3, 'a'), (3, 'b') AS v(id, v)) s ON t.id = s.id
            WHEN MATCHED THEN UPDATE SET v = s.v
            """)
        #expect(message.contains("multiple source rows matched"))
        #expect(try w.table("t").latestVersion() == version)
        #expect(w.dataFiles("t") == files)
        // An unconditional DELETE may match several times; so may an insert-only MERGE.
        try w.engine.sql("MERGE INTO s.t t USING (SELECT * FROM VALUES (3), (3) AS v(id)) s ON t.id = s.id WHEN MATCHED THEN DELETE")
        #expect(try w.rows("SELECT count(*) FROM s.t") == ["9"])
        try w.engine.sql("MERGE INTO s.t t USING (SELECT * FROM VALUES (4), (4), (77) AS v(id)) s ON t.id = s.id WHEN NOT MATCHED THEN INSERT (id) VALUES (s.id)")
        #expect(try w.rows("SELECT count(*) FROM s.t") == ["10"])
    }

    @Test func schemaEvolutionOnRequest() throws {
        let w = try DMLWarehouse()
        try w.makeTable("t", rows: 4, files: 1)
        let source = "(SELECT * FROM VALUES (2, 'b2', 'red'), (9, 'b9', 'blue') AS v(id, v, color))"
        #expect(w.error("MERGE INTO s.t t USING \(source) s ON t.id = s.id WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *").contains("no 'amount'"))
        try w.engine.sql("MERGE WITH SCHEMA EVOLUTION INTO s.t t USING \(source) s ON t.id = s.id WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *")
        #expect(try w.rows("SELECT id, v, amount, color FROM s.t ORDER BY id") == [
            "1|v1|1.5|NULL", "2|b2|3.0|red", "3|v3|4.5|NULL", "4|v4|6.0|NULL", "9|b9|NULL|blue",
        ])
        #expect(try w.table("t").snapshot().schema.fields.map(\.name) == ["id", "v", "amount", "day", "color"])
        // The session setting turns it on too.
        try w.engine.sql("SET spark.databricks.delta.schema.autoMerge.enabled = true")
        try w.engine.sql("MERGE INTO s.t t USING (SELECT 1 AS id, 7 AS size) s ON t.id = s.id WHEN MATCHED THEN UPDATE SET *")
        #expect(try w.rows("SELECT id, size FROM s.t WHERE id IN (1, 2) ORDER BY id") == ["1|7", "2|NULL"])
    }

    @Test func bindingErrors() throws {
        let w = try DMLWarehouse()
        try Self.setUp(w)
        #expect(w.error("MERGE INTO s.t t USING s.src s ON t.id = s.id WHEN MATCHED THEN DELETE WHEN MATCHED AND s.id = 1 THEN DELETE").contains("only the last one can omit"))
        #expect(w.error("MERGE INTO s.t t USING s.src s ON id = s.id WHEN MATCHED THEN DELETE").contains("ambiguous"))
        #expect(w.error("MERGE INTO s.t t USING s.src s ON t.id = s.id WHEN NOT MATCHED THEN INSERT (id) VALUES (t.id)").contains("not found"))
        #expect(w.error("MERGE INTO s.t t USING s.src s ON t.id = s.id WHEN MATCHED THEN UPDATE SET zz = 1").contains("does not have"))
    }

    @Test func joinConditionsWithResidualsAndNoEqualityKeys() throws {
        let w = try DMLWarehouse()
        try w.makeTable("t", rows: 6, files: 1)
        // A residual on top of the key.
        try w.engine.sql("MERGE INTO s.t t USING (SELECT * FROM VALUES (2, 100.0), (3, 1.0) AS v(id, lim)) s ON t.id = s.id AND t.amount < s.lim WHEN MATCHED THEN UPDATE SET v = 'under'")
        #expect(try w.rows("SELECT id FROM s.t WHERE v = 'under'") == ["2"])
        // No equality at all: a range join.
        try w.engine.sql("MERGE INTO s.t t USING (SELECT 5 AS lo) s ON t.id >= s.lo WHEN MATCHED THEN DELETE")
        #expect(try w.rows("SELECT max(id) FROM s.t") == ["4"])
    }

    @Test func schemaEvolutionClauseParsesAndPrints() throws {
        let s = try roundTrip("MERGE WITH SCHEMA EVOLUTION INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *")
        guard case .merge(let m) = s else {
            Issue.record("expected MERGE")
            return
        }
        #expect(m.withSchemaEvolution && m.clauses.count == 2)
        #expect(try !{ if case .merge(let plain) = try SQLParser.parseStatement("MERGE INTO t USING s ON a = b WHEN MATCHED THEN DELETE") { plain.withSchemaEvolution } else { true } }())
    }

    @Test func stringKeysAndSeveralKeyColumnsUseTheGeneralIndex() throws {
        let w = try DMLWarehouse()
        try w.makeTable("t", rows: 9, files: 1)
        try w.engine.sql("""
            MERGE INTO s.t t USING (SELECT * FROM VALUES ('v2', DATE '2024-01-03', 'two'), ('v5', DATE '2024-01-01', 'no'), ('v9', DATE '2024-01-01', 'nine') AS x(v, day, note)) s
            ON t.v = s.v AND t.day = s.day WHEN MATCHED THEN UPDATE SET v = s.note
            """)
        #expect(try w.rows("SELECT id, v FROM s.t WHERE id IN (2, 5, 9) ORDER BY id") == ["2|two", "5|v5", "9|nine"])
    }
}
