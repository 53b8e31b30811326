import Foundation
import Testing

@Suite struct TableCommandTests {
    final class Dir {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lake-cli-\(UUID().uuidString)").path
        init() { try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
        func write(_ name: String, _ text: String) throws -> String {
            let p = path + "/" + name
            try text.write(toFile: p, atomically: true, encoding: .utf8)
            return p
        }
    }

    func lines(_ text: String) -> [[String: Any]] {
        text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    @Test func writeCatHistoryDescribe() throws {
        let dir = Dir()
        let csv = try dir.write("a.csv", "id,city,day\n1,São Paulo,2024-01-01\n2,Recife,2024-01-02\n")
        let json = try dir.write("b.jsonl", "{\"id\":3,\"city\":\"Natal\",\"day\":\"2024-01-02\"}\n")
        let table = dir.path + "/t"
        var r = try LakeBinary.run(["write", table, csv, "--partition-by", "day"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("wrote version 0"))
        r = try LakeBinary.run(["write", table, json])
        #expect(r.status != 0, "a string 'day' does not fit the date column")
        #expect(r.stderr.contains("'day' is date in the table but string in the data"))
        let csv2 = try dir.write("c.csv", "id,city,day\n3,Natal,2024-01-02\n")
        #expect(try LakeBinary.run(["write", table, csv2]).status == 0)

        let latest = lines(try LakeBinary.run(["cat", table, "--format", "jsonl"]).stdout)
        #expect(latest.count == 3)
        #expect(Set(latest.compactMap { $0["city"] as? String }) == ["São Paulo", "Recife", "Natal"])
        let v0 = lines(try LakeBinary.run(["cat", table, "--version", "0", "--format", "jsonl", "--columns", "city"]).stdout)
        #expect(v0.count == 2 && v0.allSatisfy { $0.keys.sorted() == ["city"] })

        let history = lines(try LakeBinary.run(["history", table, "--format", "jsonl"]).stdout)
        #expect(history.map { $0["version"] as? Int } == [1, 0])
        #expect(history.allSatisfy { $0["operation"] as? String == "WRITE" })

        let detail = lines(try LakeBinary.run(["describe", table, "--format", "jsonl"]).stdout)
        #expect(detail.first?["numFiles"] as? Int == 3)
        #expect(detail.first?["partitionColumns"] as? [String] == ["day"])
        #expect(try LakeBinary.run(["describe", table]).stdout.contains("partitionColumns"))
    }

    @Test func modesAndErrors() throws {
        let dir = Dir()
        let csv = try dir.write("a.csv", "id\n1\n")
        let table = dir.path + "/t"
        #expect(try LakeBinary.run(["write", table, csv, "--mode", "error"]).status == 0)
        let again = try LakeBinary.run(["write", table, csv, "--mode", "error"])
        #expect(again.status != 0 && again.stderr.contains("already exists"))
        #expect(try LakeBinary.run(["write", table, csv, "--mode", "ignore"]).stderr.contains("nothing written"))
        #expect(try LakeBinary.run(["write", table, csv, "--mode", "overwrite"]).status == 0)
        let missing = try LakeBinary.run(["cat", dir.path + "/nope"])
        #expect(missing.status != 0 && missing.stderr.contains("no Delta table"))
        let future = try LakeBinary.run(["cat", table, "--version", "9"])
        #expect(future.stderr.contains("version 9 does not exist; the latest version is 1"))
        let both = try LakeBinary.run(["cat", table, "--version", "0", "--timestamp", "2024-01-01"])
        #expect(both.status != 0 && both.stderr.contains("not both"))
        let badPredicate = try LakeBinary.run(["write", table, csv, "--mode", "overwrite", "--replace-where", "idd = 1"])
        #expect(badPredicate.stderr.contains("did you mean 'id'"))
    }
}
