import Columnar

/// Writes Thrift compact-protocol values, appending to a byte array.
///
/// Structs are written with ``writeStruct(_:)`` (or ``writeStructBegin()`` and
/// ``writeStructEnd(_:)``); fields should be written in increasing id order so most headers
/// take the one-byte short form (`delta << 4 | type`); other ids use the long form. The
/// finished bytes are ``bytes``; ``append(to:)`` copies them into a Columnar ``Buffer``.
struct ThriftCompactWriter {
    /// What ``writeStructBegin()`` saved of the enclosing struct; hand it to ``writeStructEnd(_:)``.
    struct StructFrame {
        fileprivate var parentLastFieldID: Int16
    }

    /// The bytes written so far (including any the writer was created with).
    private(set) var bytes: [UInt8]
    private var lastFieldID: Int16 = 0

    /// Creates a writer with room for `capacity` bytes.
    init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Creates a writer that appends after `bytes`.
    init(appendingTo bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Number of bytes written so far.
    var count: Int { bytes.count }

    /// Appends the bytes written to `buffer`.
    func append(to buffer: inout Buffer) {
        bytes.withUnsafeBytes { buffer.append(bytes: $0) }
    }

    /// Takes the bytes out of the writer, leaving it empty.
    mutating func finish() -> [UInt8] {
        defer { bytes = []; lastFieldID = 0 }
        return bytes
    }

    // MARK: Primitives

    /// Writes one raw byte.
    @inline(__always)
    mutating func writeByte(_ b: UInt8) { bytes.append(b) }

    /// Writes an unsigned LEB128 varint.
    @inline(__always)
    mutating func writeVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(truncatingIfNeeded: v))
    }

    @inline(__always)
    private mutating func writeZigZag(_ value: Int64) {
        writeVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// Writes an `i8`.
    mutating func writeI8(_ value: Int8) { bytes.append(UInt8(bitPattern: value)) }
    /// Writes an `i16`.
    mutating func writeI16(_ value: Int16) { writeZigZag(Int64(value)) }
    /// Writes an `i32`.
    mutating func writeI32(_ value: Int32) { writeZigZag(Int64(value)) }
    /// Writes an `i64`.
    mutating func writeI64(_ value: Int64) { writeZigZag(value) }

    /// Writes a `double` (8 bytes little-endian).
    mutating func writeDouble(_ value: Double) {
        var bits = value.bitPattern.littleEndian
        withUnsafeBytes(of: &bits) { bytes.append(contentsOf: $0) }
    }

    /// Writes a bool as a collection element (one byte: 1 true, 0 false).
    mutating func writeBoolElement(_ value: Bool) { bytes.append(value ? 1 : 0) }

    /// Writes a `binary` value.
    mutating func writeBinary(_ value: UnsafeRawBufferPointer) {
        writeVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// Writes a `binary` value.
    mutating func writeBinary(_ value: [UInt8]) {
        writeVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// Writes a `string` value (UTF-8).
    mutating func writeString(_ value: String) {
        var s = value
        s.withUTF8 { writeBinary(UnsafeRawBufferPointer($0)) }
    }

    // MARK: Structs

    /// Starts a struct: field ids restart at 0.
    @inline(__always)
    mutating func writeStructBegin() -> StructFrame {
        let frame = StructFrame(parentLastFieldID: lastFieldID)
        lastFieldID = 0
        return frame
    }

    /// Writes the stop field and returns to the enclosing struct.
    @inline(__always)
    mutating func writeStructEnd(_ frame: StructFrame) {
        bytes.append(0)
        lastFieldID = frame.parentLastFieldID
    }

    /// Writes a whole struct: begin, `body` (the fields), stop.
    @inline(__always)
    mutating func writeStruct(_ body: (inout ThriftCompactWriter) -> Void) {
        let frame = writeStructBegin()
        body(&self)
        writeStructEnd(frame)
    }

    @inline(__always)
    private mutating func writeFieldHeader(_ id: Int16, code: UInt8) {
        let delta = Int(id) &- Int(lastFieldID)
        if delta > 0 && delta <= 15 {
            bytes.append(UInt8(delta) << 4 | code)
        } else {
            bytes.append(code)
            writeI16(id)
        }
        lastFieldID = id
    }

    /// Writes a field header for a non-bool field of `type`; the value follows.
    @inline(__always)
    mutating func writeFieldBegin(_ id: Int16, _ type: ThriftType) {
        precondition(type != .bool, "bool fields carry their value: use writeField(_:bool:)")
        writeFieldHeader(id, code: type.rawValue)
    }

    // MARK: Collections

    /// Writes a list header.
    mutating func writeListBegin(_ elementType: ThriftType, count: Int) {
        precondition(count >= 0 && count <= Int(Int32.max), "list size out of range")
        if count < 15 {
            bytes.append(UInt8(count) << 4 | elementType.collectionCode)
        } else {
            bytes.append(0xF0 | elementType.collectionCode)
            writeVarint(UInt64(count))
        }
    }

    /// Writes a set header (encoded like a list).
    mutating func writeSetBegin(_ elementType: ThriftType, count: Int) {
        writeListBegin(elementType, count: count)
    }

    /// Writes a map header.
    mutating func writeMapBegin(keyType: ThriftType, valueType: ThriftType, count: Int) {
        precondition(count >= 0 && count <= Int(Int32.max), "map size out of range")
        writeVarint(UInt64(count))
        if count > 0 { bytes.append(keyType.collectionCode << 4 | valueType.collectionCode) }
    }

    // MARK: Fields (header + value)

    /// Writes a bool field (the value goes in the header).
    mutating func writeField(_ id: Int16, bool value: Bool) { writeFieldHeader(id, code: value ? 1 : 2) }

    /// Writes an i8 field.
    mutating func writeField(_ id: Int16, i8 value: Int8) {
        writeFieldBegin(id, .i8)
        writeI8(value)
    }

    /// Writes an i16 field.
    mutating func writeField(_ id: Int16, i16 value: Int16) {
        writeFieldBegin(id, .i16)
        writeI16(value)
    }

    /// Writes an i32 field.
    mutating func writeField(_ id: Int16, i32 value: Int32) {
        writeFieldBegin(id, .i32)
        writeI32(value)
    }

    /// Writes an i64 field.
    mutating func writeField(_ id: Int16, i64 value: Int64) {
        writeFieldBegin(id, .i64)
        writeI64(value)
    }

    /// Writes a double field.
    mutating func writeField(_ id: Int16, double value: Double) {
        writeFieldBegin(id, .double)
        writeDouble(value)
    }

    /// Writes a binary field.
    mutating func writeField(_ id: Int16, binary value: [UInt8]) {
        writeFieldBegin(id, .binary)
        writeBinary(value)
    }

    /// Writes a string field.
    mutating func writeField(_ id: Int16, string value: String) {
        writeFieldBegin(id, .binary)
        writeString(value)
    }

    /// Writes an enum field (an i32 on the wire).
    mutating func writeField<E: RawRepresentable>(_ id: Int16, enum value: E) where E.RawValue == Int32 {
        writeField(id, i32: value.rawValue)
    }

    /// Writes a struct field whose fields `body` writes.
    mutating func writeField(_ id: Int16, struct body: (inout ThriftCompactWriter) -> Void) {
        writeFieldBegin(id, .struct)
        writeStruct(body)
    }

    /// Writes a list field: header, then `element` once per element.
    mutating func writeField<C: Collection>(
        _ id: Int16, list elements: C, of elementType: ThriftType, _ element: (inout ThriftCompactWriter, C.Element) -> Void
    ) {
        writeFieldBegin(id, .list)
        writeListBegin(elementType, count: elements.count)
        for e in elements { element(&self, e) }
    }
}
