import Columnar
import Foundation
import Testing

@testable import Parquet

/// Every codec `compress` and `decompress` implement.
private let supportedCodecs: [CompressionCodec] = [.uncompressed, .snappy, .gzip, .zstd, .lz4Raw, .lz4, .brotli]

/// `count` random bytes from `seed`.
func randomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
    var rng = SeededGenerator(seed: seed)
    var bytes = [UInt8](repeating: 0, count: count)
    var i = 0
    while i < count {
        let word = rng.next()
        for k in 0..<Swift.min(8, count - i) { bytes[i + k] = UInt8(truncatingIfNeeded: word >> (8 * UInt64(k))) }
        i += 8
    }
    return bytes
}

/// Little-endian doubles that compress well (a slowly varying, repetitive series).
func compressibleDoubles(byteCount: Int) -> [UInt8] {
    let values = (0..<(byteCount / 8)).map { 100.0 + Double(($0 / 4) % 2000) * 0.25 }
    return values.withUnsafeBytes { Array($0) }
}

/// The round-trip inputs.
enum Sample: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case empty, oneByte, random100K, compressible1M, zeros256K

    var testDescription: String { rawValue }

    var bytes: [UInt8] {
        switch self {
        case .empty: []
        case .oneByte: [0x2A]
        case .random100K: Self.random
        case .compressible1M: Self.compressible
        case .zeros256K: [UInt8](repeating: 0, count: 256 * 1024)
        }
    }

    private static let random = randomBytes(100 * 1024, seed: 1)
    private static let compressible = compressibleDoubles(byteCount: 1024 * 1024)
}

/// `bytes` compressed with `codec`.
func compressed(_ codec: CompressionCodec, _ bytes: [UInt8], level: Int32? = nil) throws -> [UInt8] {
    var out = Buffer()
    try bytes.withUnsafeBytes { try compress(codec, $0, into: &out, level: level) }
    return out.bytes
}

/// `input` decompressed with `codec` into `declared` bytes.
func decompressed(_ codec: CompressionCodec, _ input: [UInt8], declared: Int) throws -> [UInt8] {
    var out = [UInt8](repeating: 0xEE, count: declared)
    try input.withUnsafeBytes { src in
        try out.withUnsafeMutableBytes { try decompress(codec, src, into: $0) }
    }
    return out
}

/// The error `body` throws, failing the test when it throws none or another type.
func parquetError(_ body: () throws -> Void) -> ParquetError? {
    do {
        try body()
        Issue.record("expected a ParquetError, nothing was thrown")
    } catch let error as ParquetError {
        return error
    } catch {
        Issue.record("expected a ParquetError, got \(error)")
    }
    return nil
}

/// A pyarrow-generated blob and the codec that reads it.
struct PyarrowFixture: Sendable, CustomTestStringConvertible {
    var codec: CompressionCodec
    var file: String
    var testDescription: String { "\(codec) \(file)" }
}

/// The fixture folder, next to this file.
private let fixtureDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/compression")

/// The bytes of fixture `name`.
func fixture(_ name: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: fixtureDirectory.appendingPathComponent(name)))
}

/// Big-endian bytes of `value`.
func bigEndianBytes(_ value: UInt32) -> [UInt8] {
    withUnsafeBytes(of: value.bigEndian) { Array($0) }
}

