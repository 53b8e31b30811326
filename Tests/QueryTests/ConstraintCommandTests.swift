import Columnar
import Delta
import Foundation
import Testing
@testable import Query

@Suite(.serialized) struct ConstraintCommandTests {
    @Test func addConstraintValidatesExistingRowsAndUpgradesTheProtocol() throws {
        let w = try DMLWarehouse()
        try w.makeTable("t", rows: 5, files: 1)
        #expect(try w.table("t").snapshot().protocol == Protocol(minReaderVersion: 1, minWriterVersion: 2))
        let bad = w.error("ALTER TABLE s.t ADD CONSTRAINT small CHECK (amount < 5)")
        #expect(bad.contains("2 row(s)") && bad.contains("small") && bad.contains("amount = 6.0"))
        try w.engine.sql("ALTER TABLE s.t ADD CONSTRAINT positive CHECK (amount > 0 AND length(v) < 10)")
        let snapshot = try w.table("t").snapshot()
        #expect(snapshot.configuration["delta.constraints.positive"] == "amount > 0 AND length(v) < 10")
        #expect(snapshot.protocol == Protocol(minReaderVersion: 1, minWriterVersion: 3))
        #expect(try w.lastCommit("t").operation == "ADD CONSTRAINT")
        #expect(w.error("ALTER TABLE s.t ADD CONSTRAINT positive CHECK (id > 0)").contains("already exists"))
        #expect(w.error("ALTER TABLE s.t ADD CONSTRAINT c CHECK (nope > 0)").contains("nope"))
    }

    @Test func everyWriteEnforcesChecksAndNotNull() throws {
        let w = try DMLWarehouse()
        try w.makeTable("t", rows: 5, files: 1)
        try w.engine.sql("ALTER TABLE s.t ADD CONSTRAINT positive CHECK (amount > 0)")
        let version = try w.table("t").latestVersion()
        let insert = w.error("INSERT INTO s.t VALUES (9, 'x', -1.0, DATE '2024-01-01')")
        #expect(insert.contains("CHECK constraint positive (amount > 0) violated by row with values") && insert.contains("amount = -1.0"))
        // NULL is a violation too (Delta treats unknown as false).
        #expect(w.error("INSERT INTO s.t VALUES (9, 'x', NULL, DATE '2024-01-01')").contains("positive"))
        #expect(w.error("INSERT INTO s.t VALUES (NULL, 'x', 1.0, DATE '2024-01-01')").contains("NOT NULL constraint violated for column: id"))
        #expect(w.error("UPDATE s.t SET amount = -amount WHERE id = 2").contains("positive"))
        #expect(w.error("MERGE INTO s.t t USING (SELECT 3 AS id) s ON t.id = s.id WHEN MATCHED THEN UPDATE SET amount = 0").contains("positive"))
        #expect(w.error("MERGE INTO s.t t USING (SELECT 33 AS id) s ON t.id = s.id WHEN NOT MATCHED THEN INSERT (id, amount) VALUES (s.id, -3)").contains("positive"))
        #expect(try w.table("t").latestVersion() == version)
        // Valid writes pass.
        try w.engine.sql("INSERT INTO s.t VALUES (9, 'x', 1.0, DATE '2024-01-01')")
        try w.engine.sql("UPDATE s.t SET amount = amount * 2")
        #expect(try w.rows("SELECT count(*) FROM s.t WHERE amount > 0") == ["6"])
        // DROP CONSTRAINT lifts it.
        try w.engine.sql("ALTER TABLE s.t DROP CONSTRAINT positive")
        try w.engine.sql("INSERT INTO s.t VALUES (10, 'y', -1.0, DATE '2024-01-01')")
        #expect(w.error("ALTER TABLE s.t DROP CONSTRAINT positive").contains("no constraint"))
        try w.engine.sql("ALTER TABLE s.t DROP CONSTRAINT IF EXISTS positive")
    }

    @Test func createTableWithConstraintsAndCTAS() throws {
        let w = try DMLWarehouse()
        try w.engine.sql("CREATE TABLE s.c (id INT NOT NULL, qty INT, CONSTRAINT q CHECK (qty BETWEEN 1 AND 10))")
        #expect(try w.table("c").snapshot().protocol.minWriterVersion == 3)
        #expect(w.error("INSERT INTO s.c VALUES (1, 11)").contains("CHECK constraint q"))
        try w.engine.sql("INSERT INTO s.c VALUES (1, 10)")
        // Replacing the table replaces its schema and drops the old constraints.
        #expect(w.error("CREATE OR REPLACE TABLE s.c AS SELECT CAST(NULL AS INT) AS id") == "no error")
        #expect(TableConstraints(try w.table("c").snapshot()).checks.isEmpty)
    }

    @Test func setAndDropNotNull() throws {
        let w = try DMLWarehouse()
        try w.engine.sql("CREATE TABLE s.n (id INT, v STRING)")
        try w.engine.sql("INSERT INTO s.n VALUES (1, 'a'), (2, NULL)")
        #expect(w.error("ALTER TABLE s.n ALTER COLUMN v SET NOT NULL").contains("1 row(s)"))
        try w.engine.sql("ALTER TABLE s.n ALTER COLUMN id SET NOT NULL")
        #expect(w.error("INSERT INTO s.n VALUES (NULL, 'c')").contains("NOT NULL constraint violated for column: id"))
        try w.engine.sql("ALTER TABLE s.n ALTER COLUMN id DROP NOT NULL")
        try w.engine.sql("INSERT INTO s.n VALUES (NULL, 'c')")
        #expect(try w.rows("SELECT count(*) FROM s.n") == ["3"])
    }
}
