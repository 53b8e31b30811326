import Foundation
import Testing
@testable import Delta

@Suite struct DeletionVectorDescriptorTests {
    /// The descriptor of the deletion vector in delta-kernel-rs's table-with-dv-small.
    static let smallTableVector = DeletionVectorDescriptor(
        storageType: .uuidRelativePath, pathOrInlineDv: "vBn[lx{q8@P<9BNH/isA", offset: 1, sizeInBytes: 36, cardinality: 2)
    static let smallTableRoot = deletionVectorFixtures + "/table-with-dv-small"
    static let smallTableFile = smallTableRoot + "/deletion_vector_61d16c75-6994-46b7-a15b-8b538852e50e.bin"

    // MARK: Derived fields

    @Test func uniqueIdAppendsTheOffsetWhenThereIsOne() {
        let onDisk = DeletionVectorDescriptor(storageType: .uuidRelativePath, pathOrInlineDv: "ab^-aqEH.-t@S}K{vb[*k^", offset: 4, sizeInBytes: 40, cardinality: 6)
        #expect(onDisk.uniqueId == "uab^-aqEH.-t@S}K{vb[*k^@4")
        let inline = DeletionVectorDescriptor(storageType: .inline, pathOrInlineDv: "wi5b=000010000siXQKl0rr91000f55c8Xg0@@D72lkbi5=-{L", sizeInBytes: 40, cardinality: 6)
        #expect(inline.uniqueId == "iwi5b=000010000siXQKl0rr91000f55c8Xg0@@D72lkbi5=-{L")
        let absolute = DeletionVectorDescriptor(storageType: .absolutePath, pathOrInlineDv: "/t/dv.bin", offset: 1, sizeInBytes: 40, cardinality: 6)
        #expect(absolute.uniqueId == "p/t/dv.bin@1")
        #expect(DeletionVectorDescriptor.StorageType(rawValue: "p") == .absolutePath)
        #expect(DeletionVectorDescriptor.StorageType(rawValue: "x") == nil)
    }

    /// The protocol's JSON example 1: the random prefix becomes a directory.
    @Test(arguments: ["/data/mytable", "/data/mytable/", "file:///data/mytable", "file:/data/mytable/", "file://localhost/data/mytable"])
    func uuidPathWithPrefix(root: String) throws {
        let descriptor = DeletionVectorDescriptor(storageType: .uuidRelativePath, pathOrInlineDv: "ab^-aqEH.-t@S}K{vb[*k^", offset: 4, sizeInBytes: 40, cardinality: 6)
        #expect(try descriptor.absolutePath(tableRoot: root) == "/data/mytable/ab/deletion_vector_d2c639aa-8816-431a-aaf6-d3fe2512ff61.bin")
    }

    @Test func uuidPathWithoutPrefixAndInline() throws {
        #expect(try Self.smallTableVector.absolutePath(tableRoot: "/t") == "/t/deletion_vector_61d16c75-6994-46b7-a15b-8b538852e50e.bin")
        // A plain table root is a path, not a URI: '%' stays as it is.
        #expect(try Self.smallTableVector.absolutePath(tableRoot: "/t/100%") == "/t/100%/deletion_vector_61d16c75-6994-46b7-a15b-8b538852e50e.bin")
        let inline = DeletionVectorDescriptor(storageType: .inline, pathOrInlineDv: "", sizeInBytes: 40, cardinality: 6)
        #expect(try inline.absolutePath(tableRoot: "/t") == nil)
    }

    @Test(arguments: [
        ("/abs/dv.bin", "/abs/dv.bin"),
        ("/abs/a%20b.bin", "/abs/a b.bin"),
        ("file:///abs/a%20b.bin", "/abs/a b.bin"),
        ("file:/abs/dv.bin", "/abs/dv.bin"),
        ("FILE://localhost/abs/dv.bin", "/abs/dv.bin"),
        ("rel/dv.bin", "/root/rel/dv.bin"),
    ])
    func absolutePaths(path: String, expected: String) throws {
        let descriptor = DeletionVectorDescriptor(storageType: .absolutePath, pathOrInlineDv: path, offset: 1, sizeInBytes: 36, cardinality: 2)
        #expect(try descriptor.absolutePath(tableRoot: "/root") == expected)
    }

