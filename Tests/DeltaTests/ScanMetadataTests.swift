import Columnar
import Testing
@testable import Delta

/// ``Scan/metadataSummary()``: exact counts and bounds from the log, nil where inexact.
@Suite struct ScanMetadataTests {
    @Test func countsAndBoundsComeFromStatistics() throws {
        let dir = TempDirectory()
        let table = try ScanTests.table(files: 3, dir)
        let scan = try Scan(snapshot: try table.snapshot(), storage: table.storage)
        let summary = try #require(try scan.metadataSummary())
        #expect(summary.rowCount == 30)
        #expect(summary.fileCount == 3)
        let id = summary.columns[0]
        #expect(id.nullCount == 0 && id.hasExactBounds && id.min == .int(0) && id.max == .int(29))
        // Strings: statistics may be truncated prefixes, so no exact bounds; the null count is exact.
        #expect(summary.columns[1].nullCount == 0 && !summary.columns[1].hasExactBounds)
    }

    @Test func aPredicateOnDataColumnsIsNotExact() throws {
        let dir = TempDirectory()
        let table = try ScanTests.table(files: 2, dir)
        let scan = try Scan(snapshot: try table.snapshot(), storage: table.storage, predicate: try ExpressionParser.parse("id > 3"))
        #expect(try scan.metadataSummary() == nil)
    }

    @Test func partitionPredicatesAreExact() throws {
        let dir = TempDirectory()
        let table = DeltaTable(path: dir.path)
        let schema = Schema([Field("id", .int64), Field("day", .string)])
        var options = WriteOptions()
        options.partitionBy = ["day"]
        try TableWriter(table: table).write([Rows.batch(schema, [
            [.int(1), .string("a")], [.int(2), .string("a")], [.int(7), .string("b")], [.int(9), .null],
        ])], options: options)
        let snapshot = try table.snapshot()
        func summary(_ predicate: String?) throws -> MetadataSummary? {
            try Scan(snapshot: snapshot, storage: table.storage, predicate: try predicate.map { try ExpressionParser.parse($0) }).metadataSummary()
        }
        let a = try #require(try summary("day = 'a'"))
        #expect(a.rowCount == 2 && a.columns[0].max == .int(2) && a.columns[1].min == .string("a"))
        // Three-valued logic: the null partition does not satisfy `day != 'a'`.
        let notA = try #require(try summary("day != 'a'"))
        #expect(notA.rowCount == 1 && notA.columns[0].min == .int(7))
        let all = try #require(try summary(nil))
        #expect(all.rowCount == 4 && all.columns[1].nullCount == 1 && all.columns[1].max == .string("b"))
    }

    @Test func deletionVectorsCountButHideBounds() throws {
        let dir = TempDirectory()
        let table = try ScanTests.table(files: 1, dir)
        try ScanTests.attach(DeletionVectorDescriptor(storageType: .inline, pathOrInlineDv: ScanTests.bitmap09Z85, sizeInBytes: 36, cardinality: 2), to: table)
        let summary = try #require(try Scan(snapshot: try table.snapshot(), storage: table.storage).metadataSummary())
        #expect(summary.rowCount == 8)
        #expect(summary.columns[0].nullCount == nil && !summary.columns[0].hasExactBounds)
    }

    @Test func filesWithoutRowCountsGiveNothing() throws {
        let dir = TempDirectory()
        let table = try ScanTests.table(files: 1, dir)
        let snapshot = try table.snapshot()
        var add = snapshot.files[0]
        add.stats = nil
        let transaction = Transaction(table: table, readSnapshot: snapshot, operation: "WRITE")
        transaction.add([.remove(RemoveFile(removing: snapshot.files[0], at: 0)), .add(add)])
        try transaction.commit()
        #expect(try Scan(snapshot: try table.snapshot(), storage: table.storage).metadataSummary() == nil)
    }
}
