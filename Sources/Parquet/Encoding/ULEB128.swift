import Columnar

/// ULEB128 varints and their zigzag form, as used by the RLE/bit-packed hybrid run headers and
/// the DELTA_BINARY_PACKED headers (Encodings.md: "varint-encode() is ULEB-128 encoding").
enum ULEB128 {
    /// Reads one ULEB128 value of at most 64 bits starting at `position`, advancing it.
    ///
    /// Throws `corruptPage` when the varint runs past `end` or does not fit in 64 bits.
    @inline(__always)
    static func read(_ base: UnsafeRawPointer, _ position: inout Int, _ end: Int, _ what: StaticString) throws -> UInt64 {
        // Fast path: one byte.
        if position < end {
            let b = base.load(fromByteOffset: position, as: UInt8.self)
            if b < 0x80 {
                position &+= 1
                return UInt64(b)
            }
        }
        return try readSlow(base, &position, end, what)
    }

    @inline(never)
    static func readSlow(_ base: UnsafeRawPointer, _ position: inout Int, _ end: Int, _ what: StaticString) throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        var p = position
        while true {
            guard p < end else {
                throw ParquetError(.corruptPage, "\(what): varint runs past the end of the data at byte \(position)")
            }
            let b = base.load(fromByteOffset: p, as: UInt8.self)
            p &+= 1
            let payload = UInt64(b & 0x7F)
            if shift == 63 && payload > 1 || shift > 63 {
                throw ParquetError(.corruptPage, "\(what): varint at byte \(position) does not fit in 64 bits")
            }
            result |= payload &<< shift
            if b < 0x80 { break }
            shift &+= 7
        }
        position = p
        return result
    }

    /// Reads a zigzag-encoded signed value.
    @inline(__always)
    static func readZigZag(_ base: UnsafeRawPointer, _ position: inout Int, _ end: Int, _ what: StaticString) throws -> Int64 {
        let u = try read(base, &position, end, what)
        return Int64(bitPattern: (u &>> 1) ^ (0 &- (u & 1)))
    }

    /// Appends `value` as ULEB128.
    static func append(_ value: UInt64, to buffer: inout Buffer) {
        var v = value
        while v >= 0x80 {
            buffer.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v &>>= 7
        }
        buffer.append(UInt8(truncatingIfNeeded: v))
    }

    /// Appends `value` zigzag-encoded, as ULEB128.
    static func appendZigZag(_ value: Int64, to buffer: inout Buffer) {
        append(UInt64(bitPattern: (value &<< 1) ^ (value &>> 63)), to: &buffer)
    }
}
