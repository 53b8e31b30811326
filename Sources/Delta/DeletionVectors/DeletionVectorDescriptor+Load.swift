#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CZlib

extension DeletionVectorDescriptor {
    /// The format version in the first byte of every deletion vector file.
    static let fileFormatVersion: UInt8 = 1

    /// Reads the deletion vector: the set of deleted rows of its data file.
    ///
    /// An inline (`i`) vector is the Z85-decoded ``pathOrInlineDv``, of which the first
    /// ``sizeInBytes`` bytes count (Delta pads to a multiple of 4). A `u` or `p` vector is read
    /// from ``absolutePath(tableRoot:)``: the file's first byte must be format version 1; at
    /// ``offset`` (1 when absent) a 4-byte big-endian size must equal ``sizeInBytes``; the
    /// vector's bytes follow, then a 4-byte big-endian CRC-32 of them, which must match. The
    /// bytes are a magic number and a bitmap (see ``RoaringBitmapArray/init(serialized:)``), and
    /// the number of rows they hold must equal ``cardinality``.
    ///
    /// Throws ``DeltaError/Code/io`` when the file cannot be read and
    /// ``DeltaError/Code/corruptLog`` when the descriptor or the bytes are malformed, the
    /// message naming the vector and what was wrong.
    public func load(tableRoot: String) throws -> RoaringBitmapArray {
        do {
            try validateFields()
            let bytes: [UInt8]
            if storageType == .inline {
                bytes = try inlineBytes()
            } else {
                guard let path = try absolutePath(tableRoot: tableRoot) else {
                    throw DeltaError(.corruptLog, "no file path for a stored deletion vector")
                }
                bytes = try storedBytes(path: path)
            }
            let bitmap = try RoaringBitmapArray(serialized: bytes)
            guard bitmap.cardinality == UInt64(cardinality) else {
                throw DeltaError(.corruptLog, "holds \(bitmap.cardinality) rows but the descriptor's cardinality is \(cardinality)")
            }
            return bitmap
        } catch var error as DeltaError {
            error.message = "deletion vector \(shortDescription): \(error.message)"
            if error.table == nil { error.table = tableRoot }
            throw error
        }
    }

    /// The unique id, shortened for messages (inline vectors can be long).
    var shortDescription: String {
        let id = uniqueId
        return id.utf8.count <= 64 ? "'\(id)'" : "'\(id.prefix(60))...'"
    }

    /// Checks the numeric fields against the protocol.
    func validateFields() throws {
        guard sizeInBytes >= 4, sizeInBytes <= Int(Int32.max) else {
            throw DeltaError(.corruptLog, "sizeInBytes \(sizeInBytes) is outside 4...\(Int32.max) (the magic number alone takes 4 bytes)")
        }
        guard cardinality >= 0 else {
            throw DeltaError(.corruptLog, "cardinality \(cardinality) is negative")
        }
        if storageType == .inline {
            guard offset == nil else {
                throw DeltaError(.corruptLog, "an inline deletion vector has offset \(offset ?? 0); the protocol requires none")
            }
        } else if let offset {
            guard offset >= 1, offset <= Int(Int32.max) else {
                throw DeltaError(.corruptLog, "offset \(offset) is outside 1...\(Int32.max) (byte 0 of the file is its format version)")
            }
        }
    }

    /// The serialized vector of an inline descriptor.
    func inlineBytes() throws -> [UInt8] {
        let decoded = try Z85.decode(pathOrInlineDv)
        guard decoded.count >= sizeInBytes, decoded.count - sizeInBytes < 4 else {
            throw DeltaError(.corruptLog, "the inline data decodes to \(decoded.count) bytes but sizeInBytes is \(sizeInBytes) (the encoding pads to a multiple of 4 only)")
        }
        return Array(decoded.prefix(sizeInBytes))
    }

    /// The serialized vector stored at ``offset`` of the file at `path`, framing and checksum
    /// verified.
    func storedBytes(path: String) throws -> [UInt8] {
        let file = try DeletionVectorFile(path: path)
        defer { file.close() }
        guard file.size >= 1 else {
            throw DeltaError(.corruptLog, "file '\(path)' is empty")
        }
        let version = try file.read(offset: 0, count: 1)[0]
        guard version == Self.fileFormatVersion else {
            throw DeltaError(.corruptLog, "file '\(path)' has format version \(version), expected \(Self.fileFormatVersion)")
        }
        let start = offset ?? 1
        guard start <= file.size - 8 else {
            throw DeltaError(.corruptLog, "file '\(path)' has \(file.size) bytes, too few for a vector at offset \(start)")
        }
        let sizeField = try file.read(offset: start, count: 4)
        let storedSize = Int(UInt32(sizeField[0]) << 24 | UInt32(sizeField[1]) << 16 | UInt32(sizeField[2]) << 8 | UInt32(sizeField[3]))
        guard storedSize == sizeInBytes else {
            throw DeltaError(.corruptLog, "file '\(path)' stores size \(storedSize) at offset \(start) but sizeInBytes is \(sizeInBytes)")
        }
        guard storedSize <= file.size - start - 8 else {
            throw DeltaError(.corruptLog, "file '\(path)' has \(file.size) bytes, too few for \(storedSize) bytes and a checksum at offset \(start + 4)")
        }
        var bytes = try file.read(offset: start + 4, count: storedSize + 4)
        let stored = UInt32(bytes[storedSize]) << 24 | UInt32(bytes[storedSize + 1]) << 16 | UInt32(bytes[storedSize + 2]) << 8 | UInt32(bytes[storedSize + 3])
        bytes.removeLast(4)
        let computed = bytes.withUnsafeBytes { raw -> UInt32 in
            UInt32(truncatingIfNeeded: crc32(0, raw.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt(raw.count)))
        }
        guard stored == computed else {
            throw DeltaError(.corruptLog, "file '\(path)' has checksum \(stored) for the vector at offset \(start) but its bytes' CRC-32 is \(computed)")
        }
        return bytes
    }
}
