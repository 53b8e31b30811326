import Foundation
import Testing
@testable import Pipeline

@Suite struct PipelineFileTests {
    let valid = """
        name: shop
        storage: out
        datasets:
          - name: bronze.orders
            source: {path: landing, format: jsonl, schema_hints: "amount DECIMAL(10,2)", schemaEvolutionMode: rescue, max_files_per_update: 5}
          - name: silver.orders
            sql: SELECT * FROM STREAM(bronze.orders)
            expectations:
              - {name: has_id, condition: id IS NOT NULL, action: drop}
              - {name: small, expect: amount < 100}
            apply_changes: {keys: "id", sequence_by: ts, except_columns: [ts]}
          - name: gold.totals
            sql: SELECT count(*) AS n FROM silver.orders
            partition_by: [n]
        """

    @Test func readsEveryField() throws {
        let p = try PipelineFile.parse(valid, file: "p.yaml", directory: "/base")
        #expect(p.name == "shop")
        #expect(p.storage == "/base/out")
        #expect(p.eventLog == "event_log.shop")
        #expect(p.datasets.map(\.name) == ["bronze.orders", "silver.orders", "gold.totals"])
        let bronze = p.datasets[0]
        #expect(bronze.kind == .streamingTable)
        #expect(bronze.source?.path == "/base/landing")
        #expect(bronze.source?.format == .json)
        #expect(bronze.source?.schemaEvolutionMode == .rescue)
        #expect(bronze.source?.maxFilesPerUpdate == 5)
        let silver = p.datasets[1]
        #expect(silver.kind == .streamingTable)  // inferred from STREAM(...)
        #expect(silver.expectations == [Expectation("has_id", "id IS NOT NULL", action: .drop), Expectation("small", "amount < 100", action: .warn)])
        #expect(silver.applyChanges == ApplyChanges(keys: ["id"], sequenceBy: "ts", exceptColumns: ["ts"]))
        #expect(silver.sqlLocation?.line == 7)
        #expect(p.datasets[2].kind == .materializedView)
        #expect(p.datasets[2].partitionBy == ["n"])
    }

    @Test func readsJSON() throws {
        let json = """
            {"name": "j", "datasets": [{"name": "bronze.a", "source": {"path": "in", "format": "csv"}},
              {"name": "gold.b", "kind": "materialized_view", "sql": "SELECT * FROM bronze.a",
               "expectations": {"positive": "x > 0", "present": {"condition": "x IS NOT NULL", "action": "fail"}}}]}
            """
        let p = try PipelineFile.parse(json, directory: "/d")
        #expect(p.storage == "/d/lakehouse")
        #expect(p.datasets[1].expectations.map(\.action) == [.warn, .fail])
    }

    /// Each bad file and where its error must point: (text, line, column, words in the message).
    static let broken: [(String, Int, Int, [String])] = [
        ("name: x\ndatasets:\n  - name: bronze.a\n    sourse: {path: a, format: csv}\n", 4, 5, ["datasets[0] (bronze.a)", "unknown field 'sourse'", "did you mean 'source'"]),
        ("name: x\ndatasets:\n  - name: bronze.a\n    source: {path: a, format: xml}\n", 4, 31, ["datasets[0] (bronze.a).source.format", "'xml' is not a file format"]),
        ("name: x\ndatasets:\n  - name: s.a\n    sql: SELECT 1\n    expectations:\n      - {name: e, condition: 'x > 1', action: dorp}\n", 6, 47, ["expectations[0].action", "did you mean 'drop'"]),
        ("name: x\ndatasets:\n  - name: a\n    sql: SELECT 1\n", 3, 11, ["datasets[0].name", "not a dataset name schema.table"]),
        ("name: x\ndatasets:\n  - name: s.a\n    sql: SELECT 1\n  - name: s.a\n    sql: SELECT 2\n", 5, 5, ["defined twice"]),
        ("name: x\ndatasets:\n  - name: s.a\n", 3, 5, ["missing field 'sql'"]),
        ("datasets: []\n", 1, 1, ["missing field 'name'"]),
        ("name: x\ndatasets:\n  - name: s.a\n    sql: [unclosed\n", 5, 1, ["not valid YAML"]),
        ("name: x\ndatasets:\n  - name: s.a\n    source: {path: a, format: csv, schema_evolution_mode: sometimes}\n", 4, 59, ["schema_evolution_mode", "addNewColumns"]),
        ("name: x\ndatasets:\n  - name: s.a\n    kind: materialized_view\n    source: {path: a, format: csv}\n", 4, 11, ["is a streaming_table"]),
    ]

    @Test(arguments: broken.indices)
    func errorsPointAtTheField(_ i: Int) throws {
        let (text, line, column, words) = Self.broken[i]
        do {
            _ = try PipelineFile.parse(text, file: "p.yaml")
            Issue.record("expected an error for case \(i)")
        } catch let e as PipelineError {
            #expect(e.code == .invalidDefinition)
            #expect(e.file == "p.yaml")
            #expect(e.line == line, "case \(i): \(e)")
            #expect(e.column == column, "case \(i): \(e)")
            for w in words { #expect(e.description.contains(w), "case \(i): \(e)") }
        }
    }
}

@Suite struct ReadmePipelineTests {
    /// The pipeline file shown in the README parses and its graph checks out.
    @Test func readmeExampleIsAValidPipeline() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let start = try #require(text.range(of: "```yaml\nname: shop\n"))
        let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
        let yaml = String(text[start.upperBound..<end.lowerBound]).replacingOccurrences(of: "name: shop", with: "name: shop", options: [], range: nil)
        let dir = TempDirectory()
        dir.write("landing/orders/a.csv", "order_id,customer_id,amount,updated_at\n1,c1,10.5,2024-01-01 10:00:00\n1,c1,12.5,2024-01-02 10:00:00\n")
        let pipeline = try PipelineFile.parse("name: shop\n" + yaml, file: "README.md", directory: dir.path)
        let runner = try UpdateRunner(pipeline)
        #expect(runner.validate().isValid)
        let result = try runner.run()
        #expect(result.succeeded, "\(result.datasets.compactMap(\.error))")
        #expect(result.dataset("silver.orders")?.outputRows == 1)
    }
}
