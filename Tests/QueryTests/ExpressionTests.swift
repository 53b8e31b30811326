import Testing
import Query

@Suite struct ExpressionTests {
    func parse(_ sql: String) throws -> Expression {
        try roundTripExpression(sql)
    }

    // MARK: Precedence

    @Test func precedenceOfTheBriefsExample() throws {
        let e = try parse("a OR b AND NOT c = d + e * f")
        let expected = bin(
            .or, col("a"),
            bin(.and, col("b"), Expression(.unary(.not, bin(.equal, col("c"), bin(.plus, col("d"), bin(.multiply, col("e"), col("f"))))))))
        #expect(e == expected)
        #expect(e.description == "a OR b AND NOT c = d + e * f")
    }

    @Test(arguments: [
        ("a - b - c", "(a - b) - c"),
        ("a / b * c % d DIV e", "(((a / b) * c) % d) DIV e"),
        ("a + b * c", "a + (b * c)"),
        ("a * b + c", "(a * b) + c"),
        ("'a' || 1 + 2", "('a' || 1) + 2"),
        ("a + b || c", "(a + b) || c"),
        ("a & b = c", "(a & b) = c"),
        ("a | b ^ c & d", "a | (b ^ (c & d))"),
        ("a + b & c", "(a + b) & c"),
        ("-a * b", "(-a) * b"),
        ("-a[1]", "-(a[1])"),
        ("~a + 1", "(~a) + 1"),
        ("NOT a = b", "NOT (a = b)"),
        ("NOT a AND b", "(NOT a) AND b"),
        ("NOT NOT a", "NOT (NOT a)"),
        ("a = b = c", "(a = b) = c"),
        ("a = b IS NULL", "(a = b) IS NULL"),
        ("a BETWEEN 1 AND 2 AND c", "(a BETWEEN 1 AND 2) AND c"),
        ("a BETWEEN b + 1 AND c * 2", "a BETWEEN (b + 1) AND (c * 2)"),
        ("a LIKE 'x' OR b", "(a LIKE 'x') OR b"),
        ("a || b LIKE c || d", "(a || b) LIKE (c || d)"),
        ("a IN (1, 2) AND b NOT IN (3)", "(a IN (1, 2)) AND (b NOT IN (3))"),
        ("a OR b OR c", "(a OR b) OR c"),
        ("a AND b OR c AND d", "(a AND b) OR (c AND d)"),
        ("x::INT + 1", "CAST(x AS INT) + 1"),
        ("-x::INT", "-(CAST(x AS INT))"),
        ("a.b[0].c", "((a.b)[0]).c"),
        ("EXISTS (SELECT 1) AND a", "(EXISTS (SELECT 1)) AND a"),
        ("a <=> b AND c != d AND e <> f AND g == h", "(((a <=> b) AND (c <> d)) AND (e <> f)) AND (g = h)"),
    ])
    func precedenceMatchesExplicitParentheses(sql: String, parenthesized: String) throws {
        #expect(try parse(sql) == (try parse(parenthesized)))
    }

    @Test func notBindsOnlyWhereABooleanOperandMayStart() throws {
        #expect(syntaxError("SELECT a = NOT b") != nil)
        #expect(syntaxError("SELECT a + NOT b") != nil)
        #expect(try parse("a = (NOT b)").description == "a = (NOT b)")
        #expect(try parse("!a").description == "NOT a")
    }

    @Test func unaryMinusNeverPrintsAsAComment() throws {
        let e = try parse("- -1")
        #expect(e == Expression(.unary(.minus, Expression(.unary(.minus, int("1"))))))
        #expect(e.description == "-(-1)")
        #expect(try parse("a - -b").description == "a - -b")
        #expect(try parse("1 - (2 - 3)").description == "1 - (2 - 3)")
    }

    // MARK: Literals

