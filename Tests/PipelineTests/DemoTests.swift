import Columnar
import Delta
import Foundation
import Query
import Testing
@testable import Pipeline

@Suite struct DemoTests {
    @Test func endToEndSmall() throws {
        let dir = TempDirectory()
        let demo = Demo(directory: dir.sub("demo"), scale: 1)
        let report = try demo.run()
        print(report.render())
        for step in report.steps {
            for d in step.result.datasets where d.status == .failed { print("FAILED", d.name, d.error ?? "") }
        }
        #expect(report.succeeded)
        #expect(report.steps.count == 2)
    }
}
