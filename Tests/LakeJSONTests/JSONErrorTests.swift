import Testing
import LakeJSON

@Test func jsonErrorNamesTheOffset() {
    #expect(JSONError("unexpected '}'", offset: 12).description == "invalid JSON at byte 12: unexpected '}'")
}
