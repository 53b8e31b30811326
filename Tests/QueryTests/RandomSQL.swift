/// Generates random, mostly valid SQL from a small grammar, for round-trip fuzzing.
struct RandomSQL {
    var rng: SplitMix64

    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &rng) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items.randomElement(using: &rng)! }
    mutating func count(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }

    mutating func name() -> String {
        pick(["a", "b", "c", "x1", "MyCol", "date", "year", "key", "value", "version", "comment", "timestamp", "`select`", "`a b`", "`x``y`", "_u"])
    }

    mutating func column() -> String {
        switch count(0...3) {
        case 0: return name() + "." + name()
        case 1: return "s." + name() + "." + name()
        default: return name()
        }
    }

    mutating func literal() -> String {
        pick([
            "0", "42", "123456789012345678901234567890", "1.5", ".5", "1e3", "2.5E-3", "10L", "7S", "1Y", "2.5D", "3F", "1.25BD",
            "'s'", "'it''s'", "'a\\tb\\n'", "'\\u00e9'", "\"dq\"", "r'raw\\n'", "''", "X'0AFF'", "TRUE", "false", "NULL",
            "DATE '2024-01-31'", "TIMESTAMP '2024-01-31 10:00:00'", "TIMESTAMP_NTZ '2024-01-01'", "INTERVAL 3 DAYS",
            "INTERVAL '1 2:03' DAY TO MINUTE", "INTERVAL -1 YEAR 2 MONTHS", "INTERVAL '2 hours'", "INTERVAL '5' SECOND",
        ])
    }

    mutating func type(_ depth: Int) -> String {
        if depth > 2 { return pick(["INT", "STRING", "DATE"]) }
        switch count(0...9) {
        case 0: return "ARRAY<\(type(depth + 1))>"
        case 1: return "MAP<\(type(depth + 1)), \(type(depth + 1))>"
        case 2: return "STRUCT<\(name()): \(type(depth + 1)), \(name()) \(type(depth + 1)) NOT NULL>"
        case 3: return pick(["DECIMAL(10, 2)", "DECIMAL(5)", "DECIMAL", "VARCHAR(10)", "CHAR(3)", "INTERVAL DAY TO SECOND", "INTERVAL YEAR"])
        default:
            return pick(["BOOLEAN", "TINYINT", "BYTE", "SMALLINT", "INT", "INTEGER", "BIGINT", "LONG", "FLOAT", "REAL", "DOUBLE", "STRING", "BINARY", "DATE", "TIMESTAMP", "TIMESTAMP_NTZ", "TIMESTAMP_LTZ"])
        }
    }

    /// An operand: parenthesized unless atomic or by chance.
    mutating func operand(_ depth: Int) -> String {
        let (text, atomic) = expressionWithShape(depth + 1)
        return atomic || chance(20) && !text.hasPrefix("NOT") ? text : "(" + text + ")"
    }

    mutating func expression(_ depth: Int) -> String { expressionWithShape(depth).0 }

    mutating func expressionWithShape(_ depth: Int) -> (String, Bool) {
        if depth > 4 || chance(25) {
            switch count(0...5) {
            case 0: return (literal(), true)
            case 1: return (pick([":p", "${q}", "?", ":run_date"]), true)
            default: return (column(), true)
            }
        }
        switch count(0...22) {
        case 0: return ("\(pick(["-", "+", "~"])) \(operand(depth))", false)
        case 1: return ("NOT \(operand(depth))", false)
        case 2, 3, 4:
            let op = pick(["OR", "AND", "=", "==", "<>", "!=", "<", "<=", ">", ">=", "<=>", "|", "^", "&", "+", "-", "||", "*", "/", "%", "DIV"])
            return ("\(operand(depth)) \(op) \(operand(depth))", false)
        case 5: return ("\(operand(depth)) IS \(pick(["", "NOT "]))\(pick(["NULL", "TRUE", "FALSE", "UNKNOWN"]))", false)
        case 6: return ("\(operand(depth)) IS \(pick(["", "NOT "]))DISTINCT FROM \(operand(depth))", false)
        case 7: return ("\(operand(depth)) \(pick(["", "NOT "]))BETWEEN \(operand(depth)) AND \(operand(depth))", false)
        case 8: return ("\(operand(depth)) \(pick(["", "NOT "]))IN (\(list(depth)))", false)
        case 9: return ("\(operand(depth)) \(pick(["", "NOT "]))IN (\(query(depth + 1)))", false)
        case 10:
            let kind = pick(["LIKE", "ILIKE", "RLIKE"])
            let escape = kind != "RLIKE" && chance(30) ? " ESCAPE '!'" : ""
            return ("\(operand(depth)) \(pick(["", "NOT "]))\(kind) \(operand(depth))\(escape)", false)
        case 11: return ("\(pick(["", "NOT "]))EXISTS (\(query(depth + 1)))", false)
        case 12: return ("(\(query(depth + 1)))", true)
        case 13: return ("\(pick(["CAST", "TRY_CAST"]))(\(expression(depth + 1)) AS \(type(0)))", true)
        case 14: return ("\(operand(depth))::\(type(1))", false)
        case 15: return (call(depth), true)
        case 16:
            var s = "CASE"
            if chance(50) { s += " " + expression(depth + 1) }
            for _ in 0..<count(1...3) { s += " WHEN \(expression(depth + 1)) THEN \(expression(depth + 1))" }
            if chance(50) { s += " ELSE \(expression(depth + 1))" }
            return (s + " END", true)
        case 17: return ("EXTRACT(\(pick(["YEAR", "month", "DOW"])) FROM \(expression(depth + 1)))", true)
        case 18: return ("\(operand(depth))[\(expression(depth + 1))]", false)
        case 19: return ("\(pick(["f(x)", "(s)", "m['k']", "struct(a, b)"])).\(name())", false)
        case 20: return ("(\(list(depth)), \(expression(depth + 1)))", true)
        case 21: return ("(\(expression(depth + 1)))", true)
        default: return (pick(["current_date", "CURRENT_TIMESTAMP", "left('abc', 2)", "count(*)"]), true)
        }
    }

    mutating func list(_ depth: Int) -> String {
        (0..<count(1...3)).map { _ in expression(depth + 1) }.joined(separator: ", ")
    }

    mutating func call(_ depth: Int) -> String {
        let fn = pick(["f", "sum", "count", "s.udf", "coalesce", "transform", "`weird fn`"])
        var args: [String] = []
        for _ in 0..<count(0...3) {
            switch count(0...9) {
            case 0: args.append("\(name()) -> \(expression(depth + 1))")
            case 1: args.append("(acc, v) -> acc + v")
            case 2: args.append("\(name()) => \(expression(depth + 1))")
            default: args.append(expression(depth + 1))
            }
        }
        var s = fn + "(" + (args.isEmpty && chance(30) ? "*" : (chance(15) && !args.isEmpty ? "DISTINCT " : "") + args.joined(separator: ", ")) + ")"
        if chance(15) { s += " WITHIN GROUP (ORDER BY \(orderItem(depth)))" }
        if chance(15) { s += " FILTER (WHERE \(expression(depth + 1)))" }
        if chance(10) { s += pick([" IGNORE NULLS", " RESPECT NULLS"]) }
        if chance(20) { s += " OVER " + window(depth) }
        return s
    }

    mutating func window(_ depth: Int) -> String {
        if chance(20) { return "w" }
        return windowSpecification(depth)
    }

    mutating func windowSpecification(_ depth: Int) -> String {
        var parts: [String] = []
        if chance(20) { parts.append("w") }
        if chance(60) { parts.append("PARTITION BY " + list(depth)) }
        if chance(60) { parts.append("ORDER BY " + orderItem(depth)) }
        if chance(40) {
            let bound = { (g: inout RandomSQL) -> String in
                g.pick(["UNBOUNDED PRECEDING", "CURRENT ROW", "UNBOUNDED FOLLOWING", "3 PRECEDING", "2 FOLLOWING", "INTERVAL 1 DAY PRECEDING"])
            }
            let units = pick(["ROWS", "RANGE"])
            parts.append(chance(50) ? "\(units) BETWEEN \(bound(&self)) AND \(bound(&self))" : "\(units) \(bound(&self))")
        }
        return "(" + parts.joined(separator: " ") + ")"
    }

    mutating func orderItem(_ depth: Int) -> String {
        expression(depth + 1) + pick(["", " ASC", " DESC"]) + pick(["", " NULLS FIRST", " NULLS LAST"])
    }

    mutating func table(_ depth: Int) -> String {
        var s: String
        switch count(0...9) {
        case 0: s = "(\(query(depth + 1)))"
        case 1: s = pick(["delta.`/p/t`", "parquet.`/d/*.parquet`", "delta.`/p/t@v3`", "csv.`x.csv`"])
        case 2: s = pick(["range(10)", "table_changes('t', 1, 2)", "read_files('/p', format => 'csv')"])
        case 3: s = "VALUES (1, 2), (3, 4)"
        default: s = pick(["t", "s.t", "c.s.t", "`my t`", "date"])
            if chance(20) { s += pick(["@v12", " VERSION AS OF 3", " FOR TIMESTAMP AS OF '2024-01-01'", "@20240101000000000"]) }
        }
        if chance(60) { s += pick([" AS ", " "]) + pick(["x", "t2", "`al ias`"]) + (chance(20) ? "(p, q)" : "") }
        return s
    }

    mutating func from(_ depth: Int) -> String {
        var s = table(depth)
        for _ in 0..<count(0...2) {
            let kind = pick(["JOIN", "INNER JOIN", "LEFT JOIN", "LEFT OUTER JOIN", "RIGHT JOIN", "FULL OUTER JOIN", "CROSS JOIN", "LEFT SEMI JOIN", "LEFT ANTI JOIN", "ANTI JOIN"])
            s += " \(kind) \(table(depth))"
            if kind != "CROSS JOIN" { s += chance(70) ? " ON \(expression(depth + 1))" : " USING (\(name()), k)" }
        }
        return s
    }

    mutating func select(_ depth: Int) -> String {
        var items: [String] = []
        for _ in 0..<count(1...4) {
            switch count(0...9) {
            case 0: items.append(pick(["*", "t.*", "* EXCEPT (a, b.c)", "s.t.*"]))
            case 1, 2: items.append(expression(depth + 1) + pick([" AS ", " "]) + pick(["alias", "`x y`", "n"]))
            default: items.append(expression(depth + 1))
            }
        }
        var s = "SELECT " + pick(["", "DISTINCT ", "ALL "]) + items.joined(separator: ", ")
        if chance(80) { s += " FROM " + from(depth) + (chance(20) ? ", " + table(depth) : "") }
        if chance(50) { s += " WHERE " + expression(depth + 1) }
        if chance(30) { s += " GROUP BY " + (chance(30) ? "ALL" : list(depth)) }
        if chance(20) { s += " HAVING " + expression(depth + 1) }
        if chance(10) { s += " WINDOW w AS " + windowSpecification(depth) }
        if chance(10) { s += " QUALIFY " + expression(depth + 1) }
        return s
    }

    mutating func query(_ depth: Int) -> String {
        var s = ""
        if chance(15) && depth < 3 { s += "WITH cte" + (chance(30) ? " (a, b)" : "") + " AS (\(query(depth + 1))) " }
        s += body(depth)
        if chance(30) { s += " ORDER BY " + orderItem(depth) }
        if chance(30) { s += " LIMIT " + pick(["10", "ALL", ":n"]) + (chance(30) ? " OFFSET 5" : "") }
        return s
    }

    mutating func body(_ depth: Int) -> String {
        if depth > 3 { return "SELECT 1" }
        switch count(0...9) {
        case 0: return "VALUES (\(list(depth))), (\(list(depth)))"
        case 1, 2:
            let op = pick(["UNION", "UNION ALL", "UNION DISTINCT", "INTERSECT", "EXCEPT", "MINUS", "INTERSECT ALL"])
            return "\(body(depth + 1)) \(op) \(chance(30) ? "(" + query(depth + 1) + ")" : body(depth + 1))"
        default: return select(depth)
        }
    }

    mutating func statement() -> String {
        switch count(0...19) {
        case 0: return "INSERT \(pick(["INTO", "OVERWRITE TABLE", "INTO TABLE"])) t\(chance(40) ? " (a, b)" : "")\(chance(20) ? " REPLACE WHERE " + expression(1) : "") \(query(1))"
        case 1: return "DELETE FROM t\(chance(40) ? " AS x" : "")\(chance(70) ? " WHERE " + expression(1) : "")"
        case 2: return "UPDATE t\(chance(40) ? " x" : "") SET a = \(expression(1)), s.f = \(expression(1))\(chance(70) ? " WHERE " + expression(1) : "")"
        case 3:
            var s = "MERGE INTO t AS tg USING \(table(1)) ON \(expression(1))"
            for _ in 0..<count(1...4) {
                s += pick([
                    " WHEN MATCHED THEN DELETE", " WHEN MATCHED AND \(expression(2)) THEN UPDATE SET a = \(expression(2))",
                    " WHEN MATCHED THEN UPDATE SET *", " WHEN NOT MATCHED THEN INSERT *",
                    " WHEN NOT MATCHED BY TARGET AND \(expression(2)) THEN INSERT (a, b) VALUES (1, \(expression(2)))",
                    " WHEN NOT MATCHED BY SOURCE THEN DELETE", " WHEN NOT MATCHED BY SOURCE THEN UPDATE SET b = 0",
                ])
            }
            return s
        case 4:
            return "CREATE \(pick(["", "OR REPLACE "]))TABLE \(pick(["", "IF NOT EXISTS "]))s.t (a \(type(0)) NOT NULL COMMENT 'c', b \(type(0)) GENERATED ALWAYS AS (\(expression(2))), c INT DEFAULT \(literal()), CONSTRAINT k CHECK (\(expression(2)))) USING DELTA PARTITIONED BY (a) CLUSTER BY (b) LOCATION '/l' COMMENT 'x' TBLPROPERTIES ('a' = 'b', c.d = 1)"
        case 5: return "CREATE TABLE t AS \(query(1))"
        case 6: return pick(["ALTER TABLE t ADD COLUMNS (a INT, b \(type(0)))", "ALTER TABLE t ADD CONSTRAINT c CHECK (\(expression(2)))", "ALTER TABLE t DROP CONSTRAINT IF EXISTS c", "ALTER TABLE t ALTER COLUMN a SET NOT NULL", "ALTER TABLE t SET TBLPROPERTIES ('k' = 'v')", "ALTER TABLE t UNSET TBLPROPERTIES ('k')", "ALTER TABLE t RENAME COLUMN a TO b"])
        case 7: return pick(["SHOW TABLES IN s LIKE 'a*'", "SHOW SCHEMAS", "DESCRIBE TABLE EXTENDED t", "DESCRIBE DETAIL t", "DESCRIBE HISTORY t LIMIT 3", "DROP TABLE IF EXISTS t", "CREATE SCHEMA IF NOT EXISTS s", "USE s"])
        case 8: return pick(["OPTIMIZE t WHERE \(expression(2)) ZORDER BY (a, b)", "VACUUM t RETAIN 24 HOURS DRY RUN", "RESTORE TABLE t TO VERSION AS OF 2", "SET spark.sql.ansi.enabled = \(pick(["true", "'x y'", "'a;b'", "/tmp/x"]))", "EXPLAIN \(query(1))"])
        default: return query(0)
        }
    }
}
