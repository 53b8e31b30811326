import Columnar
import Delta
import Foundation
import Testing
@testable import Query

/// Concurrent writers and crashes around DML statements.
@Suite(.serialized) struct DMLConcurrencyTests {
    func statement(_ sql: String) throws -> Statement { try SQLParser.parseStatement(sql) }

    /// Runs a DML statement reading `version`, against `table` when given.
    func run(_ w: DMLWarehouse, _ sql: String, version: Int64? = nil, table: DeltaTable? = nil) throws -> QueryResult {
        let options = DMLOptions(version: version, table: table)
        switch try statement(sql) {
        case .delete(let d): return try DeleteCommand(engine: w.engine, statement: d, options: options).run()
        case .update(let u): return try UpdateCommand(engine: w.engine, statement: u, options: options).run()
        case .merge(let m): return try MergeCommand(engine: w.engine, statement: m, options: options).run()
        default: throw QueryError(.invalidArgument, "not DML")
        }
    }

    static func conflictCode(_ error: any Error) -> DeltaError.Code? {
        ((error as? QueryError)?.cause as? DeltaError)?.code
    }

    @Test func deleteRacingUpdateOnTheSameFilesFailsTheLoser() throws {
        let w = try DMLWarehouse()
        try w.makeTable("t", rows: 20, files: 2)
        let read = try w.table("t").latestVersion()
        // The DELETE wins; the UPDATE read the same version and rewrites a file the DELETE removed.
        _ = try run(w, "DELETE FROM s.t WHERE id = 3", version: read)
        #expect {
            try run(w, "UPDATE s.t SET v = 'x' WHERE id = 4", version: read)
        } throws: { Self.conflictCode($0) == .concurrentModification }
        #expect(try w.rows("SELECT count(*), count(CASE WHEN v = 'x' THEN 1 END) FROM s.t") == ["19|0"])
        #expect(try w.table("t").latestVersion() == read + 1)
        // Disjoint files do not conflict.
        let again = try w.table("t").latestVersion()
        _ = try run(w, "UPDATE s.t SET v = 'a' WHERE id = 15", version: again)
        _ = try run(w, "DELETE FROM s.t WHERE id = 5", version: again)
        #expect(try w.rows("SELECT count(*), count(CASE WHEN v = 'a' THEN 1 END) FROM s.t") == ["18|1"])
    }

    @Test func concurrentStatementsFromOneVersionLeaveOneWinner() throws {
        let w = try DMLWarehouse()
        try w.makeTable("t", rows: 20, files: 1)
        let read = try w.table("t").latestVersion()
        let statements = ["DELETE FROM s.t WHERE id < 5", "UPDATE s.t SET v = 'u' WHERE id > 10",
                          "MERGE INTO s.t t USING (SELECT 7 AS id) s ON t.id = s.id WHEN MATCHED THEN DELETE"]
        let outcomes = Outcomes()
        DispatchQueue.concurrentPerform(iterations: statements.count) { i in
            do {
                _ = try self.run(w, statements[i], version: read)
                outcomes.add(nil)
            } catch {
                outcomes.add(Self.conflictCode(error))
            }
        }
        #expect(outcomes.values.filter { $0 == nil }.count == 1)
        #expect(outcomes.values.filter { $0 == .concurrentModification }.count == 2)
        #expect(try w.table("t").latestVersion() == read + 1)
        let count = try w.rows("SELECT count(*) FROM s.t")
        #expect(["16", "20", "19"].contains(count[0]))
    }

    @Test func aCrashBeforeTheCommitLeavesThePreviousVersion() throws {
        let w = try DMLWarehouse()
        try w.makeTable("t", rows: 10, files: 1)
        let version = try w.table("t").latestVersion()
        let storage = FaultInjectingStorage(LocalStorage(root: w.path + "/s/t"))
        storage.inject(.fail, on: .putIfAbsent, pathContains: "_delta_log/")
        #expect(throws: (any Error).self) { try run(w, "DELETE FROM s.t WHERE id = 3", table: DeltaTable(storage: storage)) }
        #expect(try w.table("t").latestVersion() == version)
        #expect(try w.rows("SELECT count(*) FROM s.t") == ["10"])
        storage.inject(.fail, on: .putIfAbsent, pathContains: "_delta_log/")
        #expect(throws: (any Error).self) {
            try run(w, "MERGE INTO s.t t USING (SELECT 3 AS id) s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = 'm'", table: DeltaTable(storage: storage))
        }
        #expect(try w.rows("SELECT count(CASE WHEN v = 'm' THEN 1 END) FROM s.t") == ["0"])
        // A crash after the commit file landed (before the writer saw it) leaves the new version whole.
        storage.inject(.failAfterWrite, on: .putIfAbsent, pathContains: "_delta_log/")
        #expect(throws: (any Error).self) { try run(w, "UPDATE s.t SET v = 'z' WHERE id = 2", table: DeltaTable(storage: storage)) }
        #expect(try w.rows("SELECT v FROM s.t WHERE id = 2") == ["z"])
        #expect(try w.rows("SELECT count(*) FROM s.t") == ["10"])
    }
}

/// Thread-safe collection of outcomes.
final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [DeltaError.Code?] = []

    func add(_ v: DeltaError.Code?) {
        lock.lock()
        values.append(v)
        lock.unlock()
    }
}
