import Columnar
import Delta
import Foundation
import Query
import Testing
@testable import Pipeline

/// Exactly-once ingestion: whatever happens to an update, each landing file's rows are in the
/// table once.
@Suite struct IngestionCheckpointTests {
    /// A runner whose bronze table's storage fails as `inject` says.
    func runner(_ dir: TempDirectory, _ inject: ((FaultInjectingStorage) -> Void)? = nil) -> UpdateRunner {
        let r = shopRunner(dir)
        guard let inject else { return r }
        let faulty = FaultInjectingStorage(LocalStorage(root: dir.sub("lake/bronze/orders")))
        inject(faulty)
        r.storage = { path -> any Storage in path.hasSuffix("/bronze/orders") ? faulty : LocalStorage(root: path) }
        return r
    }

    func shopRunner(_ dir: TempDirectory) -> UpdateRunner { try! UpdateRunner(shopPipeline(dir)) }

    func count(_ dir: TempDirectory, _ sql: String) throws -> Int64 {
        guard case .int(let n) = try Rows.value(QueryEngine(warehouse: dir.sub("lake")), sql) else { return -1 }
        return n
    }

    @Test func aFailedCommitIngestsNothingAndTheNextUpdateEverything() throws {
        let dir = TempDirectory()
        dir.write("landing/orders/o1.csv", "id,customer,amount,updated\n1,ana,10,1\n2,bia,20,1\n")
        let broken = runner(dir) { $0.inject(.fail, on: .putIfAbsent, pathContains: "_delta_log/") }
        let first = try broken.run()
        #expect(first.dataset("bronze.orders")?.status == .failed)
        #expect(first.dataset("silver.orders")?.status == .skipped)
        #expect(first.dataset("gold.by_customer")?.status == .skipped)
        #expect(try DeltaTable(path: dir.sub("lake/bronze/orders")).exists() == false)

        dir.write("landing/orders/o2.csv", "id,customer,amount,updated\n3,caio,30,1\n")
        let second = try shopRunner(dir).run()
        #expect(second.succeeded)
        #expect(second.dataset("bronze.orders")?.files == ["o1.csv", "o2.csv"])
        #expect(try count(dir, "SELECT count(*) FROM bronze.orders") == 3)
        #expect(try count(dir, "SELECT count(DISTINCT _source_file) FROM bronze.orders") == 2)
        #expect(try count(dir, "SELECT count(*) FROM silver.orders") == 3)
    }

    @Test func aCrashAfterTheCommitLandedNeverIngestsTwice() throws {
        let dir = TempDirectory()
        dir.write("landing/orders/o1.csv", "id,customer,amount,updated\n1,ana,10,1\n2,bia,20,1\n")
        // The commit file lands, then the writer "dies" before learning it did.
        let broken = runner(dir) { $0.inject(.failAfterWrite, on: .putIfAbsent, pathContains: "_delta_log/") }
        let first = try broken.run()
        #expect(first.dataset("bronze.orders")?.status == .failed)
        #expect(try count(dir, "SELECT count(*) FROM bronze.orders") == 2)

        let second = try shopRunner(dir).run()
        #expect(second.dataset("bronze.orders")?.status == .upToDate)
        #expect(try count(dir, "SELECT count(*) FROM bronze.orders") == 2)
        // Downstream catches up with the rows it never saw.
        #expect(second.dataset("silver.orders")?.status == .updated)
        #expect(try count(dir, "SELECT count(*) FROM silver.orders") == 2)
        #expect(try shopRunner(dir).run().updated.isEmpty)
    }

    @Test func anUncommittedPlanIsPlannedAgainWithNewFiles() throws {
        let dir = TempDirectory()
        dir.write("landing/orders/o1.csv", "id,customer,amount,updated\n1,ana,10,1\n")
        try shopRunner(dir).run()
        dir.write("landing/orders/o2.csv", "id,customer,amount,updated\n2,bia,20,1\n")
        let broken = runner(dir) { $0.inject(.fail, on: .putIfAbsent, pathContains: "_delta_log/") }
        #expect(try broken.run().dataset("bronze.orders")?.status == .failed)
        // Batch 1's plan (o1, o2) was written but never committed.
        let checkpoint = IngestionCheckpoint(pipeline: broken.pipeline, dataset: "bronze.orders", generation: 0)
        #expect(try checkpoint.files(throughBatch: 1).keys.sorted() == ["o1.csv", "o2.csv"])
        #expect(try DeltaTable(path: dir.sub("lake/bronze/orders")).snapshot().transactions[checkpoint.applicationID]?.version == 0)

        dir.write("landing/orders/o3.csv", "id,customer,amount,updated\n3,caio,30,1\n")
        let r = try shopRunner(dir).run()
        #expect(r.dataset("bronze.orders")?.files == ["o2.csv", "o3.csv"])
        #expect(try count(dir, "SELECT count(*) FROM bronze.orders") == 3)
        #expect(try count(dir, "SELECT count(*) FROM silver.orders") == 3)
    }

    @Test func fullRefreshReingestsEverythingOnceInANewGeneration() throws {
        let dir = TempDirectory()
        dir.write("landing/orders/o1.csv", "id,customer,amount,updated\n1,ana,10,1\n")
        try shopRunner(dir).run()
        dir.write("landing/orders/o2.csv", "id,customer,amount,updated\n2,bia,20,1\n")
        try shopRunner(dir).run()
        let runner = shopRunner(dir)
        // Refreshing bronze also refreshes silver, which streams from it.
        #expect(try runner.fullRefreshSet(.datasets(["bronze.orders"])) == ["bronze.orders", "silver.orders"])
        let r = try runner.run(UpdateOptions(fullRefresh: .datasets(["bronze.orders"])))
        #expect(r.succeeded)
        #expect(r.dataset("bronze.orders")?.files == ["o1.csv", "o2.csv"])
        #expect(try count(dir, "SELECT count(*) FROM bronze.orders") == 2)
        #expect(try count(dir, "SELECT count(*) FROM silver.orders") == 2)
        let snapshot = try DeltaTable(path: dir.sub("lake/bronze/orders")).snapshot()
        #expect(snapshot.configuration["pipelines.lake.generation"] == "1")
        #expect(try shopRunner(dir).run().updated.isEmpty)
        #expect(throws: PipelineError.self) { try runner.fullRefreshSet(.datasets(["bronze.ordrs"])) }
    }

    @Test func aStreamingReaderRefusesARewrittenInput() throws {
        let dir = TempDirectory()
        dir.write("landing/orders/o1.csv", "id,customer,amount,updated\n1,ana,10,1\n")
        try shopRunner(dir).run()
        // Rewrite bronze behind the pipeline's back.
        var options = WriteOptions()
        options.mode = .overwrite
        let table = DeltaTable(path: dir.sub("lake/bronze/orders"))
        try TableWriter(table: table).write(try TableRows.all(try table.snapshot(), table.storage), options: options)
        let r = try shopRunner(dir).run()
        #expect(r.dataset("silver.orders")?.status == .failed)
        #expect(r.dataset("silver.orders")?.error?.contains("run a full refresh of silver.orders") == true)
    }
}
