import Columnar
import Delta
import Testing
@testable import Pipeline

@Suite struct DependencyGraphTests {
    func pipeline(_ datasets: [DatasetDefinition], storage: String = "/nonexistent") -> PipelineDefinition {
        PipelineDefinition(name: "g", storage: storage, datasets: datasets, file: "g.yaml")
    }

    let src = FileSource(path: "/landing", format: .csv)

    @Test func infersInputsAndOrders() throws {
        // Defined out of order: the graph puts every dataset after its inputs.
        let g = try DependencyGraph(pipeline([
            .materializedView("gold.both", sql: "SELECT * FROM silver.a JOIN (SELECT * FROM silver.b) x ON true WHERE EXISTS (SELECT 1 FROM bronze.c)"),
            .streamingTable("silver.a", sql: "WITH t AS (SELECT * FROM STREAM(bronze.a)) SELECT * FROM t"),
            .streamingTable("silver.b", sql: "SELECT * FROM STREAM(bronze.b) s JOIN silver.a USING (id)"),
            .streamingTable("bronze.a", source: src), .streamingTable("bronze.b", source: src), .streamingTable("bronze.c", source: src),
        ]))
        // The earliest-defined ready dataset goes next.
        #expect(g.order == ["bronze.a", "silver.a", "bronze.b", "silver.b", "bronze.c", "gold.both"])
        for (i, name) in g.order.enumerated() {
            #expect(g.upstream[name]!.allSatisfy { g.order.firstIndex(of: $0)! < i })
        }
        #expect(g.upstream["gold.both"] == ["silver.a", "silver.b", "bronze.c"])
        #expect(g.upstream["silver.b"] == ["bronze.b", "silver.a"])
        #expect(g.queries["silver.b"]?.streamingInputs == ["bronze.b"])
        #expect(g.queries["silver.b"]?.staticInputs == ["silver.a"])
        #expect(g.downstream["silver.a"] == ["gold.both", "silver.b"])  // definition order
        #expect(g.descendants(of: ["bronze.b"]) == ["silver.b", "gold.both"])
    }

    @Test func findsCycles() {
        do {
            _ = try DependencyGraph(pipeline([
                .materializedView("s.a", sql: "SELECT * FROM s.c"),
                .materializedView("s.b", sql: "SELECT * FROM s.a"),
                .materializedView("s.c", sql: "SELECT * FROM s.b UNION ALL SELECT * FROM s.x"),
                .streamingTable("s.x", source: src),
            ]))
            Issue.record("expected a cycle")
        } catch let e as PipelineError {
            #expect(e.code == .cycle)
            #expect(e.message.contains("s.c → s.a → s.b → s.c") || e.message.contains("s.a → s.b → s.c → s.a") || e.message.contains("s.b → s.c → s.a → s.b"), "\(e)")
        } catch { Issue.record("\(error)") }
        #expect(throws: PipelineError.self) { try DependencyGraph(pipeline([.materializedView("s.self", sql: "SELECT * FROM s.self")])) }
    }

    @Test func refusesUnknownInputsWithASuggestion() {
        var d = DatasetDefinition.materializedView("gold.x", sql: "SELECT *\nFROM silver.ordres")
        d.sqlLocation = SourceLocation(line: 10, column: 10)
        do {
            _ = try DependencyGraph(pipeline([.streamingTable("silver.orders", sql: "SELECT * FROM STREAM(bronze.o)"), .streamingTable("bronze.o", source: src), d]))
            Issue.record("expected an error")
        } catch let e as PipelineError {
            #expect(e.code == .unknownInput)
            #expect(e.message.contains("did you mean 'silver.orders'"))
            #expect(e.line == 11 && e.column == 6, "\(e)")
        } catch { Issue.record("\(error)") }
    }

    @Test func checksStreamUse() {
        // STREAM in a materialized view; a streaming table without STREAM; STREAM of a view.
        let cases: [[DatasetDefinition]] = [
            [.streamingTable("b.a", source: src), .materializedView("s.v", sql: "SELECT * FROM STREAM(b.a)")],
            [.streamingTable("b.a", source: src), .streamingTable("s.t", sql: "SELECT * FROM b.a")],
            [.streamingTable("b.a", source: src), .materializedView("s.v", sql: "SELECT * FROM b.a"), .streamingTable("s.t", sql: "SELECT * FROM STREAM(s.v)")],
            [.materializedView("s.v", sql: "DELETE FROM t")],
            [.materializedView("s.v", sql: "SELEC 1")],
        ]
        for datasets in cases {
            #expect(throws: PipelineError.self) { try DependencyGraph(pipeline(datasets)) }
        }
    }

    @Test func externalTablesAreInputs() throws {
        let dir = TempDirectory()
        try FileManagerHelper.makeTable(dir.sub("ref/states"))
        let g = try DependencyGraph(pipeline([.materializedView("gold.x", sql: "SELECT * FROM ref.states")], storage: dir.path))
        #expect(g.external["gold.x"] == ["ref.states"])
        #expect(g.upstream["gold.x"] == [])
    }

    @Test func rendersTextMermaidAndDot() throws {
        let g = try DependencyGraph(pipeline([
            .streamingTable("bronze.a", source: src),
            .streamingTable("silver.a", sql: "SELECT * FROM STREAM(bronze.a)").expect("x", "id > 0", action: .drop).applyChanges(keys: ["id"], sequenceBy: "ts"),
            .materializedView("gold.a", sql: "SELECT count(*) FROM silver.a"),
        ]))
        let text = g.render(.text)
        #expect(text.contains("silver.a") && text.contains("← STREAM(bronze.a)") && text.contains("upsert by id, 1 expectation"))
        let mermaid = g.render(.mermaid)
        #expect(mermaid.hasPrefix("flowchart LR"))
        #expect(mermaid.contains("bronze_a -- stream --> silver_a"))
        #expect(mermaid.contains("silver_a --> gold_a"))
        let dot = g.render(.dot)
        #expect(dot.hasPrefix("digraph \"g\" {") && dot.contains("\"bronze.a\" -> \"silver.a\" [label=\"stream\"];") && dot.hasSuffix("}"))
    }
}

enum FileManagerHelper {
    /// A one-row Delta table at `path`.
    static func makeTable(_ path: String) throws {
        let schema = Schema([Field("code", .string)])
        try TableWriter(table: DeltaTable(path: path)).write([RecordBatch(schema: schema, columns: [Column(.string, [.string("SP")])])])
    }
}
