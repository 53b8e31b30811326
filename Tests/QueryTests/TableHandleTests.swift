import Columnar
import Delta
import Foundation
import Testing
@testable import Query

@Suite(.serialized) struct TableHandleTests {
    @Test func swiftAPIRunsTheSameStatements() throws {
        let w = try DMLWarehouse()
        try w.makeTable("t", rows: 10, files: 2, properties: "delta.enableChangeDataFeed = true")
        let t = w.engine.deltaTable("s.t")
        let deleted = try t.delete(where: "id > 8")
        #expect(deleted.deletedRows == 2 && deleted.affectedRows == 2 && deleted.version == 3)
        let updated = try t.update(set: [("v", "'x'"), ("amount", "amount * 10")], where: "id <= 2")
        #expect(updated.updatedRows == 2)
        let merged = try t.merge(using: "(SELECT * FROM VALUES (1, 'm'), (20, 'n') AS v(id, v))", on: "t.id = s.id")
            .whenMatchedDelete(condition: "s.v = 'zzz'")
            .whenMatchedUpdate(set: [("v", "s.v")])
            .whenNotMatchedInsert(values: [("id", "s.id"), ("v", "s.v")])
            .execute()
        #expect(merged == DMLOutcome(affectedRows: 2, updatedRows: 1, deletedRows: 0, insertedRows: 1, version: 5))
        #expect(try w.rows("SELECT id, v, amount FROM s.t WHERE id IN (1, 2, 20) ORDER BY id") == ["1|m|15.0", "2|x|30.0", "20|n|NULL"])
        try t.addConstraint("ids", check: "id > 0")
        #expect(throws: QueryError.self) { try t.update(set: [("id", "-id")]) }
        try t.dropConstraint("ids")
        #expect(try t.changes(from: 5).rowCount == 3)
        let byPath = w.engine.deltaTable(w.path + "/s/t")
        #expect(try byPath.delete(where: "id = 20").deletedRows == 1)
    }
}
