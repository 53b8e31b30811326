import Testing
import LakeJSON

@Test func jsonErrorNamesTheOffset() {
    #expect(JSONError("unexpected '}'", offset: 12).description == "invalid JSON at byte 12: unexpected '}'")
}

@Test func jsonErrorNamesTheLine() {
    let error = JSONError("unexpected '}'", offset: 40, line: 3)
    #expect(error.description == "invalid JSON at line 3 (byte 40): unexpected '}'")
    #expect(error.kind == .syntax)
    #expect(JSONError("x", offset: 0).line == nil)
}

@Test func jsonDecodingErrorHasNoPosition() {
    let error = JSONError.decoding("missing key 'path'")
    #expect(error.kind == .decoding)
    #expect(error.offset == 0)
    #expect(error.line == nil)
    #expect(error.description == "unexpected JSON: missing key 'path'")
}
