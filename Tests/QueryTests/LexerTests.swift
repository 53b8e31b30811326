import Testing
@testable import Query

@Suite struct LexerTests {
    func lex(_ sql: String) throws(QueryError) -> [Token] {
        try Lexer.tokenize(Array(sql.utf8))
    }

    func kinds(_ sql: String) throws -> [Token.Kind] {
        try lex(sql).map(\.kind)
    }

    func lexError(_ sql: String) -> QueryError? {
        do {
            _ = try lex(sql)
            Issue.record("expected a lexer error for \(sql)")
            return nil
        } catch {
            #expect(error.code == .syntax)
            return error
        }
    }

    @Test func wordsKeepTheirCaseAndCarryAnUppercaseForm() throws {
        let tokens = try lex("select MyCol from `Weird ``name```")
        #expect(tokens.map(\.kind) == [.word, .word, .word, .quotedIdentifier, .eof])
        #expect(tokens[1].text == "MyCol")
        #expect(tokens[1].upper == "MYCOL")
        #expect(tokens[0].isWord("SELECT"))
        #expect(tokens[3].text == "Weird `name`")
    }

    @Test func positionsCountLinesAndUnicodeColumns() throws {
        let tokens = try lex("SELECT\n  'é', x -- comment\n /* c */ y")
        #expect(tokens[0].position == SourcePosition(line: 1, column: 1))
        #expect(tokens[1].position.line == 2 && tokens[1].position.column == 3)
        // 'é' is three columns wide: quote, é, quote.
        #expect(tokens[2].position.column == 6)
        #expect(tokens[3].position.line == 2 && tokens[3].position.column == 8)
        #expect(tokens[4].position.line == 3 && tokens[4].position.column == 10)
        #expect(tokens[4].spaceBefore)
    }

    @Test(arguments: [
        ("'plain'", "plain"),
        ("'it''s'", "it's"),
        ("'a\\'b'", "a'b"),
        ("'tab\\there'", "tab\there"),
        ("'line\\nbreak\\r'", "line\nbreak\r"),
        ("'back\\\\slash'", "back\\slash"),
        ("'\\u00e9t\\u00E9'", "été"),
        ("'\\101\\060'", "A0"),
        ("'nul\\0'", "nul\u{0}"),
        ("'\\Z'", "\u{1A}"),
        ("'like\\%\\_'", "like\\%\\_"),
        ("'\\q'", "q"),
        ("\"double \"\"quoted\"\"\"", "double \"quoted\""),
        ("r'raw\\n'", "raw\\n"),
        ("R\"C:\\dir\"", "C:\\dir"),
        ("'multi\nline'", "multi\nline"),
        ("''", ""),
    ])
    func stringLiterals(sql: String, value: String) throws {
        let tokens = try lex(sql)
        #expect(tokens.count == 2)
        #expect(tokens[0].kind == .string)
        #expect(tokens[0].text == value)
    }

    @Test func binaryLiterals() throws {
        let tokens = try lex("X'0AFF' x'' x")
        #expect(tokens.map(\.kind) == [.binaryString, .binaryString, .word, .eof])
        #expect(tokens[0].text == "0AFF")
        #expect(lexError("X'0G'")?.message.contains("hexadecimal") == true)
    }

    @Test(arguments: [
        ("42", Token.Kind.integer, "42", nil),
        ("123456789012345678901234567890", .integer, "123456789012345678901234567890", nil),
        ("1.5", .decimal, "1.5", nil),
        (".5", .decimal, ".5", nil),
        ("1.", .decimal, "1.", nil),
        ("1e3", .scientific, "1e3", nil),
        ("1.5E-2", .scientific, "1.5E-2", nil),
        ("2e+10", .scientific, "2e+10", nil),
        ("10L", .integer, "10", Literal.NumericSuffix.bigint),
        ("7s", .integer, "7", .smallint),
        ("1Y", .integer, "1", .tinyint),
        ("1.5D", .decimal, "1.5", .double),
        ("2F", .integer, "2", .float),
        ("3.25BD", .decimal, "3.25", .decimal),
        ("1e3d", .scientific, "1e3", .double),
    ] as [(String, Token.Kind, String, Literal.NumericSuffix?)])
    func numbers(sql: String, kind: Token.Kind, text: String, suffix: Literal.NumericSuffix?) throws {
        let tokens = try lex(sql)
        #expect(tokens.count == 2)
        #expect(tokens[0].kind == kind)
        #expect(tokens[0].text == text)
        #expect(tokens[0].suffix == suffix)
    }

