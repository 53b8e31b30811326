import Columnar
import Delta
import Foundation
import Testing
@testable import Query

@Suite(.serialized) struct TableChangesFunctionTests {
    /// `id|_change_type|_commit_version` rows of the feed, sorted.
    static func changes(_ w: DMLWarehouse, _ args: String) throws -> [String] {
        try w.rows("SELECT id, _change_type, _commit_version FROM table_changes(\(args)) ORDER BY _commit_version, id, _change_type")
    }

    @Test func deleteUpdateAndMergeRecordTheirChanges() throws {
        let w = try DMLWarehouse()
        try w.makeTable("t", rows: 6, files: 2, partitioned: true, properties: "delta.enableChangeDataFeed = true")
        // v0 create, v1 and v2 inserts.
        try w.engine.sql("DELETE FROM s.t WHERE id = 2")                           // v3 (rewrite)
        try w.engine.sql("UPDATE s.t SET v = 'u' WHERE id = 4")                    // v4
        try w.engine.sql("DELETE FROM s.t WHERE day = DATE '2024-01-01'")          // v5 (metadata only: ids 3, 6)
        try w.engine.sql("""
            MERGE INTO s.t t USING (SELECT * FROM VALUES (1, 'm'), (9, 'n') AS v(id, v)) s ON t.id = s.id
            WHEN MATCHED THEN UPDATE SET v = s.v WHEN NOT MATCHED THEN INSERT (id, v, day) VALUES (s.id, s.v, DATE '2024-01-09')
            """)                                                                    // v6
        #expect(try Self.changes(w, "'s.t', 3") == [
            "2|delete|3",
            "4|update_postimage|4", "4|update_preimage|4",
            "3|delete|5", "6|delete|5",
            "1|update_postimage|6", "1|update_preimage|6", "9|insert|6",
        ])
        #expect(try Self.changes(w, "'s.t', 1, 1").map { $0.split(separator: "|")[1] } == ["insert", "insert", "insert"])
        #expect(try w.rows("SELECT v FROM table_changes('s.t', 4, 4) WHERE _change_type = 'update_postimage'") == ["u"])
        // Change files live under _change_data/ and carry cdc actions; metrics count them.
        let actions = try w.table("t").snapshot(version: 4)
        _ = actions
        #expect(try w.metrics("t")["numTargetChangeFilesAdded"].flatMap { Int($0) } ?? 0 > 0)
        #expect(FileManager.default.fileExists(atPath: w.path + "/s/t/_change_data"))
        // Timestamps bound the range too.
        let all = try w.rows("SELECT count(*) FROM table_changes('s.t', '1970-01-01 00:00:00')")
        #expect(all == ["\(6 + 1 + 2 + 2 + 3)"])
        #expect(try w.rows("SELECT count(*) FROM table_changes_by_path('\(w.path)/s/t', 6)") == ["3"])
    }

    @Test func rangesOutsideTheFeedAreErrors() throws {
        let w = try DMLWarehouse()
        try w.makeTable("plain", rows: 3, files: 1)
        #expect(w.error("SELECT * FROM table_changes('s.plain', 0)").contains("change data was not recorded for version 0"))
        try w.engine.sql("ALTER TABLE s.plain SET TBLPROPERTIES (delta.enableChangeDataFeed = true)")  // v2
        try w.engine.sql("DELETE FROM s.plain WHERE id = 1")
        #expect(try Self.changes(w, "'s.plain', 2") == ["1|delete|3"])
        #expect(w.error("SELECT * FROM table_changes('s.plain', 1)").contains("version 1"))
        #expect(w.error("SELECT * FROM table_changes('s.plain', 9)").contains("after the latest version"))
        #expect(w.error("SELECT * FROM table_changes('s.plain', 3, 2)").contains("before its start"))
        #expect(w.error("SELECT * FROM table_changes('s.nope', 0)").contains("not found"))
    }
}
