import Columnar
import Foundation
import LakeJSON
import Testing
@testable import Delta

@Suite struct OptimizeTests {
    static let schema = Schema([Field("p", .string), Field("id", .int64), Field("x", .int64), Field("y", .int64)])

    static func rows(_ p: String, _ ids: Range<Int>) -> RecordBatch {
        Rows.batch(schema, ids.map { i in [.string(p), .int(Int64(i)), .int(Int64(i * 7919 % 1000)), .int(Int64(i * 104_729 % 1000))] })
    }

    /// A table partitioned by p: `appends` small files in partitions a and b, one in c.
    static func smallFiles(_ dir: TempDirectory, appends: Int = 4) throws -> DeltaTable {
        let table = DeltaTable(path: dir.path)
        var options = WriteOptions()
        options.partitionBy = ["p"]
        for i in 0..<appends {
            try TableWriter(table: table).write([rows("a", i * 10 ..< i * 10 + 10), rows("b", 1000 + i * 10 ..< 1000 + i * 10 + 10)], options: options)
        }
        try TableWriter(table: table).write([rows("c", 5000 ..< 5010)], options: options)
        return table
    }

    static func lastCommit(_ table: DeltaTable) throws -> [JSONValue] {
        let version = try table.latestVersion()
        let bytes = try table.storage.read(LogFile.commitName(version).inLog)
        var out: [JSONValue] = []
        try bytes.withUnsafeBytes { try JSONValue.parseLines($0) { value, _ in out.append(value) } }
        return out
    }

    @Test func binPackingCompactsEachPartitionAndIsIdempotent() throws {
        let dir = TempDirectory()
        let table = try Self.smallFiles(dir)
        let before = try Rows.read(table)
        let versionBefore = try table.latestVersion()
        let metrics = try table.optimize()
        #expect(metrics.numFilesRemoved == 8 && metrics.numFilesAdded == 2)
        #expect(metrics.totalConsideredFiles == 9 && metrics.totalFilesSkipped == 1)
        #expect(metrics.partitionsOptimized == 2 && metrics.numBatches == 2 && metrics.numRowsRewritten == 80)
        #expect(metrics.commit?.version == versionBefore + 1)
        #expect(try Rows.read(table) == before)
        let snapshot = try table.snapshot()
        #expect(snapshot.files.count == 3)
        #expect(Dictionary(grouping: snapshot.files, by: { $0.partitionValues["p"]! ?? "" }).mapValues(\.count) == ["a": 1, "b": 1, "c": 1])
        // New files live in their partition directories and carry statistics.
        for file in snapshot.files {
            let p = file.partitionValues["p"]! ?? ""
            #expect(file.path.hasPrefix("p=\(p)/"))
            #expect(FileStats(file.stats)?.numRecords != nil)
        }

        let actions = try Self.lastCommit(table)
        let info = actions.compactMap { $0["commitInfo"] }.first
        #expect(info?["operation"]?.stringValue == "OPTIMIZE")
        #expect(info?["isolationLevel"]?.stringValue == "SnapshotIsolation")
        #expect(info?["isBlindAppend"]?.boolValue == false)
        #expect(info?["operationParameters"]?["predicate"]?.stringValue == "[]")
        #expect(info?["operationParameters"]?["zOrderBy"]?.stringValue == "[]")
        #expect(info?["operationMetrics"]?["numRemovedFiles"]?.stringValue == "8")
        #expect(info?["operationMetrics"]?["numAddedFiles"]?.stringValue == "2")
        let fileActions = actions.compactMap { $0["add"] ?? $0["remove"] }
        #expect(fileActions.count == 10 && fileActions.allSatisfy { $0["dataChange"]?.boolValue == false })

        // Idempotent: nothing left to combine, nothing committed.
        let again = try table.optimize()
        #expect(again.commit == nil && again.numFilesAdded == 0 && again.numFilesRemoved == 0 && again.totalFilesSkipped == 3)
        #expect(try table.latestVersion() == versionBefore + 1)
    }