    @Test(arguments: [
        ("42", Literal.integer("42")),
        ("12345678901234567890123", .integer("12345678901234567890123")),
        ("1.50", .decimal("1.50")),
        (".5", .decimal(".5")),
        ("1e3", .scientific("1e3")),
        ("1.5E-2", .scientific("1.5E-2")),
        ("10L", .typedNumber("10", .bigint)),
        ("3.25BD", .typedNumber("3.25", .decimal)),
        ("2D", .typedNumber("2", .double)),
        ("'it''s'", .string("it's")),
        ("'a' 'b'  \"c\"", .string("abc")),
        ("X'0AFF'", .binary([0x0A, 0xFF])),
        ("X'ABC'", .binary([0x0A, 0xBC])),
        ("TRUE", .boolean(true)),
        ("false", .boolean(false)),
        ("NULL", .null),
        ("DATE '2024-01-31'", .date("2024-01-31")),
        ("TIMESTAMP '2024-01-31 12:00:00'", .timestamp("2024-01-31 12:00:00")),
        ("TIMESTAMP_NTZ '2024-01-31 12:00'", .timestampNTZ("2024-01-31 12:00")),
        ("timestamp_ltz '2024-01-31'", .timestampLTZ("2024-01-31")),
        ("INTERVAL '3' DAY", .interval(.units([.init(value: "3", unit: .day)]))),
        ("INTERVAL 3 DAYS", .interval(.units([.init(value: "3", unit: .day)]))),
        ("INTERVAL -2 hours", .interval(.units([.init(value: "-2", unit: .hour)]))),
        ("INTERVAL '-2' HOUR", .interval(.units([.init(value: "-2", unit: .hour)]))),
        ("INTERVAL 1 YEAR 2 MONTHS 3 WEEKS", .interval(.units([.init(value: "1", unit: .year), .init(value: "2", unit: .month), .init(value: "3", unit: .week)]))),
        ("INTERVAL 1.5 SECONDS", .interval(.units([.init(value: "1.5", unit: .second)]))),
        ("INTERVAL 10 MINUTE", .interval(.units([.init(value: "10", unit: .minute)]))),
        ("INTERVAL 5 milliseconds 3 MICROSECOND", .interval(.units([.init(value: "5", unit: .millisecond), .init(value: "3", unit: .microsecond)]))),
        ("INTERVAL '1 2:03' DAY TO MINUTE", .interval(.range("1 2:03", from: .day, to: .minute))),
        ("INTERVAL '1-2' YEAR TO MONTH", .interval(.range("1-2", from: .year, to: .month))),
        ("INTERVAL '1 day 2 hours'", .interval(.string("1 day 2 hours"))),
    ] as [(String, Literal)])
    func literals(sql: String, literal: Literal) throws {
        #expect(try parse(sql) == Expression(.literal(literal)))
    }

    @Test func stringsPrintWithEscapesThatReparse() throws {
        let e = try parse("'quote '' back\\\\slash \\n newline \\t tab \\u0001 ctl'")
        #expect(e == Expression(.literal(.string("quote ' back\\slash \n newline \t tab \u{1} ctl"))))
        #expect(e.description == "'quote \\' back\\\\slash \\n newline \\t tab \\u0001 ctl'")
    }

    @Test func intervalFollowedByArithmetic() throws {
        #expect(try parse("ts + INTERVAL 1 DAY - INTERVAL '2' HOURS") == (try parse("(ts + INTERVAL 1 DAY) - INTERVAL 2 HOUR")))
        #expect(syntaxError("SELECT INTERVAL 3 PARSECS") != nil)
    }

    // MARK: Names and parameters

    @Test func commonColumnNamesThatAreKeywordsElsewhere() throws {
        let sel = try select("SELECT date, year, key, value, timestamp, version, comment, type, month, day, hour, format, location, name FROM t")
        let names = sel?.items.compactMap { item -> String? in
            if case .expression(let e, nil) = item, case .column(let n) = e.kind { return n.last }
            return nil
        }
        #expect(names == ["date", "year", "key", "value", "timestamp", "version", "comment", "type", "month", "day", "hour", "format", "location", "name"])
    }

