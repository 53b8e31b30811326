import Columnar
import Foundation
import Testing
@testable import Delta

@Suite struct TableWriterTests {
    static let schema = Schema([Field("id", .int64), Field("name", .string), Field("day", .date)])

    static func rows(_ ids: ClosedRange<Int>, day: String = "2024-01-01") -> RecordBatch {
        Rows.batch(schema, ids.map { [.int(Int64($0)), .string("n\($0)"), .date(Literals.date(day)!)] })
    }

    @Test func createAppendAndTimeTravel() throws {
        let dir = TempDirectory()
        let table = DeltaTable(path: dir.path)
        #expect(try !table.exists())
        let first = try TableWriter(table: table).write([Self.rows(1...3)])
        #expect(first.commit?.version == 0)
        let second = try TableWriter(table: table).write([Self.rows(4...5)])
        #expect(second.commit?.version == 1)
        #expect(try Rows.read(table).count == 5)
        #expect(try Rows.read(table, version: 0).count == 3)
        let snapshot = try table.snapshot()
        #expect(snapshot.protocol == Protocol(minReaderVersion: 1, minWriterVersion: 2))
        #expect(snapshot.files.count == 2)
        #expect(try table.history().map(\.version) == [1, 0])
        #expect(try table.history().first?.commitInfo.operation == "WRITE")
        #expect { try table.snapshot(version: 2) } throws: { ($0 as? DeltaError)?.code == .versionNotFound }
        // Statistics are in every add.
        let stats = try #require(snapshot.files.first?.stats)
        #expect(stats.contains("\"numRecords\":3") && stats.contains("\"minValues\":{\"id\":1"))
    }

    @Test func overwriteAndModes() throws {
        let dir = TempDirectory()
        let table = DeltaTable(path: dir.path)
        try TableWriter(table: table).write([Self.rows(1...3)])
        var options = WriteOptions()
        options.mode = .overwrite
        try TableWriter(table: table).write([Self.rows(10...11)], options: options)
        #expect(try Rows.read(table).count == 2)
        options.mode = .errorIfExists
        #expect { try TableWriter(table: table).write([Self.rows(1...1)], options: options) } throws: { ($0 as? DeltaError)?.code == .tableAlreadyExists }
        options.mode = .ignore
        let ignored = try TableWriter(table: table).write([Self.rows(1...1)], options: options)
        #expect(ignored.commit == nil)
        #expect(try table.latestVersion() == 1)
    }

    @Test func replaceWhereRewritesOnlyMatchingRows() throws {
        let dir = TempDirectory()
        let table = DeltaTable(path: dir.path)
        try TableWriter(table: table).write([Self.rows(1...4, day: "2024-01-01"), Self.rows(5...6, day: "2024-01-02")])
        var options = WriteOptions()
        options.mode = .overwrite
        options.replaceWhere = try ExpressionParser.parse("day = '2024-01-02' OR id = 1")
        let replacement = Rows.batch(Self.schema, [[.int(100), .string("new"), .date(Literals.date("2024-01-02")!)]])
        try TableWriter(table: table).write([replacement], options: options)
        let ids = try Rows.read(table).map { $0.split(separator: ",")[0] }
        #expect(Set(ids) == ["id=2", "id=3", "id=4", "id=100"])
        // Data outside the predicate is refused.
        let bad = Rows.batch(Self.schema, [[.int(7), .string("x"), .date(Literals.date("2024-03-01")!)]])
        #expect { try TableWriter(table: table).write([bad], options: options) } throws: { ($0 as? DeltaError)?.code == .invalidArgument }
    }