    @Test func wherePicksPartitionsAndRefusesDataColumns() throws {
        let dir = TempDirectory()
        let table = try Self.smallFiles(dir)
        var options = OptimizeOptions()
        options.partitionPredicate = try ExpressionParser.parse("p = 'a'")
        let metrics = try table.optimize(options)
        #expect(metrics.numFilesRemoved == 4 && metrics.numFilesAdded == 1 && metrics.totalConsideredFiles == 4)
        let info = try Self.lastCommit(table).compactMap { $0["commitInfo"] }.first
        #expect(info?["operationParameters"]?["predicate"]?.stringValue?.contains("p = 'a'") == true)
        #expect(try table.snapshot().files.filter { $0.partitionValues["p"] == "b" }.count == 4)

        options.partitionPredicate = try ExpressionParser.parse("id > 3")
        #expect { try table.optimize(options) } throws: {
            let e = $0 as? DeltaError
            return e?.code == .invalidArgument && e?.message.contains("Predicate references non-partition column 'id'. Only the partition columns may be referenced: [p]") == true
        }
    }

    @Test func targetSizeSplitsBins() throws {
        let dir = TempDirectory()
        let table = try Self.smallFiles(dir, appends: 6)
        let sizes = try table.snapshot().files.filter { $0.partitionValues["p"] == "a" }.map(\.size)
        var options = OptimizeOptions()
        options.maxFileSize = sizes.max()! * 3 + 1  // at most three files per bin
        options.partitionPredicate = try ExpressionParser.parse("p = 'a'")
        let metrics = try table.optimize(options)
        #expect(metrics.numFilesRemoved == 6 && metrics.numFilesAdded == 2 && metrics.numBatches == 2)
        // Files at least minFileSize are left alone.
        let big = try DeltaTable(path: dir.path).snapshot().files.filter { $0.partitionValues["p"] == "b" }
        options.partitionPredicate = try ExpressionParser.parse("p = 'b'")
        options.minFileSize = big.map(\.size).min()!
        #expect(try table.optimize(options).commit == nil)
    }

    @Test func targetFileSizeProperty() throws {
        #expect(OptimizeExecutor.byteSize("134217728") == 134_217_728)
        #expect(OptimizeExecutor.byteSize("128mb") == 128 << 20)
        #expect(OptimizeExecutor.byteSize("1 GB") == 1 << 30)
        #expect(OptimizeExecutor.byteSize("12 parsecs") == nil)
        #expect(OptimizeExecutor.byteSize("99999999999999999999t") == nil)
    }

    @Test func zOrderChecksItsColumns() throws {
        let dir = TempDirectory()
        let table = try Self.smallFiles(dir, appends: 1)
        for (columns, message) in [(["p"], "p is a partition column"), (["xx"], "Z-Ordering column xx does not exist in data schema; did you mean 'x'?")] {
            var options = OptimizeOptions()
            options.zOrderBy = columns
            #expect { try table.optimize(options) } throws: { ($0 as? DeltaError)?.message.contains(message) == true }
        }
    }

    /// The point of Z-order: a range filter on either Z-ordered column reads far fewer files
    /// than the same number of files bin-packed without it.
    @Test func zOrderImprovesFileSkipping() throws {
        let schema = Schema([Field("id", .int64), Field("x", .int64), Field("y", .int64)])
        var generator = SplitMix64(seed: 7)
        func makeTable(_ path: String) throws -> DeltaTable {
            let table = DeltaTable(path: path)
            for f in 0..<16 {
                let rows: [[Value]] = (0..<500).map { i in [.int(Int64(f * 500 + i)), .int(Int64(generator.next() % 1000)), .int(Int64(generator.next() % 1000))] }
                try TableWriter(table: table).write([Rows.batch(schema, rows)])
            }
            return table
        }
        let dir = TempDirectory()
        generator = SplitMix64(seed: 7)
        let plain = try makeTable(dir.sub("plain"))
        generator = SplitMix64(seed: 7)
        let zordered = try makeTable(dir.sub("zorder"))
        let total = try plain.snapshot().sizeInBytes
        var options = OptimizeOptions()
        options.maxFileSize = total / 8  // about 8 output files either way
        options.minFileSize = Int64.max
        let packed = try plain.optimize(options)
        options.zOrderBy = ["x", "y"]
        let clustered = try zordered.optimize(options)
        #expect(clustered.numFilesRemoved == 16 && clustered.numFilesAdded == 8 && clustered.zOrderBy == ["x", "y"])
        #expect(packed.numFilesAdded >= 4)
        #expect(try Rows.read(plain) == Rows.read(zordered))

        func filesRead(_ table: DeltaTable, _ predicate: String) throws -> Int {
            try Scan(snapshot: table.snapshot(), storage: table.storage, predicate: ExpressionParser.parse(predicate)).plan().metrics.filesRead
        }
        for predicate in ["x < 100", "y >= 900", "x BETWEEN 400 AND 450"] {
            let withoutZ = try filesRead(plain, predicate), withZ = try filesRead(zordered, predicate)
            #expect(withoutZ == (try plain.snapshot().files.count), "random rows: every bin-packed file spans the whole range (\(predicate))")
            #expect(withZ * 2 <= withoutZ, "\(predicate): \(withZ) files read after Z-order, \(withoutZ) without")
        }
        let info = try Self.lastCommit(zordered).compactMap { $0["commitInfo"] }.first
        #expect(info?["operationParameters"]?["zOrderBy"]?.stringValue == "[\"x\",\"y\"]")
        // Z-order is not idempotent: it rewrites the partition again.
        #expect(try zordered.optimize(options).numFilesRemoved == 8)
    }

    /// A file with a deletion vector loses its deleted rows when rewritten.
    @Test func deletionVectorsAreAppliedAndDropped() throws {
        let dir = TempDirectory()
        let table = DeltaTable(path: dir.path)
        let schema = Schema([Field("id", .int64)])
        try TableWriter(table: table).write([Rows.batch(schema, (0..<10).map { [.int(Int64($0))] })])
        try TableWriter(table: table).write([Rows.batch(schema, (10..<15).map { [.int(Int64($0))] })])
        // Mark rows 0 and 9 of the first file deleted with the table-with-dv-small vector.
        try FileManager.default.copyItem(atPath: DeletionVectorDescriptorTests.smallTableFile,
                                         toPath: dir.path + "/deletion_vector_61d16c75-6994-46b7-a15b-8b538852e50e.bin")
        let snapshot = try table.snapshot()
        let first = snapshot.files.first { FileStats($0.stats)?.numRecords == 10 }!
        var withDV = first
        withDV.deletionVector = DeletionVectorDescriptorTests.smallTableVector
        let dvCommit = Transaction(table: table, readSnapshot: snapshot, operation: "DELETE")
        dvCommit.add([
            .protocol(Protocol(minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ["deletionVectors"], writerFeatures: ["deletionVectors"])),
            .remove(RemoveFile(removing: first, at: 1)), .add(withDV),
        ])
        try dvCommit.commit()
        #expect(try Rows.read(table).count == 13)
        let metrics = try table.optimize()
        #expect(metrics.numDeletionVectorsRemoved == 1 && metrics.numDeletionVectorRowsRemoved == 2 && metrics.numRowsRewritten == 13)
        let after = try table.snapshot()
        #expect(after.files.count == 1 && after.files[0].deletionVector == nil)
        #expect(FileStats(after.files[0].stats)?.numRecords == 13)
        #expect(try Rows.read(table) == (1..<15).filter { $0 != 9 }.map { "id=\($0)" }.sorted())
    }

    // MARK: Concurrency

    @Test func appendRacingOptimizeDoesNotConflict() throws {
        let dir = TempDirectory()
        let table = try Self.smallFiles(dir)
        let read = try table.snapshot()
        // An append lands between OPTIMIZE's read and its commit.
        var options = WriteOptions()
        options.partitionBy = ["p"]
        try TableWriter(table: table).write([Self.rows("a", 900 ..< 905)], options: options)
        let metrics = try OptimizeExecutor(table: table, snapshot: read, options: OptimizeOptions()).run()
        #expect(metrics.commit?.lostRaces == [read.version + 1])
        #expect(try Rows.read(table).count == 90 + 5)
        // The other way round: OPTIMIZE commits first, the append (blind) still lands.
        let dir2 = TempDirectory()
        let table2 = try Self.smallFiles(dir2)
        let append = Transaction(table: table2, readSnapshot: try table2.snapshot(), operation: "WRITE")
        try table2.optimize()
        append.add(.add(AddFile(path: "p=a/extra.parquet", partitionValues: ["p": "a"], size: 1, modificationTime: 1)))
        #expect(try append.commit().lostRaces.count == 1)
    }

    @Test func deleteRacingOptimizeOnTheSameFilesConflicts() throws {
        // The DELETE commits first: OPTIMIZE, which would resurrect its rows, fails.
        let dir = TempDirectory()
        let table = try Self.smallFiles(dir)
        let read = try table.snapshot()
        let victim = read.files.first { $0.partitionValues["p"] == "a" }!
        let delete = Transaction(table: table, readSnapshot: read, operation: "DELETE")
        delete.readPredicate = try ExpressionParser.parse("p = 'a'").bound(to: read.schema)
        delete.add(.remove(RemoveFile(removing: victim, at: 1)))
        try delete.commit()
        #expect { try OptimizeExecutor(table: table, snapshot: read, options: OptimizeOptions()).run() } throws: {
            let e = $0 as? DeltaError
            return e?.code == .concurrentModification && e?.message.contains(PathEncoding.decode(victim.path)) == true
        }
        #expect(try Rows.read(table).count == 80)

        // OPTIMIZE commits first: the DELETE that read (and removes) a compacted file fails.
        let dir2 = TempDirectory()
        let table2 = try Self.smallFiles(dir2)
        let read2 = try table2.snapshot()
        let victim2 = read2.files.first { $0.partitionValues["p"] == "a" }!
        let late = Transaction(table: table2, readSnapshot: read2, operation: "DELETE")
        late.readPredicate = try ExpressionParser.parse("p = 'a'").bound(to: read2.schema)
        late.add(.remove(RemoveFile(removing: victim2, at: 1)))
        try table2.optimize()
        #expect { try late.commit() } throws: { ($0 as? DeltaError)?.code == .concurrentModification }
        #expect(try Rows.read(table2).count == 90)
    }
}
