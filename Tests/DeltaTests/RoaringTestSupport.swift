import Foundation

/// A 16-bit container as the test serializer writes it.
enum TestContainer {
    /// Sorted values written as an array container.
    case array([UInt16])
    /// Values written as an 8 KB bitmap container.
    case bitmap([UInt16])
    /// `(start, lengthMinusOne)` runs written as a run container.
    case run([(UInt16, UInt16)])

    /// Number of values.
    var cardinality: Int {
        switch self {
        case .array(let v), .bitmap(let v): v.count
        case .run(let runs): runs.reduce(0) { $0 + Int($1.1) + 1 }
        }
    }

    var isRun: Bool { if case .run = self { true } else { false } }
}

/// A small serializer for the Roaring formats Delta uses, written from the RoaringFormatSpec
/// and the Delta protocol, so tests can build every layout (and break it on purpose).
enum TestRoaring {
    static let portableMagic: UInt32 = 1681511377
    static let nativeMagic: UInt32 = 1681511376

    /// A standard 32-bit portable bitmap. `runCookie` nil: the run cookie exactly when some
    /// container is a run container (as the reference implementations do).
    static func bitmap32(_ containers: [(UInt16, TestContainer)], runCookie: Bool? = nil) -> [UInt8] {
        let n = containers.count
        let hasRun = runCookie ?? containers.contains { $0.1.isRun }
        var out: [UInt8] = []
        var headerSize: Int
        if hasRun {
            precondition(n >= 1)
            out.appendLE(UInt32(12347) | UInt32(n - 1) << 16)
            var flags = [UInt8](repeating: 0, count: (n + 7) / 8)
            for (i, c) in containers.enumerated() where c.1.isRun { flags[i / 8] |= 1 << UInt8(i % 8) }
            out += flags
            headerSize = 4 + flags.count + 4 * n + (n >= 4 ? 4 * n : 0)
        } else {
            out.appendLE(UInt32(12346))
            out.appendLE(UInt32(n))
            headerSize = 8 + 8 * n
        }
        for (key, c) in containers {
            out.appendLE(key)
            out.appendLE(UInt16(truncatingIfNeeded: c.cardinality - 1))
        }
        var bodies: [[UInt8]] = []
        for (_, c) in containers {
            var body: [UInt8] = []
            switch c {
            case .array(let values):
                for v in values { body.appendLE(v) }
            case .bitmap(let values):
                var words = [UInt64](repeating: 0, count: 1024)
                for v in values { words[Int(v >> 6)] |= 1 << UInt64(v & 63) }
                for w in words { body.appendLE(w) }
            case .run(let runs):
                body.appendLE(UInt16(runs.count))
                for (s, l) in runs { body.appendLE(s); body.appendLE(l) }
            }
            bodies.append(body)
        }
        if !hasRun || n >= 4 {
            var offset = headerSize
            for body in bodies {
                out.appendLE(UInt32(offset))
                offset += body.count
            }
        }
        for body in bodies { out += body }
        return out
    }

    /// The 64-bit portable format (no magic): bucket count, then key and bitmap per bucket.
    static func portable64(_ buckets: [(UInt32, [UInt8])]) -> [UInt8] {
        var out: [UInt8] = []
        out.appendLE(UInt64(buckets.count))
        for (key, bitmap) in buckets {
            out.appendLE(key)
            out += bitmap
        }
        return out
    }

    /// Delta's serialized vector: the portable magic number, then the 64-bit bitmap.
    static func delta(_ buckets: [(UInt32, [UInt8])]) -> [UInt8] {
        var out: [UInt8] = []
        out.appendLE(portableMagic)
        return out + portable64(buckets)
    }

    /// Delta's serialized vector holding `rows`, each container in the kind CRoaring's run
    /// optimization picks: a run container when its runs take fewer bytes than an array
    /// (2 per value, up to 4096 values) or a bitmap (8192 bytes).
    static func delta(rows: [UInt64]) -> [UInt8] {
        let sorted = Array(Set(rows)).sorted()
        var buckets: [(UInt32, [UInt8])] = []
        var i = 0
        while i < sorted.count {
            let high = UInt32(sorted[i] >> 32)
            var containers: [(UInt16, TestContainer)] = []
            while i < sorted.count && UInt32(sorted[i] >> 32) == high {
                let key = UInt16(truncatingIfNeeded: sorted[i] >> 16)
                var lows: [UInt16] = []
                while i < sorted.count && sorted[i] >> 16 == (UInt64(high) << 16 | UInt64(key)) {
                    lows.append(UInt16(truncatingIfNeeded: sorted[i]))
                    i += 1
                }
                var runs: [(UInt16, UInt16)] = []
                for v in lows {
                    if let last = runs.last, Int(last.0) + Int(last.1) + 1 == Int(v) {
                        runs[runs.count - 1].1 += 1
                    } else {
                        runs.append((v, 0))
                    }
                }
                let plain = lows.count <= 4096 ? 2 * lows.count : 8192
                if 2 + 4 * runs.count < plain {
                    containers.append((key, .run(runs)))
                } else if lows.count <= 4096 {
                    containers.append((key, .array(lows)))
                } else {
                    containers.append((key, .bitmap(lows)))
                }
            }
            buckets.append((high, bitmap32(containers)))
        }
        return delta(buckets)
    }

    /// A deletion vector file holding `vectors`: version byte 1, then per vector a big-endian
    /// size, the bytes and a big-endian CRC-32. Returns the file and each vector's offset.
    static func file(_ vectors: [[UInt8]]) -> (bytes: [UInt8], offsets: [Int]) {
        var out: [UInt8] = [1]
        var offsets: [Int] = []
        for v in vectors {
            offsets.append(out.count)
            out.appendBE(UInt32(v.count))
            out += v
            out.appendBE(crc32(v))
        }
        return (out, offsets)
    }

    /// CRC-32 (ISO-HDLC, as zlib), bit by bit.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}

extension Array where Element == UInt8 {
    mutating func appendLE<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    mutating func appendBE<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.bigEndian) { append(contentsOf: $0) }
    }
}

/// A deterministic pseudo-random generator (SplitMix64) for reproducible test inputs.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The deletion vector fixture folder, next to this file.
let deletionVectorFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/deletion_vectors").path
