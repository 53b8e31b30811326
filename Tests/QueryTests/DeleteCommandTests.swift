import Columnar
import Delta
import Foundation
import Testing
@testable import Query

@Suite(.serialized) struct DeleteCommandTests {
    @Test func deletesMatchingRowsAndRecordsSparkMetrics() throws {
        let w = try DMLWarehouse()
        try w.makeTable("t", rows: 30, files: 3)
        let result = try w.engine.sql("DELETE FROM s.t WHERE id % 4 = 0 AND id < 15")
        #expect(result.batch.column(named: "num_affected_rows")?.value(at: 0) == .int(3))
        #expect(try w.rows("SELECT count(*), sum(id) FROM s.t") == ["27|441"])
        let info = try w.lastCommit("t")
        #expect(info.operation == "DELETE")
        #expect(try w.parameters("t")["predicate"] == "[\"id % 4 = 0 AND id < 15\"]")
        let m = try w.metrics("t")
        #expect(m["numDeletedRows"] == "3")
        // Files 1..10 and 11..20 hold the matches (21..30 is skipped by its statistics).
        #expect(m["numRemovedFiles"] == "2")
        #expect(m["numCopiedRows"] == "17")
        #expect(m["numFilesBeforeSkipping"] == "3" && m["numFilesAfterSkipping"] == "2")
        #expect(m["numAddedFiles"].flatMap { Int($0) } ?? 0 >= 1)
        #expect(m["executionTimeMs"] != nil && m["numAddedChangeFiles"] == "0")
        // The old version still reads.
        #expect(try w.rows("SELECT count(*) FROM s.t VERSION AS OF 3") == ["30"])
    }

    @Test func partitionPredicateDeletesAreMetadataOnly() throws {
        let w = try DMLWarehouse()
        try w.makeTable("p", rows: 30, files: 2, partitioned: true)
        let before = w.dataFiles("p")
        try w.engine.sql("DELETE FROM s.p WHERE day = DATE '2024-01-02'")
        #expect(w.dataFiles("p") == before)  // nothing rewritten
        let m = try w.metrics("p")
        #expect(m["numAddedFiles"] == "0" && m["numRemovedFiles"] == "2" && m["numDeletedRows"] == "10")
        #expect(try w.rows("SELECT count(*) FROM s.p WHERE day = '2024-01-02'") == ["0"])
        #expect(try w.rows("SELECT count(*) FROM s.p") == ["20"])
    }

    @Test func filesWhoseStatisticsShowEveryRowMatchesAreDroppedUnread() throws {
        let w = try DMLWarehouse()
        try w.makeTable("t", rows: 30, files: 3)
        // ids 1..10 all match; 11..20 partly; 21..30 not at all.
        try w.engine.sql("DELETE FROM s.t WHERE id <= 15")
        let m = try w.metrics("t")
        #expect(m["numRemovedFiles"] == "2" && m["numDeletedRows"] == "15" && m["numCopiedRows"] == "5")
        #expect(try w.rows("SELECT min(id), count(*) FROM s.t") == ["16|15"])
    }

    @Test func deleteWithoutConditionAndDeleteOfNothing() throws {
        let w = try DMLWarehouse()
        try w.makeTable("t", rows: 12, files: 2)
        let version = try w.table("t").latestVersion()
        let none = try w.engine.sql("DELETE FROM s.t WHERE id > 100")
        #expect(none.batch.column(named: "num_affected_rows")?.value(at: 0) == .int(0))
        #expect(try w.table("t").latestVersion() == version)  // no commit
        _ = try w.engine.sql("DELETE FROM s.t WHERE 1 = 0")
        #expect(try w.table("t").latestVersion() == version)
        try w.engine.sql("DELETE FROM s.t")
        #expect(try w.rows("SELECT count(*) FROM s.t") == ["0"])
        #expect(try w.metrics("t")["numDeletedRows"] == "12")
    }

    @Test func nullsAreNotDeletedByAComparison() throws {
        let w = try DMLWarehouse()
        try w.engine.sql("CREATE TABLE s.n (id INT, x INT)")
        try w.engine.sql("INSERT INTO s.n VALUES (1, 1), (2, NULL), (3, 5)")
        try w.engine.sql("DELETE FROM s.n WHERE x < 3")
        #expect(try w.rows("SELECT id FROM s.n ORDER BY id") == ["2", "3"])
        try w.engine.sql("DELETE FROM s.n WHERE x IS NULL")
        #expect(try w.rows("SELECT id FROM s.n") == ["3"])
    }

