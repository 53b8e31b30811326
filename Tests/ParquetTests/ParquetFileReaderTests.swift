import Columnar
import Foundation
import Testing
@testable import Parquet

@Suite struct ParquetFileReaderTests {
    /// Reads every row group of a file in memory.
    static func readAll(_ bytes: [UInt8]) throws -> Int {
        let reader = try ParquetFileReader(bytes: bytes, name: "mutant.parquet")
        var rows = 0
        for g in 0..<reader.rowGroupCount { rows += try reader.readRowGroup(g).count }
        return rows
    }

    @Test func fixturesArePresent() {
        #expect(Fixtures.parquetFiles.count >= 20, "fixtures/parquet should hold the generated fixtures")
    }

    /// Truncations and random byte flips of real files: every case reads or throws a
    /// ParquetError — never a crash, a hang or another error type.
    @Test(.timeLimit(.minutes(5)))
    func mutatedFilesReadOrThrow() throws {
        let files = Fixtures.parquetFiles.filter { url in
            ["snappy", "gzip", "zstd", "lz4", "brotli", "v2", "delta", "dict", "nested", "spark", "int96", "bss", "multi"]
                .contains { url.lastPathComponent.contains($0) }
        }
        try #require(!files.isEmpty)
        var rng = SeededGenerator(seed: 42)
        var outcomes = (read: 0, threw: 0)
        let casesPerFile = max(1, 3000 / files.count)
        for url in files {
            let original = try Fixtures.bytes(url)
            for _ in 0..<casesPerFile {
                var bytes = original
                switch rng.below(4) {
                case 0:
                    bytes.removeLast(1 + rng.below(bytes.count - 1))
                case 1:
                    // Flip bytes in the footer, where one bit changes the most.
                    let footerStart = max(0, bytes.count - 8 - 400)
                    for _ in 0...rng.below(3) { bytes[footerStart + rng.below(bytes.count - footerStart)] ^= UInt8(1 + rng.below(255)) }
                case 2:
                    // Flip bytes in the data pages.
                    for _ in 0...rng.below(6) { bytes[4 + rng.below(bytes.count - 12)] ^= UInt8(1 + rng.below(255)) }
                default:
                    let i = rng.below(bytes.count - 8)
                    bytes.replaceSubrange(i..<min(bytes.count - 8, i + 1 + rng.below(32)), with: (0..<rng.below(40)).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
                }
                do {
                    _ = try Self.readAll(bytes)
                    outcomes.read += 1
                } catch let error as ParquetError {
                    #expect(error.file == "mutant.parquet", "\(error)")
                    outcomes.threw += 1
                }
            }
        }
        #expect(outcomes.threw > outcomes.read / 4, "most mutations should be detected: \(outcomes)")
    }

    @Test func badMagicAndShortFilesAreRefused() throws {
        let good = try Fixtures.bytes(Fixtures.parquetFiles[0])
        var bad = good
        bad[bad.count - 1] = UInt8(ascii: "X")
        #expect { try Self.readAll(bad) } throws: { ($0 as? ParquetError)?.code == .notParquet }
        #expect { try Self.readAll(Array(good.prefix(11))) } throws: { ($0 as? ParquetError)?.code == .notParquet }
        var longFooter = good
        let n = longFooter.count
        longFooter.replaceSubrange((n - 8)..<(n - 4), with: [0xFF, 0xFF, 0xFF, 0x7F])
        #expect { try Self.readAll(longFooter) } throws: { ($0 as? ParquetError)?.code == .notParquet }
    }

    @Test func missingFileNamesThePath() {
        #expect { try ParquetFileReader(path: "/nonexistent/x.parquet") } throws: {
            let e = $0 as? ParquetError
            return e?.code == .io && e?.file == "/nonexistent/x.parquet"
        }
    }

    @Test func projectionReadsOnlyTheNamedColumns() throws {
        let batch = TestData.batch(Schema(TestData.flatFields), rows: 100, seed: 9)
        let writer = try ParquetFileWriter(schema: batch.schema)
        try writer.write(batch)
        try writer.close()
        let reader = try ParquetFileReader(bytes: writer.bytes)
        let projected = try reader.readRowGroup(0, columns: [5, 2])
        #expect(projected.schema.fields.map(\.name) == [batch.schema.fields[5].name, batch.schema.fields[2].name])
        #expect(projected.columns[0].boxedValues == batch.columns[5].boxedValues)
        #expect(throws: ParquetError.self) { try reader.readRowGroup(0, columns: [999]) }
        #expect(throws: ParquetError.self) { try reader.readRowGroup(7) }
    }
}
