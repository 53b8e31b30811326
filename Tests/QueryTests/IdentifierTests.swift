import Testing
import Query

@Suite struct IdentifierTests {
    @Test(arguments: [
        ("a", "a"), ("MyCol", "MyCol"), ("_x1", "_x1"), ("year", "year"), ("key", "key"), ("value", "value"),
        ("select", "`select`"), ("FROM", "`FROM`"), ("date", "`date`"), ("interval", "`interval`"),
        ("a b", "`a b`"), ("x`y", "`x``y`"), ("1abc", "`1abc`"), ("", "``"), ("café", "`café`"), ("a-b", "`a-b`"),
    ])
    func quotingWhenPrinted(name: String, printed: String) throws {
        #expect(Identifier(name).description == printed)
        // The printed form reads back as the same name.
        let e = try SQLParser.parseExpression(printed)
        #expect(e == Expression(.column(QualifiedName([Identifier(name)]))))
    }

    @Test func qualifiedNames() {
        let name = QualifiedName("main", "my schema", "t")
        #expect(name.description == "main.`my schema`.t")
        #expect(name.names == ["main", "my schema", "t"])
        #expect(name.last == "t")
        #expect(QualifiedName([]).position == .unknown)
    }

    @Test func positionsNeverDistinguishNodes() {
        let a = Identifier("x", position: SourcePosition(line: 1, column: 1))
        let b = Identifier("x", position: SourcePosition(line: 9, column: 9))
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a != Identifier("X"), "names are compared as written; resolution is case-insensitive later")
        #expect(SourcePosition(line: 2, column: 5).description == "line 2, column 5")
        #expect(!SourcePosition.unknown.isKnown)
    }
}
