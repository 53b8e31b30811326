import Testing
@testable import Pipeline

@Suite struct PipelineFileTests {
    @Test func placeholder() {}
}
