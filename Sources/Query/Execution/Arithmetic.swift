import Columnar

/// Arithmetic kernels with Spark's semantics: the binder casts operands to the result's type
/// family (integers to the wider integer, anything with a double to double, decimals keep
/// their own precision and scale and the result follows Spark's decimal rules). Integer
/// overflow wraps; decimal overflow and division or remainder by zero give null — or, in ANSI
/// mode, an error.
enum Arithmetic {
    static func overflow(_ what: String) -> QueryError {
        QueryError(.arithmetic, "\(what) (ANSI mode); with spark.sql.ansi.enabled=false the result is NULL")
    }

    static func evaluate(_ op: ArithmeticOperator, _ l: Column, _ r: Column, resultType: DataType, ansi: Bool) throws -> Column {
        switch resultType {
        case .int8, .int16, .int32:
            return try integers(op, l, r, Int32.self, resultType: .int32, ansi: ansi)
        case .int64:
            return try integers(op, l, r, Int64.self, resultType: .int64, ansi: ansi)
        case .float64, .float32:
            return try doubles(op, l, r, ansi: ansi)
        case .decimal(let p, let s):
            return try decimals(op, l, r, precision: p, scale: s, ansi: ansi)
        default:
            throw QueryError(.typeMismatch, "arithmetic '\(op.rawValue)' on \(l.type.sqlName) and \(r.type.sqlName) is not supported")
        }
    }

    /// Integer arithmetic on operands of type `T` (the binder cast both).
    static func integers<T: FixedWidthInteger & BitwiseCopyable>(
        _ op: ArithmeticOperator, _ l: Column, _ r: Column, _: T.Type, resultType: DataType, ansi: Bool
    ) throws -> Column {
        let n = l.count
        var validity = BitVector.and(l.validity, r.validity)
        var values = Buffer(capacity: n * MemoryLayout<T>.size)
        let out = values.appendUninitialized(n * MemoryLayout<T>.size).assumingMemoryBound(to: T.self)
        var nullAt: [Int] = []
        var overflowed = false
        l.values.withUnsafeBufferPointer(as: T.self) { a in
            r.values.withUnsafeBufferPointer(as: T.self) { b in
                switch op {
                case .add:
                    if ansi {
                        for i in 0..<n { let (v, o) = a[i].addingReportingOverflow(b[i]); out[i] = v; if o && (validity?[i] ?? true) { overflowed = true } }
                    } else {
                        for i in 0..<n { out[i] = a[i] &+ b[i] }
                    }
                case .subtract:
                    if ansi {
                        for i in 0..<n { let (v, o) = a[i].subtractingReportingOverflow(b[i]); out[i] = v; if o && (validity?[i] ?? true) { overflowed = true } }
                    } else {
                        for i in 0..<n { out[i] = a[i] &- b[i] }
                    }
                case .multiply:
                    if ansi {
                        for i in 0..<n { let (v, o) = a[i].multipliedReportingOverflow(by: b[i]); out[i] = v; if o && (validity?[i] ?? true) { overflowed = true } }
                    } else {
                        for i in 0..<n { out[i] = a[i] &* b[i] }
                    }
                case .remainder, .integerDivide, .divide:
                    for i in 0..<n {
                        if b[i] == 0 {
                            out[i] = 0
                            nullAt.append(i)
                        } else if b[i] == -1 {
                            out[i] = op == .remainder ? 0 : 0 &- a[i]  // avoids the T.min / -1 trap
                        } else {
                            out[i] = op == .remainder ? a[i] % b[i] : a[i] / b[i]
                        }
                    }
                }
            }
        }
        if overflowed { throw overflow("integer overflow in '\(op.rawValue)'") }
        if !nullAt.isEmpty {
            let live = nullAt.filter { i in validity.map { $0[i] } ?? true }
            if ansi && !live.isEmpty { throw QueryError(.arithmetic, "division by zero (ANSI mode); with spark.sql.ansi.enabled=false the result is NULL") }
            if validity == nil { validity = BitVector(repeating: true, count: n) }
            for i in nullAt { validity![i] = false }
        }
        return Column(type: resultType, count: n, validity: validity, values: values)
    }

