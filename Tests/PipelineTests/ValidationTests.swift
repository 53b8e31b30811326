import Columnar
import Foundation
import Testing
@testable import Pipeline

@Suite struct ValidationTests {
    @Test func aValidPipelineGetsItsSchemasWithoutWriting() throws {
        let dir = TempDirectory()
        dir.write("landing/orders/o1.csv", "id,customer,amount,updated\n1,ana,10,1\n")
        let report = try UpdateRunner(shopPipeline(dir)).validate()
        #expect(report.isValid, "\(report.issues)")
        #expect(report.datasets.map(\.name) == ["bronze.orders", "silver.orders", "gold.by_customer"])
        #expect(report.datasets[1].schema?.fields.map(\.name) == ["id", "customer", "amount", "updated"])
        #expect(report.datasets[2].schema?.fields.map(\.name) == ["customer", "orders", "total"])
        #expect(!FileManager.default.fileExists(atPath: dir.sub("lake")))
    }

    @Test func typeErrorsPointIntoThePipelineFile() throws {
        let dir = TempDirectory()
        dir.write("landing/o1.csv", "id,day\n1,2024-01-01\n")
        let yaml = """
            name: v
            storage: lake
            datasets:
              - name: bronze.o
                source: {path: landing, format: csv}
              - name: gold.o
                sql: |
                  SELECT id,
                         day + 'x' AS broken
                  FROM bronze.o
              - name: gold.p
                sql: SELECT id FROM bronze.o
                expectations:
                  - {name: e, condition: id + 1, action: drop}
              - name: gold.q
                sql: SELECT nope FROM bronze.o
            """
        let report = try UpdateRunner(try PipelineFile.parse(yaml, file: "v.yaml", directory: dir.path)).validate()
        #expect(report.issues.count == 3)
        let byDataset = Dictionary(uniqueKeysWithValues: report.issues.map { ($0.dataset ?? "", $0) })
        #expect(byDataset["gold.o"]?.line == 9, "\(report.issues)")
        #expect(byDataset["gold.p"]?.message.contains("not boolean") == true)
        #expect(byDataset["gold.q"]?.message.contains("nope") == true)
        #expect(byDataset["gold.q"]?.file == "v.yaml")
    }
}