    @Test func dottedAndQuotedNames() throws {
        #expect(try parse("s.t.col") == Expression(.column(QualifiedName("s", "t", "col"))))
        #expect(try parse("`my table`.`weird``col`") == Expression(.column(QualifiedName("my table", "weird`col"))))
        #expect(try parse("t.`order`.from") == Expression(.column(QualifiedName("t", "order", "from"))))
        #expect(try parse("`select`").description == "`select`")
        #expect(try parse("`date`").description == "`date`")
    }

    @Test func parameters() throws {
        #expect(try parse(":run_date") == Expression(.parameter(.named("run_date"))))
        #expect(try parse("${da.paths.dir}") == Expression(.parameter(.substitution("da.paths.dir"))))
        let s = try roundTrip("SELECT * FROM t WHERE a = ? AND b IN (?, ?) AND c = :c")
        #expect(s.description == "SELECT * FROM t WHERE a = ? AND b IN (?, ?) AND c = :c")
        let statements = try SQLParser.parseScript("SELECT ?, ?; SELECT ?")
        #expect(statements.count == 2)
        guard case .query(let q) = statements[1], case .select(let sel) = q.body,
            case .expression(let e, _) = sel.items[0]
        else {
            Issue.record("unexpected shape")
            return
        }
        #expect(e == Expression(.parameter(.positional(0))), "positional markers are numbered per statement")
        guard case .query(let q0) = statements[0], case .select(let s0) = q0.body, case .expression(let second, _) = s0.items[1] else {
            Issue.record("unexpected shape")
            return
        }
        #expect(second == Expression(.parameter(.positional(1))))
        #expect(syntaxError("SELECT : x") != nil, "a named parameter is written without space")
    }

    @Test func databricksNotebookStyleParameters() throws {
        let s = try roundTrip("""
            SELECT *
            FROM sales
            WHERE region = :region
              AND sale_date BETWEEN :start_date AND :end_date
              AND store_id IN (${store_ids})
              AND amount > ${min_amount}
            LIMIT :row_limit
            """)
        #expect(s.description.contains("region = :region"))
        #expect(s.description.contains("BETWEEN :start_date AND :end_date"))
        #expect(s.description.contains("IN (${store_ids})"))
        #expect(s.description.contains("LIMIT :row_limit"))
        _ = try roundTrip("SELECT * FROM IDENTIFIER(:table_name) WHERE ts > date_sub(current_date(), ${days})")
    }

    // MARK: Predicates

    @Test func predicates() throws {
        #expect(try parse("a IS NOT NULL") == Expression(.isNull(col("a"), negated: true)))
        #expect(try parse("a IS TRUE") == Expression(.isBoolean(col("a"), value: true, negated: false)))
        #expect(try parse("a IS NOT FALSE") == Expression(.isBoolean(col("a"), value: false, negated: true)))
        #expect(try parse("a IS UNKNOWN") == Expression(.isBoolean(col("a"), value: nil, negated: false)))
        #expect(try parse("a IS NOT DISTINCT FROM b + 1") == Expression(.isDistinctFrom(col("a"), bin(.plus, col("b"), int("1")), negated: true)))
        #expect(try parse("a NOT BETWEEN 1 AND 10") == Expression(.between(col("a"), low: int("1"), high: int("10"), negated: true)))
        #expect(try parse("a NOT IN (1, 2)") == Expression(.inList(col("a"), [int("1"), int("2")], negated: true)))
        #expect(try parse("a LIKE 'x!%' ESCAPE '!'") == Expression(.like(col("a"), pattern: Expression(.literal(.string("x!%"))), kind: .like, escape: "!", negated: false)))
        #expect(try parse("a NOT ILIKE 'X%'") == Expression(.like(col("a"), pattern: Expression(.literal(.string("X%"))), kind: .ilike, escape: nil, negated: true)))
        #expect(try parse("a RLIKE '^x+$'") == Expression(.like(col("a"), pattern: Expression(.literal(.string("^x+$"))), kind: .rlike, escape: nil, negated: false)))
        #expect(syntaxError("SELECT a LIKE ANY ('x%', 'y%')")?.message.contains("not supported") == true)
    }

