import Columnar

/// PLAIN-encodes a dense column of physical values (the layout ``ValueConversion/physicalDataType(_:)`` gives).
enum PlainValues {
    static func encode(_ column: Column, physicalType: PhysicalType, into out: inout Buffer) {
        switch physicalType {
        case .boolean:
            column.values.withUnsafeBufferPointer(as: UInt8.self) { PlainEncoder.encodeBooleans($0, into: &out) }
        case .byteArray:
            PlainEncoder.encodeByteArrays(values: column.values, offsets: column.offsets, rows: 0..<column.count, into: &out)
        default:
            // Fixed-width values and FIXED_LEN_BYTE_ARRAY bytes are stored back to back already.
            column.values.withUnsafeBytes { out.append(bytes: $0) }
        }
    }
}
