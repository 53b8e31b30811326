import Testing
import Query

@Test func queryErrorsPointAtLineAndColumn() {
    let e = QueryError(.syntax, "unexpected 'FORM'; did you mean 'FROM'?", line: 2, column: 8)
    #expect(e.description == "syntax error at line 2, column 8: unexpected 'FORM'; did you mean 'FROM'?")
}