    @Test func partitionedWithOddValues() throws {
        let dir = TempDirectory()
        let table = DeltaTable(path: dir.path)
        let schema = Schema([Field("k", .string), Field("v", .int32)])
        let values: [Value] = [.string("a b"), .string("x/y"), .string("k=v"), .string("100%"), .string("日本"), .null, .string("")]
        var options = WriteOptions()
        options.partitionBy = ["k"]
        try TableWriter(table: table).write([Rows.batch(schema, values.enumerated().map { [$0.element, .int(Int64($0.offset))] })], options: options)
        let snapshot = try table.snapshot()
        #expect(snapshot.partitionColumns == ["k"])
        #expect(snapshot.files.count == 6)  // null and "" share __HIVE_DEFAULT_PARTITION__
        #expect(snapshot.files.contains { $0.partitionValues.keys.contains("k") && $0.partitionValues["k"]! == nil }, "null is written as an explicit null")
        let dirs = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("k=") }.sorted()
        #expect(dirs.contains("k=x%2Fy") && dirs.contains("k=k%3Dv") && dirs.contains("k=100%25") && dirs.contains("k=__HIVE_DEFAULT_PARTITION__"))
        let rows = try Rows.read(table)
        #expect(rows.contains("k=x/y, v=1") && rows.contains("k=100%, v=3") && rows.contains("k=日本, v=4") && rows.contains("k=NULL, v=5"))
        // Partition pruning: only the matching file is read.
        let scan = try Scan(snapshot: snapshot, storage: table.storage, predicate: try ExpressionParser.parse("k = 'x/y'"))
        #expect(try scan.plan().files.count == 1)
    }

    @Test func schemaEnforcementAndMerge() throws {
        let dir = TempDirectory()
        let table = DeltaTable(path: dir.path)
        try TableWriter(table: table).write([Self.rows(1...2)])
        let wider = Schema(Self.schema.fields + [Field("extra", .float64)])
        let batch = Rows.batch(wider, [[.int(3), .string("c"), .date(0), .double(1.5)]])
        #expect { try TableWriter(table: table).write([batch]) } throws: {
            let e = $0 as? DeltaError
            return e?.code == .schemaMismatch && e?.message.contains("extra") == true
        }
        #expect(try table.latestVersion() == 0)
        var options = WriteOptions()
        options.mergeSchema = true
        try TableWriter(table: table).write([batch], options: options)
        #expect(try table.snapshot().schema.fields.map(\.name) == ["id", "name", "day", "extra"])
        #expect(try Rows.read(table).contains("day=2024-01-01, extra=NULL, id=1, name=n1".split(separator: ",").sorted().joined()) == false)
        #expect(try Rows.read(table).first == "id=1, name=n1, day=2024-01-01, extra=NULL")
        // A wrong type is refused, naming the column and both types.
        let wrong = Rows.batch(Schema([Field("id", .string)]), [[.string("x")]])
        #expect { try TableWriter(table: table).write([wrong]) } throws: {
            ($0 as? DeltaError)?.message.contains("'id' is bigint in the table but string in the data") == true
        }
        // Safe widening is accepted: int32 into bigint.
        try TableWriter(table: table).write([Rows.batch(Schema([Field("id", .int32)]), [[.int(9)]])])
        #expect(try Rows.read(table).contains("id=9, name=NULL, day=NULL, extra=NULL"))
    }

    @Test func checkpointEveryTenCommits() throws {
        let dir = TempDirectory()
        let table = DeltaTable(path: dir.path)
        for i in 0..<12 { try TableWriter(table: table).write([Self.rows(i...i)]) }
        let log = try FileManager.default.contentsOfDirectory(atPath: dir.sub("_delta_log"))
        #expect(log.contains("00000000000000000010.checkpoint.parquet"))
        #expect(log.contains("_last_checkpoint"))
        let snapshot = try table.snapshot()
        #expect(snapshot.logSegment.checkpointVersion == 10)
        #expect(snapshot.logSegment.commits.map(\.version) == [11])
        #expect(try Rows.read(table).count == 12)
        // Without the checkpoint's help (deleted hint, removed commits) the answer is the same.
        try FileManager.default.removeItem(atPath: dir.sub("_delta_log/_last_checkpoint"))
        for v in 0..<10 { try FileManager.default.removeItem(atPath: dir.sub("_delta_log/" + LogFile.commitName(Int64(v)))) }
        #expect(try Rows.read(table).count == 12)
        #expect { try table.snapshot(version: 5) } throws: { ($0 as? DeltaError)?.code == .versionNotFound }
    }

    @Test func idempotentApplicationTransactions() throws {
        let dir = TempDirectory()
        let table = DeltaTable(path: dir.path)
        var options = WriteOptions()
        options.appTransaction = SetTransaction(appId: "ingest", version: 1)
        #expect(try TableWriter(table: table).write([Self.rows(1...2)], options: options).commit != nil)
        let again = try TableWriter(table: table).write([Self.rows(1...2)], options: options)
        #expect(again.commit == nil && again.skippedReason != nil)
        #expect(try Rows.read(table).count == 2)
        #expect(try table.snapshot().transactions["ingest"]?.version == 1)
    }

    @Test func concurrentAppendsAllLandOnce() throws {
        let dir = TempDirectory()
        let table = DeltaTable(path: dir.path)
        try TableWriter(table: table).write([Self.rows(0...0)])
        let writers = 8
        let errors = Mutex<[String]>([])
        let path = dir.path
        DispatchQueue.concurrentPerform(iterations: writers) { i in
            do {
                try TableWriter(table: DeltaTable(path: path)).write([Self.rows((i * 10 + 1)...(i * 10 + 3))])
            } catch {
                errors.withLock { $0.append("\(error)") }
            }
        }
        #expect(errors.withLock { $0 } == [])
        #expect(try table.latestVersion() == Int64(writers))
        #expect(try Rows.read(table).count == 1 + writers * 3)
    }

    @Test func failedCommitLeavesTheTableIntact() throws {
        let dir = TempDirectory()
        let faulty = FaultInjectingStorage(LocalStorage(root: dir.path))
        let table = DeltaTable(storage: faulty)
        try TableWriter(table: table).write([Self.rows(1...2)])
        faulty.inject(.fail, on: .putIfAbsent, pathContains: "_delta_log")
        #expect(throws: DeltaError.self) { try TableWriter(table: table).write([Self.rows(3...4)]) }
        #expect(try table.latestVersion() == 0)
        #expect(try Rows.read(table).count == 2)
        // A crash right after the commit landed: the commit is there, whole.
        faulty.inject(.failAfterWrite, on: .putIfAbsent, pathContains: "_delta_log")
        #expect(throws: DeltaError.self) { try TableWriter(table: table).write([Self.rows(5...6)]) }
        #expect(try table.latestVersion() == 1)
        #expect(try Rows.read(table).count == 4)
    }
}

