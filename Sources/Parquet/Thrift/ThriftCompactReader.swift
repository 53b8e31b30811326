/// Reads Thrift compact-protocol values from a byte buffer.
///
/// The reader never reads outside `bytes`: every read checks the bytes remaining and throws
/// ``ParquetError`` (`.corruptMetadata`) naming what was malformed and the byte offset
/// (relative to the start of `bytes`). Varints longer than 10 bytes, collection sizes larger
/// than the bytes left could hold and nesting deeper than ``maximumDepth`` are refused, so a
/// hostile input can neither crash, hang, recurse without bound nor make the reader allocate
/// more than a small multiple of its size.
///
/// Structs are read with ``readStruct(_:)`` (or ``readStructBegin()``, ``readFieldBegin()``
/// and ``readStructEnd(_:)``); the last-field-id of each enclosing struct is kept in the
/// ``StructFrame`` on the caller's stack, so nested structs need no allocation.
///
/// The reader holds an unsafe view: the memory must stay valid while it is used.
struct ThriftCompactReader {
    /// The deepest nesting of structs and collections accepted.
    static let maximumDepth = 64

    /// A field header: id, type and, for bool fields, the value.
    struct FieldHeader {
        /// The field id.
        var id: Int16
        /// The type (bool for both bool codes).
        var type: ThriftType
        /// For a bool field, its value (carried in the header).
        var boolValue: Bool
        /// Byte offset of the header (for error messages).
        var offset: Int
    }

    /// What ``readStructBegin()`` saved of the enclosing struct; hand it to ``readStructEnd(_:)``.
    struct StructFrame {
        fileprivate var parentLastFieldID: Int16
    }

    /// A list or set header.
    struct CollectionHeader {
        /// The element type.
        var elementType: ThriftType
        /// The number of elements (validated against the bytes remaining).
        var count: Int
    }

    /// A map header.
    struct MapHeader {
        /// The key type (meaningless when `count` is 0).
        var keyType: ThriftType
        /// The value type (meaningless when `count` is 0).
        var valueType: ThriftType
        /// The number of entries (validated against the bytes remaining).
        var count: Int
    }

    /// The bytes being read.
    let bytes: UnsafeRawBufferPointer
    /// Offset of the next byte to read.
    private(set) var position: Int
    private var lastFieldID: Int16 = 0
    private var depth = 0

    /// Creates a reader over `bytes`, starting at `position`.
    init(_ bytes: UnsafeRawBufferPointer, position: Int = 0) {
        self.bytes = bytes
        self.position = Swift.min(Swift.max(position, 0), bytes.count)
    }

    /// Bytes not yet read.
    @inline(__always) var remaining: Int { bytes.count &- position }

    /// Whether every byte has been read.
    var isAtEnd: Bool { position >= bytes.count }

    // MARK: Errors (cold)

    /// A `.corruptMetadata` error naming what was wrong and where.
    @inline(never)
    func corrupt(_ what: String, at offset: Int) -> ParquetError {
        ParquetError(.corruptMetadata, "Thrift: \(what) at byte offset \(offset)")
    }

    @inline(never)
    func truncated(_ what: StaticString, at offset: Int, needed: Int) -> ParquetError {
        corrupt("\(what) needs \(needed) bytes but only \(Swift.max(bytes.count - offset, 0)) remain", at: offset)
    }

    @inline(never)
    func typeMismatch(_ field: FieldHeader, expected: ThriftType, _ name: StaticString) -> ParquetError {
        corrupt("field \(name) (id \(field.id)) has type \(field.type), expected \(expected),", at: field.offset)
    }

    /// The error for a required field that is absent.
    @inline(never)
    func missingField(_ name: StaticString, id: Int16) -> ParquetError {
        corrupt("required field \(name) (id \(id)) is missing in the struct ending", at: position)
    }

    /// `value`, or a missing-field error when it is nil.
    @inline(__always)
    func require<T>(_ value: T?, _ name: StaticString, id: Int16) throws -> T {
        guard let value else { throw missingField(name, id: id) }
        return value
    }

    // MARK: Primitives

    /// Reads one byte.
    @inline(__always)
    mutating func readByte() throws -> UInt8 {
        guard position < bytes.count else { throw truncated("byte", at: position, needed: 1) }
        let b = bytes[position]
        position &+= 1
        return b
    }

