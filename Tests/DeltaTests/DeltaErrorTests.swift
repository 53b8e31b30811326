import Testing
import Delta

@Test func deltaErrorNamesTheTable() {
    let e = DeltaError(.versionNotFound, "version 7 does not exist; the latest is 5", table: "/t")
    #expect(e.description == "delta error (versionNotFound) in table '/t': version 7 does not exist; the latest is 5")
}
