import Columnar
import Parquet
import Delta
import Foundation
import Query
import Testing
@testable import Pipeline

/// A one-dataset pipeline ingesting `landing` with the given source settings.
func bronzePipeline(_ dir: TempDirectory, format: String = "csv", extra: String = "") -> UpdateRunner {
    let yaml = """
        name: ingest
        storage: lake
        datasets:
          - name: bronze.events
            source: {path: landing, format: \(format)\(extra)}
        """
    return try! UpdateRunner(try! PipelineFile.parse(yaml, file: dir.sub("p.yaml"), directory: dir.path))
}

@Suite struct FileIngestorTests {
    @Test func addNewColumnsEvolvesTheSchema() throws {
        let dir = TempDirectory()
        dir.write("landing/a.csv", "id,amount\n1,10\n2,20\n")
        let runner = bronzePipeline(dir)
        try runner.run()
        dir.write("landing/b.csv", "id,amount,channel\n3,30,app\n")
        let r = try runner.run()
        #expect(r.dataset("bronze.events")?.schemaChanges == ["added column channel (first seen in b.csv)"])
        let engine = QueryEngine(warehouse: dir.sub("lake"))
        #expect(try Rows.sorted(engine, "SELECT id, amount, channel, _rescued_data, _source_file FROM bronze.events") == [
            "1|10|NULL|NULL|a.csv", "2|20|NULL|NULL|a.csv", "3|30|app|NULL|b.csv",
        ])
        let schema = try DeltaTable(path: dir.sub("lake/bronze/events")).snapshot().schema
        #expect(schema.fields.map(\.name) == ["id", "amount", "_rescued_data", "_source_file", "_ingested_at", "channel"])
    }

    @Test func rescueKeepsNewColumnsAndBadValuesAsJSON() throws {
        let dir = TempDirectory()
        dir.write("landing/a.csv", "id,amount\n1,10\n")
        let runner = bronzePipeline(dir, extra: ", schema_evolution_mode: rescue")
        try runner.run()
        dir.write("landing/b.csv", "id,amount,channel\n2,oops,web\n3,30,\n")
        let r = try runner.run()
        #expect(r.dataset("bronze.events")?.schemaChanges == ["column channel of b.csv is not in the table (kept in _rescued_data)"])
        let engine = QueryEngine(warehouse: dir.sub("lake"))
        let landing = dir.sub("landing")
        #expect(try Rows.sorted(engine, "SELECT id, amount, _rescued_data FROM bronze.events") == [
            "1|10|NULL",
            "2|NULL|{\"amount\":\"oops\",\"channel\":\"web\",\"_file_path\":\"\(landing)/b.csv\"}",
            "3|30|NULL",
        ])
    }

    @Test func failOnNewColumnsStopsAndCommitsNothing() throws {
        let dir = TempDirectory()
        dir.write("landing/a.csv", "id\n1\n")
        let runner = bronzePipeline(dir, extra: ", schema_evolution_mode: failOnNewColumns")
        try runner.run()
        dir.write("landing/b.csv", "id,extra\n2,x\n")
        let r = try runner.run()
        let d = try #require(r.dataset("bronze.events"))
        #expect(d.status == .failed)
        #expect(d.error?.contains("landing file 'b.csv' has new column(s) 'extra'") == true)
        #expect(d.versionAfter == 0)
        #expect(try DeltaTable(path: dir.sub("lake/bronze/events")).latestVersion() == 0)
    }

    @Test func noneIgnoresNewColumnsAndKeepsNoRescueColumn() throws {
        let dir = TempDirectory()
        dir.write("landing/a.csv", "id,amount\n1,10\n")
        let runner = bronzePipeline(dir, extra: ", schema_evolution_mode: none")
        try runner.run()
        dir.write("landing/b.csv", "id,amount,extra\n2,bad,x\n")
        try runner.run()
        let engine = QueryEngine(warehouse: dir.sub("lake"))
        #expect(try Rows.sorted(engine, "SELECT * EXCEPT (_ingested_at) FROM bronze.events") == ["1|10|a.csv", "2|NULL|b.csv"])
    }

    @Test func hintsTypeColumnsAndJSONLinesWork() throws {
        let dir = TempDirectory()
        dir.write("landing/a.jsonl", "{\"id\": 1, \"amount\": 10.25, \"day\": \"2024-01-02\", \"tags\": [\"a\"]}\n{\"id\": 2, \"amount\": 3, \"day\": \"2024-01-03\"}\n")
        let runner = bronzePipeline(dir, format: "json", extra: ", schema_hints: \"amount DECIMAL(10,2), day DATE, id STRING\"")
        try runner.run()
        let schema = try DeltaTable(path: dir.sub("lake/bronze/events")).snapshot().schema
        #expect(schema["amount"]?.type == .decimal(precision: 10, scale: 2))
        #expect(schema["day"]?.type == .date)
        #expect(schema["id"]?.type == .string)
        let engine = QueryEngine(warehouse: dir.sub("lake"))
        #expect(try Rows.sorted(engine, "SELECT id, amount, day FROM bronze.events") == ["1|10.25|2024-01-02", "2|3.00|2024-01-03"])
    }

    @Test func parquetFilesAreIngested() throws {
        let dir = TempDirectory()
        try FileManager.default.createDirectory(atPath: dir.sub("landing"), withIntermediateDirectories: true)
        let schema = Schema([Field("id", .int64), Field("name", .string)])
        let writer = try ParquetFileWriter(path: dir.sub("landing/part1.parquet"), schema: schema)
        try writer.write(RecordBatch(schema: schema, columns: [Column(.int64, [.int(1), .int(2)]), Column(.string, [.string("a"), .null])]))
        _ = try writer.close()
        let runner = bronzePipeline(dir, format: "parquet")
        let r = try runner.run()
        #expect(r.dataset("bronze.events")?.outputRows == 2)
        #expect(try Rows.sorted(QueryEngine(warehouse: dir.sub("lake")), "SELECT id, name FROM bronze.events") == ["1|a", "2|NULL"])
    }

    @Test func hintsThatAreNotTypesAreErrors() {
        #expect(throws: PipelineError.self) { try SchemaHints.parse("amount MONEY") }
        #expect(throws: PipelineError.self) { try SchemaHints.parse("amount") }
        #expect((try? SchemaHints.parse("a DECIMAL(10, 2), b ARRAY<STRING>, `c d` DATE"))?.count == 3)
    }
}