    @Test func digitLedWordsAreIdentifiersAsInSpark() throws {
        let tokens = try lex("123abc 1e3x 1Lx 1.5x")
        #expect(tokens.map(\.kind) == [.word, .word, .word, .decimal, .word, .eof])
        #expect(tokens[0].text == "123abc")
        #expect(tokens[1].text == "1e3x")
        #expect(tokens[2].text == "1Lx")
    }

    @Test func dotsAfterNamesAreNotDecimals() throws {
        #expect(try kinds("t.5") == [.word, .dot, .integer, .eof])
        #expect(try kinds("(.5)") == [.leftParen, .decimal, .rightParen, .eof])
        #expect(try kinds("BETWEEN .06") == [.word, .decimal, .eof])
        #expect(try kinds("x .5") == [.word, .decimal, .eof])
    }

    @Test func symbols() throws {
        let sql = "( ) [ ] , . ; * + - / % = == <> != < <= > >= <=> || | & ^ ~ ! :: : ? @ -> =>"
        #expect(try kinds(sql) == [
            .leftParen, .rightParen, .leftBracket, .rightBracket, .comma, .dot, .semicolon, .star, .plus, .minus,
            .slash, .percent, .equal, .doubleEqual, .lessGreater, .bangEqual, .less, .lessEqual, .greater,
            .greaterEqual, .nullSafeEqual, .concat, .pipe, .ampersand, .caret, .tilde, .bang, .doubleColon, .colon,
            .question, .at, .arrow, .fatArrow, .eof,
        ])
    }

    @Test func substitutionParameters() throws {
        let tokens = try lex("${run_date} ${da.paths.working_dir}")
        #expect(tokens.map(\.kind) == [.substitution, .substitution, .eof])
        #expect(tokens[0].text == "run_date")
        #expect(tokens[1].text == "da.paths.working_dir")
        #expect(lexError("${x")?.message.contains("unterminated") == true)
        #expect(lexError("${}")?.message.contains("empty") == true)
    }

    @Test func commentsAreSkippedAndBlockCommentsNest() throws {
        #expect(try kinds("a -- one\nb /* two /* nested */ still */ c /*+ hint */ d --") == [.word, .word, .word, .word, .eof])
        #expect(try kinds("a/**/b") == [.word, .word, .eof])
        let e = lexError("SELECT 1 /* open /* nested */")
        #expect(e?.message == "unterminated comment starting at line 1, column 10")
        #expect(e?.line == 1 && e?.column == 10)
    }

    @Test func unterminatedLiteralsPointAtTheirStart() throws {
        let e = lexError("SELECT\n  'abc")
        #expect(e?.message == "unterminated string literal starting at line 2, column 3")
        #expect(e?.line == 2 && e?.column == 3)
        #expect(lexError("SELECT 'a\\")?.message.hasPrefix("unterminated string literal") == true)
        #expect(lexError("SELECT `abc")?.message == "unterminated quoted identifier starting at line 1, column 8")
        #expect(lexError("SELECT X'00")?.message.hasPrefix("unterminated string literal") == true)
        #expect(lexError("SELECT r'abc")?.message.hasPrefix("unterminated string literal") == true)
    }

    @Test func invalidEscapesAndCharacters() throws {
        #expect(lexError("'\\u12'")?.message.contains("unicode escape") == true)
        #expect(lexError("'\\uD800'")?.message.contains("unicode escape") == true)
        let e = lexError("SELECT a # b")
        #expect(e?.message == "unexpected character '#'")
        #expect(e?.column == 10)
        #expect(lexError("SELECT $x")?.message == "unexpected character '$'")
        // Non-ASCII letters are identifier characters.
        #expect(try kinds("SELECT café") == [.word, .word, .eof])
    }

    @Test func emptyInputIsJustTheEnd() throws {
        #expect(try kinds("") == [.eof])
        #expect(try kinds("  -- nothing\n") == [.eof])
    }
}