@Suite("Page compression")
struct CompressionTests {
    @Test("compress then decompress returns the input", arguments: supportedCodecs, Sample.allCases)
    func roundTrip(codec: CompressionCodec, sample: Sample) throws {
        let input = sample.bytes
        // Compression appends: bytes already in the buffer stay.
        var out = Buffer(Array("head".utf8))
        try input.withUnsafeBytes { try compress(codec, $0, into: &out) }
        let all = out.bytes
        #expect(Array(all.prefix(4)) == Array("head".utf8))
        let blob = Array(all.dropFirst(4))
        if codec == .uncompressed { #expect(blob == input) }
        if sample == .compressible1M && codec != .uncompressed {
            #expect(blob.count < input.count / 4, "\(codec) compresses \(input.count) bytes only to \(blob.count)")
        }
        #expect(try decompressed(codec, blob, declared: input.count) == input)
    }

    @Test("a nil destination of declared size 0 works", arguments: supportedCodecs)
    func nilEmptyDestination(codec: CompressionCodec) throws {
        let blob = try compressed(codec, [])
        try blob.withUnsafeBytes { try decompress(codec, $0, into: UnsafeMutableRawBufferPointer(start: nil, count: 0)) }
        var out = Buffer()
        try compress(codec, UnsafeRawBufferPointer(start: nil, count: 0), into: &out)
        #expect(out.bytes == blob)
        // An empty payload is accepted for an empty page, but never for a non-empty one.
        #expect(try decompressed(codec, [], declared: 0) == [])
        let error = parquetError { _ = try decompressed(codec, [], declared: 10) }
        #expect(error?.code == .compression)
    }

    @Test("a declared size other than the real one throws", arguments: supportedCodecs)
    func wrongDeclaredSize(codec: CompressionCodec) throws {
        let input = Array(compressibleDoubles(byteCount: 8 * 1024).prefix(8000)) + randomBytes(1000, seed: 2)
        let blob = try compressed(codec, input)
        for declared in [input.count - 1, input.count + 1, input.count * 2, 0, 1] {
            let error = parquetError { _ = try decompressed(codec, blob, declared: declared) }
            #expect(error?.code == .compression)
            let message = error?.message ?? ""
            #expect(message.contains("\(codec)"), "\(message)")
            #expect(message.contains("\(declared) bytes"), "\(message)")
            #expect(message.contains("\(blob.count) bytes"), "\(message)")
        }
    }

    @Test("corrupted or truncated input throws or fills the declared size, never crashes", arguments: supportedCodecs)
    func corruption(codec: CompressionCodec) throws {
        let input = Array(compressibleDoubles(byteCount: 3000)) + randomBytes(1000, seed: 3) + Array("end of page".utf8)
        let blob = try compressed(codec, input)
        var rng = SeededGenerator(seed: UInt64(codec.rawValue) &+ 77)
        var thrown = 0
        let rounds = Int(ProcessInfo.processInfo.environment["FUZZ_ROUNDS"] ?? "") ?? 300
        for round in 0..<rounds {
            var mutated = blob
            var declared = input.count
            let kind = round % 6
            switch kind {
            case 0: // flip a few bits
                for _ in 0..<Int.random(in: 1...4, using: &rng) {
                    let i = Int.random(in: 0..<mutated.count, using: &rng)
                    mutated[i] ^= UInt8(1) << UInt8.random(in: 0...7, using: &rng)
                }
            case 1: // overwrite a run with random bytes
                let start = Int.random(in: 0..<mutated.count, using: &rng)
                let end = Swift.min(mutated.count, start + Int.random(in: 1...64, using: &rng))
                for i in start..<end { mutated[i] = UInt8.random(in: 0...255, using: &rng) }
            case 2: // truncate: must always throw
                mutated.removeLast(Int.random(in: 1...mutated.count, using: &rng))
            case 3: // trailing garbage
                mutated += (0..<Int.random(in: 1...32, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            case 4: // entirely random payload with a random (possibly huge-looking) declared size
                mutated = (0..<Int.random(in: 1...512, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                declared = Int.random(in: 0...(64 * 1024), using: &rng)
            default: // valid payload, slightly wrong declared size, plus a bit flip
                declared = Swift.max(0, input.count + Int.random(in: -16...16, using: &rng))
                let i = Int.random(in: 0..<mutated.count, using: &rng)
                mutated[i] ^= 0x10
            }
            do {
                let out = try decompressed(codec, mutated, declared: declared)
                #expect(out.count == declared)
                #expect(kind != 2, "\(codec): a truncated payload (\(mutated.count) of \(blob.count) bytes) decompressed without error")
            } catch let error as ParquetError {
                #expect(error.code == .compression, "\(error)")
                thrown += 1
            }
        }
        // At least the truncations throw; checksummed formats throw on nearly everything.
        #expect(thrown >= rounds / 6)
    }

    @Test("LZO and unknown codecs are unsupported", arguments: [CompressionCodec.lzo, CompressionCodec(rawValue: 42), CompressionCodec(rawValue: -1)])
    func unsupported(codec: CompressionCodec) {
        let input: [UInt8] = [1, 2, 3]
        let decodeError = parquetError { _ = try decompressed(codec, input, declared: 3) }
        #expect(decodeError?.code == .unsupported)
        #expect(decodeError?.message == "compression codec \(codec) is not supported")
        let encodeError = parquetError { _ = try compressed(codec, input) }
        #expect(encodeError?.code == .unsupported)
        #expect(parquetError { _ = try decompressed(.lzo, [], declared: 0) }?.message == "compression codec LZO is not supported")
    }

    @Test("levels: default, bounds, and out-of-range levels", arguments: [CompressionCodec.gzip, .zstd, .brotli])
    func levels(codec: CompressionCodec) throws {
        let input = compressibleDoubles(byteCount: 16 * 1024)
        let range = try #require(codec.compressionLevels)
        let defaultLevel = try #require(codec.defaultCompressionLevel)
        #expect(try compressed(codec, input) == compressed(codec, input, level: defaultLevel))
        for level in [range.lowerBound, defaultLevel, range.upperBound] {
            #expect(try decompressed(codec, compressed(codec, input, level: level), declared: input.count) == input)
        }
        for level in [range.lowerBound - 1, range.upperBound + 1] {
            #expect(parquetError { _ = try compressed(codec, input, level: level) }?.code == .invalidArgument)
        }
        // Codecs without levels ignore one.
        #expect(try compressed(.snappy, input, level: 99) == compressed(.snappy, input))
    }

    @Test("decompresses what pyarrow compressed", arguments: [
        PyarrowFixture(codec: .snappy, file: "plain.snappy"),
        PyarrowFixture(codec: .gzip, file: "plain.gzip"),
        PyarrowFixture(codec: .gzip, file: "plain.zlib"),
        PyarrowFixture(codec: .zstd, file: "plain.zstd"),
        PyarrowFixture(codec: .lz4Raw, file: "plain.lz4raw"),
        PyarrowFixture(codec: .brotli, file: "plain.brotli"),
        // Legacy LZ4 pages: a bare raw block, then the LZ4 frame format.
        PyarrowFixture(codec: .lz4, file: "plain.lz4raw"),
        PyarrowFixture(codec: .lz4, file: "plain.lz4frame"),
    ])
    func pyarrowFixtures(fixture item: PyarrowFixture) throws {
        let plain = try fixture("plain.bin")
        let blob = try fixture(item.file)
        #expect(plain.count == 7226)
        #expect(try decompressed(item.codec, blob, declared: plain.count) == plain)
        #expect(parquetError { _ = try decompressed(item.codec, blob, declared: plain.count + 1) }?.code == .compression)
    }

    @Test("Hadoop-framed LZ4 built by hand: one frame and several")
    func hadoopFrames() throws {
        let plain = try fixture("plain.bin")
        let raw = try fixture("plain.lz4raw")
        let oneFrame = bigEndianBytes(UInt32(plain.count)) + bigEndianBytes(UInt32(raw.count)) + raw
        #expect(try decompressed(.lz4, oneFrame, declared: plain.count) == plain)

        // Three frames of unequal size, each its own raw block.
        let cuts = [0, 1000, 5000, plain.count]
        var framed: [UInt8] = []
        for k in 0..<3 {
            let part = Array(plain[cuts[k]..<cuts[k + 1]])
            let block = try compressed(.lz4Raw, part)
            framed += bigEndianBytes(UInt32(part.count)) + bigEndianBytes(UInt32(block.count)) + block
        }
        #expect(try decompressed(.lz4, framed, declared: plain.count) == plain)
        #expect(parquetError { _ = try decompressed(.lz4, framed, declared: plain.count - 1) }?.code == .compression)

        // Hadoop's BlockCompressorStream: one block size, then several chunks; then a second block.
        var chunked = bigEndianBytes(5000)
        for k in 0..<2 {
            let block = try compressed(.lz4Raw, Array(plain[cuts[k]..<cuts[k + 1]]))
            chunked += bigEndianBytes(UInt32(block.count)) + block
        }
        let tail = Array(plain[5000...])
        let tailBlock = try compressed(.lz4Raw, tail)
        chunked += bigEndianBytes(UInt32(tail.count)) + bigEndianBytes(UInt32(tailBlock.count)) + tailBlock
        #expect(try decompressed(.lz4, chunked, declared: plain.count) == plain)
        #expect(parquetError { _ = try decompressed(.lz4, Array(chunked.dropLast()), declared: plain.count) }?.code == .compression)

        // Our writer emits exactly one such frame around an LZ4_RAW block.
        let ours = try compressed(.lz4, plain)
        #expect(Array(ours.prefix(4)) == bigEndianBytes(UInt32(plain.count)))
        #expect(Array(ours[4..<8]) == bigEndianBytes(UInt32(ours.count - 8)))
        #expect(try decompressed(.lz4Raw, Array(ours.dropFirst(8)), declared: plain.count) == plain)

        // A frame claiming more compressed bytes than remain is not Hadoop framing, nor anything else.
        var lying = oneFrame
        lying.replaceSubrange(4..<8, with: bigEndianBytes(UInt32(raw.count + 1)))
        #expect(parquetError { _ = try decompressed(.lz4, lying, declared: plain.count) }?.code == .compression)
    }

    @Test("GZIP reads concatenated members and rejects trailing garbage")
    func gzipMembers() throws {
        let plain = try fixture("plain.bin")
        let theirs = try fixture("plain.gzip")
        let ours = try compressed(.gzip, plain)
        #expect(Array(ours.prefix(2)) == [0x1F, 0x8B])
        #expect(try decompressed(.gzip, theirs + ours, declared: plain.count * 2) == plain + plain)
        #expect(parquetError { _ = try decompressed(.gzip, theirs + [0, 0, 0], declared: plain.count) }?.code == .compression)
    }

    @Test("ZSTD contexts are per thread and survive errors")
    func zstdContexts() async throws {
        let input = compressibleDoubles(byteCount: 64 * 1024)
        let blob = try compressed(.zstd, input)
        #expect(parquetError { _ = try decompressed(.zstd, [1, 2, 3, 4, 5], declared: 100) }?.code == .compression)
        #expect(try decompressed(.zstd, blob, declared: input.count) == input)
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for t in 0..<8 {
                group.addTask {
                    for i in 0..<20 {
                        let data = Array(input.prefix(1000 * (t + 1) + i))
                        let level = Int32(1 + (t + i) % 5)
                        guard try decompressed(.zstd, compressed(.zstd, data, level: level), declared: data.count) == data else { return false }
                    }
                    return true
                }
            }
            for try await ok in group { #expect(ok) }
        }
    }
}
