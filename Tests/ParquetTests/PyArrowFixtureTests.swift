import Foundation
import Testing
import Columnar
@testable import Parquet

/// Decodes page bytes written by pyarrow 26 (Fixtures/encodings, see its README) and checks
/// our encoders reproduce them byte for byte where the layout is deterministic.
@Suite struct PyArrowFixtureTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/encodings")

    struct Fixture {
        var physicalType: String
        var encoding: Int32
        var lines: [Substring]
        var bytes: [UInt8]
        var dictionary: [UInt8]?

        var count: Int { lines.count }
        var integers: [Int64] { lines.map { Int64($0)! } }
        var bitPatterns: [UInt64] { lines.map { UInt64($0, radix: 16)! } }
        var arrays: [[UInt8]] {
            lines.map { line in
                let hex = Array(line.dropFirst().utf8)
                return stride(from: 0, to: hex.count, by: 2).map { UInt8(String(decoding: hex[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
            }
        }
    }

    static func load(_ name: String) throws -> Fixture {
        let text = try String(contentsOf: directory.appendingPathComponent(name + ".expected"), encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        let header = lines.removeFirst().split(separator: " ")
        #expect(Int(header[2]) == lines.count)
        let bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent(name + ".bin")))
        let dictionaryURL = directory.appendingPathComponent(name + ".dict.bin")
        let dictionary = FileManager.default.fileExists(atPath: dictionaryURL.path) ? try [UInt8](Data(contentsOf: dictionaryURL)) : nil
        return Fixture(physicalType: String(header[0]), encoding: Int32(header[1])!, lines: lines, bytes: bytes, dictionary: dictionary)
    }

    @Test(arguments: ["delta_int64", "delta_int64_one", "delta_int64_129", "delta_int32"])
    func deltaBinaryPacked(name: String) throws {
        let f = try Self.load(name)
        #expect(f.encoding == Encoding.deltaBinaryPacked.rawValue)
        let guarded = GuardedBytes(f.bytes)
        var encoded = Buffer()
        if f.physicalType == "INT64" {
            var out = [Int64](repeating: 0, count: f.count)
            let (n, consumed) = try out.withUnsafeMutableBufferPointer { try DeltaBinaryPackedDecoder.decode(guarded.buffer, into: $0.baseAddress!, capacity: f.count) }
            #expect(n == f.count)
            #expect(consumed == f.bytes.count)
            #expect(out == f.integers)
            // Arrow C++ writes INT64 in blocks of 256 values (4 miniblocks of 64).
            out.withUnsafeBufferPointer { DeltaBinaryPackedEncoder.encode($0, blockSize: 256, into: &encoded) }
        } else {
            var out = [Int32](repeating: 0, count: f.count)
            let (n, consumed) = try out.withUnsafeMutableBufferPointer { try DeltaBinaryPackedDecoder.decode(guarded.buffer, into: $0.baseAddress!, capacity: f.count) }
            #expect(n == f.count)
            #expect(consumed == f.bytes.count)
            #expect(out.map { Int64($0) } == f.integers)
            out.withUnsafeBufferPointer { DeltaBinaryPackedEncoder.encode($0, into: &encoded) }
        }
        #expect(encoded.bytes == f.bytes, "our encoder differs from Arrow's")
    }

    @Test(arguments: ["dlba_strings", "dba_strings", "plain_strings"])
    func byteArrays(name: String) throws {
        let f = try Self.load(name)
        let guarded = GuardedBytes(f.bytes)
        var values = Buffer(), offsets = Buffer()
        offsets.append(Int32(0))
        let consumed: Int
        switch f.encoding {
        case Encoding.deltaLengthByteArray.rawValue:
            consumed = try DeltaLengthByteArrayDecoder.decode(guarded.buffer, count: f.count, values: &values, offsets: &offsets)
        case Encoding.deltaByteArray.rawValue:
            consumed = try DeltaByteArrayDecoder.decode(guarded.buffer, count: f.count, values: &values, offsets: &offsets)
        default:
            consumed = try PlainDecoder.decodeByteArrays(guarded.buffer, count: f.count, values: &values, offsets: &offsets)
        }
        #expect(consumed == f.bytes.count)
        #expect(arraysOf(values: values, offsets: offsets) == f.arrays)
        var encoded = Buffer()
        switch f.encoding {
        case Encoding.deltaLengthByteArray.rawValue: DeltaLengthByteArrayEncoder.encode(values: values, offsets: offsets, rows: 0..<f.count, into: &encoded)
        case Encoding.deltaByteArray.rawValue: DeltaByteArrayEncoder.encode(values: values, offsets: offsets, rows: 0..<f.count, into: &encoded)
        default: PlainEncoder.encodeByteArrays(values: values, offsets: offsets, rows: 0..<f.count, into: &encoded)
        }
        #expect(encoded.bytes == f.bytes, "our encoder differs from Arrow's")
    }

    @Test(arguments: ["bss_float", "bss_double", "bss_int32", "bss_int64", "bss_flba5"])
    func byteStreamSplit(name: String) throws {
        let f = try Self.load(name)
        #expect(f.encoding == Encoding.byteStreamSplit.rawValue)
        let width = f.bytes.count / f.count
        let guarded = GuardedBytes(f.bytes)
        var out = [UInt8](repeating: 0, count: f.bytes.count)
        let consumed = try out.withUnsafeMutableBytes { try ByteStreamSplitDecoder.decode(guarded.buffer, count: f.count, width: width, into: $0.baseAddress!) }
        #expect(consumed == f.bytes.count)
        let plain: [UInt8]
        switch f.physicalType {
        case "FLOAT": plain = f.bitPatterns.flatMap { v in withUnsafeBytes(of: UInt32(v).littleEndian, Array.init) }
        case "DOUBLE": plain = f.bitPatterns.flatMap { v in withUnsafeBytes(of: v.littleEndian, Array.init) }
        case "INT32": plain = f.integers.flatMap { v in withUnsafeBytes(of: Int32(v).littleEndian, Array.init) }
        case "INT64": plain = f.integers.flatMap { v in withUnsafeBytes(of: v.littleEndian, Array.init) }
        default: plain = f.arrays.flatMap { $0 }
        }
        #expect(out == plain)
        var encoded = Buffer()
        plain.withUnsafeBytes { ByteStreamSplitEncoder.encode($0.baseAddress!, count: f.count, width: width, into: &encoded) }
        #expect(encoded.bytes == f.bytes)
    }

    @Test func plainInt64AndInt96AndBooleans() throws {
        let longs = try Self.load("plain_int64")
        var out = [Int64](repeating: 0, count: longs.count)
        let guarded = GuardedBytes(longs.bytes)
        #expect(try out.withUnsafeMutableBufferPointer { try PlainDecoder.decode(guarded.buffer, count: longs.count, into: $0.baseAddress!) } == longs.bytes.count)
        #expect(out == longs.integers)

        let int96 = try Self.load("plain_int96")
        #expect(int96.physicalType == "INT96")
        var micros = [Int64](repeating: 0, count: int96.count)
        _ = try int96.bytes.withUnsafeBytes { raw in try micros.withUnsafeMutableBufferPointer { try PlainDecoder.decodeInt96(raw, count: int96.count, into: $0.baseAddress!) } }
        #expect(micros == int96.integers)
        var encoded = Buffer()
        micros.withUnsafeBufferPointer { PlainEncoder.encodeInt96($0, into: &encoded) }
        #expect(encoded.bytes == int96.bytes)

        let bools = try Self.load("plain_bool")
        var flags = [UInt8](repeating: 9, count: bools.count)
        let boolBytes = GuardedBytes(bools.bytes)
        #expect(try flags.withUnsafeMutableBufferPointer { try PlainDecoder.decodeBooleans(boolBytes.buffer, count: bools.count, into: $0.baseAddress!) } == bools.bytes.count)
        #expect(flags.map { Int64($0) } == bools.integers)
        var packed = Buffer()
        flags.withUnsafeBufferPointer { PlainEncoder.encodeBooleans($0, into: &packed) }
        #expect(packed.bytes == bools.bytes)
    }

    /// RLE booleans in a v2 data page: a 4-byte length, then the RLE/bit-packed hybrid data.
    @Test func rleBooleans() throws {
        let f = try Self.load("rle_bool")
        #expect(f.encoding == Encoding.rle.rawValue)
        let length = Int(f.bytes[0]) | Int(f.bytes[1]) << 8 | Int(f.bytes[2]) << 16 | Int(f.bytes[3]) << 24
        #expect(length == f.bytes.count - 4)
        let guarded = GuardedBytes(Array(f.bytes.dropFirst(4)))
        var decoder = try RLEBitPackedHybridDecoder(guarded.buffer, bitWidth: 1)
        var out = [UInt8](repeating: 9, count: f.count)
        #expect(try out.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress!, count: f.count) } == f.count)
        #expect(out.map { Int64($0) } == f.integers)
        var encoder = RLEBitPackedHybridEncoder(bitWidth: 1)
        out.withUnsafeBufferPointer { encoder.append(contentsOf: $0) }
        var encoded = Buffer()
        encoder.finish(into: &encoded)
        #expect(encoded.bytes == Array(f.bytes.dropFirst(4)), "our RLE runs differ from Arrow's")
    }

    @Test func dictionaryInt64() throws {
        let f = try Self.load("dict_int64")
        #expect(f.encoding == Encoding.rleDictionary.rawValue)
        let page = try #require(f.dictionary)
        let entries = page.count / 8
        var dictionary = [Int64](repeating: 0, count: entries)
        _ = try page.withUnsafeBytes { raw in try dictionary.withUnsafeMutableBufferPointer { try PlainDecoder.decode(raw, count: entries, into: $0.baseAddress!) } }
        let indices = try Self.indices(f.bytes, count: f.count)
        var out = [Int64](repeating: 0, count: f.count)
        try dictionary.withUnsafeBufferPointer { d in
            try indices.withUnsafeBufferPointer { i in try out.withUnsafeMutableBufferPointer { try DictionaryGather.gather(dictionary: d, indices: i, into: $0.baseAddress!) } }
        }
        #expect(out == f.integers)

        // Our builder sees values in the same order, so it yields the same dictionary and indices,
        // and our RLE encoder the same runs.
        let builder = FixedWidthDictionaryBuilder(width: 8)
        var ours = Buffer()
        out.withUnsafeBufferPointer { builder.append($0, indices: &ours) }
        var ourPage = Buffer()
        builder.encodePlain(into: &ourPage)
        #expect(ourPage.bytes == page)
        #expect(ours.array(of: UInt32.self) == indices)
        var encoder = RLEBitPackedHybridEncoder(bitWidth: Int(f.bytes[0]))
        ours.withUnsafeBufferPointer(as: UInt32.self) { encoder.append(contentsOf: $0) }
        var data = Buffer()
        data.append(f.bytes[0])
        encoder.finish(into: &data)
        #expect(data.bytes == f.bytes, "our RLE runs differ from Arrow's")
    }

    @Test func dictionaryStrings() throws {
        let f = try Self.load("dict_strings")
        let page = try #require(f.dictionary)
        var dv = Buffer(), doffs = Buffer()
        doffs.append(Int32(0))
        var entries = 0
        // The dictionary page does not say its entry count here: decode until the bytes end.
        var position = 0
        while position < page.count {
            position += try page.withUnsafeBytes { try PlainDecoder.decodeByteArrays(UnsafeRawBufferPointer(rebasing: $0[position...]), count: 1, values: &dv, offsets: &doffs) }
            entries += 1
        }
        let indices = try Self.indices(f.bytes, count: f.count)
        var values = Buffer(), offsets = Buffer()
        offsets.append(Int32(0))
        try indices.withUnsafeBufferPointer { try DictionaryGather.gatherByteArrays(dictionaryValues: dv, dictionaryOffsets: doffs, indices: $0, values: &values, offsets: &offsets) }
        #expect(arraysOf(values: values, offsets: offsets) == f.arrays)

        let builder = ByteArrayDictionaryBuilder()
        var ours = Buffer()
        try builder.append(values: values, offsets: offsets, rows: 0..<f.count, indices: &ours)
        #expect(builder.count == entries)
        var ourPage = Buffer()
        builder.encodePlain(into: &ourPage)
        #expect(ourPage.bytes == page)
        #expect(ours.array(of: UInt32.self) == indices)
    }

    static func indices(_ bytes: [UInt8], count: Int) throws -> [UInt32] {
        let guarded = GuardedBytes(bytes)
        var decoder = try RLEBitPackedHybridDecoder.dictionaryIndices(guarded.buffer)
        var out = [UInt32](repeating: 0, count: count)
        let n = try out.withUnsafeMutableBufferPointer { try decoder.decode(into: $0.baseAddress!, count: count) }
        #expect(n == count)
        return out
    }
}
