import Columnar
import Delta
import Foundation
import Query
import Testing
@testable import Pipeline

@Suite struct KeyedUpsertTests {
    func pipeline(_ dir: TempDirectory) -> UpdateRunner {
        let yaml = """
            name: cdc
            storage: lake
            datasets:
              - name: bronze.changes
                source: {path: landing, format: csv}
              - name: silver.customers
                sql: SELECT id, name, seq, op FROM STREAM(bronze.changes)
                apply_changes: {keys: [id], sequence_by: seq, apply_as_deletes: "op = 'D'", except_columns: [op]}
            """
        return try! UpdateRunner(try! PipelineFile.parse(yaml, file: "p.yaml", directory: dir.path))
    }

    func rows(_ dir: TempDirectory) throws -> [String] {
        try Rows.sorted(QueryEngine(warehouse: dir.sub("lake")), "SELECT * FROM silver.customers")
    }

    @Test func latestSequenceWinsWithinAndAcrossUpdates() throws {
        let dir = TempDirectory()
        // Duplicates and out-of-order versions in one file: seq decides, not position.
        dir.write("landing/1.csv", "id,name,seq,op\n1,ana,2,U\n1,ANA-old,1,U\n2,bia,1,U\n2,bia,1,U\n3,caio,1,U\n")
        let runner = pipeline(dir)
        let first = try runner.run()
        #expect(first.dataset("silver.customers")?.upsertedRows == 3)
        #expect(try rows(dir) == ["1|ana|2", "2|bia|1", "3|caio|1"])
        // Late data (seq 1 < 2) is ignored; a newer version replaces; a delete removes; a new key inserts.
        dir.write("landing/2.csv", "id,name,seq,op\n1,late,1,U\n2,beatriz,5,U\n3,,7,D\n4,davi,1,U\n")
        let second = try runner.run()
        let s = try #require(second.dataset("silver.customers"))
        #expect(s.upsertedRows == 2 && s.deletedRows == 1)
        #expect(try rows(dir) == ["1|ana|2", "2|beatriz|5", "4|davi|1"])
        let history = try DeltaTable(path: dir.sub("lake/silver/customers")).history()
        #expect(history.first?.commitInfo.operation == "MERGE")
    }

    @Test func onlyLateRowsStillRecordTheInputAsConsumed() throws {
        let dir = TempDirectory()
        dir.write("landing/1.csv", "id,name,seq,op\n1,ana,5,U\n")
        let runner = pipeline(dir)
        try runner.run()
        dir.write("landing/2.csv", "id,name,seq,op\n1,old,1,U\n")
        let r = try runner.run()
        #expect(r.dataset("silver.customers")?.upsertedRows == 0)
        #expect(try rows(dir) == ["1|ana|5"])
        // The next update has nothing to read.
        #expect(try runner.run().updated.isEmpty)
    }

    @Test func newColumnsOfTheQueryAreAdded() throws {
        let dir = TempDirectory()
        let yaml = """
            name: evolve
            storage: lake
            datasets:
              - name: bronze.c
                source: {path: landing, format: csv}
              - name: silver.c
                sql: SELECT * EXCEPT (_rescued_data, _source_file, _ingested_at) FROM STREAM(bronze.c)
                apply_changes: {keys: [id], sequence_by: seq}
            """
        let runner = try UpdateRunner(try PipelineFile.parse(yaml, directory: dir.path))
        dir.write("landing/1.csv", "id,seq\n1,1\n2,1\n")
        try runner.run()
        dir.write("landing/2.csv", "id,seq,tier\n2,2,gold\n")
        try runner.run()
        #expect(try Rows.sorted(QueryEngine(warehouse: dir.sub("lake")), "SELECT id, seq, tier FROM silver.c") == ["1|1|NULL", "2|2|gold"])
    }
}
