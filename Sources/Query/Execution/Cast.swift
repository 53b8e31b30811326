import Columnar
import Delta

/// CAST and TRY_CAST. A value that does not convert (text that is not a number, a decimal
/// that overflows its precision) is null — or an error under ANSI mode with CAST.
enum Cast {
    static func cast(_ c: Column, to target: DataType, isTry: Bool, ansi: Bool) throws -> Column {
        if c.type == target { return c }
        let n = c.count
        // Fast paths: widening integers and integers/floats to double.
        switch (c.type, target) {
        case (.int8, .int32), (.int16, .int32), (.int32, .int64), (.int8, .int64), (.int16, .int64), (.date, .timestamp), (.date, .timestampNTZ),
             (.int32, .float64), (.int64, .float64), (.float32, .float64):
            return fixed(c, target)
        case (.timestamp, .timestampNTZ), (.timestampNTZ, .timestamp):
            var out = c
            out.type = target
            return out
        default:
            break
        }
        var out = Column(empty: target, capacity: n)
        var failed: (row: Int, value: Value)?
        for i in 0..<n {
            let v = c.value(at: i)
            if v.isNull { out.appendNull(); continue }
            if let converted = convert(v, from: c.type, to: target) {
                out.append(converted)
            } else {
                if failed == nil { failed = (i, v) }
                out.appendNull()
            }
        }
        if let failed, ansi && !isTry {
            throw QueryError(.arithmetic, "cannot cast \(failed.value.text(as: c.type)) (\(c.type.sqlName)) to \(target.sqlName) (ANSI mode); use TRY_CAST to get NULL instead")
        }
        return out
    }

    /// Widening conversions done with a typed loop.
    static func fixed(_ c: Column, _ target: DataType) -> Column {
        let n = c.count
        let width = target.fixedWidth!
        var values = Buffer(capacity: n * width)
        let raw = values.appendUninitialized(n * width)
        func run<S: BitwiseCopyable, D>(_: S.Type, _: D.Type, _ f: (S) -> D) {
            let dst = raw.assumingMemoryBound(to: D.self)
            c.values.withUnsafeBufferPointer(as: S.self) { src in for i in 0..<n { dst[i] = f(src[i]) } }
        }
        switch (c.type, target) {
        case (.int8, .int32): run(Int8.self, Int32.self) { Int32($0) }
        case (.int16, .int32): run(Int16.self, Int32.self) { Int32($0) }
        case (.int8, .int64): run(Int8.self, Int64.self) { Int64($0) }
        case (.int16, .int64): run(Int16.self, Int64.self) { Int64($0) }
        case (.int32, .int64): run(Int32.self, Int64.self) { Int64($0) }
        case (.date, _): run(Int32.self, Int64.self) { Int64($0) * 86_400_000_000 }
        case (.int32, .float64): run(Int32.self, Double.self) { Double($0) }
        case (.int64, .float64): run(Int64.self, Double.self) { Double($0) }
        default: run(Float.self, Double.self) { Double($0) }
        }
        return Column(type: target, count: n, validity: c.validity, values: values)
    }