    @Test(arguments: [
        (DeletionVectorDescriptor.StorageType.absolutePath, "s3://bucket/table/dv.bin", DeltaError.Code.unsupportedFeature),
        (.absolutePath, "file://otherhost/dv.bin", .unsupportedFeature),
        (.absolutePath, "/abs/bad%zzescape.bin", .corruptLog),
        (.absolutePath, "", .corruptLog),
        (.uuidRelativePath, "tooShort", .corruptLog),
        (.uuidRelativePath, "vBn[lx{q8@P<9BNH/is\"", .corruptLog),
        (.uuidRelativePath, "../vBn[lx{q8@P<9BNH/isA", .corruptLog),
        (.uuidRelativePath, "..vBn[lx{q8@P<9BNH/isA", .corruptLog),
    ])
    func badPathsThrow(type: DeletionVectorDescriptor.StorageType, path: String, code: DeltaError.Code) {
        let descriptor = DeletionVectorDescriptor(storageType: type, pathOrInlineDv: path, offset: 1, sizeInBytes: 36, cardinality: 2)
        #expect { try descriptor.absolutePath(tableRoot: "/root") } throws: { ($0 as? DeltaError)?.code == code }
    }

    // MARK: Loading real and reference vectors

    /// table-with-dv-small (Delta Spark): rows 0 and 9 of its only file are deleted.
    @Test func loadsTheSmallTableVector() throws {
        let bitmap = try Self.smallTableVector.load(tableRoot: Self.smallTableRoot)
        #expect(Array(bitmap) == [0, 9])
        #expect(bitmap.survivingIndices(start: 0, count: 10) == [1, 2, 3, 4, 5, 6, 7, 8])
        for path in [Self.smallTableFile, "file://" + Self.smallTableFile] {
            let absolute = DeletionVectorDescriptor(storageType: .absolutePath, pathOrInlineDv: path, offset: 1, sizeInBytes: 36, cardinality: 2)
            #expect(Array(try absolute.load(tableRoot: "/nonexistent")) == [0, 9])
        }
    }

    /// The same 36 bytes carried inline (Z85-encoded, padded to 40 bytes).
    @Test func loadsInlineVectors() throws {
        let inline = DeletionVectorDescriptor(storageType: .inline, pathOrInlineDv: "^Bg9^0rr910000000000iXQKl0rr91000315c8Xg000r9", sizeInBytes: 36, cardinality: 2)
        #expect(Array(try inline.load(tableRoot: "/nonexistent")) == [0, 9])
        let example = DeletionVectorDescriptor(storageType: .inline, pathOrInlineDv: "wi5b=000010000siXQKl0rr91000f55c8Xg0@@D72lkbi5=-{L", sizeInBytes: 40, cardinality: 6)
        #expect(Array(try example.load(tableRoot: "/nonexistent")) == [3, 4, 7, 11, 18, 29])
        // Encoded by our own encoder, unaligned.
        let bytes = TestRoaring.delta(rows: [1, 2, 1 << 33])
        #expect(bytes.count % 4 != 0)
        let ours = DeletionVectorDescriptor(storageType: .inline, pathOrInlineDv: Z85.encode(bytes), sizeInBytes: bytes.count, cardinality: 3)
        #expect(Array(try ours.load(tableRoot: "/")) == [1, 2, 1 << 33])
        // One padding byte counted as data is a byte after the bitmap.
        let padded = DeletionVectorDescriptor(storageType: .inline, pathOrInlineDv: Z85.encode(bytes), sizeInBytes: bytes.count + 1, cardinality: 3)
        expectError(.corruptLog, "1 unexpected bytes after its bitmap") { _ = try padded.load(tableRoot: "/") }
    }

