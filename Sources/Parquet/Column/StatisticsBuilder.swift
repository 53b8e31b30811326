#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Columnar

/// Accumulates a column chunk's min, max and null count while it is written, and renders
/// them as Parquet ``Statistics`` (min/max PLAIN-encoded in the physical type, ordered by the
/// column's logical type: signed for integers, dates, timestamps and decimals, unsigned for
/// unsigned integers, unsigned bytewise for strings and binaries, NaN ignored for floats).
struct StatisticsBuilder {
    let descriptor: ColumnDescriptor
    private(set) var nullCount: Int64 = 0
    /// Extremes kept as the stored value's type (integers widened to 128 bits, floats as
    /// Double, byte arrays as bytes).
    private var minInt: Int128?, maxInt: Int128?
    private var minFloat: Double?, maxFloat: Double?
    private var minBytes: [UInt8]?, maxBytes: [UInt8]?

    /// Longest min/max written for byte arrays; longer values are truncated (the max is
    /// rounded up so that it stays an upper bound).
    static let maxByteArrayLength = 64

    init(descriptor: ColumnDescriptor) {
        self.descriptor = descriptor
    }

    /// Counts `n` nulls.
    mutating func addNulls(_ n: Int) { nullCount += Int64(n) }

    /// Folds the rows of a dense (null-free) leaf column into the extremes.
    mutating func add(_ values: Column) {
        guard values.count > 0 else { return }
        switch values.type {
        case .boolean: foldInt(values, UInt8.self)
        case .int8: foldInt(values, Int8.self)
        case .int16: foldInt(values, Int16.self)
        case .int32, .date: foldInt(values, Int32.self)
        case .int64, .timestamp, .timestampNTZ: foldInt(values, Int64.self)
        case .uint8: foldInt(values, UInt8.self)
        case .uint16: foldInt(values, UInt16.self)
        case .uint32: foldInt(values, UInt32.self)
        case .uint64: foldInt(values, UInt64.self)
        case .decimal(let p, _): p <= 18 ? foldInt(values, Int64.self) : foldInt(values, Int128.self)
        case .float32: foldFloat(values, Float.self)
        case .float64: foldFloat(values, Double.self)
        case .string, .binary, .fixedSizeBinary: foldBytes(values)
        case .struct, .list, .map: break
        }
    }

    private mutating func foldInt<T: FixedWidthInteger & BitwiseCopyable>(_ column: Column, _: T.Type) {
        let (lo, hi) = column.values.withUnsafeBufferPointer(as: T.self) { v -> (T, T) in
            var lo = v[0], hi = v[0]
            for x in v { lo = Swift.min(lo, x); hi = Swift.max(hi, x) }
            return (lo, hi)
        }
        minInt = Swift.min(minInt ?? Int128(lo), Int128(lo))
        maxInt = Swift.max(maxInt ?? Int128(hi), Int128(hi))
    }

    private mutating func foldFloat<T: BinaryFloatingPoint & BitwiseCopyable>(_ column: Column, _: T.Type) {
        column.values.withUnsafeBufferPointer(as: T.self) { v in
            var lo = T.infinity, hi = -T.infinity
            var any = false
            for x in v where !x.isNaN {
                any = true
                if x < lo || (x == 0 && lo == 0 && x.sign == .minus) { lo = x }
                if x > hi || (x == 0 && hi == 0 && x.sign == .plus) { hi = x }
            }
            guard any else { return }
            let l = Double(lo), h = Double(hi)
            if minFloat == nil || l < minFloat! || (l == 0 && minFloat! == 0 && l.sign == .minus) { minFloat = l }
            if maxFloat == nil || h > maxFloat! || (h == 0 && maxFloat! == 0 && h.sign == .plus) { maxFloat = h }
        }
    }