    @Test func subqueries() throws {
        let e = try parse("a IN (SELECT b FROM t) AND NOT EXISTS (SELECT 1 FROM u WHERE u.x = a) AND c > (SELECT max(c) FROM v)")
        guard case .binary(.and, let left, let right) = e.kind, case .binary(.and, let inSub, let notExists) = left.kind else {
            Issue.record("unexpected shape \(e)")
            return
        }
        guard case .inSubquery(_, _, negated: false) = inSub.kind else {
            Issue.record("expected IN subquery")
            return
        }
        guard case .unary(.not, let exists) = notExists.kind, case .exists = exists.kind else {
            Issue.record("expected NOT EXISTS")
            return
        }
        guard case .binary(.greater, _, let scalar) = right.kind, case .subquery = scalar.kind else {
            Issue.record("expected scalar subquery")
            return
        }
        // Parenthesized set operations inside IN and scalar contexts.
        _ = try parse("a IN ((SELECT 1) UNION (SELECT 2))")
        _ = try parse("((SELECT 1) + 1) * 2")
        _ = try parse("a IN ((SELECT 1), 2)")
        _ = try parse("((SELECT 1))")
        #expect(try parse("(a, b) IN (SELECT x, y FROM t)").description == "(a, b) IN (SELECT x, y FROM t)")
    }

    // MARK: Calls and special forms

    @Test func functionCalls() throws {
        guard case .function(let count) = try parse("count(*)").kind else {
            Issue.record("not a call")
            return
        }
        #expect(count.isStar && count.arguments.isEmpty && count.name == QualifiedName("count"))
        guard case .function(let distinct) = try parse("count(DISTINCT a, b)").kind else { return }
        #expect(distinct.isDistinct && distinct.arguments == [col("a"), col("b")])
        guard case .function(let filtered) = try parse("sum(x) FILTER (WHERE y > 0)").kind else { return }
        #expect(filtered.filter == bin(.greater, col("y"), int("0")))
        guard case .function(let qualified) = try parse("my_schema.my_udf(1)").kind else { return }
        #expect(qualified.name == QualifiedName("my_schema", "my_udf"))
        _ = try parse("coalesce(a, b, 'x')")
        _ = try parse("now()")
        _ = try parse("left('abcdef', 3) || right(s, 2)")
        _ = try parse("if(a > 0, 'pos', 'neg')")
        _ = try parse("percentile_cont(0.5) WITHIN GROUP (ORDER BY x DESC)")
        _ = try parse("first_value(x) IGNORE NULLS OVER (ORDER BY t)")
        _ = try parse("first(x IGNORE NULLS)")
        _ = try parse("array(1, 2, 3)[0] + map('k', 1)['k'] + struct(a, b).a")
        _ = try parse("`cast`(x)")
        #expect(try parse("current_date").description == "current_date()")
        #expect(try parse("CURRENT_TIMESTAMP") == (try parse("CURRENT_TIMESTAMP()")))
    }

    @Test func lambdasAndNamedArguments() throws {
        let e = try parse("transform(xs, x -> x + 1)")
        guard case .function(let call) = e.kind, case .lambda(let params, let body) = call.arguments[1].kind else {
            Issue.record("expected a lambda")
            return
        }
        #expect(params.map(\.name) == ["x"])
        #expect(body == bin(.plus, col("x"), int("1")))
        _ = try parse("aggregate(xs, 0, (acc, x) -> acc + x, acc -> acc * 10)")
        _ = try parse("filter(xs, (x, i) -> x > i)")
        let named = try parse("read_files('/p', format => 'csv', header => true)")
        guard case .function(let rf) = named.kind, case .namedArgument(let name, let value) = rf.arguments[1].kind else {
            Issue.record("expected a named argument")
            return
        }
        #expect(name.name == "format")
        #expect(value == Expression(.literal(.string("csv"))))
    }

