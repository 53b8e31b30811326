import Columnar

/// How stored in-memory values become the physical values our writer puts in pages — the
/// inverse of ``ValueConversion`` for the schema ``ParquetSchema/init(writing:rootName:)``
/// produces.
enum WriteConversion: Equatable, Sendable {
    /// The stored values are the physical values.
    case none
    /// 1- or 2-byte integers widened to INT32 (sign- or zero-extended).
    case widenToInt32(width: Int, signed: Bool)
    /// A decimal of precision ≤ 9 stored in 8 bytes, narrowed to INT32.
    case narrowDecimalToInt32
    /// A decimal stored in 16 bytes, written big-endian into a FIXED_LEN_BYTE_ARRAY of `width`.
    case decimalToFixed(width: Int)

    init(descriptor: ColumnDescriptor) {
        switch (descriptor.valueType, descriptor.physicalType) {
        case (.int8, .int32): self = .widenToInt32(width: 1, signed: true)
        case (.int16, .int32): self = .widenToInt32(width: 2, signed: true)
        case (.uint8, .int32): self = .widenToInt32(width: 1, signed: false)
        case (.uint16, .int32): self = .widenToInt32(width: 2, signed: false)
        case (.decimal, .int32): self = .narrowDecimalToInt32
        case (.decimal, .fixedLenByteArray): self = .decimalToFixed(width: descriptor.typeLength)
        default: self = .none
        }
    }

    /// The physical values of a dense leaf column.
    func physical(_ column: Column) -> Column {
        let n = column.count
        switch self {
        case .none:
            return column
        case .widenToInt32(let width, let signed):
            var out = Buffer(capacity: n * 4)
            let dst = out.appendUninitialized(n * 4).assumingMemoryBound(to: Int32.self)
            switch (width, signed) {
            case (1, true): column.values.withUnsafeBufferPointer(as: Int8.self) { for i in 0..<n { dst[i] = Int32($0[i]) } }
            case (2, true): column.values.withUnsafeBufferPointer(as: Int16.self) { for i in 0..<n { dst[i] = Int32($0[i]) } }
            case (1, false): column.values.withUnsafeBufferPointer(as: UInt8.self) { for i in 0..<n { dst[i] = Int32($0[i]) } }
            default: column.values.withUnsafeBufferPointer(as: UInt16.self) { for i in 0..<n { dst[i] = Int32($0[i]) } }
            }
            return Column(type: .int32, count: n, validity: nil, values: out)
        case .narrowDecimalToInt32:
            var out = Buffer(capacity: n * 4)
            let dst = out.appendUninitialized(n * 4).assumingMemoryBound(to: Int32.self)
            column.values.withUnsafeBufferPointer(as: Int64.self) { for i in 0..<n { dst[i] = Int32(truncatingIfNeeded: $0[i]) } }
            return Column(type: .int32, count: n, validity: nil, values: out)
        case .decimalToFixed(let width):
            var values = Buffer(capacity: n * width)
            var offsets = Buffer(capacity: (n + 1) * 4)
            offsets.append(Int32(0))
            let dst = values.appendUninitialized(n * width).assumingMemoryBound(to: UInt8.self)
            func write(_ v: Int128, _ i: Int) {
                for b in 0..<width { dst[i * width + b] = UInt8(truncatingIfNeeded: v >> (8 * (width - 1 - b))) }
                offsets.append(Int32((i + 1) * width))
            }
            if column.type.fixedWidth == 8 {
                column.values.withUnsafeBufferPointer(as: Int64.self) { for i in 0..<n { write(Int128($0[i]), i) } }
            } else {
                column.values.withUnsafeBufferPointer(as: Int128.self) { for i in 0..<n { write($0[i], i) } }
            }
            return Column(type: .fixedSizeBinary(width), count: n, validity: nil, values: values, offsets: offsets)
        }
    }
}
