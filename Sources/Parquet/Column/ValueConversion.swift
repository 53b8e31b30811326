import Columnar

/// How a leaf's physical values become its in-memory values.
///
/// Most columns need no conversion (the physical layout is the storage layout) and decode
/// straight into the output column; the others decode into a scratch column of the
/// physical type first, then convert with one of these kernels.
enum ValueConversion: Equatable, Sendable {
    /// The physical values are the stored values.
    case none
    /// INT32 narrowed to 1 or 2 bytes (int8, int16, uint8, uint16).
    case narrowInt32(width: Int)
    /// A signed integer widened to a decimal's storage (8 or 16 bytes).
    case widenToDecimal(fromWidth: Int, toWidth: Int)
    /// INT64 timestamps in milliseconds, scaled to microseconds.
    case millisToMicros
    /// INT64 timestamps in nanoseconds, floored to microseconds.
    case nanosToMicros
    /// Big-endian two's complement bytes (BYTE_ARRAY or FIXED_LEN_BYTE_ARRAY) to a decimal's
    /// storage (8 or 16 bytes).
    case bytesToDecimal(toWidth: Int)
    /// IEEE half floats (2-byte FIXED_LEN_BYTE_ARRAY) to Float.
    case float16ToFloat32
    /// A decimal wider than 38 digits (any backing) to the nearest Double, as DuckDB reads it.
    case decimalToDouble(scale: Int)

    /// The conversion for a leaf.
    init(descriptor: ColumnDescriptor) {
        let element = descriptor.element
        switch (descriptor.physicalType, descriptor.valueType) {
        case (.int32, .int8), (.int32, .uint8): self = .narrowInt32(width: 1)
        case (.int32, .int16), (.int32, .uint16): self = .narrowInt32(width: 2)
        case (.int32, .decimal(let p, _)): self = .widenToDecimal(fromWidth: 4, toWidth: p <= 18 ? 8 : 16)
        case (.int64, .decimal(let p, _)): self = p <= 18 ? .none : .widenToDecimal(fromWidth: 8, toWidth: 16)
        case (.byteArray, .decimal(let p, _)), (.fixedLenByteArray, .decimal(let p, _)):
            self = .bytesToDecimal(toWidth: p <= 18 ? 8 : 16)
        case (.fixedLenByteArray, .float32): self = .float16ToFloat32
        case (_, .float64) where descriptor.physicalType != .double:
            self = .decimalToDouble(scale: decimalPrecisionAndScale(element).scale)
        case (.int64, .timestamp), (.int64, .timestampNTZ):
            switch element.logicalType {
            case .timestamp(_, .millis): self = .millisToMicros
            case .timestamp(_, .nanos): self = .nanosToMicros
            case .timestamp(_, .micros): self = .none
            default: self = element.convertedType == .timestampMillis ? .millisToMicros : .none
            }
        default: self = .none
        }
    }

    /// The in-memory type physical values decode to before conversion.
    static func physicalDataType(_ descriptor: ColumnDescriptor) -> DataType {
        switch descriptor.physicalType {
        case .boolean: .boolean
        case .int32: .int32
        case .int64: .int64
        case .int96: .timestamp
        case .float: .float32
        case .double: .float64
        case .byteArray: .binary
        default: .fixedSizeBinary(descriptor.typeLength)
        }
    }

    /// Converts every row of `physical` and appends it to `target`.
    func apply(_ physical: Column, to target: inout Column) throws {
        let n = physical.count
        switch self {
        case .none:
            preconditionFailure("no conversion to apply")
        case .narrowInt32(let width):
            physical.values.withUnsafeBufferPointer(as: Int32.self) { src in
                let raw = target.values.appendUninitialized(n * width)
                if width == 1 {
                    let dst = raw.assumingMemoryBound(to: UInt8.self)
                    for i in 0..<n { dst[i] = UInt8(truncatingIfNeeded: src[i]) }
                } else {
                    let dst = raw.assumingMemoryBound(to: UInt16.self)
                    for i in 0..<n { dst[i] = UInt16(truncatingIfNeeded: src[i]) }
                }
            }
        case .widenToDecimal(let from, let to):
            let raw = target.values.appendUninitialized(n * to)
            switch (from, to) {
            case (4, 8): widen(physical, Int32.self, into: raw.assumingMemoryBound(to: Int64.self))
            case (4, _): widen(physical, Int32.self, into: raw.assumingMemoryBound(to: Int128.self))
            default: widen(physical, Int64.self, into: raw.assumingMemoryBound(to: Int128.self))
            }
        case .millisToMicros:
            physical.values.withUnsafeBufferPointer(as: Int64.self) { src in
                let dst = target.values.appendUninitialized(n * 8).assumingMemoryBound(to: Int64.self)
                for i in 0..<n { dst[i] = src[i] &* 1000 }
            }
        case .nanosToMicros:
            physical.values.withUnsafeBufferPointer(as: Int64.self) { src in
                let dst = target.values.appendUninitialized(n * 8).assumingMemoryBound(to: Int64.self)
                for i in 0..<n { dst[i] = Self.floorDivide(src[i], 1000) }
            }
        case .bytesToDecimal(let to):
            try physical.offsets.withUnsafeBufferPointer(as: Int32.self) { offsets in
                try physical.values.withUnsafeBytes { bytes in
                    for i in 0..<n {
                        let start = Int(offsets[i]), end = Int(offsets[i + 1])
                        guard let value = Self.bigEndianInteger(UnsafeRawBufferPointer(rebasing: bytes[start..<end])) else {
                            throw ParquetError(.corruptPage, "a decimal of \(end - start) bytes does not fit in 128 bits")
                        }
                        if to == 8 {
                            guard let small = Int64(exactly: value) else {
                                throw ParquetError(.corruptPage, "decimal value \(value) exceeds its declared precision")
                            }
                            target.values.append(small)
                        } else {
                            target.values.append(value)
                        }
                    }
                }
            }
        case .decimalToDouble(let scale):
            let dst = target.values.appendUninitialized(n * 8).assumingMemoryBound(to: Double.self)
            switch physical.type {
            case .int32:
                physical.values.withUnsafeBufferPointer(as: Int32.self) { for i in 0..<n { dst[i] = Double("\($0[i])e-\(scale)")! } }
            case .int64:
                physical.values.withUnsafeBufferPointer(as: Int64.self) { for i in 0..<n { dst[i] = Double("\($0[i])e-\(scale)")! } }
            default:
                physical.offsets.withUnsafeBufferPointer(as: Int32.self) { offsets in
                    physical.values.withUnsafeBytes { bytes in
                        for i in 0..<n {
                            dst[i] = Self.bigEndianDouble(UnsafeRawBufferPointer(rebasing: bytes[Int(offsets[i])..<Int(offsets[i + 1])]), scale: scale)
                        }
                    }
                }
            }
        case .float16ToFloat32:
            physical.values.withUnsafeBufferPointer(as: UInt16.self) { src in
                let dst = target.values.appendUninitialized(n * 4).assumingMemoryBound(to: Float.self)
                for i in 0..<n { dst[i] = Self.float(fromHalf: src[i]) }
            }
        }
        target.count += n
    }

