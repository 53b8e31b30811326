import Columnar

/// The dictionary of the column chunk being written, over the physical values: 4- and 8-byte
/// values by bit pattern, byte arrays by content.
enum ValueDictionary {
    case fixedWidth(FixedWidthDictionaryBuilder)
    case byteArrays(ByteArrayDictionaryBuilder, fixedLength: Bool)

    /// A dictionary for `physicalType`, or nil for types never dictionary-encoded (BOOLEAN, INT96).
    init?(physicalType: PhysicalType) {
        switch physicalType {
        case .int32, .float: self = .fixedWidth(FixedWidthDictionaryBuilder(width: 4))
        case .int64, .double: self = .fixedWidth(FixedWidthDictionaryBuilder(width: 8))
        case .byteArray: self = .byteArrays(ByteArrayDictionaryBuilder(), fixedLength: false)
        case .fixedLenByteArray: self = .byteArrays(ByteArrayDictionaryBuilder(), fixedLength: true)
        default: return nil
        }
    }

    /// Number of entries.
    var count: Int {
        switch self {
        case .fixedWidth(let d): d.count
        case .byteArrays(let d, _): d.count
        }
    }

    /// Bytes of the PLAIN-encoded dictionary page.
    var byteSize: Int {
        switch self {
        case .fixedWidth(let d): d.byteSize
        case .byteArrays(let d, let fixed): fixed ? d.valueBytes : d.byteSize
        }
    }

    /// Adds the rows of a dense physical column, appending one `UInt32` index per row.
    func insert(_ physical: Column, indices: inout Buffer) throws {
        switch self {
        case .fixedWidth(let d) where d.width == 4:
            physical.values.withUnsafeBufferPointer(as: UInt32.self) { d.append($0, indices: &indices) }
        case .fixedWidth(let d):
            physical.values.withUnsafeBufferPointer(as: UInt64.self) { d.append($0, indices: &indices) }
        case .byteArrays(let d, _):
            try d.append(values: physical.values, offsets: physical.offsets, rows: 0..<physical.count, indices: &indices)
        }
    }

    /// Appends the dictionary page payload (PLAIN).
    func encodePlain(into out: inout Buffer) {
        switch self {
        case .fixedWidth(let d): d.encodePlain(into: &out)
        case .byteArrays(let d, let fixed):
            if fixed {
                d.withEntries { bytes, _ in out.append(bytes: bytes) }
            } else {
                d.encodePlain(into: &out)
            }
        }
    }

    /// Bit width of indices into a dictionary of `count` entries (at least 1).
    static func indexBitWidth(_ count: Int) -> Int {
        count <= 2 ? 1 : Int.bitWidth - (count - 1).leadingZeroBitCount
    }
}
