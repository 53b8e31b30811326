import Foundation
import Testing

@Suite struct PipelineCommandTests {
    final class Dir {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lake-pipeline-\(UUID().uuidString)").path
        init() { try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
        @discardableResult
        func write(_ name: String, _ text: String) throws -> String {
            let p = path + "/" + name
            try FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: p, atomically: true, encoding: .utf8)
            return p
        }
    }

    static let pipeline = """
        name: cli
        storage: lake
        datasets:
          - name: bronze.orders
            source: {path: landing, format: csv}
          - name: silver.orders
            sql: SELECT id, CAST(amount AS DOUBLE) AS amount FROM STREAM(bronze.orders)
            expectations:
              - {name: positive, condition: amount > 0, action: drop}
          - name: gold.total
            sql: SELECT count(*) AS orders, sum(amount) AS total FROM silver.orders
        """

    func lines(_ text: String) -> [[String: Any]] {
        text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    func total(_ dir: Dir) throws -> [String: Any]? {
        let r = try LakeBinary.run(["sql", "--warehouse", dir.path + "/lake", "--format", "jsonl", "SELECT (SELECT count(*) FROM bronze.orders) AS bronze, orders, total FROM gold.total"])
        return lines(r.stdout).first
    }

    @Test func runGraphEventsAndValidate() throws {
        let dir = Dir()
        let file = try dir.write("p.yaml", Self.pipeline)
        try dir.write("landing/a.csv", "id,amount\n1,10\n2,-5\n")
        var r = try LakeBinary.run(["pipeline", "run", file])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("bronze.orders: COMPLETED, 1 file, 2 rows written → version 0"))
        #expect(r.stderr.contains("silver.orders: COMPLETED, 1 rows written, 1 dropped"))
        #expect(r.stderr.contains("COMPLETED in"))
        #expect(try total(dir)?["orders"] as? Int == 1)

        r = try LakeBinary.run(["pipeline", "graph", file, "--format", "dot"])
        #expect(r.stdout.contains("\"bronze.orders\" -> \"silver.orders\" [label=\"stream\"];"))

        r = try LakeBinary.run(["pipeline", "events", file, "--format", "jsonl", "--type", "expectation"])
        let events = lines(r.stdout)
        #expect(events.count == 1)
        #expect(events.first?["failed_records"] as? Int == 1 && events.first?["dropped_records"] as? Int == 1)

        r = try LakeBinary.run(["pipeline", "run", file, "--validate-only"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("pipeline cli: 3 datasets, valid"))
        let broken = try dir.write("broken.yaml", Self.pipeline.replacingOccurrences(of: "sum(amount)", with: "sum(amont)"))
        r = try LakeBinary.run(["pipeline", "run", broken, "--validate-only"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("broken.yaml:11:41:"), "\(r.stderr)")
        #expect(r.stderr.contains("amont"))

        r = try LakeBinary.run(["pipeline", "run", file, "bronze.orders"])
        #expect(r.status != 0 && r.stderr.contains("add --full-refresh"))
        r = try LakeBinary.run(["pipeline", "run", file, "--full-refresh", "bronze.orders"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try total(dir)?["bronze"] as? Int == 2)
    }

    /// The process is killed (SIGKILL) at each point of an update; the next update repairs it,
    /// and every landing file's rows are in the tables exactly once.
    @Test(arguments: ["after-offsets", "before-commit", "after-commit"])
    func killedMidUpdateThenRerun(_ point: String) throws {
        let dir = Dir()
        let file = try dir.write("p.yaml", Self.pipeline)
        try dir.write("landing/a.csv", "id,amount\n1,10\n2,20\n")
        #expect(try LakeBinary.run(["pipeline", "run", file]).status == 0)
        try dir.write("landing/b.csv", "id,amount\n3,30\n")
        let killed = try LakeBinary.run(["pipeline", "run", file], environment: ["LAKE_PIPELINE_CRASH": "\(point):bronze.orders"])
        #expect(killed.status != 0)
        try dir.write("landing/c.csv", "id,amount\n4,40\n")
        let r = try LakeBinary.run(["pipeline", "run", file])
        #expect(r.status == 0, "\(r.stderr)")
        let t = try total(dir)
        #expect(t?["bronze"] as? Int == 4)
        #expect(t?["orders"] as? Int == 4)
        #expect(t?["total"] as? Double == 100)
        // And nothing is left to do.
        let again = try LakeBinary.run(["pipeline", "run", file])
        #expect(!again.stderr.contains("COMPLETED,"))
    }

    @Test func demoTwiceChangesNothingTheSecondTime() throws {
        let dir = Dir()
        var r = try LakeBinary.run(["demo", "--dir", dir.path + "/d", "--scale", "1"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("2 updates"))
        #expect(r.stdout.contains("lake sql --warehouse \(dir.path)/d/lakehouse"))
        r = try LakeBinary.run(["demo", "--dir", dir.path + "/d", "--scale", "1"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("COMPLETED: 0 tables changed, 14 up to date"))
        r = try LakeBinary.run(["demo", "--dir", dir.path + "/d", "--bad-file"])
        #expect(r.status != 0)
        #expect(r.stdout.contains("The update failed and was rolled back"))
    }
}
