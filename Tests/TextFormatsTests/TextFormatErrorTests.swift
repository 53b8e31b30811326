import Testing
import TextFormats

@Test func textFormatErrorNamesFileLineAndColumn() {
    let e = TextFormatError(.typeMismatch, "'x' is not a bigint", file: "a.csv", line: 3, column: "id")
    #expect(e.description == "typeMismatch error in 'a.csv' line 3, column 'id': 'x' is not a bigint")
}
