import Testing

@Suite struct LakeTests {
    @Test func helpListsCommands() throws {
        let r = try LakeBinary.run(["--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("USAGE: lake"))
    }

    @Test func versionPrints() throws {
        let r = try LakeBinary.run(["--version"])
        #expect(r.status == 0)
        #expect(r.stdout.split(separator: ".").count == 3)
    }
}
