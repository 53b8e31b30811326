import Columnar

extension ColumnDescriptor {
    /// A min or max statistic (PLAIN-encoded in the physical type) as an in-memory value of
    /// ``valueType``, or nil when the bytes do not fit the type.
    public func statisticValue(_ bytes: [UInt8]) -> Value? {
        func load<T: FixedWidthInteger>(_: T.Type) -> T? {
            guard bytes.count == MemoryLayout<T>.size else { return nil }
            return bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(as: T.self)) }
        }
        if case .decimalToDouble(let scale) = ValueConversion(descriptor: self) {
            switch physicalType {
            case .int32: return load(Int32.self).map { .double(Double("\($0)e-\(scale)")!) }
            case .int64: return load(Int64.self).map { .double(Double("\($0)e-\(scale)")!) }
            default: return .double(bytes.withUnsafeBytes { ValueConversion.bigEndianDouble($0, scale: scale) })
            }
        }
        switch (physicalType, valueType) {
        case (.boolean, _):
            return bytes.count == 1 ? .boolean(bytes[0] != 0) : nil
        case (.int32, .date):
            return load(Int32.self).map { .date($0) }
        case (.int32, .decimal), (.int64, .decimal):
            if physicalType == .int32 { return load(Int32.self).map { .decimal(Int128($0)) } }
            return load(Int64.self).map { .decimal(Int128($0)) }
        case (.int32, .uint8), (.int32, .uint16), (.int32, .uint32):
            return load(UInt32.self).map { .uint(UInt64($0)) }
        case (.int32, _):
            return load(Int32.self).map { .int(Int64($0)) }
        case (.int64, .uint64):
            return load(UInt64.self).map { .uint($0) }
        case (.int64, .timestamp), (.int64, .timestampNTZ):
            guard let raw = load(Int64.self) else { return nil }
            switch ValueConversion(descriptor: self) {
            case .millisToMicros: return .timestamp(raw &* 1000)
            case .nanosToMicros: return .timestamp(ValueConversion.floorDivide(raw, 1000))
            default: return .timestamp(raw)
            }
        case (.int64, _):
            return load(Int64.self).map { .int($0) }
        case (.float, .float32):
            return load(UInt32.self).map { .float(Float(bitPattern: $0)) }
        case (.double, _):
            return load(UInt64.self).map { .double(Double(bitPattern: $0)) }
        case (.byteArray, .decimal), (.fixedLenByteArray, .decimal):
            return bytes.withUnsafeBytes { ValueConversion.bigEndianInteger($0) }.map { .decimal($0) }
        case (.byteArray, .string):
            return .string(String(decoding: bytes, as: UTF8.self))
        case (.fixedLenByteArray, .float32):
            guard bytes.count == 2 else { return nil }
            return .float(ValueConversion.float(fromHalf: UInt16(bytes[0]) | UInt16(bytes[1]) << 8))
        case (.byteArray, _), (.fixedLenByteArray, _):
            return .binary(bytes)
        default:
            return nil  // INT96 statistics are not meaningful
        }
    }
}