    /// Vectors serialized by CRoaring (pyroaring), several to a file, under a random prefix.
    @Test func loadsCRoaringVectors() throws {
        let root = deletionVectorFixtures + "/pyroaring"
        let text = try String(contentsOfFile: root + "/expected.txt", encoding: .utf8)
        let file = [UInt8](try Data(contentsOf: URL(fileURLWithPath: root + "/ab/deletion_vector_d2c639aa-8816-431a-aaf6-d3fe2512ff61.bin")))
        var checked = 0
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: " ")
            let (name, offset, size, cardinality) = (String(fields[0]), Int(fields[1])!, Int(fields[2])!, Int64(fields[3])!)
            var rows: [UInt64] = []
            for range in fields.dropFirst(4) where range != "-" {
                let parts = range.split(separator: ":").map { UInt64($0)! }
                rows += stride(from: parts[0], to: parts[1], by: Int(parts[2]))
            }
            let descriptor = DeletionVectorDescriptor(storageType: .uuidRelativePath, pathOrInlineDv: "ab^-aqEH.-t@S}K{vb[*k^", offset: offset, sizeInBytes: size, cardinality: cardinality)
            let bitmap = try descriptor.load(tableRoot: root)
            #expect(Array(bitmap) == rows, "\(name)")
            #expect(bitmap.cardinality == UInt64(cardinality), "\(name)")
            // Cross-check: the test serializer writes the bytes CRoaring wrote.
            #expect(TestRoaring.delta(rows: rows) == Array(file[(offset + 4)..<(offset + 4 + size)]), "\(name)")
            checked += 1
        }
        #expect(checked == 8)
    }

    @Test func loadsEveryVectorOfAFileByOffset() throws {
        let sets: [[UInt64]] = [[1, 2, 3], Array(0..<5000).map { $0 * 2 }, [], [7, 1 << 40]]
        let (bytes, offsets) = TestRoaring.file(sets.map { TestRoaring.delta(rows: $0) })
        try withTemporaryFile(bytes) { (path: String) throws in
            for (rows, offset) in zip(sets, offsets) {
                let size = TestRoaring.delta(rows: rows).count
                let descriptor = DeletionVectorDescriptor(storageType: .absolutePath, pathOrInlineDv: path, offset: offset, sizeInBytes: size, cardinality: Int64(rows.count))
                #expect(Array(try descriptor.load(tableRoot: "/")) == rows)
            }
        }
    }

    // MARK: Malformed descriptors and files

    static func corrupted(_ change: (inout [UInt8]) -> Void) throws -> [UInt8] {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: smallTableFile)))
        change(&bytes)
        return bytes
    }

    @Test(arguments: [
        ("format version", "has format version 2"),
        ("size field", "stores size 37"),
        ("checksum", "checksum"),
        ("payload", "checksum"),
        ("truncated", "too few for 36 bytes"),
        ("empty", "is empty"),
    ])
    func corruptFilesThrow(kind: String, fragment: String) throws {
        let bytes = try Self.corrupted { b in
            switch kind {
            case "format version": b[0] = 2
            case "size field": b[4] = 37
            case "checksum": b[44] ^= 1
            case "payload": b[30] ^= 0x10
            case "truncated": b.removeLast()
            default: b = []
            }
        }
        try withTemporaryFile(bytes) { (path: String) throws in
            let descriptor = DeletionVectorDescriptor(storageType: .absolutePath, pathOrInlineDv: path, offset: 1, sizeInBytes: 36, cardinality: 2)
            expectError(.corruptLog, fragment) { _ = try descriptor.load(tableRoot: "/root") }
        }
    }

    @Test func badDescriptorsThrow() {
        func vector(_ type: DeletionVectorDescriptor.StorageType = .uuidRelativePath, offset: Int? = 1, size: Int = 36, cardinality: Int64 = 2, path: String = "vBn[lx{q8@P<9BNH/isA") -> DeletionVectorDescriptor {
            DeletionVectorDescriptor(storageType: type, pathOrInlineDv: path, offset: offset, sizeInBytes: size, cardinality: cardinality)
        }
        let root = Self.smallTableRoot
        expectError(.corruptLog, "holds 2 rows but the descriptor's cardinality is 3") { _ = try vector(cardinality: 3).load(tableRoot: root) }
        expectError(.corruptLog, "cardinality -1 is negative") { _ = try vector(cardinality: -1).load(tableRoot: root) }
        expectError(.corruptLog, "sizeInBytes 3") { _ = try vector(size: 3).load(tableRoot: root) }
        expectError(.corruptLog, "sizeInBytes 4294967296") { _ = try vector(size: 1 << 32).load(tableRoot: root) }
        expectError(.corruptLog, "stores size 36 at offset 1 but sizeInBytes is 35") { _ = try vector(size: 35).load(tableRoot: root) }
        expectError(.corruptLog, "offset 0") { _ = try vector(offset: 0).load(tableRoot: root) }
        expectError(.corruptLog, "too few for a vector at offset 100") { _ = try vector(offset: 100).load(tableRoot: root) }
        expectError(.corruptLog, "too few for a vector at offset 2147483647") { _ = try vector(offset: Int(Int32.max)).load(tableRoot: root) }
        expectError(.io, "cannot open") { _ = try vector().load(tableRoot: "/nonexistent/table") }
        expectError(.io, "not a regular file") { _ = try vector(.absolutePath, path: root).load(tableRoot: root) }
        let inline = "^Bg9^0rr910000000000iXQKl0rr91000315c8Xg000r9"
        expectError(.corruptLog, "offset 1; the protocol requires none") { _ = try vector(.inline, path: inline).load(tableRoot: root) }
        expectError(.corruptLog, "decodes to 36 bytes but sizeInBytes is 30") { _ = try vector(.inline, offset: nil, size: 30, path: inline).load(tableRoot: root) }
        expectError(.corruptLog, "decodes to 36 bytes but sizeInBytes is 41") { _ = try vector(.inline, offset: nil, size: 41, path: inline).load(tableRoot: root) }
        expectError(.corruptLog, "outside the Z85 alphabet") { _ = try vector(.inline, offset: nil, path: "\"" + inline.dropFirst()).load(tableRoot: root) }
    }

    /// Errors name the vector and the table.
    @Test func errorsNameTheVectorAndTable() {
        let descriptor = DeletionVectorDescriptor(storageType: .uuidRelativePath, pathOrInlineDv: "vBn[lx{q8@P<9BNH/isA", offset: 1, sizeInBytes: 36, cardinality: 5)
        do {
            _ = try descriptor.load(tableRoot: Self.smallTableRoot)
            Issue.record("loaded a vector whose cardinality is wrong")
        } catch let error as DeltaError {
            #expect(error.message.hasPrefix("deletion vector 'uvBn[lx{q8@P<9BNH/isA@1': "))
            #expect(error.table == Self.smallTableRoot)
        } catch { Issue.record("unexpected error \(error)") }
    }
}

/// Expects `body` to throw a ``DeltaError`` with `code` whose message contains `fragment`.
func expectError(_ code: DeltaError.Code, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("no error; expected \(code): \(fragment)", sourceLocation: sourceLocation)
    } catch let error as DeltaError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        #expect(error.message.contains(fragment), "\(error.message)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
    }
}

/// Runs `body` with the path of a temporary file holding `bytes`, then removes it.
func withTemporaryFile(_ bytes: [UInt8], _ body: (String) throws -> Void) throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("dv-\(UUID().uuidString).bin").path
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    try body(path)
}