    private func widen<S: FixedWidthInteger & BitwiseCopyable, D: FixedWidthInteger>(
        _ physical: Column, _: S.Type, into dst: UnsafeMutablePointer<D>
    ) {
        physical.values.withUnsafeBufferPointer(as: S.self) { src in
            for i in 0..<src.count { dst[i] = D(truncatingIfNeeded: src[i]) }
        }
    }

    /// A big-endian two's complement integer, or nil when it needs more than 128 bits.
    static func bigEndianInteger(_ bytes: UnsafeRawBufferPointer) -> Int128? {
        guard let first = bytes.first else { return 0 }
        let negative = first & 0x80 != 0
        var start = 0
        // Leading bytes beyond 16 must be pure sign extension.
        while bytes.count - start > 16 {
            guard bytes[start] == (negative ? 0xFF : 0x00) else { return nil }
            start += 1
        }
        var value: Int128 = negative ? -1 : 0
        for i in start..<bytes.count {
            value = (value << 8) | Int128(bytes[i])
        }
        if bytes.count - start == 16, (value < 0) != negative { return nil }
        return value
    }

    /// `a / b` rounded toward negative infinity (`b` positive).
    @inline(__always)
    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return a % b < 0 ? q - 1 : q
    }

    /// A big-endian two's complement integer of any length divided by 10^scale, correctly
    /// rounded to the nearest Double (through its decimal text, which `Double(_:)` rounds exactly).
    static func bigEndianDouble(_ bytes: UnsafeRawBufferPointer, scale: Int) -> Double {
        guard let first = bytes.first else { return 0 }
        let negative = first & 0x80 != 0
        // The magnitude as base-256 digits: two's complement negated when negative.
        var magnitude = Array(bytes)
        if negative {
            for i in magnitude.indices { magnitude[i] = ~magnitude[i] }
            var i = magnitude.count - 1
            while i >= 0 {
                magnitude[i] &+= 1
                if magnitude[i] != 0 { break }
                i -= 1
            }
        }
        // Long division by 10 yields the decimal digits, least significant first.
        var digits: [UInt8] = []
        var start = 0
        while start < magnitude.count {
            var remainder = 0
            for i in start..<magnitude.count {
                let value = remainder * 256 + Int(magnitude[i])
                magnitude[i] = UInt8(value / 10)
                remainder = value % 10
            }
            digits.append(UInt8(ascii: "0") + UInt8(remainder))
            while start < magnitude.count && magnitude[start] == 0 { start += 1 }
        }
        if digits.isEmpty { digits = [UInt8(ascii: "0")] }
        let text = (negative ? "-" : "") + String(decoding: digits.reversed(), as: UTF8.self) + "e-\(scale)"
        return Double(text) ?? .nan
    }

    /// Converts IEEE 754 binary16 bits to a Float.
    static func float(fromHalf bits: UInt16) -> Float {
        let sign = UInt32(bits & 0x8000) << 16
        let exponent = Int(bits >> 10) & 0x1F
        let mantissa = UInt32(bits & 0x3FF)
        if exponent == 0 {
            // Zero or subnormal: mantissa * 2^-24.
            let magnitude = Float(mantissa) * Float(sign: .plus, exponent: -24, significand: 1)
            return sign != 0 ? -magnitude : magnitude
        }
        if exponent == 0x1F {
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        }
        return Float(bitPattern: sign | (UInt32(exponent + 112) << 23) | (mantissa << 13))
    }
}
