import Columnar

/// Lossless casts from a data file's column type to the table's: integer widening,
/// float → double, integer → decimal, decimal scale-up, date → timestamp_ntz, unsigned →
/// wider signed, binary ↔ string relabelling, timestamp ↔ timestamp_ntz relabelling.
enum Widening {
    static func cast(_ column: Column, to target: DataType) -> Column? {
        let n = column.count
        func mapInts<S: FixedWidthInteger & BitwiseCopyable, D: FixedWidthInteger & BitwiseCopyable>(_: S.Type, _: D.Type, _ transform: (S) -> D) -> Column {
            var values = Buffer(capacity: n * MemoryLayout<D>.size)
            let dst = values.appendUninitialized(n * MemoryLayout<D>.size).assumingMemoryBound(to: D.self)
            column.values.withUnsafeBufferPointer(as: S.self) { src in for i in 0..<n { dst[i] = transform(src[i]) } }
            return Column(type: target, count: n, validity: column.validity, values: values)
        }
        func relabel() -> Column { var c = column; c.type = target; return c }
        switch (column.type, target) {
        case (.int8, .int16): return mapInts(Int8.self, Int16.self) { Int16($0) }
        case (.int8, .int32): return mapInts(Int8.self, Int32.self) { Int32($0) }
        case (.int8, .int64): return mapInts(Int8.self, Int64.self) { Int64($0) }
        case (.int16, .int32): return mapInts(Int16.self, Int32.self) { Int32($0) }
        case (.int16, .int64): return mapInts(Int16.self, Int64.self) { Int64($0) }
        case (.int32, .int64): return mapInts(Int32.self, Int64.self) { Int64($0) }
        case (.uint8, .int16): return mapInts(UInt8.self, Int16.self) { Int16($0) }
        case (.uint8, .int32): return mapInts(UInt8.self, Int32.self) { Int32($0) }
        case (.uint8, .int64), (.uint8, .int64): return mapInts(UInt8.self, Int64.self) { Int64($0) }
        case (.uint16, .int32): return mapInts(UInt16.self, Int32.self) { Int32($0) }
        case (.uint16, .int64): return mapInts(UInt16.self, Int64.self) { Int64($0) }
        case (.uint32, .int64): return mapInts(UInt32.self, Int64.self) { Int64($0) }
        case (.float32, .float64):
            var values = Buffer(capacity: n * 8)
            let dst = values.appendUninitialized(n * 8).assumingMemoryBound(to: Double.self)
            column.values.withUnsafeBufferPointer(as: Float.self) { src in for i in 0..<n { dst[i] = Double(src[i]) } }
            return Column(type: target, count: n, validity: column.validity, values: values)
        case (.date, .timestampNTZ):
            return mapInts(Int32.self, Int64.self) { Int64($0) * 86_400_000_000 }
        case (.timestamp, .timestampNTZ), (.timestampNTZ, .timestamp), (.binary, .string), (.string, .binary):
            return relabel()
        case (.decimal(let p, let s), .decimal(let tp, let ts)) where ts >= s && tp - ts >= p - s:
            return rescale(column, fromScale: s, to: target, targetScale: ts)
        case (.int8, .decimal), (.int16, .decimal), (.int32, .decimal), (.int64, .decimal):
            guard case .decimal(let tp, let ts) = target else { return nil }
            let digits: Int = switch column.type { case .int8: 3; case .int16: 5; case .int32: 10; default: 19 }
            guard tp - ts >= digits else { return nil }
            let widened = cast(column, to: .int64) ?? column
            var asDecimal = widened
            asDecimal.type = .decimal(precision: 18, scale: 0)
            return rescale(asDecimal, fromScale: 0, to: target, targetScale: ts)
        default:
            return nil
        }
    }

    static func rescale(_ column: Column, fromScale: Int, to target: DataType, targetScale: Int) -> Column {
        var factor: Int128 = 1
        for _ in 0..<(targetScale - fromScale) { factor *= 10 }
        let values = (0..<column.count).map { i -> Value in
            if case .decimal(let d) = column.value(at: i) { return .decimal(d * factor) }
            return .null
        }
        return Column(target, values)
    }
}
