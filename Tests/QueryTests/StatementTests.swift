import Testing
import Query

@Suite struct StatementTests {
    // MARK: Scripts

    @Test func scriptsSplitAtSemicolons() throws {
        let statements = try SQLParser.parseScript("""
            USE sales;;
            SELECT 1;
            -- a comment between statements
            SHOW TABLES
            ;
            """)
        #expect(statements.count == 3)
        #expect(try SQLParser.parseScript("").isEmpty)
        #expect(try SQLParser.parseScript(" ; ; -- nothing").isEmpty)
        #expect(syntaxError("SELECT 1 SELECT 2") != nil)
        do {
            _ = try SQLParser.parseStatement("SELECT 1; SELECT 2")
            Issue.record("two statements must not parse as one")
        } catch {
            #expect(error.message.contains("more than one statement"))
        }
        #expect(try SQLParser.parseStatement("SELECT 1;") == (try SQLParser.parseStatement("SELECT 1")))
    }

    @Test func statementPositions() throws {
        let statements = try SQLParser.parseScript("SELECT 1;\n  DROP TABLE t")
        #expect(statements[1].position == SourcePosition(line: 2, column: 3))
        #expect(statements[1].position.line == 2 && statements[1].position.column == 3)
    }

    // MARK: CREATE / DROP

