/// A bounds-checked cursor over serialized deletion-vector bytes.
///
/// Every read checks the bytes remaining first and throws ``DeltaError/Code/corruptLog`` naming
/// what was being read when the input ends early, so malformed input never reads out of bounds.
struct DeletionVectorByteReader {
    /// The bytes being read.
    let bytes: UnsafeRawBufferPointer
    /// Offset of the next byte to read.
    var position: Int = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// Bytes left after ``position``.
    var remaining: Int { bytes.count - position }

    /// Throws unless at least `count` bytes remain.
    func require(_ count: Int, for what: @autoclosure () -> String) throws {
        guard count >= 0, count <= remaining else {
            throw DeltaError(.corruptLog, "\(what()) needs \(count) bytes at offset \(position) but only \(remaining) remain")
        }
    }

    /// Reads a little-endian `UInt16`.
    mutating func uint16LE(_ what: @autoclosure () -> String) throws -> UInt16 {
        try require(2, for: what())
        defer { position += 2 }
        return UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt16.self))
    }

    /// Reads a little-endian `UInt32`.
    mutating func uint32LE(_ what: @autoclosure () -> String) throws -> UInt32 {
        try require(4, for: what())
        defer { position += 4 }
        return UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt32.self))
    }

    /// Reads a big-endian `UInt32`.
    mutating func uint32BE(_ what: @autoclosure () -> String) throws -> UInt32 {
        try require(4, for: what())
        defer { position += 4 }
        return UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt32.self))
    }

    /// Reads a little-endian `UInt64`.
    mutating func uint64LE(_ what: @autoclosure () -> String) throws -> UInt64 {
        try require(8, for: what())
        defer { position += 8 }
        return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self))
    }

    /// Skips `count` bytes, returning the offset where they start.
    mutating func skip(_ count: Int, _ what: @autoclosure () -> String) throws -> Int {
        try require(count, for: what())
        defer { position += count }
        return position
    }

    /// The little-endian `UInt16` at `offset` (the caller has checked the bounds).
    @inline(__always)
    func uint16LE(at offset: Int) -> UInt16 {
        UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    /// The little-endian `UInt32` at `offset` (the caller has checked the bounds).
    @inline(__always)
    func uint32LE(at offset: Int) -> UInt32 {
        UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// The little-endian `UInt64` at `offset` (the caller has checked the bounds).
    @inline(__always)
    func uint64LE(at offset: Int) -> UInt64 {
        UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}
