import Testing
@testable import Parquet

@Suite struct ParquetErrorTests {
    @Test func descriptionNamesFileColumnAndCause() {
        struct Inner: Error, Sendable {}
        let e = ParquetError(.corruptPage, "bad level", cause: Inner()).with(file: "a.parquet", column: "x.y")
        #expect(e.description.contains("'a.parquet'"))
        #expect(e.description.contains("'x.y'"))
        #expect(e.description.contains("bad level"))
        #expect(e.description.contains("Inner"))
        #expect(e.code == .corruptPage)
        // An existing file is not overwritten by an outer layer.
        #expect(e.with(file: "b.parquet").file == "a.parquet")
    }
}
