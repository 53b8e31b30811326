import Columnar
import Foundation
import LakeJSON
import Testing
@testable import Delta

@Suite struct ScanTests {
    static let schema = Schema([Field("id", .int64), Field("s", .string)])

    /// A table of `files` appends with ids `k*10 ..< k*10+10` each.
    static func table(files: Int, _ dir: TempDirectory, rowGroupRows: Int = 1 << 20) throws -> DeltaTable {
        let table = DeltaTable(path: dir.path)
        var options = WriteOptions()
        options.parquet.rowGroupRowLimit = rowGroupRows
        for k in 0..<files {
            try TableWriter(table: table).write([Rows.batch(schema, (0..<10).map { [.int(Int64(k * 10 + $0)), .string("s\(k)")] })], options: options)
        }
        return table
    }

    @Test func statisticsSkipFiles() throws {
        let dir = TempDirectory()
        let table = try Self.table(files: 5, dir)
        let snapshot = try table.snapshot()
        let cases: [(String, Int)] = [
            ("id = 25", 1), ("id > 35", 2), ("id >= 30", 2), ("id < 0", 0), ("id IN (3, 47)", 2), ("id BETWEEN 12 AND 21", 2),
            ("NOT (id < 40)", 1), ("s = 's2'", 1), ("id IS NULL", 0), ("id IS NOT NULL", 5), ("id = 5 OR s = 's4'", 2),
            ("id != 3", 5),
        ]
        for (predicate, files) in cases {
            let scan = try Scan(snapshot: snapshot, storage: table.storage, predicate: try ExpressionParser.parse(predicate))
            let (planned, metrics) = try scan.plan()
            #expect(planned.count == files, "\(predicate)")
            #expect(metrics.filesSkippedByStats == 5 - files, "\(predicate)")
        }
    }

    @Test func rowGroupsAreSkippedAndRowsFiltered() throws {
        let dir = TempDirectory()
        let table = try Self.table(files: 1, dir, rowGroupRows: 3)
        var scan = try Scan(snapshot: try table.snapshot(), storage: table.storage, predicate: try ExpressionParser.parse("id >= 7"))
        var batches = try scan.batches()
        var rows = 0
        while let b = try batches.next() { rows += b.count }
        #expect(batches.metrics.rowGroupsTotal == 4)
        #expect(batches.metrics.rowGroupsSkipped == 2)
        #expect(rows == 4)  // row groups 6-8 and 9: skipping is not filtering
        scan.filterRows = true
        #expect(try scan.collect().count == 3)
    }

    @Test func projectionAndUnknownColumns() throws {
        let dir = TempDirectory()
        let table = try Self.table(files: 1, dir)
        let batch = try Scan(snapshot: try table.snapshot(), storage: table.storage, columns: ["s"]).collect()
        #expect(batch.schema.fields.map(\.name) == ["s"])
        #expect { try Scan(snapshot: try table.snapshot(), storage: table.storage, columns: ["sx"]) } throws: {
            ($0 as? DeltaError)?.message.contains("did you mean 's'?") == true
        }
        #expect { try Scan(snapshot: try table.snapshot(), storage: table.storage, predicate: try ExpressionParser.parse("idd = 1")) } throws: {
            ($0 as? DeltaError)?.message.contains("did you mean 'id'?") == true
        }
        #expect { try Scan(snapshot: try table.snapshot(), storage: table.storage, predicate: try ExpressionParser.parse("id = 'x'")) } throws: {
            ($0 as? DeltaError)?.message.contains("column 'id' is bigint") == true
        }
    }

    /// Replaces the table's only file with the same file carrying `dv`, at a new version.
    static func attach(_ dv: DeletionVectorDescriptor, to table: DeltaTable) throws {
        let snapshot = try table.snapshot()
        let add = snapshot.files[0]
        var withDV = add
        withDV.deletionVector = dv
        let transaction = Transaction(table: table, readSnapshot: snapshot, operation: "DELETE")
        transaction.add([
            .protocol(Protocol(minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ["deletionVectors"], writerFeatures: ["deletionVectors"])),
            .remove(RemoveFile(removing: add, at: 0)), .add(withDV),
        ])
        try transaction.commit()
    }

    static let bitmap09Z85 = "^Bg9^0rr910000000000iXQKl0rr91000315c8Xg000r9"

    @Test func inlineDeletionVectorsHideRows() throws {
        let dir = TempDirectory()
        let table = try Self.table(files: 1, dir)
        try Self.attach(DeletionVectorDescriptor(storageType: .inline, pathOrInlineDv: Self.bitmap09Z85, sizeInBytes: 36, cardinality: 2), to: table)
        let rows = try Rows.read(table)
        #expect(rows.count == 8)
        #expect(!rows.contains("id=0, s=s0") && !rows.contains("id=9, s=s0") && rows.contains("id=5, s=s0"))
        #expect(try Rows.read(table, version: 0).count == 10)
    }

    @Test func onDiskDeletionVectorsHideRows() throws {
        let dir = TempDirectory()
        let table = try Self.table(files: 1, dir)
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/deletion_vectors/table-with-dv-small/deletion_vector_61d16c75-6994-46b7-a15b-8b538852e50e.bin")
        try FileManager.default.copyItem(atPath: fixture.path, toPath: dir.sub("deletion_vector_61d16c75-6994-46b7-a15b-8b538852e50e.bin"))
        try Self.attach(DeletionVectorDescriptor(storageType: .uuidRelativePath, pathOrInlineDv: "vBn[lx{q8@P<9BNH/isA", offset: 1, sizeInBytes: 36, cardinality: 2), to: table)
        var batches = try Scan(snapshot: try table.snapshot(), storage: table.storage).batches()
        var rows = 0
        while let b = try batches.next() { rows += b.count }
        #expect(rows == 8)
        #expect(batches.metrics.rowsDeleted == 2)
    }

    @Test func readerFeaturesWeLackAreRefusedByName() throws {
        let dir = TempDirectory()
        let table = try Self.table(files: 1, dir)
        let t = Transaction(table: table, readSnapshot: try table.snapshot(), operation: "UPGRADE")
        t.add(.protocol(Protocol(minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ["futureFeature"], writerFeatures: ["futureFeature"])))
        // Committing is refused too: the writer checks what it is about to require.
        #expect { try t.commit() } throws: { ($0 as? DeltaError)?.message.contains("futureFeature") == true }
        _ = try table.storage.putIfAbsent(LogFile.commitName(1).inLog, Array(#"{"protocol":{"minReaderVersion":3,"minWriterVersion":7,"readerFeatures":["futureFeature"],"writerFeatures":["futureFeature"]}}"#.utf8))
        #expect { try table.snapshot() } throws: {
            let e = $0 as? DeltaError
            return e?.code == .unsupportedFeature && e?.message.contains("futureFeature") == true
        }
        #expect(try Rows.read(table, version: 0).count == 10)
    }
}
