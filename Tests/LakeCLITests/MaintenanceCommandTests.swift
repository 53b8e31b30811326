import Foundation
import Testing

/// `lake optimize`, `lake vacuum` and `lake restore`, run through the binary.
@Suite struct MaintenanceCommandTests {
    typealias Dir = TableCommandTests.Dir

    func lines(_ text: String) -> [[String: Any]] {
        text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// A table with two small files per partition (versions 0 and 1).
    func table(_ dir: Dir) throws -> String {
        let a = try dir.write("a.csv", "id,day\n1,2024-01-01\n2,2024-01-02\n")
        let b = try dir.write("b.csv", "id,day\n3,2024-01-01\n4,2024-01-02\n")
        let table = dir.path + "/t"
        #expect(try LakeBinary.run(["write", table, a, "--partition-by", "day"]).status == 0)
        #expect(try LakeBinary.run(["write", table, b]).status == 0)
        return table
    }

    func files(_ table: String) throws -> Int {
        lines(try LakeBinary.run(["describe", table, "--format", "jsonl"]).stdout).first?["numFiles"] as? Int ?? -1
    }

    @Test func optimizeCompactsThenDoesNothing() throws {
        let dir = Dir()
        let table = try table(dir)
        var r = try LakeBinary.run(["optimize", table, "--where", "day = '2024-01-01'", "--format", "jsonl"])
        #expect(r.status == 0, "\(r.stderr)")
        let metrics = lines(r.stdout).first?["metrics"] as? [String: Any]
        #expect(metrics?["numFilesRemoved"] as? Int == 2 && metrics?["numFilesAdded"] as? Int == 1)
        #expect(r.stderr.contains("2 file(s) rewritten into 1 (version 2)"))
        #expect(try files(table) == 3)
        r = try LakeBinary.run(["optimize", table, "--zorder-by", "id"])
        #expect(r.status == 0 && r.stderr.contains("(version 3)"), "\(r.stderr)")
        #expect(try files(table) == 2)
        r = try LakeBinary.run(["optimize", table])
        #expect(r.status == 0 && r.stderr.contains("nothing to rewrite"))
        let history = lines(try LakeBinary.run(["history", table, "--format", "jsonl"]).stdout)
        #expect(history.map { $0["operation"] as? String } == ["OPTIMIZE", "OPTIMIZE", "WRITE", "WRITE"])
        let cat = lines(try LakeBinary.run(["cat", table, "--format", "jsonl"]).stdout)
        #expect(Set(cat.compactMap { $0["id"] as? Int }) == [1, 2, 3, 4])
        r = try LakeBinary.run(["optimize", table, "--where", "id = 1"])
        #expect(r.status != 0 && r.stderr.contains("non-partition column 'id'"))
    }

    @Test func vacuumDryRunThenDelete() throws {
        let dir = Dir()
        let table = try table(dir)
        #expect(try LakeBinary.run(["optimize", table]).status == 0)
        var r = try LakeBinary.run(["vacuum", table, "--retain-hours", "0"])
        #expect(r.status != 0 && r.stderr.contains("Are you sure you would like to vacuum files") && r.stderr.contains("--disable-retention-check"))
        r = try LakeBinary.run(["vacuum", table, "--dry-run"])
        #expect(r.status == 0 && r.stdout.isEmpty && r.stderr.contains("Found 0 files"))
        r = try LakeBinary.run(["vacuum", table, "--retain-hours", "0", "--disable-retention-check", "--dry-run"])
        let listed = r.stdout.split(separator: "\n")
        #expect(listed.count == 4 && listed.allSatisfy { $0.hasPrefix(table + "/day=") && $0.hasSuffix(".parquet") })
        #expect(listed.allSatisfy { FileManager.default.fileExists(atPath: String($0)) })
        r = try LakeBinary.run(["vacuum", table, "--retain-hours", "0", "--disable-retention-check"])
        #expect(r.status == 0 && r.stderr.contains("Deleted 4 files"), "\(r.stderr)")
        #expect(listed.allSatisfy { !FileManager.default.fileExists(atPath: String($0)) })
        #expect(lines(try LakeBinary.run(["cat", table, "--format", "jsonl"]).stdout).count == 4)
        let old = try LakeBinary.run(["cat", table, "--version", "1"])
        #expect(old.status != 0 && old.stderr.contains("No such file"))
        let history = lines(try LakeBinary.run(["history", table, "--format", "jsonl", "--limit", "2"]).stdout)
        #expect(history.map { $0["operation"] as? String } == ["VACUUM END", "VACUUM START"])
    }

    @Test func restoreByVersionAndErrors() throws {
        let dir = Dir()
        let table = try table(dir)
        var r = try LakeBinary.run(["restore", table, "--version", "0", "--format", "jsonl"])
        #expect(r.status == 0, "\(r.stderr)")
        let row = lines(r.stdout).first
        #expect(row?["num_of_files_after_restore"] as? Int == 2 && row?["num_removed_files"] as? Int == 2 && row?["num_restored_files"] as? Int == 0)
        #expect(r.stderr.contains("restored \(table) to version 0 (version 2)"))
        #expect(lines(try LakeBinary.run(["cat", table, "--format", "jsonl"]).stdout).count == 2)
        r = try LakeBinary.run(["restore", table])
        #expect(r.status != 0 && r.stderr.contains("give --version N or --timestamp TS"))
        r = try LakeBinary.run(["restore", table, "--version", "2"])
        #expect(r.status != 0 && r.stderr.contains("should be less than the last available version (2)"))
        r = try LakeBinary.run(["restore", table, "--timestamp", "2001-01-01 00:00:00"])
        #expect(r.status != 0 && r.stderr.contains("before the earliest available commit"))
    }
}