    @Test func windowFunctions() throws {
        let e = try parse("""
            sum(amount) OVER (PARTITION BY region, store ORDER BY day DESC NULLS FIRST
                              ROWS BETWEEN 6 PRECEDING AND CURRENT ROW)
            """)
        guard case .function(let call) = e.kind, case .specification(let spec)? = call.over else {
            Issue.record("expected a window")
            return
        }
        #expect(spec.partitionBy == [col("region"), col("store")])
        #expect(spec.orderBy == [OrderItem(expression: col("day"), direction: .descending, nulls: .first)])
        #expect(spec.frame == WindowFrame(units: .rows, start: .preceding(int("6")), end: .currentRow))
        _ = try parse("row_number() OVER ()")
        _ = try parse("rank() OVER w")
        _ = try parse("lag(x, 1) OVER (w ORDER BY t)")
        _ = try parse("count(*) OVER (ORDER BY t RANGE BETWEEN INTERVAL 1 DAY PRECEDING AND UNBOUNDED FOLLOWING)")
        _ = try parse("avg(x) OVER (ORDER BY t ROWS UNBOUNDED PRECEDING)")
        _ = try parse("avg(x) OVER (ORDER BY t RANGE BETWEEN CURRENT ROW AND 3 FOLLOWING)")
    }

    @Test func caseCastExtract() throws {
        let simple = try parse("CASE x WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END")
        guard case .caseWhen(let operand, let whens, let elseResult) = simple.kind else {
            Issue.record("expected CASE")
            return
        }
        #expect(operand == col("x") && whens.count == 2 && elseResult == Expression(.literal(.string("many"))))
        let searched = try parse("CASE WHEN a > 0 THEN 1 END")
        guard case .caseWhen(nil, let w, nil) = searched.kind else {
            Issue.record("expected searched CASE")
            return
        }
        #expect(w == [Expression.WhenClause(condition: bin(.greater, col("a"), int("0")), result: int("1"))])
        #expect(try parse("CAST(a AS DECIMAL(10, 2))") == Expression(.cast(col("a"), .decimal(precision: 10, scale: 2), isTry: false)))
        #expect(try parse("TRY_CAST(a AS INT)") == Expression(.cast(col("a"), .int, isTry: true)))
        #expect(try parse("a::STRING") == Expression(.cast(col("a"), .string, isTry: false)))
        #expect(try parse("EXTRACT(year FROM d)") == Expression(.extract(field: "YEAR", from: col("d"))))
        #expect(try parse("extract(x)") == Expression(.function(FunctionCall(name: QualifiedName("extract"), arguments: [col("x")]))))
        #expect(syntaxError("SELECT CASE END") != nil)
    }

    @Test func postfixOperators() throws {
        #expect(try parse("a[1]") == Expression(.subscripted(col("a"), index: int("1"))))
        #expect(try parse("m['k'].f") == Expression(.fieldAccess(Expression(.subscripted(col("m"), index: Expression(.literal(.string("k"))))), Identifier("f"))))
        let grouped = try parse("(s).f")
        #expect(grouped == Expression(.fieldAccess(col("s"), Identifier("f"))))
        #expect(grouped.description == "(s).f")
        #expect(try parse("f(x).g.h").description == "f(x).g.h")
    }

    // MARK: Positions and hashing

    @Test func positionsPointAtOperatorsAndFirstTokens() throws {
        let e = try SQLParser.parseExpression("a +\n  b * c")
        #expect(e.position == SourcePosition(line: 1, column: 3))
        guard case .binary(_, let a, let product) = e.kind else { return }
        #expect(a.position.line == 1 && a.position.column == 1)
        #expect(product.position.line == 2 && product.position.column == 5)
        guard case .binary(_, let b, _) = product.kind else { return }
        #expect(b.position.line == 2 && b.position.column == 3)
        let call = try SQLParser.parseExpression("  upper(x)")
        #expect(call.position.column == 3)
    }

    @Test func positionsDoNotAffectEqualityOrHashing() throws {
        let a = try SQLParser.parseExpression("x + f(y, 1)")
        let b = try SQLParser.parseExpression("\n\n   x+f( y ,1 )")
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        var keyed: [Expression: Int] = [a: 1]
        keyed[b, default: 0] += 1
        #expect(keyed[a] == 2)
        #expect(a != (try SQLParser.parseExpression("x + f(y, 2)")))
        #expect(Set([a, b, try SQLParser.parseExpression("x - f(y, 1)")]).count == 2)
    }
}
