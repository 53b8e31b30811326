import Columnar
import Testing
@testable import Delta

@Suite struct ConflictCheckerTests {
    static let schema = Schema([Field("p", .string), Field("v", .int64)])

    static func batch(_ p: String, _ v: Int64) -> RecordBatch { Rows.batch(schema, [[.string(p), .int(v)]]) }

    static func partitioned(_ dir: TempDirectory) throws -> DeltaTable {
        let table = DeltaTable(path: dir.path)
        var options = WriteOptions()
        options.partitionBy = ["p"]
        try TableWriter(table: table).write([batch("a", 1), batch("b", 2)], options: options)
        return table
    }

    @Test func overwriteLosingToAnAppendOfItsPredicateConflicts() throws {
        let dir = TempDirectory()
        let table = try Self.partitioned(dir)
        let read = try table.snapshot()
        // Our transaction: replace partition a, staged against version 0.
        let mine = Transaction(table: table, readSnapshot: read, operation: "WRITE")
        mine.readPredicate = try ExpressionParser.parse("p = 'a'").bound(to: read.schema)
        mine.add(read.files.filter { $0.partitionValues["p"] == "a" }.map { .remove(RemoveFile(removing: $0, at: 1)) })
        // Meanwhile a non-blind writer adds to partition a (an overwrite of partition b's... rows in a).
        let theirs = Transaction(table: table, readSnapshot: read, operation: "WRITE")
        theirs.readPredicate = try ExpressionParser.parse("p = 'b'").bound(to: read.schema)
        theirs.add(.add(AddFile(path: "p=a/x.parquet", partitionValues: ["p": "a"], size: 1, modificationTime: 1)))
        try theirs.commit()
        #expect { try mine.commit() } throws: {
            let e = $0 as? DeltaError
            return e?.code == .concurrentModification && e?.message.contains("version 1") == true && e?.message.contains("p = 'a'") == true
        }
    }

    @Test func disjointPartitionsDoNotConflict() throws {
        let dir = TempDirectory()
        let table = try Self.partitioned(dir)
        let read = try table.snapshot()
        let mine = Transaction(table: table, readSnapshot: read, operation: "DELETE")
        mine.readPredicate = try ExpressionParser.parse("p = 'a'").bound(to: read.schema)
        mine.add(read.files.filter { $0.partitionValues["p"] == "a" }.map { .remove(RemoveFile(removing: $0, at: 1)) })
        let theirs = Transaction(table: table, readSnapshot: read, operation: "DELETE")
        theirs.readPredicate = try ExpressionParser.parse("p = 'b'").bound(to: read.schema)
        theirs.add(read.files.filter { $0.partitionValues["p"] == "b" }.map { .remove(RemoveFile(removing: $0, at: 1)) })
        try theirs.commit()
        let result = try mine.commit()
        #expect(result.version == 2 && result.lostRaces == [1] && result.attempts == 2)
        #expect(try table.snapshot().files.isEmpty)
    }

    @Test func deleteDeleteAndMetadataConflicts() throws {
        let dir = TempDirectory()
        let table = try Self.partitioned(dir)
        let read = try table.snapshot()
        let file = read.files[0]
        let a = Transaction(table: table, readSnapshot: read, operation: "DELETE")
        a.add(.remove(RemoveFile(removing: file, at: 1)))
        let b = Transaction(table: table, readSnapshot: read, operation: "DELETE")
        b.add(.remove(RemoveFile(removing: file, at: 1)))
        try a.commit()
        #expect { try b.commit() } throws: { ($0 as? DeltaError)?.message.contains("also removes") == true }

        let read2 = try table.snapshot()
        let appender = Transaction(table: table, readSnapshot: read2, operation: "WRITE")
        appender.add(.add(AddFile(path: "p=c/y.parquet", partitionValues: ["p": "c"], size: 1, modificationTime: 1)))
        let alter = Transaction(table: table, readSnapshot: read2, operation: "SET TBLPROPERTIES")
        var m = read2.metadata
        m.configuration["x"] = "y"
        alter.add(.metadata(m))
        try alter.commit()
        #expect { try appender.commit() } throws: { ($0 as? DeltaError)?.message.contains("changed the table metadata") == true }
    }
}