    /// Reads an unsigned LEB128 varint of at most 10 bytes (64 bits).
    @inline(__always)
    mutating func readVarint() throws -> UInt64 {
        var p = position
        let end = bytes.count
        // Fast path: one byte.
        if p < end {
            let b = bytes[p]
            if b & 0x80 == 0 {
                position = p &+ 1
                return UInt64(b)
            }
        }
        let start = p
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard p < end else { throw corrupt("truncated varint", at: start) }
            let b = bytes[p]
            p &+= 1
            if shift == 63 && b > 1 {
                throw corrupt(b & 0x80 != 0 ? "varint longer than 10 bytes" : "varint overflows 64 bits", at: start)
            }
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { break }
            shift &+= 7
        }
        position = p
        return result
    }

    @inline(__always)
    private mutating func readZigZag() throws -> Int64 {
        let v = try readVarint()
        return Int64(bitPattern: (v >> 1) ^ (0 &- (v & 1)))
    }

    /// Reads an `i8` (one byte).
    @inline(__always)
    mutating func readI8() throws -> Int8 { Int8(bitPattern: try readByte()) }

    /// Reads an `i16` (zigzag varint), refusing values out of range.
    @inline(__always)
    mutating func readI16() throws -> Int16 {
        let start = position
        let v = try readZigZag()
        guard let r = Int16(exactly: v) else { throw corrupt("i16 value \(v) out of range", at: start) }
        return r
    }

    /// Reads an `i32` (zigzag varint), refusing values out of range.
    @inline(__always)
    mutating func readI32() throws -> Int32 {
        let start = position
        let v = try readZigZag()
        guard let r = Int32(exactly: v) else { throw corrupt("i32 value \(v) out of range", at: start) }
        return r
    }

    /// Reads an `i64` (zigzag varint).
    @inline(__always)
    mutating func readI64() throws -> Int64 { try readZigZag() }

    /// Reads a `double` (8 bytes little-endian).
    mutating func readDouble() throws -> Double {
        guard remaining >= 8 else { throw truncated("double", at: position, needed: 8) }
        let bits = bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self)
        position &+= 8
        return Double(bitPattern: UInt64(littleEndian: bits))
    }

    /// Reads a bool list, set or map element (one byte: 1 true; 0 or 2 false).
    mutating func readBoolElement() throws -> Bool {
        let start = position
        switch try readByte() {
        case 1: return true
        case 0, 2: return false
        case let b: throw corrupt("bool element has byte value \(b)", at: start)
        }
    }

    /// Reads a binary length prefix and checks it against the bytes remaining.
    @inline(__always)
    private mutating func readLength(_ what: StaticString) throws -> Int {
        let start = position
        let n = try readVarint()
        guard n <= UInt64(remaining) else {
            throw corrupt("\(what) length \(n) exceeds the \(remaining) bytes remaining", at: start)
        }
        return Int(n)
    }

    /// Reads a `binary` value and returns a view of its bytes (valid as long as `bytes`).
    @inline(__always)
    mutating func readBinaryBytes() throws -> UnsafeRawBufferPointer {
        let n = try readLength("binary")
        let slice = UnsafeRawBufferPointer(rebasing: bytes[position ..< position &+ n])
        position &+= n
        return slice
    }

    /// Reads a `binary` value as an array.
    mutating func readBinary() throws -> [UInt8] { Array(try readBinaryBytes()) }

    /// Reads a `string` value; invalid UTF-8 is replaced with U+FFFD.
    mutating func readString() throws -> String {
        String(decoding: try readBinaryBytes(), as: UTF8.self)
    }

    /// Reads a UUID (16 raw bytes).
    mutating func readUUIDBytes() throws -> UnsafeRawBufferPointer {
        guard remaining >= 16 else { throw truncated("uuid", at: position, needed: 16) }
        let slice = UnsafeRawBufferPointer(rebasing: bytes[position ..< position &+ 16])
        position &+= 16
        return slice
    }

    // MARK: Structs

    @inline(__always)
    private mutating func enter() throws {
        guard depth < Self.maximumDepth else {
            throw corrupt("nesting deeper than \(Self.maximumDepth) levels", at: position)
        }
        depth &+= 1
    }

    /// Starts reading a struct: field ids restart at 0.
    @inline(__always)
    mutating func readStructBegin() throws -> StructFrame {
        try enter()
        let frame = StructFrame(parentLastFieldID: lastFieldID)
        lastFieldID = 0
        return frame
    }

    /// Finishes a struct whose stop field has been read.
    @inline(__always)
    mutating func readStructEnd(_ frame: StructFrame) {
        lastFieldID = frame.parentLastFieldID
        depth &-= 1
    }

    /// Reads the next field header of the current struct; nil at the stop field.
    @inline(__always)
    mutating func readFieldBegin() throws -> FieldHeader? {
        let offset = position
        let b = try readByte()
        if b == 0 { return nil }
        guard let type = ThriftType(compactCode: b & 0x0F) else {
            throw corrupt("unknown field type \(b & 0x0F)", at: offset)
        }
        let delta = b >> 4
        let id: Int16
        if delta != 0 {
            let next = Int(lastFieldID) &+ Int(delta)
            guard let n = Int16(exactly: next) else { throw corrupt("field id \(next) out of range", at: offset) }
            id = n
        } else {
            id = try readI16()
        }
        lastFieldID = id
        return FieldHeader(id: id, type: type, boolValue: b & 0x0F == 1, offset: offset)
    }

    /// Reads a whole struct, calling `body` once per field. `body` must read the field's
    /// value or ``skip(field:)`` it.
    @inline(__always)
    mutating func readStruct(_ body: (inout ThriftCompactReader, FieldHeader) throws -> Void) throws {
        let frame = try readStructBegin()
        while let field = try readFieldBegin() {
            try body(&self, field)
        }
        readStructEnd(frame)
    }

    // MARK: Collections

    private mutating func readElementType(_ code: UInt8, at offset: Int) throws -> ThriftType {
        guard let t = ThriftType(compactCode: code) else {
            throw corrupt("unknown element type \(code)", at: offset)
        }
        return t
    }

    /// Reads a list header; the size is checked against the bytes remaining.
    mutating func readListHeader() throws -> CollectionHeader {
        let offset = position
        let b = try readByte()
        let type = try readElementType(b & 0x0F, at: offset)
        var count = Int(b >> 4)
        if count == 15 {
            let n = try readVarint()
            guard n <= UInt64(Int32.max) else { throw corrupt("list size \(n) out of range", at: offset) }
            count = Int(n)
        }
        guard count <= remaining / type.minimumElementSize else {
            throw corrupt("list of \(count) \(type) elements exceeds the \(remaining) bytes remaining", at: offset)
        }
        return CollectionHeader(elementType: type, count: count)
    }

    /// Reads a set header (encoded like a list).
    mutating func readSetHeader() throws -> CollectionHeader { try readListHeader() }

    /// Reads a map header; the size is checked against the bytes remaining.
    mutating func readMapHeader() throws -> MapHeader {
        let offset = position
        let n = try readVarint()
        if n == 0 { return MapHeader(keyType: .i8, valueType: .i8, count: 0) }
        guard n <= UInt64(Int32.max) else { throw corrupt("map size \(n) out of range", at: offset) }
        let typeOffset = position
        let kv = try readByte()
        let keyType = try readElementType(kv >> 4, at: typeOffset)
        let valueType = try readElementType(kv & 0x0F, at: typeOffset)
        let perEntry = keyType.minimumElementSize + valueType.minimumElementSize
        guard Int(n) <= remaining / perEntry else {
            throw corrupt("map of \(n) entries exceeds the \(remaining) bytes remaining", at: offset)
        }
        return MapHeader(keyType: keyType, valueType: valueType, count: Int(n))
    }

    // MARK: Skipping

    /// Skips the value of a field (a bool field's value is in its header).
    mutating func skip(field: FieldHeader) throws {
        if field.type == .bool { return }
        try skip(field.type)
    }

    /// Skips one value of `type` as it appears in a collection (a bool takes one byte).
    /// Nested structs and collections are skipped recursively up to ``maximumDepth``.
    mutating func skip(_ type: ThriftType) throws {
        switch type {
        case .bool, .i8:
            _ = try readByte()
        case .i16, .i32, .i64:
            _ = try readVarint()
        case .double:
            try advance(8, "double")
        case .uuid:
            try advance(16, "uuid")
        case .binary:
            _ = try readBinaryBytes()
        case .list, .set:
            try enter()
            let header = try readListHeader()
            for _ in 0 ..< header.count { try skip(header.elementType) }
            depth &-= 1
        case .map:
            try enter()
            let header = try readMapHeader()
            for _ in 0 ..< header.count {
                try skip(header.keyType)
                try skip(header.valueType)
            }
            depth &-= 1
        case .struct:
            let frame = try readStructBegin()
            while let field = try readFieldBegin() { try skip(field: field) }
            readStructEnd(frame)
        }
    }

    private mutating func advance(_ n: Int, _ what: StaticString) throws {
        guard remaining >= n else { throw truncated(what, at: position, needed: n) }
        position &+= n
    }

    // MARK: Typed field reads (check the wire type, name the field in errors)

    /// Throws unless `field` has wire type `type`.
    @inline(__always)
    func expect(_ field: FieldHeader, _ type: ThriftType, _ name: StaticString) throws {
        if field.type != type { throw typeMismatch(field, expected: type, name) }
    }

    /// The value of a bool field.
    @inline(__always)
    func readBool(_ field: FieldHeader, _ name: StaticString) throws -> Bool {
        try expect(field, .bool, name)
        return field.boolValue
    }

    /// The value of an i8 field.
    @inline(__always)
    mutating func readI8(_ field: FieldHeader, _ name: StaticString) throws -> Int8 {
        try expect(field, .i8, name)
        return try readI8()
    }

    /// The value of an i16 field.
    @inline(__always)
    mutating func readI16(_ field: FieldHeader, _ name: StaticString) throws -> Int16 {
        try expect(field, .i16, name)
        return try readI16()
    }

    /// The value of an i32 field.
    @inline(__always)
    mutating func readI32(_ field: FieldHeader, _ name: StaticString) throws -> Int32 {
        try expect(field, .i32, name)
        return try readI32()
    }

    /// The value of an i64 field.
    @inline(__always)
    mutating func readI64(_ field: FieldHeader, _ name: StaticString) throws -> Int64 {
        try expect(field, .i64, name)
        return try readI64()
    }

    /// The value of an enum field (an i32 on the wire).
    @inline(__always)
    mutating func readEnum<E: RawRepresentable>(_ field: FieldHeader, _ name: StaticString) throws -> E
    where E.RawValue == Int32 {
        try expect(field, .i32, name)
        // Every Int32 is a valid value of the enum-structs; a failable init would mean a refused value.
        let raw = try readI32()
        guard let value = E(rawValue: raw) else { throw corrupt("field \(name) has invalid value \(raw)", at: field.offset) }
        return value
    }

    /// The value of a binary field.
    @inline(__always)
    mutating func readBinary(_ field: FieldHeader, _ name: StaticString) throws -> [UInt8] {
        try expect(field, .binary, name)
        return try readBinary()
    }

    /// The value of a string field (invalid UTF-8 replaced).
    @inline(__always)
    mutating func readString(_ field: FieldHeader, _ name: StaticString) throws -> String {
        try expect(field, .binary, name)
        return try readString()
    }

    /// The value of a list field whose elements have wire type `elementType`, each read by `element`.
    @inline(__always)
    mutating func readList<T>(
        _ field: FieldHeader, _ name: StaticString, of elementType: ThriftType,
        _ element: (inout ThriftCompactReader) throws -> T
    ) throws -> [T] {
        try expect(field, .list, name)
        let offset = position
        let header = try readListHeader()
        if header.count == 0 { return [] }
        guard header.elementType == elementType else {
            throw corrupt("list \(name) has \(header.elementType) elements, expected \(elementType),", at: offset)
        }
        var out: [T] = []
        // The count is bounded by the bytes remaining; cap the up-front reservation anyway so a
        // list of large structs cannot reserve far more than the input justifies.
        out.reserveCapacity(Swift.min(header.count, 4096))
        for _ in 0 ..< header.count { out.append(try element(&self)) }
        return out
    }
}
