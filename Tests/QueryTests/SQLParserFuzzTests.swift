import Testing
import Query

/// A small deterministic generator (SplitMix64) so fuzz failures are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct SQLParserFuzzTests {
    static let vocabulary: [String] = [
        "SELECT", "DISTINCT", "FROM", "WHERE", "GROUP", "BY", "ALL", "HAVING", "ORDER", "ASC", "DESC", "NULLS", "FIRST",
        "LAST", "LIMIT", "OFFSET", "UNION", "INTERSECT", "EXCEPT", "MINUS", "WITH", "AS", "VALUES", "JOIN", "INNER",
        "LEFT", "RIGHT", "FULL", "OUTER", "CROSS", "SEMI", "ANTI", "ON", "USING", "AND", "OR", "NOT", "IN", "IS", "NULL",
        "TRUE", "FALSE", "BETWEEN", "LIKE", "ILIKE", "RLIKE", "ESCAPE", "EXISTS", "CASE", "WHEN", "THEN", "ELSE", "END",
        "CAST", "TRY_CAST", "EXTRACT", "INTERVAL", "DAY", "DAYS", "TO", "SECOND", "DATE", "TIMESTAMP", "OVER",
        "PARTITION", "ROWS", "RANGE", "UNBOUNDED", "PRECEDING", "FOLLOWING", "CURRENT", "ROW", "FILTER", "WINDOW",
        "QUALIFY", "DIV", "VERSION", "OF", "FOR", "CREATE", "OR", "REPLACE", "TABLE", "IF", "SCHEMA", "PARTITIONED",
        "CLUSTER", "LOCATION", "COMMENT", "TBLPROPERTIES", "CONSTRAINT", "CHECK", "GENERATED", "ALWAYS", "DEFAULT",
        "INSERT", "INTO", "OVERWRITE", "ALTER", "ADD", "COLUMN", "COLUMNS", "DROP", "RENAME", "SET", "UNSET", "SHOW",
        "TABLES", "SCHEMAS", "DESCRIBE", "DETAIL", "HISTORY", "EXTENDED", "EXPLAIN", "DELETE", "UPDATE", "MERGE",
        "MATCHED", "SOURCE", "TARGET", "OPTIMIZE", "ZORDER", "VACUUM", "RETAIN", "HOURS", "DRY", "RUN", "RESTORE", "USE",
        "INT", "STRING", "DECIMAL", "ARRAY", "MAP", "STRUCT", "a", "b", "t", "u", "x", "date", "key", "value", "count",
        "sum", "delta", "1", "0", "42", "1.5", ".5", "1e3", "10L", "2BD", "'s'", "'it''s'", "\"dq\"", "X'0A'",
        "`q`", "`a b`", "${p}", ":p", "?", "(", ")", "(", ")", ",", ",", ".", ";", "*", "+", "-", "/", "%", "=", "==",
        "<>", "!=", "<", "<=", ">", ">=", "<=>", "||", "|", "&", "^", "~", "!", "::", ":", "@", "@v1", "->", "=>", "[",
        "]", "/* c */", "--c\n", "delta.`/p`", "*",
    ]
    static let broken = ["'open", "\"open", "`open", "/* open", "${open", "$", "#", "\\", "X'GG'", "'\\u12'"]

    static let corpus = [
        "SELECT a, b AS c FROM t WHERE x = 1 AND y <> 'z' ORDER BY a DESC NULLS LAST LIMIT 10",
        "SELECT l_returnflag, sum(l_extendedprice * (1 - l_discount)) AS s FROM lineitem WHERE l_shipdate <= date '1998-12-01' - interval '90' day GROUP BY l_returnflag ORDER BY l_returnflag",
        "WITH a AS (SELECT 1 x) SELECT * EXCEPT (x) FROM a UNION ALL SELECT 2 INTERSECT (SELECT 3)",
        "SELECT count(*) FILTER (WHERE y > 0) OVER (PARTITION BY k ORDER BY d ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM t GROUP BY ALL",
        "SELECT * FROM delta.`/p/t@v12` x LEFT ANTI JOIN t2@v3 USING (k) CROSS JOIN (SELECT 1) s(a) JOIN table_changes('t', 1) c ON c.a = s.a",
        "CREATE OR REPLACE TABLE s.t (a INT NOT NULL COMMENT 'c', b STRUCT<x: INT, y ARRAY<MAP<STRING, DECIMAL(10,2)>>>, CONSTRAINT c1 CHECK (a > 0)) USING DELTA PARTITIONED BY (a) TBLPROPERTIES ('k' = 'v')",
        "MERGE INTO t USING (SELECT * FROM s) s ON t.k = s.k WHEN MATCHED AND s.d THEN DELETE WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT (a) VALUES (s.a) WHEN NOT MATCHED BY SOURCE THEN UPDATE SET x = 1",
        "SELECT CASE WHEN a BETWEEN 1 AND 2 THEN CAST(b AS STRING) ELSE TRY_CAST(c AS INT) END, x::BIGINT, m['k'].f, transform(xs, v -> v + 1) FROM t",
        "INSERT OVERWRITE TABLE t REPLACE WHERE d = :d SELECT * FROM s WHERE a IN (${ids}) AND b NOT LIKE 'x%' ESCAPE '!' AND c IS NOT NULL",
        "ALTER TABLE t ADD COLUMNS (a INT COMMENT 'x'); UPDATE t SET a = a + 1 WHERE b; DELETE FROM t WHERE c; OPTIMIZE t ZORDER BY (a); VACUUM t RETAIN 7 HOURS DRY RUN",
        "SELECT INTERVAL '1 2:03' DAY TO MINUTE, INTERVAL 3 DAYS, X'0AFF', 1.5e-3, 10L, -(-1), ? FROM t@20190101000000000",
        "SET spark.sql.ansi.enabled = true; USE SCHEMA s; SHOW TABLES IN s LIKE 'a*'; DESCRIBE HISTORY t LIMIT 1; RESTORE t TO VERSION AS OF 3",
    ]

    /// Parses `sql`; success must round-trip, failure must be a positioned syntax error.
    @discardableResult
    func check(_ sql: String) -> Bool {
        let statements: [Statement]
        do {
            statements = try SQLParser.parseScript(sql)
        } catch {
            #expect(error.code == .syntax, "\(sql)")
            #expect(error.line != nil && error.column != nil, "unpositioned error for \(sql): \(error)")
            if let line = error.line, let column = error.column {
                #expect(line >= 1 && column >= 1, "\(sql)")
            }
            return false
        }
        for statement in statements {
            let printed = statement.description
            do {
                let again = try SQLParser.parseStatement(printed)
                #expect(again == statement, "round trip changed the AST:\n  input: \(sql)\n  printed: \(printed)\n  again: \(again)")
            } catch {
                Issue.record("printed form does not parse:\n  input: \(sql)\n  printed: \(printed)\n  \(error)")
            }
        }
        return true
    }

    @Test(arguments: 0..<8)
    func randomTokenSoup(seed: UInt64) {
        var rng = SplitMix64(state: 0x5EED_0000 + seed)
        for _ in 0..<400 {
            let count = Int.random(in: 1...30, using: &rng)
            var sql = ""
            for _ in 0..<count {
                let piece = Int.random(in: 0..<100, using: &rng) < 3
                    ? Self.broken.randomElement(using: &rng)!
                    : Self.vocabulary.randomElement(using: &rng)!
                sql += piece
                sql += Int.random(in: 0..<5, using: &rng) == 0 ? "" : " "
            }
            check(sql)
        }
    }

    @Test(arguments: 0..<8)
    func randomMutationsOfValidSQL(seed: UInt64) {
        var rng = SplitMix64(state: 0xC0FFEE + seed)
        var parsed = 0
        for _ in 0..<400 {
            var chars = Array(Self.corpus.randomElement(using: &rng)!)
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                guard !chars.isEmpty else { break }
                let i = Int.random(in: 0..<chars.count, using: &rng)
                switch Int.random(in: 0..<6, using: &rng) {
                case 0:
                    chars.removeSubrange(i..<min(chars.count, i + Int.random(in: 1...8, using: &rng)))
                case 1:
                    chars.insert(contentsOf: Array(Self.vocabulary.randomElement(using: &rng)! + " "), at: i)
                case 2:
                    chars[i] = Array("()[]<>,.;'`\"*-+=:/ \n$@!?|").randomElement(using: &rng)!
                case 3:
                    let j = Int.random(in: 0..<chars.count, using: &rng)
                    chars.swapAt(i, j)
                case 4:
                    chars.removeSubrange(i...)
                default:
                    let j = min(chars.count, i + Int.random(in: 1...20, using: &rng))
                    chars.insert(contentsOf: chars[i..<j], at: i)
                }
            }
            if check(String(chars)) { parsed += 1 }
        }
        #expect(parsed > 10, "some mutations stay valid and must round-trip")
    }

    @Test(arguments: 0..<8)
    func randomGrammarRoundTrips(seed: UInt64) {
        var generator = RandomSQL(rng: SplitMix64(state: 0xA11CE + seed))
        var parsed = 0
        for _ in 0..<300 {
            let sql = generator.statement()
            if check(sql) { parsed += 1 }
        }
        // The generator sometimes leaves a predicate unparenthesized where SQL needs parentheses
        // (`x IN (1)::INT`); those are rejected, but most statements are valid.
        #expect(parsed > 260, "\(parsed) of 300 generated statements parsed")
    }

    @Test func theCorpusItselfParsesAndRoundTrips() throws {
        for sql in Self.corpus {
            #expect(try !SQLParser.parseScript(sql).isEmpty)
            check(sql)
        }
    }

    // MARK: Depth

    @Test(arguments: [
        String(repeating: "(", count: 10_000),
        "SELECT " + String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000),
        "SELECT " + String(repeating: "NOT ", count: 10_000) + "a",
        "SELECT " + String(repeating: "- ", count: 10_000) + "1",
        "SELECT " + String(repeating: "f(", count: 10_000) + "1" + String(repeating: ")", count: 10_000),
        "SELECT " + String(repeating: "CASE WHEN a THEN ", count: 5_000) + "1" + String(repeating: " END", count: 5_000),
        "SELECT " + Array(repeating: "a", count: 10_000).joined(separator: " AND "),
        "SELECT " + Array(repeating: "a", count: 10_000).joined(separator: " + "),
        "SELECT a" + String(repeating: "[1]", count: 10_000),
        "SELECT a" + String(repeating: "::INT", count: 10_000),
        "SELECT CAST(x AS " + String(repeating: "ARRAY<", count: 10_000) + "INT" + String(repeating: ">", count: 10_000) + ")",
        "SELECT * FROM " + String(repeating: "(SELECT * FROM ", count: 5_000) + "t" + String(repeating: ")", count: 5_000),
        "SELECT " + String(repeating: "(SELECT ", count: 5_000) + "1" + String(repeating: ")", count: 5_000),
        "SELECT * FROM " + String(repeating: "(", count: 10_000) + "t" + String(repeating: ")", count: 10_000),
        "SELECT a WHERE " + String(repeating: "a IN (", count: 10_000) + "1" + String(repeating: ")", count: 10_000),
        Array(repeating: "SELECT 1", count: 10_000).joined(separator: " UNION ALL "),
        "SELECT * FROM t" + String(repeating: " JOIN t ON a", count: 10_000),
        String(repeating: "EXPLAIN ", count: 10_000) + "SELECT 1",
        "SELECT " + String(repeating: "(SELECT 1) IN (", count: 5_000) + "1" + String(repeating: ")", count: 5_000),
        "SELECT " + String(repeating: "x -> ", count: 10_000) + "1",
        "SELECT " + String(repeating: "f(x -> ", count: 10_000) + "1" + String(repeating: ")", count: 10_000),
    ])
    func deepNestingThrowsInsteadOfOverflowing(sql: String) {
        do {
            _ = try SQLParser.parseScript(sql)
            Issue.record("expected a syntax error for \(sql.prefix(40))...")
        } catch {
            #expect(error.code == .syntax)
            #expect(error.line != nil)
        }
    }

    @Test func nestingWithinTheLimitParsesPrintsAndCompares() throws {
        let depth = 60
        for sql in [
            "SELECT " + String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth),
            "SELECT " + String(repeating: "f(", count: depth) + "1" + String(repeating: ")", count: depth),
            "SELECT " + String(repeating: "(SELECT ", count: depth / 3) + "1" + String(repeating: ")", count: depth / 3),
            "SELECT " + Array(repeating: "a", count: 200).joined(separator: " OR "),
            Array(repeating: "SELECT 1", count: 200).joined(separator: " UNION ALL "),
        ] {
            let s = try roundTrip(sql)
            var hasher = Hasher()
            hasher.combine(s)
            _ = hasher.finalize()
        }
    }

    @Test func longFlatInputsStayFast() throws {
        // Wide (not deep) inputs: long IN lists, many statements, long literals, many columns.
        let inList = "SELECT * FROM t WHERE a IN (" + (0..<20_000).map(String.init).joined(separator: ", ") + ")"
        let script = Array(repeating: "SELECT a, b FROM t WHERE c = 'x';", count: 2_000).joined(separator: "\n")
        let literal = "SELECT '" + String(repeating: "x", count: 1_000_000) + "'"
        let columns = "SELECT " + (0..<5_000).map { "c\($0)" }.joined(separator: ", ") + " FROM t"
        let clock = ContinuousClock()
        for sql in [inList, script, literal, columns] {
            let elapsed = try clock.measure { _ = try SQLParser.parseScript(sql) }
            #expect(elapsed < .seconds(5), "\(sql.prefix(30))... took \(elapsed)")
        }
    }

    @Test func parsingTimeGrowsLinearly() throws {
        func time(_ n: Int) throws -> Duration {
            let sql = "SELECT " + (0..<n).map { "f(c\($0), 'x') + \($0)" }.joined(separator: ", ") + " FROM t WHERE "
                + (0..<n).map { "a\($0) IN (1, 2)" }.joined(separator: " AND ").prefix(1) + "x = 1"
            let clock = ContinuousClock()
            var best = Duration.seconds(1000)
            for _ in 0..<3 {
                let d = try clock.measure { _ = try SQLParser.parseScript(sql) }
                best = min(best, d)
            }
            return best
        }
        let small = try time(2_000)
        let large = try time(16_000)
        // 8× the input: linear ≈ 8×, quadratic ≈ 64×.
        #expect(large < small * 24, "2k items: \(small), 16k items: \(large)")
    }
}