    private mutating func foldBytes(_ column: Column) {
        column.values.withUnsafeBytes { bytes in
            column.offsets.withUnsafeBufferPointer(as: Int32.self) { offsets in
                var lo = 0, hi = 0
                func slice(_ i: Int) -> UnsafeRawBufferPointer {
                    UnsafeRawBufferPointer(rebasing: bytes[Int(offsets[i])..<Int(offsets[i + 1])])
                }
                for i in 1..<column.count {
                    let s = slice(i)
                    if Self.compare(s, slice(lo)) < 0 { lo = i }
                    if Self.compare(s, slice(hi)) > 0 { hi = i }
                }
                let l = slice(lo), h = slice(hi)
                if minBytes == nil || minBytes!.withUnsafeBytes({ Self.compare(l, $0) }) < 0 { minBytes = Array(l) }
                if maxBytes == nil || maxBytes!.withUnsafeBytes({ Self.compare(h, $0) }) > 0 { maxBytes = Array(h) }
            }
        }
    }

    /// Unsigned bytewise comparison.
    static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let n = Swift.min(a.count, b.count)
        if n > 0 {
            let c = memcmp(a.baseAddress!, b.baseAddress!, n)
            if c != 0 { return Int(c) }
        }
        return a.count - b.count
    }

    /// The statistics to write, or nil when disabled.
    func statistics() -> Statistics {
        var stats = Statistics(nullCount: nullCount)
        var minValue: [UInt8]?, maxValue: [UInt8]?
        var signedOrder = true
        switch descriptor.valueType {
        case .boolean:
            minValue = minInt.map { [UInt8(truncatingIfNeeded: $0)] }
            maxValue = maxInt.map { [UInt8(truncatingIfNeeded: $0)] }
        case .float32:
            // A zero minimum is written as -0.0 and a zero maximum as +0.0 (parquet.thrift).
            minValue = minFloat.map { Self.le(Float($0 == 0 ? -0.0 : $0)) }
            maxValue = maxFloat.map { Self.le(Float($0 == 0 ? 0.0 : $0)) }
        case .float64:
            minValue = minFloat.map { Self.le($0 == 0 ? -0.0 : $0) }
            maxValue = maxFloat.map { Self.le($0 == 0 ? 0.0 : $0) }
        case .string, .binary, .fixedSizeBinary:
            signedOrder = false
            if let lo = minBytes, let hi = maxBytes {
                if lo.count <= Self.maxByteArrayLength || descriptor.physicalType == .fixedLenByteArray {
                    minValue = lo
                } else {
                    minValue = Array(lo.prefix(Self.maxByteArrayLength))
                    stats.isMinValueExact = false
                }
                if hi.count <= Self.maxByteArrayLength || descriptor.physicalType == .fixedLenByteArray {
                    maxValue = hi
                } else if let rounded = Self.roundedUp(Array(hi.prefix(Self.maxByteArrayLength))) {
                    maxValue = rounded
                    stats.isMaxValueExact = false
                } else {
                    minValue = nil
                }
            }
        case .uint8, .uint16, .uint32, .uint64:
            signedOrder = false
            minValue = minInt.map { physicalBytes($0) }
            maxValue = maxInt.map { physicalBytes($0) }
        default:
            minValue = minInt.map { physicalBytes($0) }
            maxValue = maxInt.map { physicalBytes($0) }
        }
        guard let minValue, let maxValue else { return stats }
        stats.minValue = minValue
        stats.maxValue = maxValue
        if signedOrder {
            stats.min = minValue
            stats.max = maxValue
        }
        return stats
    }

    /// An integer extreme in the column's physical encoding.
    private func physicalBytes(_ value: Int128) -> [UInt8] {
        switch descriptor.physicalType {
        case .int32: Self.le(Int32(truncatingIfNeeded: value))
        case .int64: Self.le(Int64(truncatingIfNeeded: value))
        default:
            // Decimal in a FIXED_LEN_BYTE_ARRAY: big-endian two's complement.
            (0..<descriptor.typeLength).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
        }
    }

    static func le<T: BitwiseCopyable>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value) { Array($0) }
    }

    /// The smallest byte string greater than every string starting with `prefix`, or nil.
    static func roundedUp(_ prefix: [UInt8]) -> [UInt8]? {
        var bytes = prefix
        while let last = bytes.last {
            if last < 0xFF {
                bytes[bytes.count - 1] = last + 1
                return bytes
            }
            bytes.removeLast()
        }
        return nil
    }
}