    /// One value converted, or nil when it does not convert.
    static func convert(_ v: Value, from source: DataType, to target: DataType) -> Value? {
        // Decimal sources as exact numbers.
        var asDouble: Double? {
            switch v {
            case .int(let i): Double(i)
            case .uint(let u): Double(u)
            case .float(let f): Double(f)
            case .double(let d): d
            case .decimal(let d):
                if case .decimal(_, let s) = source { Double("\(d)e-\(s)") } else { Double(d) }
            case .boolean(let b): b ? 1 : 0
            default: nil
            }
        }
        switch target {
        case .string:
            return .string(text(v, source))
        case .binary:
            if case .string(let s) = v { return .binary(Array(s.utf8)) }
            if case .binary = v { return v }
            return nil
        case .boolean:
            switch v {
            case .string(let s):
                switch s.lowercased().trimmingSpaces {
                case "true", "t", "yes", "y", "1": return .boolean(true)
                case "false", "f", "no", "n", "0": return .boolean(false)
                default: return nil
                }
            default: return asDouble.map { .boolean($0 != 0) }
            }
        case .int8, .int16, .int32, .int64:
            let bits = target.fixedWidth! * 8
            func fits(_ i: Int64) -> Bool { bits == 64 || (i >= -(Int64(1) << (bits - 1)) && i < (Int64(1) << (bits - 1))) }
            switch v {
            case .int(let i): return .int(i.clamp(bits))  // wraps like Spark
            case .decimal(let d):
                guard case .decimal(_, let s) = source else { return nil }
                let whole = d / Arithmetic.powersOfTen[s]
                guard let i = Int64(exactly: whole), fits(i) else { return nil }
                return .int(i)
            case .string(let s):
                let t = s.trimmingSpaces
                if let i = Int64(t) { return fits(i) ? .int(i) : nil }
                if let d = Double(t), d.isFinite, let i = Int64(exactly: d.rounded(.towardZero)), fits(i) { return .int(i) }
                return nil
            case .date, .timestamp: return nil
            default:
                guard let d = asDouble, d.isFinite else { return nil }
                let t = d.rounded(.towardZero)
                let clamped = Swift.min(Swift.max(t, -9.223372036854775808e18), 9.223372036854775807e18)
                let i = Int64(clamped == 9.223372036854775807e18 ? Double(Int64.max - 1023) : clamped)
                return fits(i) ? .int(i) : nil
            }
        case .float32:
            if case .string(let s) = v { return Float(s.trimmingSpaces).map { .float($0) } }
            return asDouble.map { .float(Float($0)) }
        case .float64:
            if case .string(let s) = v { return Double(s.trimmingSpaces).map { .double($0) } }
            if case .timestamp(let t) = v { return .double(Double(t) / 1_000_000) }
            return asDouble.map { .double($0) }
        case .decimal(let p, let s):
            let limit = Arithmetic.powersOfTen[p]
            switch v {
            case .int(let i):
                let (x, o) = Int128(i).multipliedReportingOverflow(by: Arithmetic.powersOfTen[s])
                return !o && x < limit && x > -limit ? .decimal(x) : nil
            case .decimal(let d):
                guard case .decimal(_, let ss) = source else { return nil }
                let x = ss > s ? Arithmetic.roundedDivide(d, Arithmetic.powersOfTen[ss - s]) : d.multipliedReportingOverflow(by: Arithmetic.powersOfTen[s - ss]).partialValue
                if s > ss && d.multipliedReportingOverflow(by: Arithmetic.powersOfTen[s - ss]).overflow { return nil }
                return x < limit && x > -limit ? .decimal(x) : nil
            case .string(let str):
                return Literals.decimal(str.trimmingSpaces, precision: p, scale: s).map { .decimal($0) }
            default:
                guard let d = asDouble, d.isFinite else { return nil }
                return Literals.decimal(String(d), precision: p, scale: s).map { .decimal($0) }
            }
        case .date:
            switch v {
            case .string(let s):
                let t = s.trimmingSpaces
                if let d = Literals.date(String(t.prefix(10))), t.count == 10 || t.dropFirst(10).first == " " || t.dropFirst(10).first == "T" {
                    return .date(d)
                }
                return nil
            case .timestamp(let t):
                return .date(Int32(truncatingIfNeeded: t >= 0 ? t / 86_400_000_000 : (t - 86_399_999_999) / 86_400_000_000))
            default: return nil
            }
        case .timestamp, .timestampNTZ:
            switch v {
            case .string(let s): return Literals.timestamp(s.trimmingSpaces, utc: true).map { .timestamp($0) }
            case .date(let d): return .timestamp(Int64(d) * 86_400_000_000)
            case .timestamp: return v
            case .int(let i): return .timestamp(i &* 1_000_000)
            default: return asDouble.map { .timestamp(Int64($0 * 1_000_000)) }
            }
        default:
            return nil
        }
    }

    /// Spark's text of a value in CAST(... AS STRING).
    static func text(_ v: Value, _ type: DataType) -> String {
        switch (v, type) {
        case (.timestamp(let t), _):
            var s = TemporalFormat.timestamp(t, utc: false, separator: " ")
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
            return s
        case (.binary(let b), _): return String(decoding: b, as: UTF8.self)
        default: return v.text(as: type)
        }
    }
}

extension Int64 {
    /// The value wrapped to `bits` bits (two's complement), as Spark's integral casts wrap.
    func clamp(_ bits: Int) -> Int64 {
        switch bits {
        case 8: Int64(Int8(truncatingIfNeeded: self))
        case 16: Int64(Int16(truncatingIfNeeded: self))
        case 32: Int64(Int32(truncatingIfNeeded: self))
        default: self
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s.removeLast() }
        return String(s)
    }
}