    static func doubles(_ op: ArithmeticOperator, _ l: Column, _ r: Column, ansi: Bool) throws -> Column {
        let n = l.count
        var validity = BitVector.and(l.validity, r.validity)
        var values = Buffer(capacity: n * 8)
        let out = values.appendUninitialized(n * 8).assumingMemoryBound(to: Double.self)
        var zeros: [Int] = []
        l.values.withUnsafeBufferPointer(as: Double.self) { a in
            r.values.withUnsafeBufferPointer(as: Double.self) { b in
                switch op {
                case .add: for i in 0..<n { out[i] = a[i] + b[i] }
                case .subtract: for i in 0..<n { out[i] = a[i] - b[i] }
                case .multiply: for i in 0..<n { out[i] = a[i] * b[i] }
                case .divide, .remainder, .integerDivide:
                    for i in 0..<n {
                        if b[i] == 0 { zeros.append(i); out[i] = 0; continue }
                        switch op {
                        case .divide: out[i] = a[i] / b[i]
                        case .remainder: out[i] = a[i].truncatingRemainder(dividingBy: b[i])
                        default: out[i] = (a[i] / b[i]).rounded(.towardZero)
                        }
                    }
                }
            }
        }
        if !zeros.isEmpty {
            if ansi && zeros.contains(where: { i in validity.map { $0[i] } ?? true }) {
                throw QueryError(.arithmetic, "division by zero (ANSI mode); with spark.sql.ansi.enabled=false the result is NULL")
            }
            if validity == nil { validity = BitVector(repeating: true, count: n) }
            for i in zeros { validity![i] = false }
        }
        return Column(type: .float64, count: n, validity: validity, values: values)
    }

    /// 10^k as Int128 (k ≤ 38).
    static let powersOfTen: [Int128] = {
        var out: [Int128] = [1]
        for _ in 0..<38 { out.append(out.last! * 10) }
        return out
    }()

    /// The unscaled decimal at row `i` of a decimal column, widened to 128 bits.
    @inline(__always)
    static func unscaled(_ c: UnsafeRawPointer, wide: Bool, _ i: Int) -> Int128 {
        wide ? c.load(fromByteOffset: i &* 16, as: Int128.self) : Int128(c.load(fromByteOffset: i &* 8, as: Int64.self))
    }

    /// `x / divisor` rounded half away from zero (Spark's HALF_UP); `divisor` is not zero.
    @inline(__always)
    static func roundedDivide(_ x: Int128, _ divisor: Int128) -> Int128 {
        let q = x / divisor, r = x % divisor
        let absR = r < 0 ? 0 &- r : r, absD = divisor < 0 ? 0 &- divisor : divisor
        if absR >= absD &- absR { return (x < 0) != (divisor < 0) ? q - 1 : q + 1 }
        return q
    }

