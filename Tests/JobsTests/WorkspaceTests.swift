import Foundation
import Testing
@testable import Jobs

@Suite struct WorkspaceTests {
    @Test func importListExportDelete() throws {
        let dir = TempDir()
        let ws = dir.workspace
        let source = "-- Databricks notebook source\nSELECT 1\n\n-- COMMAND ----------\n\n-- MAGIC %md\n-- MAGIC notes\n"
        let nb = try ws.importObject(path: "/Users/me/DataProcessing", content: Array(source.utf8), format: .source, language: .sql, overwrite: false)
        #expect(nb.objectType == .notebook && nb.language == .sql && nb.path == "/Users/me/DataProcessing")
        try ws.importObject(path: "/Users/me/readme.txt", content: Array("hello".utf8), format: .auto, language: nil, overwrite: false)
        try ws.mkdirs("/Shared/empty")
        #expect(try ws.list("/").map(\.path) == ["/Shared", "/Users"])
        let listed = try ws.list("/Users/me")
        #expect(listed.map(\.path) == ["/Users/me/DataProcessing", "/Users/me/readme.txt"])
        #expect(listed.map(\.objectType) == [.notebook, .file])
        #expect(try ws.listRecursively("/").count == 6)
        #expect(String(decoding: try ws.export("/Users/me/DataProcessing"), as: UTF8.self) == source, "MAGIC lines preserved")
        #expect(String(decoding: try ws.export("/Users/me/readme.txt"), as: UTF8.self) == "hello")

        // No overwrite without the flag; then replace.
        #expect(throws: JobsError.self) {
            try ws.importObject(path: "/Users/me/DataProcessing", content: Array("SELECT 2".utf8), format: .source, language: .sql, overwrite: false)
        }
        try ws.importObject(path: "/Users/me/DataProcessing", content: Array("SELECT 2".utf8), format: .source, language: .sql, overwrite: true)
        #expect(String(decoding: try ws.export("/Users/me/DataProcessing"), as: UTF8.self) == "-- Databricks notebook source\nSELECT 2")

        #expect(throws: JobsError.self) { try ws.delete("/Users", recursive: false) }
        try ws.delete("/Users/me/readme.txt", recursive: false)
        try ws.delete("/Users", recursive: true)
        #expect(try ws.list("/").map(\.path) == ["/Shared"])
    }

    @Test func badPaths() throws {
        let ws = TempDir().workspace
        for path in ["relative/x", "/a/../b", "/a/.hidden", "/"] {
            #expect(throws: JobsError.self) { try ws.importObject(path: path, content: [], format: .raw, language: nil, overwrite: false) }
        }
        #expect(throws: JobsError.self) { try ws.importObject(path: "/x", content: [], format: .source, language: nil, overwrite: false) }
        try ws.importObject(path: "/nb", content: Array("SELECT 1".utf8), format: .source, language: .sql, overwrite: false)
        #expect(throws: JobsError.self) { try ws.importObject(path: "/nb/inner", content: [], format: .raw, language: nil, overwrite: false) }
        do {
            _ = try ws.notebook("/missing")
            Issue.record("found a missing notebook")
        } catch let e as JobsError {
            #expect(e.code == .notFound && e.message.contains("lake workspace import"))
        }
    }

    /// Many threads (each opening the lock file anew, as separate processes would) allocate
    /// ids and create jobs at once: every id is unique and every job is kept.
    @Test func concurrentCreatesLoseNothing() throws {
        let dir = TempDir()
        let api = dir.api
        let json = try JSONValueText.job("j")
        let ids = LockedArray()
        DispatchQueue.concurrentPerform(iterations: 24) { i in
            if let (job, _) = try? api.create(json, baseDirectory: dir.path) { ids.append(job.jobId) }
        }
        let all = ids.values.sorted()
        #expect(all == Array(1...24))
        #expect(try api.jobs().count == 24)
    }
}

/// A thread-safe array for tests.
final class LockedArray: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Int64] = []
    func append(_ v: Int64) { lock.lock(); storage.append(v); lock.unlock() }
    var values: [Int64] { lock.lock(); defer { lock.unlock() }; return storage }
}