    @Test func createTable() throws {
        let s = try roundTrip("""
            CREATE OR REPLACE TABLE IF NOT EXISTS main.sales.orders (
                id BIGINT NOT NULL COMMENT 'primary id',
                amount DECIMAL(12, 2),
                day DATE GENERATED ALWAYS AS (CAST(ts AS DATE)),
                ts TIMESTAMP,
                status STRING DEFAULT 'new',
                tags ARRAY<STRING>,
                CONSTRAINT positive CHECK (amount > 0)
            )
            USING DELTA
            PARTITIONED BY (day)
            LOCATION '/lake/orders'
            COMMENT 'all orders'
            TBLPROPERTIES ('delta.appendOnly' = 'false', delta.enableChangeDataFeed = true, 'n' = 5)
            """)
        guard case .createTable(let c) = s else {
            Issue.record("expected CREATE TABLE")
            return
        }
        #expect(c.orReplace && c.ifNotExists)
        #expect(c.name == .name(QualifiedName("main", "sales", "orders")))
        #expect(c.columns.map(\.name.name) == ["id", "amount", "day", "ts", "status", "tags"])
        #expect(c.columns[0] == ColumnDefinition(name: Identifier("id"), type: .bigint, notNull: true, comment: "primary id"))
        #expect(c.columns[2].generatedAs == Expression(.cast(col("ts"), .date, isTry: false)))
        #expect(c.columns[4].defaultValue == Expression(.literal(.string("new"))))
        #expect(c.constraints == [CheckConstraint(name: Identifier("positive"), check: bin(.greater, col("amount"), int("0")))])
        #expect(c.using?.name == "DELTA")
        #expect(c.partitionedBy.map(\.name) == ["day"])
        #expect(c.location == "/lake/orders")
        #expect(c.comment == "all orders")
        #expect(c.properties == [
            TableProperty(key: "delta.appendOnly", value: "false"),
            TableProperty(key: "delta.enableChangeDataFeed", value: "true"),
            TableProperty(key: "n", value: "5"),
        ])
        #expect(c.query == nil)
    }

    @Test func createTableVariants() throws {
        let ctas = try roundTrip("CREATE TABLE t AS SELECT * FROM s WHERE x > 1")
        guard case .createTable(let c) = ctas else { return }
        #expect(c.columns.isEmpty && c.query != nil)
        _ = try roundTrip("CREATE TABLE t USING DELTA CLUSTER BY (a, b) AS SELECT 1 AS a, 2 AS b")
        _ = try roundTrip("CREATE TABLE t SELECT 1")
        _ = try roundTrip("CREATE TABLE t (a INT) TBLPROPERTIES ('x' = 'y') COMMENT 'c' LOCATION '/l'")
        _ = try roundTrip("CREATE TABLE delta.`/tmp/t` (a INT, b STRUCT<x: INT, y STRING NOT NULL COMMENT 'why'>)")
        _ = try roundTrip("CREATE TABLE t (a INT NOT NULL DEFAULT 0 COMMENT 'x', `select` STRING, `constraint` INT)")
        #expect(syntaxError("CREATE TABLE t (a INT) LOCATION '/a' LOCATION '/b'")?.message == "duplicate LOCATION clause")
        #expect(syntaxError("CREATE TABLE t (a INT NOT NULL NOT NULL)")?.message.contains("duplicate NOT NULL") == true)
        #expect(syntaxError("CREATE TABLE t (id BIGINT GENERATED ALWAYS AS IDENTITY)")?.message.contains("identity") == true)
    }

    @Test func schemasAndDrops() throws {
        guard case .createSchema(let cs) = try roundTrip("CREATE SCHEMA IF NOT EXISTS sales COMMENT 'x' LOCATION '/l'") else { return }
        #expect(cs.ifNotExists && cs.name == QualifiedName("sales") && cs.comment == "x" && cs.location == "/l")
        #expect(try roundTrip("CREATE DATABASE s") == .createSchema(CreateSchema(name: QualifiedName("s"))))
        #expect(try roundTrip("DROP TABLE IF EXISTS s.t") == .dropTable(DropTable(ifExists: true, name: .name(QualifiedName("s", "t")))))
        #expect(try roundTrip("DROP TABLE t") == .dropTable(DropTable(name: .name(QualifiedName("t")))))
        #expect(try roundTrip("DROP SCHEMA IF EXISTS s CASCADE") == .dropSchema(DropSchema(ifExists: true, name: QualifiedName("s"), cascade: true)))
        #expect(try roundTrip("DROP DATABASE s RESTRICT") == .dropSchema(DropSchema(name: QualifiedName("s"))))
    }

    // MARK: INSERT

    @Test func insert() throws {
        guard case .insert(let i) = try roundTrip("INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y')") else { return }
        #expect(!i.overwrite && i.columns.map(\.name) == ["a", "b"])
        guard case .values(let v) = i.query.body else {
            Issue.record("expected VALUES")
            return
        }
        #expect(v.rows.count == 2)
        guard case .insert(let o) = try roundTrip("INSERT OVERWRITE TABLE s.t SELECT * FROM u") else { return }
        #expect(o.overwrite && o.table == .name(QualifiedName("s", "t")))
        guard case .insert(let r) = try roundTrip("INSERT INTO TABLE t REPLACE WHERE day = '2024-01-01' SELECT * FROM staging") else { return }
        #expect(r.replaceWhere == bin(.equal, col("day"), Expression(.literal(.string("2024-01-01")))))
        _ = try roundTrip("INSERT OVERWRITE t REPLACE WHERE day >= '2024-01-01' SELECT * FROM staging")
        _ = try roundTrip("INSERT INTO t (SELECT 1)")
        _ = try roundTrip("INSERT INTO t ((SELECT 1) UNION ALL (SELECT 2))")
        _ = try roundTrip("INSERT INTO t WITH x AS (SELECT 1) SELECT * FROM x")
        _ = try roundTrip("INSERT INTO delta.`/p` VALUES (1)")
        let withFirst = try roundTrip("WITH x AS (SELECT 1 AS a) INSERT INTO t SELECT * FROM x")
        #expect(withFirst == (try roundTrip("INSERT INTO t WITH x AS (SELECT 1 AS a) SELECT * FROM x")))
        guard case .insert(let w) = withFirst else { return }
        #expect(w.query.with.map(\.name.name) == ["x"])
        #expect(syntaxError("INSERT INTO t") != nil)
        #expect(syntaxError("INSERT t VALUES (1)") != nil)
    }

    // MARK: ALTER TABLE

    @Test(arguments: [
        ("ALTER TABLE t ADD COLUMNS (a INT, b STRING COMMENT 'x')", AlterTable.Action.addColumns([
            ColumnDefinition(name: Identifier("a"), type: .int), ColumnDefinition(name: Identifier("b"), type: .string, comment: "x"),
        ])),
        ("ALTER TABLE t ADD COLUMN a INT", .addColumns([ColumnDefinition(name: Identifier("a"), type: .int)])),
        ("ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0)", .addConstraint(CheckConstraint(name: Identifier("c"), check: bin(.greater, col("a"), int("0"))))),
        ("ALTER TABLE t DROP CONSTRAINT IF EXISTS c", .dropConstraint(Identifier("c"), ifExists: true)),
        ("ALTER TABLE t DROP CONSTRAINT c", .dropConstraint(Identifier("c"), ifExists: false)),
        ("ALTER TABLE t ALTER COLUMN a SET NOT NULL", .alterColumn(QualifiedName("a"), .setNotNull)),
        ("ALTER TABLE t ALTER COLUMN a DROP NOT NULL", .alterColumn(QualifiedName("a"), .dropNotNull)),
        ("ALTER TABLE t CHANGE COLUMN s.f TYPE BIGINT", .alterColumn(QualifiedName("s", "f"), .type(.bigint))),
        ("ALTER TABLE t ALTER COLUMN a COMMENT 'hi'", .alterColumn(QualifiedName("a"), .comment("hi"))),
        ("ALTER TABLE t ALTER a SET DEFAULT 1", .alterColumn(QualifiedName("a"), .setDefault(int("1")))),
        ("ALTER TABLE t ALTER COLUMN a DROP DEFAULT", .alterColumn(QualifiedName("a"), .dropDefault)),
        ("ALTER TABLE t SET TBLPROPERTIES ('delta.appendOnly' = 'true')", .setProperties([TableProperty(key: "delta.appendOnly", value: "true")])),
        ("ALTER TABLE t UNSET TBLPROPERTIES IF EXISTS ('a', b.c)", .unsetProperties(["a", "b.c"], ifExists: true)),
        ("ALTER TABLE t RENAME COLUMN a TO b", .renameColumn(QualifiedName("a"), to: Identifier("b"))),
        ("ALTER TABLE t RENAME TO s.u", .renameTo(QualifiedName("s", "u"))),
        ("ALTER TABLE t DROP COLUMNS IF EXISTS (a, b)", .dropColumns([QualifiedName("a"), QualifiedName("b")], ifExists: true)),
        ("ALTER TABLE t DROP COLUMN a", .dropColumns([QualifiedName("a")], ifExists: false)),
    ])
    func alterTable(sql: String, action: AlterTable.Action) throws {
        guard case .alterTable(let a) = try roundTrip(sql) else {
            Issue.record("expected ALTER TABLE")
            return
        }
        #expect(a.name == .name(QualifiedName("t")))
        #expect(a.action == action)
    }

    // MARK: DML

    @Test func delete() throws {
        guard case .delete(let d) = try roundTrip("DELETE FROM s.t AS x WHERE x.a = 1") else { return }
        #expect(d.table == .name(QualifiedName("s", "t")) && d.alias?.name == "x")
        #expect(d.whereClause == bin(.equal, col("x", "a"), int("1")))
        guard case .delete(let all) = try roundTrip("DELETE FROM t") else { return }
        #expect(all.whereClause == nil && all.alias == nil)
        _ = try roundTrip("DELETE FROM t x WHERE x.a IN (SELECT a FROM u)")
    }

    @Test func update() throws {
        guard case .update(let u) = try roundTrip("UPDATE t SET a = a + 1, s.f = 'x' WHERE b IS NULL") else { return }
        #expect(u.assignments == [
            Assignment(column: QualifiedName("a"), value: bin(.plus, col("a"), int("1"))),
            Assignment(column: QualifiedName("s", "f"), value: Expression(.literal(.string("x")))),
        ])
        #expect(u.whereClause == Expression(.isNull(col("b"), negated: false)))
        guard case .update(let aliased) = try roundTrip("UPDATE delta.`/p` AS x SET x.a = 0") else { return }
        #expect(aliased.alias?.name == "x")
        _ = try roundTrip("UPDATE t x SET a = 0")
    }

    @Test func merge() throws {
        let s = try roundTrip("""
            MERGE INTO target AS t
            USING (SELECT * FROM updates WHERE day = current_date()) AS s
            ON t.id = s.id
            WHEN MATCHED AND s.deleted THEN DELETE
            WHEN MATCHED AND s.v > t.v THEN UPDATE SET t.v = s.v, t.n = t.n + 1
            WHEN MATCHED THEN UPDATE SET *
            WHEN NOT MATCHED AND s.v > 0 THEN INSERT (id, v) VALUES (s.id, s.v)
            WHEN NOT MATCHED BY TARGET THEN INSERT *
            WHEN NOT MATCHED BY SOURCE AND t.v < 0 THEN DELETE
            WHEN NOT MATCHED BY SOURCE THEN UPDATE SET t.stale = true
            """)
        guard case .merge(let m) = s else {
            Issue.record("expected MERGE")
            return
        }
        #expect(m.target == .name(QualifiedName("target")) && m.targetAlias?.name == "t")
        guard case .subquery(let source) = m.source else {
            Issue.record("expected a subquery source")
            return
        }
        #expect(source.alias?.name.name == "s")
        #expect(m.on == bin(.equal, col("t", "id"), col("s", "id")))
        #expect(m.clauses.map(\.kind) == [.matched, .matched, .matched, .notMatched, .notMatched, .notMatchedBySource, .notMatchedBySource])
        #expect(m.clauses[0].action == .delete && m.clauses[0].condition == col("s", "deleted"))
        #expect(m.clauses[2].action == .updateAll)
        #expect(m.clauses[3].action == .insert(columns: [Identifier("id"), Identifier("v")], values: [col("s", "id"), col("s", "v")]))
        #expect(m.clauses[4].action == .insertAll)
        #expect(m.clauses[6].action == .update([Assignment(column: QualifiedName("t", "stale"), value: Expression(.literal(.boolean(true))))]))
        _ = try roundTrip("MERGE INTO t USING s ON t.k = s.k WHEN NOT MATCHED THEN INSERT VALUES (s.k)")
        _ = try roundTrip("MERGE INTO t tgt USING delta.`/src` src ON tgt.k = src.k WHEN MATCHED THEN DELETE")
        #expect(syntaxError("MERGE INTO t USING s ON t.k = s.k") != nil)
        #expect(syntaxError("MERGE INTO t USING s ON t.k = s.k WHEN NOT MATCHED THEN UPDATE SET a = 1") != nil)
        #expect(syntaxError("MERGE INTO t USING s ON t.k = s.k WHEN MATCHED THEN INSERT *") != nil)
        #expect(syntaxError("MERGE INTO t USING s ON t.k = s.k WHEN NOT MATCHED BY SOURCE THEN UPDATE SET *") != nil)
        #expect(syntaxError("MERGE INTO t USING s ON t.k = s.k WHEN NOT MATCHED THEN INSERT (a, b) VALUES (1)")?.message.contains("2 columns but 1 values") == true)
    }

    // MARK: Utility

    @Test func showAndDescribe() throws {
        #expect(try roundTrip("SHOW TABLES") == .showTables(ShowTables()))
        #expect(try roundTrip("SHOW TABLES IN sales LIKE 'ord*'") == .showTables(ShowTables(schema: QualifiedName("sales"), pattern: "ord*")))
        #expect(try roundTrip("SHOW TABLES FROM s 'x|y'") == .showTables(ShowTables(schema: QualifiedName("s"), pattern: "x|y")))
        #expect(try roundTrip("SHOW SCHEMAS") == .showSchemas(ShowSchemas()))
        #expect(try roundTrip("SHOW DATABASES LIKE 's*'") == .showSchemas(ShowSchemas(pattern: "s*")))
        let t = TableSource.name(QualifiedName("t"))
        #expect(try roundTrip("DESCRIBE t") == .describe(Describe(table: t, kind: .table(extended: false))))
        #expect(try roundTrip("DESC TABLE EXTENDED t") == .describe(Describe(table: t, kind: .table(extended: true))))
        #expect(try roundTrip("DESCRIBE FORMATTED t") == .describe(Describe(table: t, kind: .table(extended: true))))
        #expect(try roundTrip("DESCRIBE DETAIL t") == .describe(Describe(table: t, kind: .detail)))
        #expect(try roundTrip("DESCRIBE HISTORY t LIMIT 5") == .describe(Describe(table: t, kind: .history(limit: int("5")))))
        #expect(try roundTrip("DESCRIBE HISTORY delta.`/p`") == .describe(Describe(table: .path(format: Identifier("delta"), path: "/p"), kind: .history(limit: nil))))
        // Tables named like the keywords.
        #expect(try roundTrip("DESCRIBE detail") == .describe(Describe(table: .name(QualifiedName("detail")), kind: .table(extended: false))))
        #expect(try roundTrip("DESCRIBE TABLE history") == .describe(Describe(table: .name(QualifiedName("history")), kind: .table(extended: false))))
    }

    @Test func explain() throws {
        guard case .explain(let e) = try roundTrip("EXPLAIN SELECT * FROM t") else { return }
        #expect(e.mode == .simple)
        guard case .explain(let x) = try roundTrip("EXPLAIN EXTENDED DELETE FROM t WHERE a = 1") else { return }
        #expect(x.mode == .extended)
        guard case .delete = x.statement else {
            Issue.record("expected DELETE inside EXPLAIN")
            return
        }
        _ = try roundTrip("EXPLAIN FORMATTED SELECT 1")
        _ = try roundTrip("EXPLAIN COST SELECT 1")
    }

    @Test func maintenance() throws {
        let t = TableSource.name(QualifiedName("t"))
        #expect(try roundTrip("OPTIMIZE t") == .optimize(Optimize(table: t)))
        #expect(try roundTrip("OPTIMIZE t WHERE day >= '2024-01-01' ZORDER BY (a, b.c)") == .optimize(Optimize(
            table: t, whereClause: bin(.greaterOrEqual, col("day"), Expression(.literal(.string("2024-01-01")))),
            zorderBy: [QualifiedName("a"), QualifiedName("b", "c")])))
        #expect(try roundTrip("OPTIMIZE t ZORDER BY a") == .optimize(Optimize(table: t, zorderBy: [QualifiedName("a")])))
        #expect(try roundTrip("VACUUM t") == .vacuum(Vacuum(table: t)))
        #expect(try roundTrip("VACUUM delta.`/p` RETAIN 168 HOURS DRY RUN") == .vacuum(Vacuum(table: .path(format: Identifier("delta"), path: "/p"), retainHours: "168", dryRun: true)))
        #expect(try roundTrip("VACUUM t RETAIN 0.5 HOURS") == .vacuum(Vacuum(table: t, retainHours: "0.5")))
        #expect(try roundTrip("RESTORE TABLE t TO VERSION AS OF 3") == .restore(Restore(table: t, target: .version(int("3")))))
        #expect(try roundTrip("RESTORE t TIMESTAMP AS OF '2024-01-01'") == .restore(Restore(table: t, target: .timestamp(Expression(.literal(.string("2024-01-01")))))))
        #expect(syntaxError("RESTORE t TO 3") != nil)
    }

    @Test func setAndUse() throws {
        #expect(try roundTrip("SET spark.sql.ansi.enabled = true") == .set(SetConfiguration(key: "spark.sql.ansi.enabled", value: "true")))
        #expect(try roundTrip("SET spark.sql.shuffle.partitions=8") == .set(SetConfiguration(key: "spark.sql.shuffle.partitions", value: "8")))
        #expect(try roundTrip("SET spark.sql.session.timeZone = 'America/New_York'") == .set(SetConfiguration(key: "spark.sql.session.timeZone", value: "America/New_York")))
        #expect(try roundTrip("SET my.path = /tmp/a b") == .set(SetConfiguration(key: "my.path", value: "/tmp/a b")))
        #expect(try roundTrip("SET k = 'it''s; fine'") == .set(SetConfiguration(key: "k", value: "it's; fine")))
        #expect(try roundTrip("SET k =") == .set(SetConfiguration(key: "k", value: "")))
        #expect(try roundTrip("SET spark.sql.ansi.enabled") == .set(SetConfiguration(key: "spark.sql.ansi.enabled")))
        #expect(try roundTrip("SET") == .set(SetConfiguration()))
        #expect(try roundTrip("SET -v") == .set(SetConfiguration(key: "-v")))
        let script = try SQLParser.parseScript("SET a = 1; SET b = 2")
        #expect(script == [.set(SetConfiguration(key: "a", value: "1")), .set(SetConfiguration(key: "b", value: "2"))])
        #expect(try roundTrip("USE sales") == .use(Use(schema: QualifiedName("sales"))))
        #expect(try roundTrip("USE SCHEMA main.sales") == .use(Use(schema: QualifiedName("main", "sales"))))
        #expect(try roundTrip("USE DATABASE s") == .use(Use(schema: QualifiedName("s"))))
        #expect(try roundTrip("USE schema") == .use(Use(schema: QualifiedName("schema"))))
    }
}