    static func decimals(_ op: ArithmeticOperator, _ l: Column, _ r: Column, precision: Int, scale: Int, ansi: Bool) throws -> Column {
        guard case .decimal(_, let ls) = l.type, case .decimal(_, let rs) = r.type else {
            throw QueryError(.typeMismatch, "decimal arithmetic on \(l.type.sqlName) and \(r.type.sqlName)")
        }
        let n = l.count
        var validity = BitVector.and(l.validity, r.validity)
        let wideOut = precision > 18
        var values = Buffer(capacity: n * (wideOut ? 16 : 8))
        let raw = values.appendUninitialized(n * (wideOut ? 16 : 8))
        let limit = powersOfTen[precision]
        var failed: [Int] = []
        let lw = l.type.fixedWidth == 16, rw = r.type.fixedWidth == 16
        l.values.withUnsafeBytes { lb in
            r.values.withUnsafeBytes { rb in
                let lp = lb.baseAddress ?? UnsafeRawPointer(raw), rp = rb.baseAddress ?? UnsafeRawPointer(raw)
                // How each operand is rescaled before the operation.
                let common = max(ls, rs)
                for i in 0..<n {
                    let a = unscaled(lp, wide: lw, i), b = unscaled(rp, wide: rw, i)
                    var result: Int128 = 0
                    var ok = true
                    switch op {
                    case .add, .subtract, .remainder:
                        let (x, o1) = a.multipliedReportingOverflow(by: powersOfTen[common - ls])
                        let (y, o2) = b.multipliedReportingOverflow(by: powersOfTen[common - rs])
                        if o1 || o2 { ok = false; break }
                        if op == .remainder {
                            if y == 0 { ok = false; break }
                            result = x % y
                            if common > scale { result = roundedDivide(result, powersOfTen[common - scale]) }
                            else { result *= powersOfTen[scale - common] }
                        } else {
                            let (v, o) = op == .add ? x.addingReportingOverflow(y) : x.subtractingReportingOverflow(y)
                            if o { ok = false; break }
                            result = common > scale ? roundedDivide(v, powersOfTen[common - scale]) : v * powersOfTen[scale - common]
                        }
                    case .multiply:
                        let (v, o) = a.multipliedReportingOverflow(by: b)
                        if o { ok = false; break }
                        let productScale = ls + rs
                        result = productScale > scale ? roundedDivide(v, powersOfTen[productScale - scale]) : v * powersOfTen[scale - productScale]
                    case .divide, .integerDivide:
                        if b == 0 { ok = false; break }
                        // a/10^ls ÷ b/10^rs at scale `scale`: a·10^(scale+rs-ls) / b, rounded.
                        let shift = scale + rs - ls
                        if shift >= 0 {
                            guard shift <= 38 else { ok = false; break }
                            let (x, o) = a.multipliedReportingOverflow(by: powersOfTen[shift])
                            if o { ok = false; break }
                            result = op == .integerDivide ? x / b : roundedDivide(x, b)
                        } else {
                            result = a / (b * powersOfTen[min(38, -shift)])
                        }
                        if op == .integerDivide { result /= powersOfTen[scale] }
                    }
                    if ok && (result >= limit || result <= -limit) { ok = false }
                    if !ok { failed.append(i); result = 0 }
                    if wideOut {
                        raw.storeBytes(of: result, toByteOffset: i &* 16, as: Int128.self)
                    } else {
                        raw.storeBytes(of: Int64(truncatingIfNeeded: result), toByteOffset: i &* 8, as: Int64.self)
                    }
                }
            }
        }
        if !failed.isEmpty {
            if ansi && failed.contains(where: { i in validity.map { $0[i] } ?? true }) {
                throw overflow("decimal overflow or division by zero in '\(op.rawValue)' (decimal(\(precision),\(scale)))")
            }
            if validity == nil { validity = BitVector(repeating: true, count: n) }
            for i in failed { validity![i] = false }
        }
        return Column(type: .decimal(precision: precision, scale: scale), count: n, validity: validity, values: values)
    }

    static func negate(_ c: Column, ansi: Bool) throws -> Column {
        let n = c.count
        var out = c
        switch c.type {
        case .int8: out.values.withUnsafeMutableBufferPointer(as: Int8.self) { for i in 0..<n { $0[i] = 0 &- $0[i] } }
        case .int16: out.values.withUnsafeMutableBufferPointer(as: Int16.self) { for i in 0..<n { $0[i] = 0 &- $0[i] } }
        case .int32: out.values.withUnsafeMutableBufferPointer(as: Int32.self) { for i in 0..<n { $0[i] = 0 &- $0[i] } }
        case .int64: out.values.withUnsafeMutableBufferPointer(as: Int64.self) { for i in 0..<n { $0[i] = 0 &- $0[i] } }
        case .float32: out.values.withUnsafeMutableBufferPointer(as: Float.self) { for i in 0..<n { $0[i] = -$0[i] } }
        case .float64: out.values.withUnsafeMutableBufferPointer(as: Double.self) { for i in 0..<n { $0[i] = -$0[i] } }
        case .decimal(let p, _):
            if p <= 18 {
                out.values.withUnsafeMutableBufferPointer(as: Int64.self) { for i in 0..<n { $0[i] = 0 &- $0[i] } }
            } else {
                out.values.withUnsafeMutableBufferPointer(as: Int128.self) { for i in 0..<n { $0[i] = 0 &- $0[i] } }
            }
        default:
            throw QueryError(.typeMismatch, "cannot negate a \(c.type.sqlName)")
        }
        return out
    }
}