    @Test func aliasesQualifiedNamesSubqueryLikeConditionsAndErrors() throws {
        let w = try DMLWarehouse()
        try w.makeTable("t", rows: 10, files: 1)
        try w.engine.sql("DELETE FROM s.t AS x WHERE x.id IN (2, 3) OR upper(x.v) = 'V9'")
        #expect(try w.rows("SELECT id FROM s.t ORDER BY id") == ["1", "4", "5", "6", "7", "8", "10"])
        try w.engine.sql("DELETE FROM s.t WHERE t.id = 10")
        #expect(try w.rows("SELECT max(id) FROM s.t") == ["8"])
        #expect(w.error("DELETE FROM s.t WHERE idd = 1").contains("did you mean 'id'"))
        #expect(w.error("DELETE FROM s.missing WHERE id = 1").contains("not found"))
        #expect(w.error("DELETE FROM s.t WHERE v").contains("not boolean"))
        try w.engine.sql("DELETE FROM delta.`\(w.path)/s/t` WHERE id = 1")
        #expect(try w.rows("SELECT min(id) FROM s.t") == ["4"])
    }

    @Test func appendOnlyTablesRefuseDeletes() throws {
        let w = try DMLWarehouse()
        try w.makeTable("a", rows: 4, files: 1, properties: "'delta.appendOnly' = 'true'")
        #expect(w.error("DELETE FROM s.a WHERE id = 1").contains("append-only"))
        #expect(try w.rows("SELECT count(*) FROM s.a") == ["4"])
    }

    @Test func rowsDeletedByADeletionVectorStayDeletedAndTheVectorGoesWithTheFile() throws {
        let w = try DMLWarehouse()
        try w.engine.sql("CREATE TABLE s.dv (id BIGINT, v STRING) TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')")
        try w.engine.sql("INSERT INTO s.dv SELECT id, concat('v', id) FROM range(0, 10) AS r(id)")
        // Delete rows 0 and 9 with an inline deletion vector, as Spark would.
        let table = w.table("dv")
        let add = try #require(try table.snapshot().files.first)
        var withDV = add
        withDV.deletionVector = DeletionVectorDescriptor(
            storageType: .inline, pathOrInlineDv: "^Bg9^0rr910000000000iXQKl0rr91000315c8Xg000r9", offset: nil, sizeInBytes: 36, cardinality: 2)
        let transaction = Transaction(table: table, readSnapshot: try table.snapshot(), operation: "DELETE")
        transaction.add([.remove(RemoveFile(removing: add, at: 1)), .add(withDV)])
        try transaction.commit()
        #expect(try w.rows("SELECT count(*) FROM s.dv") == ["8"])
        try w.engine.sql("DELETE FROM s.dv WHERE id = 5")
        #expect(try w.rows("SELECT id FROM s.dv ORDER BY id") == ["1", "2", "3", "4", "6", "7", "8"])
        let snapshot = try table.snapshot()
        #expect(snapshot.files.allSatisfy { $0.deletionVector == nil })
        #expect(snapshot.tombstones.contains { $0.deletionVector != nil })
        #expect(try w.metrics("dv")["numDeletionVectorsRemoved"] == "1")
        // A delete whose statistics cover the whole file must still see only live rows.
        try w.engine.sql("UPDATE s.dv SET v = 'x' WHERE id > 6")
        #expect(try w.rows("SELECT id, v FROM s.dv WHERE id > 6 ORDER BY id") == ["7|x", "8|x"])
    }

    @Test func subqueriesInConditionsRunFirst() throws {
        let w = try DMLWarehouse()
        try w.makeTable("t", rows: 10, files: 2)
        try w.engine.sql("CREATE TABLE s.gone AS SELECT * FROM VALUES (2), (4), (NULL) AS g(id)")
        try w.engine.sql("DELETE FROM s.t WHERE id IN (SELECT id FROM s.gone) AND v IS NOT NULL")
        #expect(try w.rows("SELECT id FROM s.t ORDER BY id") == ["1", "3", "5", "6", "7", "8", "9", "10"])
        try w.engine.sql("UPDATE s.t SET v = 'kept' WHERE id NOT IN (SELECT id FROM s.gone WHERE id IS NOT NULL) AND EXISTS (SELECT 1 FROM s.gone)")
        #expect(try w.rows("SELECT count(*) FROM s.t WHERE v = 'kept'") == ["8"])
        try w.engine.sql("DELETE FROM s.t WHERE NOT EXISTS (SELECT 1 FROM s.gone WHERE id = 99) AND id = 1")
        #expect(try w.rows("SELECT min(id) FROM s.t") == ["3"])
        #expect(w.error("DELETE FROM s.t WHERE id IN (SELECT id FROM range(0, 1000) AS r(id))").contains("use MERGE"))
        // A NULL constant never lets statistics decide that every row matches.
        try w.engine.sql("DELETE FROM s.t WHERE id IN (3, NULL) OR id = 5")
        #expect(try w.rows("SELECT id FROM s.t ORDER BY id") == ["6", "7", "8", "9", "10"])
    }
}
