#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Columnar
@testable import Parquet

/// Bytes placed so they end exactly at an inaccessible page: any read past the end crashes
/// the test instead of passing silently.
final class GuardedBytes {
    private let base: UnsafeMutableRawPointer
    private let mapped: Int
    /// The bytes, ending at the guard page.
    let buffer: UnsafeRawBufferPointer

    init(_ bytes: [UInt8]) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let dataPages = (bytes.count + page - 1) / page
        mapped = (dataPages + 1) * page
        let p = mmap(nil, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)!
        precondition(p != MAP_FAILED)
        base = p
        mprotect(base + dataPages * page, page, PROT_NONE)
        let start = base + dataPages * page - bytes.count
        bytes.withUnsafeBytes { if $0.count > 0 { start.copyMemory(from: $0.baseAddress!, byteCount: $0.count) } }
        buffer = UnsafeRawBufferPointer(start: start, count: bytes.count)
    }

    deinit { munmap(base, mapped) }
}

extension Buffer {
    /// The bytes as an array.
    var byteArray: [UInt8] { bytes }
}

/// Reference LSB-first packer, one bit at a time (the obviously correct version).
func referencePack(_ values: [UInt64], bitWidth: Int) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: (values.count * bitWidth + 7) / 8)
    for (i, v) in values.enumerated() {
        for b in 0..<bitWidth where (v >> UInt64(b)) & 1 == 1 {
            let bit = i * bitWidth + b
            out[bit / 8] |= 1 << UInt8(bit % 8)
        }
    }
    return out
}

/// Decodes a byte-array column in the Arrow layout back to byte arrays.
func arraysOf(values: Buffer, offsets: Buffer) -> [[UInt8]] {
    let offs = offsets.array(of: Int32.self)
    let bytes = values.bytes
    guard offs.count > 1 else { return [] }
    return (0..<(offs.count - 1)).map { Array(bytes[Int(offs[$0])..<Int(offs[$0 + 1])]) }
}

/// A byte-array column in the Arrow layout (offsets start at 0).
func byteArrayColumn(_ arrays: [[UInt8]]) -> (values: Buffer, offsets: Buffer) {
    var values = Buffer()
    var offsets = Buffer()
    offsets.append(Int32(0))
    for a in arrays {
        values.append(contentsOf: a)
        offsets.append(Int32(values.count))
    }
    return (values, offsets)
}

/// Applies `body` to `bytes` with random truncations and byte flips; `body` may throw but
/// must not crash. Returns how many mutants decoded without error (for sanity).
@discardableResult
func mutate(_ bytes: [UInt8], rounds: Int = 300, seed: UInt64 = 1, _ body: (UnsafeRawBufferPointer) throws -> Void) -> Int {
    var rng = SeededGenerator(seed: seed)
    var ok = 0
    for round in 0..<rounds {
        var m = bytes
        if round % 3 == 0 || m.isEmpty {
            m = Array(m.prefix(Int.random(in: 0...m.count, using: &rng)))
        }
        if !m.isEmpty {
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let i = Int.random(in: 0..<m.count, using: &rng)
                m[i] = round % 2 == 0 ? UInt8.random(in: 0...255, using: &rng) : m[i] ^ (1 << UInt8.random(in: 0..<8, using: &rng))
            }
        }
        let guarded = GuardedBytes(m)
        if (try? body(guarded.buffer)) != nil { ok += 1 }
    }
    return ok
}