/// A tiny lock-protected value for tests.
final class Mutex<T>: @unchecked Sendable {
    private var value: T
    private let lock = NSLock()
    init(_ value: T) { self.value = value }
    func withLock<R>(_ body: (inout T) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}

@Suite struct ColumnMappingWriteTests {
    @Test(arguments: ["name", "id"])
    func newTablesGetPhysicalNamesAndIds(_ mode: String) throws {
        let dir = TempDirectory()
        let table = DeltaTable(path: dir.path)
        var options = WriteOptions()
        options.tableProperties = ["delta.columnMapping.mode": mode]
        options.partitionBy = ["day"]
        try TableWriter(table: table).write([TableWriterTests.rows(1...3)], options: options)
        let snapshot = try table.snapshot()
        #expect(snapshot.protocol == Protocol(minReaderVersion: 2, minWriterVersion: 5))
        #expect(snapshot.configuration["delta.columnMapping.maxColumnId"] == "3")
        let mapping = ColumnMappingMode(rawValue: mode)!
        let physical = snapshot.schema.fields.map { mapping.physicalName($0) }
        #expect(physical.allSatisfy { $0.hasPrefix("col-") })
        // Partition values and statistics use physical names.
        #expect(snapshot.files.allSatisfy { $0.partitionValues.keys.first == physical[2] })
        #expect(snapshot.files.allSatisfy { $0.stats?.contains(physical[0]) == true })
        #expect(try Rows.read(table).count == 3)
        // A merged column gets the next id.
        options.mergeSchema = true
        options.tableProperties = [:]
        let wider = Schema(TableWriterTests.schema.fields + [Field("more", .int32)])
        try TableWriter(table: table).write([Rows.batch(wider, [[.int(9), .string("x"), .date(0), .int(1)]])], options: options)
        let after = try table.snapshot()
        #expect(ColumnMappingMode.id(after.schema["more"]!) == 4)
        #expect(try Rows.read(table).contains("id=9, name=x, day=1970-01-01, more=1"))
    }
}
