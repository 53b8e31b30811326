extension Column {
    /// A column of `count` nulls of any type.
    public static func nulls(_ type: DataType, count: Int) -> Column {
        var column = Column(empty: type)
        column.count = count
        column.validity = BitVector(repeating: false, count: count)
        switch type {
        case .string, .binary, .fixedSizeBinary, .list, .map:
            column.offsets = Buffer(zeroed: (count + 1) * 4)
        case .struct(let fields):
            column.children = fields.map { nulls($0.type, count: count) }
        default:
            column.values = Buffer(zeroed: count * (type.fixedWidth ?? 0))
        }
        return column
    }

    /// A column of `count` copies of one value (null included) — for partition columns.
    public static func repeating(_ value: Value, _ type: DataType, count: Int) -> Column {
        if value.isNull { return nulls(type, count: count) }
        let one = Column(type, [value])
        switch type {
        case .string, .binary, .fixedSizeBinary:
            let width = one.values.count
            // Filled through pointers: one reservation, no per-row append.
            var values = Buffer(capacity: width * count)
            let dst = values.appendUninitialized(width * count)
            var offsets = Buffer(capacity: (count + 1) * 4)
            let offs = offsets.appendUninitialized((count + 1) * 4).assumingMemoryBound(to: Int32.self)
            offs[0] = 0
            one.values.withUnsafeBytes { bytes in
                for i in 0..<count {
                    if width > 0 { (dst + i * width).copyMemory(from: bytes.baseAddress!, byteCount: width) }
                    offs[i + 1] = Int32(truncatingIfNeeded: (i + 1) * width)
                }
            }
            return Column(type: type, count: count, validity: nil, values: values, offsets: offsets)
        case .struct, .list, .map:
            return Column(type, Array(repeating: value, count: count))
        default:
            let width = type.fixedWidth!
            var values = Buffer(capacity: width * count)
            let dst = values.appendUninitialized(width * count)
            one.values.withUnsafeBytes { bytes in
                if width > 0 { for i in 0..<count { (dst + i * width).copyMemory(from: bytes.baseAddress!, byteCount: width) } }
            }
            return Column(type: type, count: count, validity: nil, values: values)
        }
    }
}
