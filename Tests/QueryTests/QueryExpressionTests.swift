import Testing
import Query

@Suite struct QueryExpressionTests {
    // MARK: SELECT

    @Test func selectWithoutFrom() throws {
        let sel = try select("SELECT 1, 'a' AS s, 2 b")
        #expect(sel?.items == [
            .expression(int("1"), alias: nil),
            .expression(Expression(.literal(.string("a"))), alias: Identifier("s")),
            .expression(int("2"), alias: Identifier("b")),
        ])
        #expect(sel?.from.isEmpty == true)
    }

    @Test func selectClauses() throws {
        let s = try roundTrip("""
            SELECT DISTINCT region, count(*) AS n
            FROM sales
            WHERE amount > 0
            GROUP BY region
            HAVING count(*) > 1
            ORDER BY n DESC, region
            LIMIT 10 OFFSET 5
            """)
        guard let q = query(s), case .select(let sel) = q.body else { return }
        #expect(sel.isDistinct)
        #expect(sel.whereClause == bin(.greater, col("amount"), int("0")))
        #expect(sel.groupBy == .expressions([col("region")]))
        #expect(sel.having != nil)
        #expect(q.orderBy == [OrderItem(expression: col("n"), direction: .descending), OrderItem(expression: col("region"))])
        #expect(q.limit == int("10") && q.offset == int("5"))
        let all = try select("SELECT a, sum(b) FROM t GROUP BY ALL")
        #expect(all?.groupBy == .all)
        let noLimit = try roundTrip("SELECT * FROM t LIMIT ALL")
        #expect(query(noLimit)?.limit == nil)
        _ = try roundTrip("SELECT * FROM t OFFSET 3")
        _ = try roundTrip("SELECT ALL a FROM t")
    }

    @Test func wildcards() throws {
        let sel = try select("SELECT *, t.*, s.t.* EXCEPT (a, b.c), * EXCEPT (x) FROM t")
        #expect(sel?.items == [
            .wildcard(Wildcard()),
            .wildcard(Wildcard(qualifier: QualifiedName("t"))),
            .wildcard(Wildcard(qualifier: QualifiedName("s", "t"), except: [QualifiedName("a"), QualifiedName("b", "c")])),
            .wildcard(Wildcard(except: [QualifiedName("x")])),
        ])
        // EXCEPT after FROM is the set operation.
        let s = try roundTrip("SELECT * FROM a EXCEPT SELECT * FROM b")
        guard case .setOperation(let op) = query(s)?.body else {
            Issue.record("expected a set operation")
            return
        }
        #expect(op.op == .except)
    }

    @Test func windowAndQualifyClauses() throws {
        let sel = try select("""
            SELECT a, rank() OVER w AS r FROM t
            WINDOW w AS (PARTITION BY g ORDER BY a), w2 AS (w ROWS 2 PRECEDING)
            QUALIFY r = 1
            """)
        #expect(sel?.windows.map(\.name.name) == ["w", "w2"])
        #expect(sel?.windows[1].specification.baseWindow?.name == "w")
        #expect(sel?.qualify == bin(.equal, col("r"), int("1")))
    }

    // MARK: WITH, set operations, VALUES

    @Test func commonTableExpressions() throws {
        let s = try roundTrip("""
            WITH a AS (SELECT 1 AS x), b (y, z) AS (SELECT x, x FROM a), c AS (VALUES (1))
            SELECT * FROM b JOIN c
            """)
        let q = query(s)
        #expect(q?.with.map(\.name.name) == ["a", "b", "c"])
        #expect(q?.with[1].columns.map(\.name) == ["y", "z"])
        _ = try roundTrip("WITH a (SELECT 1) SELECT * FROM a")
        _ = try roundTrip("SELECT * FROM (WITH a AS (SELECT 1) SELECT * FROM a) AS s")
    }

    @Test func setOperationPrecedenceAndQuantifiers() throws {
        let s = try roundTrip("SELECT 1 UNION ALL SELECT 2 INTERSECT SELECT 3 EXCEPT SELECT 4 ORDER BY 1 LIMIT 2")
        guard let q = query(s), case .setOperation(let except) = q.body else { return }
        #expect(except.op == .except && !except.isAll)
        guard case .setOperation(let union) = except.left, case .setOperation(let intersect) = union.right else {
            Issue.record("INTERSECT should bind tighter than UNION")
            return
        }
        #expect(union.op == .union && union.isAll)
        #expect(intersect.op == .intersect)
        #expect(q.orderBy.count == 1 && q.limit == int("2"))
        let distinct = try roundTrip("SELECT 1 UNION DISTINCT SELECT 2 MINUS SELECT 3")
        guard case .setOperation(let minus) = query(distinct)?.body else { return }
        #expect(minus.op == .except)
        #expect(try roundTrip("SELECT 1 UNION SELECT 2") == (try roundTrip("SELECT 1 UNION DISTINCT SELECT 2")))
    }

    @Test func parenthesizedQueries() throws {
        let s = try roundTrip("(SELECT a FROM t ORDER BY a LIMIT 1) UNION ALL (SELECT b FROM u)")
        guard case .setOperation(let op) = query(s)?.body, case .nested(let left) = op.left else {
            Issue.record("expected nested queries")
            return
        }
        #expect(left.limit == int("1"))
        _ = try roundTrip("((SELECT 1))")
        _ = try roundTrip("SELECT 1 UNION (SELECT 2 UNION SELECT 3)")
        _ = try roundTrip("SELECT 1 INTERSECT (SELECT 2 UNION SELECT 3)")
    }

    @Test func valuesAsAQuery() throws {
        let s = try roundTrip("VALUES (1, 'a'), (2, 'b')")
        guard case .values(let v) = query(s)?.body else {
            Issue.record("expected VALUES")
            return
        }
        #expect(v.rows.count == 2 && v.rows[0].count == 2)
        let single = try roundTrip("VALUES 1, 2, 3")
        guard case .values(let v1) = query(single)?.body else { return }
        #expect(v1.rows == [[int("1")], [int("2")], [int("3")]])
        let inFrom = try select("SELECT * FROM VALUES (1, 2), (3, 4) AS t(a, b)")
        guard case .subquery(let d)? = inFrom?.from.first else {
            Issue.record("expected an inline table")
            return
        }
        #expect(d.alias == TableAlias(name: Identifier("t"), columns: [Identifier("a"), Identifier("b")]))
    }

    // MARK: FROM

    @Test func joins() throws {
        let sel = try select("""
            SELECT * FROM a
            JOIN b ON a.id = b.id
            INNER JOIN c USING (id, k)
            LEFT JOIN d ON true
            LEFT OUTER JOIN e ON true
            RIGHT OUTER JOIN f ON true
            FULL JOIN g ON true
            CROSS JOIN h
            LEFT SEMI JOIN i ON true
            LEFT ANTI JOIN j ON true
            SEMI JOIN k ON true
            ANTI JOIN l ON true
            JOIN m
            """)
        var kinds: [Join.Kind] = []
        var node = sel?.from.first
        while case .join(let j)? = node {
            kinds.append(j.kind)
            node = j.left
        }
        #expect(kinds.reversed() == [.inner, .inner, .left, .left, .right, .full, .cross, .leftSemi, .leftAnti, .leftSemi, .leftAnti, .inner])
        guard case .join(let last)? = sel?.from.first else { return }
        #expect(last.condition == nil)
    }

    @Test func joinShapes() throws {
        let sel = try select("SELECT * FROM a JOIN b USING (id)")
        guard case .join(let j)? = sel?.from.first else { return }
        #expect(j.condition == .using([Identifier("id")]))
        guard case .table(let left) = j.left, case .table(let right) = j.right else { return }
        #expect(left.source == .name(QualifiedName("a")) && right.source == .name(QualifiedName("b")))
        let comma = try select("SELECT * FROM a, b x, (SELECT 1) AS s")
        #expect(comma?.from.count == 3)
        _ = try roundTrip("SELECT * FROM a JOIN (b JOIN c ON b.x = c.x) ON a.y = b.y")
        _ = try roundTrip("SELECT * FROM (a JOIN b ON a.x = b.x) JOIN c ON c.z = a.z")
        _ = try roundTrip("SELECT * FROM ((SELECT 1 AS x) UNION ALL (SELECT 2)) AS u")
        _ = try roundTrip("SELECT * FROM ((SELECT 1 AS x) AS p JOIN q ON p.x = q.x)")
        #expect(syntaxError("SELECT * FROM a NATURAL JOIN b")?.message.contains("NATURAL") == true)
    }

    @Test func subqueriesAndAliases() throws {
        let sel = try select("SELECT * FROM (SELECT 1 AS a) AS t, (SELECT 2) u(b), orders o, s.lineitem AS l(x, y)")
        guard let from = sel?.from, from.count == 4 else { return }
        guard case .subquery(let t) = from[0], case .subquery(let u) = from[1], case .table(let o) = from[2],
            case .table(let l) = from[3]
        else {
            Issue.record("unexpected FROM items")
            return
        }
        #expect(t.alias?.name.name == "t")
        #expect(u.alias == TableAlias(name: Identifier("u"), columns: [Identifier("b")]))
        #expect(o.alias?.name.name == "o")
        #expect(l.source == .name(QualifiedName("s", "lineitem")))
        #expect(l.alias?.columns.map(\.name) == ["x", "y"])
    }

    @Test func tableNames() throws {
        for (sql, parts) in [
            ("SELECT * FROM t", ["t"]),
            ("SELECT * FROM s.t", ["s", "t"]),
            ("SELECT * FROM main.default.events", ["main", "default", "events"]),
            ("SELECT * FROM `my-catalog`.`my schema`.`t`", ["my-catalog", "my schema", "t"]),
            ("SELECT * FROM date", ["date"]),
        ] {
            let sel = try select(sql)
            guard case .table(let ref)? = sel?.from.first else {
                Issue.record("no table in \(sql)")
                continue
            }
            #expect(ref.source == .name(QualifiedName(parts.map { Identifier($0) })))
        }
    }

    @Test(arguments: [
        ("SELECT * FROM delta.`/data/events`", "delta", "/data/events"),
        ("SELECT * FROM parquet.`/data/part-*.parquet`", "parquet", "/data/part-*.parquet"),
        ("SELECT * FROM csv.`s3://bucket/x.csv`", "csv", "s3://bucket/x.csv"),
        ("SELECT * FROM JSON.`logs/{a,b}/*.json`", "JSON", "logs/{a,b}/*.json"),
        ("SELECT * FROM parquet.`/p/file.parquet` AS f", "parquet", "/p/file.parquet"),
    ])
    func pathReferences(sql: String, format: String, path: String) throws {
        let sel = try select(sql)
        guard case .table(let ref)? = sel?.from.first else {
            Issue.record("no table")
            return
        }
        #expect(ref.source == .path(format: Identifier(format), path: path))
        #expect(ref.timeTravel == nil)
    }

    @Test func quotedNonFormatPrefixIsAnOrdinaryName() throws {
        let sel = try select("SELECT * FROM db.`my table`")
        guard case .table(let ref)? = sel?.from.first else { return }
        #expect(ref.source == .name(QualifiedName("db", "my table")))
    }

    @Test func timeTravel() throws {
        func travel(_ sql: String) throws -> (TableSource, TimeTravel?, TableAlias?) {
            let sel = try select(sql)
            guard case .table(let ref)? = sel?.from.first else { throw QueryError(.syntax, "no table") }
            return (ref.source, ref.timeTravel, ref.alias)
        }
        let v12 = TimeTravel.version(int("12"))
        #expect(try travel("SELECT * FROM delta.`/path/t@v12`") == (.path(format: Identifier("delta"), path: "/path/t"), v12, nil))
        #expect(try travel("SELECT * FROM events@v12 e") == (.name(QualifiedName("events")), v12, TableAlias(name: Identifier("e"))))
        #expect(try travel("SELECT * FROM s.events@V12") == (.name(QualifiedName("s", "events")), v12, nil))
        #expect(try travel("SELECT * FROM events VERSION AS OF 12") == (.name(QualifiedName("events")), v12, nil))
        #expect(try travel("SELECT * FROM events FOR VERSION AS OF 12 AS e") == (.name(QualifiedName("events")), v12, TableAlias(name: Identifier("e"))))
        #expect(try travel("SELECT * FROM events FOR SYSTEM_VERSION AS OF 12") == (.name(QualifiedName("events")), v12, nil))
        let ts = TimeTravel.timestamp(Expression(.literal(.string("2024-01-31"))))
        #expect(try travel("SELECT * FROM events TIMESTAMP AS OF '2024-01-31' e") == (.name(QualifiedName("events")), ts, TableAlias(name: Identifier("e"))))
        #expect(try travel("SELECT * FROM events FOR TIMESTAMP AS OF '2024-01-31'") == (.name(QualifiedName("events")), ts, nil))
        #expect(try travel("SELECT * FROM events FOR SYSTEM_TIME AS OF '2024-01-31'") == (.name(QualifiedName("events")), ts, nil))
        let stamped = TimeTravel.timestamp(Expression(.literal(.string("2019-01-01 00:00:00.000"))))
        #expect(try travel("SELECT * FROM events@20190101000000000") == (.name(QualifiedName("events")), stamped, nil))
        #expect(try travel("SELECT * FROM delta.`/t@20190101000000000`") == (.path(format: Identifier("delta"), path: "/t"), stamped, nil))
        _ = try roundTrip("SELECT * FROM t TIMESTAMP AS OF current_timestamp() - INTERVAL 1 DAY")
        #expect(syntaxError("SELECT * FROM t@v1 VERSION AS OF 2")?.message.contains("more than one time travel") == true)
        #expect(syntaxError("SELECT * FROM t@x") != nil)
        // A table may be named `version` or aliased so.
        _ = try roundTrip("SELECT version.x FROM version")
        _ = try roundTrip("SELECT v.x FROM t AS version JOIN u AS v ON true")
    }

    @Test func tableValuedFunctions() throws {
        let sel = try select("SELECT * FROM table_changes('events', 1, 3) AS c JOIN range(10) r ON c.id = r.id")
        guard case .join(let j)? = sel?.from.first, case .function(let changes) = j.left, case .function(let range) = j.right else {
            Issue.record("expected table functions")
            return
        }
        #expect(changes.name == QualifiedName("table_changes"))
        #expect(changes.arguments.count == 3)
        #expect(changes.alias?.name.name == "c")
        #expect(range.alias?.name.name == "r")
        _ = try roundTrip("SELECT * FROM read_files('/landing/*.csv', format => 'csv', header => true)")
        _ = try roundTrip("SELECT * FROM my_tvf()")
    }

    // MARK: TPC-H

    @Test func tpchQ1() throws {
        let s = try roundTrip("""
            select
                l_returnflag,
                l_linestatus,
                sum(l_quantity) as sum_qty,
                sum(l_extendedprice) as sum_base_price,
                sum(l_extendedprice * (1 - l_discount)) as sum_disc_price,
                sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)) as sum_charge,
                avg(l_quantity) as avg_qty,
                avg(l_extendedprice) as avg_price,
                avg(l_discount) as avg_disc,
                count(*) as count_order
            from
                lineitem
            where
                l_shipdate <= date '1998-12-01' - interval '90' day
            group by
                l_returnflag,
                l_linestatus
            order by
                l_returnflag,
                l_linestatus;
            """)
        guard let q = query(s), case .select(let sel) = q.body else { return }
        #expect(sel.items.count == 10)
        #expect(sel.whereClause == bin(
            .lessOrEqual, col("l_shipdate"),
            bin(.minus, Expression(.literal(.date("1998-12-01"))), Expression(.literal(.interval(.units([.init(value: "90", unit: .day)])))))))
        #expect(q.orderBy.count == 2)
    }

    @Test func tpchQ6() throws {
        let s = try roundTrip("""
            select
                sum(l_extendedprice * l_discount) as revenue
            from
                lineitem
            where
                l_shipdate >= date '1994-01-01'
                and l_shipdate < date '1994-01-01' + interval '1' year
                and l_discount between .06 - 0.01 and .06 + 0.01
                and l_quantity < 24;
            """)
        guard let q = query(s), case .select(let sel) = q.body, let w = sel.whereClause else { return }
        guard case .binary(.and, let first3, let quantity) = w.kind,
            case .binary(.and, _, let between) = first3.kind,
            case .between(let d, let low, let high, false) = between.kind
        else {
            Issue.record("unexpected WHERE shape \(w)")
            return
        }
        #expect(d == col("l_discount"))
        #expect(low == bin(.minus, Expression(.literal(.decimal(".06"))), Expression(.literal(.decimal("0.01")))))
        #expect(high == bin(.plus, Expression(.literal(.decimal(".06"))), Expression(.literal(.decimal("0.01")))))
        #expect(quantity == bin(.less, col("l_quantity"), int("24")))
    }
}
