import Testing
import Query

@Suite struct SQLParserErrorTests {
    func expectError(
        _ sql: String, line: Int, column: Int, message: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let e = syntaxError(sql, sourceLocation: sourceLocation) else { return }
        #expect(e.line == line, "line of \(e)", sourceLocation: sourceLocation)
        #expect(e.column == column, "column of \(e)", sourceLocation: sourceLocation)
        #expect(e.message == message, sourceLocation: sourceLocation)
    }

    @Test func misspeltKeywordAfterAnExpressionPointsAtTheKeyword() {
        expectError(
            "SELECT a FORM t", line: 1, column: 10,
            message: "unexpected 'FORM', expected ',', AS, FROM, WHERE, GROUP, HAVING, WINDOW, QUALIFY, ORDER, LIMIT, OFFSET, UNION, INTERSECT, EXCEPT; did you mean 'FROM'?")
        let star = syntaxError("SELECT *\nFORM t")
        #expect(star?.line == 2 && star?.column == 1)
        #expect(star?.message.hasPrefix("unexpected 'FORM', expected ',', FROM, WHERE") == true)
        #expect(star?.message.hasSuffix("; did you mean 'FROM'?") == true)
    }

    @Test(arguments: [
        ("SELEC 1", "SELECT"),
        ("SELECT * FROM t WHRE x = 1", "WHERE"),
        ("SELECT * FROM t GROPU BY a", "GROUP"),
        ("SELECT a FROM t ORDER BY a LIMT 1", "LIMIT"),
        ("SELECT * FROM t LEFT JION u ON true", "JOIN"),
        ("SELECT * FROM t JOIN u ONN t.a = u.a", "ON"),
        ("CREATE TABEL t (a INT)", "TABLE"),
        ("SELECT CAST(a AS STRNG)", "STRING"),
        ("SELECT CAST(a AS INTEGR)", "INTEGER"),
        ("INSERT INTO t VALUE (1)", "VALUES"),
        ("UPDATE t SETT a = 1", "SET"),
        ("DELETE FORM t", "FROM"),
        ("MERGE INTO t USING s ON t.a = s.a WHEN MATCHED THEN UPDTE SET *", "UPDATE"),
    ])
    func didYouMean(sql: String, keyword: String) {
        let e = syntaxError(sql)
        #expect(e?.message.hasSuffix("did you mean '\(keyword)'?") == true, "\(String(describing: e))")
    }

    @Test func noSuggestionForWordsFarFromAnyKeyword() {
        let e = syntaxError("SELECT a b c FROM t")
        #expect(e?.message.contains("did you mean") == false)
        #expect(e?.message.hasPrefix("unexpected 'c', expected ','") == true)
        #expect(e?.column == 12)
    }

    @Test func unclosedParenthesesNameWhereTheyOpened() {
        expectError("SELECT a,\n  b\nFROM t\nWHERE (a = 1", line: 4, column: 13, message: "expected ')' to close '(' at line 4, column 7, found end of input")
        expectError("SELECT count(a FROM t", line: 1, column: 16, message: "expected ')' to close '(' at line 1, column 13, found 'FROM'")
        expectError("SELECT a[1 FROM t", line: 1, column: 12, message: "expected ']' to close '[' at line 1, column 9, found 'FROM'")
        expectError("SELECT CAST(x AS ARRAY<INT)", line: 1, column: 27, message: "expected '>' to close '<' at line 1, column 23, found ')'")
        expectError("SELECT * FROM (SELECT 1", line: 1, column: 24, message: "expected ')' to close '(' at line 1, column 15, found end of input")
    }

    @Test func unterminatedLiterals() {
        expectError("SELECT 'abc", line: 1, column: 8, message: "unterminated string literal starting at line 1, column 8")
        expectError("SELECT 1,\n  \"abc\n", line: 2, column: 3, message: "unterminated string literal starting at line 2, column 3")
        expectError("SELECT 1 /* never closed", line: 1, column: 10, message: "unterminated comment starting at line 1, column 10")
    }

    @Test func missingPieces() {
        expectError("SELECT 1 +", line: 1, column: 11, message: "unexpected end of input, expected an expression")
        expectError("SELECT * FROM t WHERE", line: 1, column: 22, message: "unexpected end of input, expected an expression")
        expectError("SELECT * FROM t ORDER a", line: 1, column: 23, message: "unexpected 'a', expected BY")
        expectError("DELETE t", line: 1, column: 8, message: "unexpected 't', expected FROM")
        expectError("SELECT a, FROM t", line: 1, column: 11, message: "unexpected 'FROM', expected an expression")
        expectError("SELECT 'x' 'y' FROM", line: 1, column: 20, message: "unexpected end of input, expected a table name, an identifier")
        #expect(syntaxError("SELECT a FROM t WHERE a IN ()") != nil)
        #expect(syntaxError("SELECT CAST(a AS DECIMAL(99999999999999999999))")?.message.contains("too large") == true)
    }

    @Test func reservedWordsAsNamesSayHowToQuoteThem() {
        expectError(
            "SELECT 1 AS from", line: 1, column: 13,
            message: "unexpected 'from', expected an identifier; FROM is a reserved word, write `from` to use it as a name")
        expectError(
            "CREATE TABLE t (order INT)", line: 1, column: 17,
            message: "unexpected 'order', expected an identifier; ORDER is a reserved word, write `order` to use it as a name")
    }

    @Test func emptyStatement() throws {
        do {
            _ = try SQLParser.parseStatement("  -- only a comment")
            Issue.record("an empty statement must not parse")
        } catch {
            #expect(error.code == .syntax)
            #expect(error.message.hasPrefix("unexpected end of input, expected"))
        }
        #expect(try SQLParser.parseScript("-- nothing").isEmpty)
    }

    @Test func errorsInLaterStatementsOfAScript() {
        let e = syntaxError("SELECT 1;\nSELECT 2;\nSELECT * FROM t WHERE x = = 1")
        #expect(e?.line == 3 && e?.column == 27)
    }

    @Test func descriptionCarriesThePosition() {
        let e = syntaxError("SELECT a FORM t")
        #expect(e?.description.hasPrefix("syntax error at line 1, column 10: unexpected 'FORM'") == true)
    }
}
