import Testing
@testable import Jobs

@Suite struct NotebookTests {
    let source = """
        -- Databricks notebook source
        -- MAGIC %md
        -- MAGIC # Data processing
        -- MAGIC Loads the raw orders.

        -- COMMAND ----------

        CREATE TABLE IF NOT EXISTS raw.orders (id BIGINT, amount DOUBLE);

        -- COMMAND ----------

        -- MAGIC %sql
        -- MAGIC INSERT INTO raw.orders VALUES (1, 2.5)

        -- COMMAND ----------

        -- MAGIC %run ./helpers

        -- COMMAND ----------

        -- MAGIC %python
        -- MAGIC print("hi")

        -- COMMAND ----------


        """

    @Test func cells() {
        let nb = Notebook(source: source, language: .sql)
        let cells = nb.cells
        #expect(cells.count == 5)
        #expect(cells[0].kind == .markdown)
        #expect(cells[1].kind == .code && cells[1].text.contains("CREATE TABLE"))
        #expect(cells[1].line == 7)
        #expect(cells[2].kind == .code && cells[2].text.trimmingSpaces == "INSERT INTO raw.orders VALUES (1, 2.5)")
        #expect(cells[3].kind == .run("./helpers"))
        #expect(cells[4].kind == .magic("python"))
        #expect(nb.source == source, "kept verbatim")
    }

    @Test func headerAddedWhenMissing() {
        let nb = Notebook(source: "SELECT 1;\n", language: .sql)
        #expect(nb.source == "-- Databricks notebook source\nSELECT 1;\n")
        #expect(nb.cells.map(\.text) == ["SELECT 1;"])
        #expect(Notebook.detectLanguage("# Databricks notebook source\nprint(1)") == .python)
        #expect(Notebook.detectLanguage("SELECT 1") == nil)
    }

    @Test func crlfSources() {
        let nb = Notebook(source: "-- Databricks notebook source\r\nSELECT 1\r\n-- COMMAND ----------\r\nSELECT 2\r\n", language: .sql)
        #expect(nb.cells.map(\.text) == ["SELECT 1", "SELECT 2"])
    }

    @Test func substitution() {
        let s = ParameterSubstitution(parameters: ["day": "2026-01-01", "schema": "silver"], dynamicValues: ["job.run_id": "42"])
        #expect(s.apply("SELECT * FROM ${schema}.t WHERE d = '${day}' AND r = {{job.run_id}} AND x = {{ day }}") ==
            "SELECT * FROM silver.t WHERE d = '2026-01-01' AND r = 42 AND x = 2026-01-01")
        #expect(s.apply("{{job.parameters.schema}} ${unknown} {{nope}} ${") == "silver ${unknown} {{nope}} ${")
        #expect(s.apply("no references") == "no references")
    }

    @Test func widgets() {
        var s = ParameterSubstitution(parameters: ["given": "x"])
        let text = """
            CREATE WIDGET TEXT day DEFAULT '2026-01-01';
            CREATE WIDGET DROPDOWN given DEFAULT 'y' CHOICES SELECT 'y';
            create widget text quoted default 'it''s';
            REMOVE WIDGET old;
            SELECT '${day}'
            """
        let rest = Widgets.apply(text, to: &s)
        #expect(rest.trimmingSpaces == "SELECT '${day}'")
        #expect(s.parameters == ["given": "x", "day": "2026-01-01", "quoted": "it's"])
    }
}
