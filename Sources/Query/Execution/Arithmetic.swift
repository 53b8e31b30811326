import Columnar

/// Arithmetic kernels with Spark's semantics: the binder casts operands to the result's type
/// family (integers to the wider integer, anything with a double to double, decimals keep
/// their own precision and scale and the result follows Spark's decimal rules). Integer
/// overflow wraps; decimal overflow and division or remainder by zero give null — or, in ANSI
/// mode, an error.
///
/// Either operand may be a constant (``Operand/scalar(_:)``): kernels then loop over the other
/// operand's values with the constant held in a register, never building a constant column.
enum Arithmetic {
    /// One side of an arithmetic operation.
    enum Operand {
        /// A column of the batch's row count.
        case column(Column)
        /// A constant, as a one-row column of its type (never null: a null constant makes the
        /// whole result null before any kernel runs).
        case scalar(Column)

        /// A constant operand holding `value` of `type`.
        static func constant(_ value: Value, _ type: DataType) -> Operand {
            .scalar(Column(type, [value]))
        }

        var type: DataType {
            switch self {
            case .column(let c), .scalar(let c): c.type
            }
        }

        /// The rows' validity (nil: all valid).
        var validity: BitVector? {
            if case .column(let c) = self { return c.validity }
            return nil
        }

        var isScalar: Bool {
            if case .scalar = self { return true }
            return false
        }

        /// The column behind the operand (one row for a constant).
        var storage: Column {
            switch self {
            case .column(let c), .scalar(let c): c
            }
        }

        /// The operand as a full column of `n` rows.
        func materialized(_ n: Int) -> Column {
            switch self {
            case .column(let c): c
            case .scalar(let c): .repeating(c.value(at: 0), c.type, count: n)
            }
        }
    }

    static func overflow(_ what: String) -> QueryError {
        QueryError(.arithmetic, "\(what) (ANSI mode); with spark.sql.ansi.enabled=false the result is NULL")
    }

    static func divisionByZero() -> QueryError {
        QueryError(.arithmetic, "division by zero (ANSI mode); with spark.sql.ansi.enabled=false the result is NULL")
    }

    /// `l op r` for two columns of one row count.
    static func evaluate(_ op: ArithmeticOperator, _ l: Column, _ r: Column, resultType: DataType, ansi: Bool) throws -> Column {
        try evaluate(op, .column(l), .column(r), rows: l.count, resultType: resultType, ansi: ansi)
    }

    /// `l op r` over `n` rows; either side may be a constant.
    static func evaluate(_ op: ArithmeticOperator, _ l: Operand, _ r: Operand, rows n: Int, resultType: DataType, ansi: Bool) throws -> Column {
        if case .scalar(let a) = l, case .scalar(let b) = r {
            // Both constant: one row's worth of work, repeated.
            let one = try evaluate(op, .column(a), .column(b), rows: 1, resultType: resultType, ansi: ansi)
            return .repeating(one.value(at: 0), resultType, count: n)
        }
        if case .scalar(let c) = l, c.isNull(0) { return .nulls(resultType, count: n) }
        if case .scalar(let c) = r, c.isNull(0) { return .nulls(resultType, count: n) }
        switch resultType {
        case .int8, .int16, .int32:
            return try integers(op, l, r, n, Int32.self, resultType: .int32, ansi: ansi)
        case .int64:
            return try integers(op, l, r, n, Int64.self, resultType: .int64, ansi: ansi)
        case .float64, .float32:
            return try doubles(op, l, r, n, ansi: ansi)
        case .decimal(let p, let s):
            return try decimals(op, l, r, n, precision: p, scale: s, ansi: ansi)
        default:
            throw QueryError(.typeMismatch, "arithmetic '\(op.rawValue)' on \(l.type.sqlName) and \(r.type.sqlName) is not supported")
        }
    }

    /// Runs `body` over every row: `out[i] = body(l[i], r[i])`, with a constant side read once.
    @inline(__always)
    static func forEachPair<T: BitwiseCopyable, U>(
        _ l: Operand, _ r: Operand, _ n: Int, _ out: UnsafeMutablePointer<U>, _ body: (T, T) -> U
    ) {
        switch (l, r) {
        case (.column(let a), .column(let b)):
            a.values.withUnsafeBufferPointer(as: T.self) { x in
                b.values.withUnsafeBufferPointer(as: T.self) { y in
                    let x = x.baseAddress!, y = y.baseAddress!
                    for i in 0..<n { out[i] = body(x[i], y[i]) }
                }
            }
        case (.column(let a), .scalar(let b)):
            let y = b.values.load(0, as: T.self)
            a.values.withUnsafeBufferPointer(as: T.self) { x in
                let x = x.baseAddress!
                for i in 0..<n { out[i] = body(x[i], y) }
            }
        case (.scalar(let a), .column(let b)):
            let x = a.values.load(0, as: T.self)
            b.values.withUnsafeBufferPointer(as: T.self) { y in
                let y = y.baseAddress!
                for i in 0..<n { out[i] = body(x, y[i]) }
            }
        case (.scalar(let a), .scalar(let b)):
            let x = a.values.load(0, as: T.self), y = b.values.load(0, as: T.self)
            for i in 0..<n { out[i] = body(x, y) }
        }
    }

    /// Whether any of `rows` is valid (not null) under `validity`.
    static func anyValid(_ rows: [Int], _ validity: BitVector?) -> Bool {
        guard let validity else { return !rows.isEmpty }
        return rows.contains { validity[$0] }
    }

    /// Whether a valid row (under `validity`) makes `failed` true; `failed` is checked only
    /// after a cheap pass found some row that may have.
    static func anyValidRow(_ n: Int, _ validity: BitVector?, _ failed: (Int) -> Bool) -> Bool {
        for i in 0..<n where failed(i) && (validity?[i] ?? true) { return true }
        return false
    }

    /// Integer arithmetic on operands of type `T` (the binder cast both).
    static func integers<T: FixedWidthInteger & BitwiseCopyable>(
        _ op: ArithmeticOperator, _ l: Operand, _ r: Operand, _ n: Int, _: T.Type, resultType: DataType, ansi: Bool
    ) throws -> Column {
        var validity = BitVector.and(l.validity, r.validity)
        var values = Buffer(capacity: n * MemoryLayout<T>.size)
        let out = values.appendUninitialized(n * MemoryLayout<T>.size).assumingMemoryBound(to: T.self)
        switch op {
        case .add, .subtract, .multiply:
            // Wrapping first (vectorizes); under ANSI a second look finds overflow on a valid row.
            switch op {
            case .add: forEachPair(l, r, n, out) { (a: T, b: T) in a &+ b }
            case .subtract: forEachPair(l, r, n, out) { (a: T, b: T) in a &- b }
            default: forEachPair(l, r, n, out) { (a: T, b: T) in a &* b }
            }
            if ansi && n > 0 {
                var flags = [UInt8](repeating: 0, count: n)
                var any = false
                flags.withUnsafeMutableBufferPointer { f in
                    let f = f.baseAddress!
                    switch op {
                    case .add: forEachPair(l, r, n, f) { (a: T, b: T) in a.addingReportingOverflow(b).overflow ? 1 : 0 }
                    case .subtract: forEachPair(l, r, n, f) { (a: T, b: T) in a.subtractingReportingOverflow(b).overflow ? 1 : 0 }
                    default: forEachPair(l, r, n, f) { (a: T, b: T) in a.multipliedReportingOverflow(by: b).overflow ? 1 : 0 }
                    }
                    var acc: UInt8 = 0
                    for i in 0..<n { acc |= f[i] }
                    any = acc != 0
                }
                if any && anyValidRow(n, validity, { flags[$0] != 0 }) {
                    throw overflow("integer overflow in '\(op.rawValue)'")
                }
            }
        case .remainder, .integerDivide, .divide:
            var zeros: [Int] = []
            var i = 0
            forEachPair(l, r, n, out) { (a: T, b: T) -> T in
                defer { i &+= 1 }
                if b == 0 {
                    zeros.append(i)
                    return 0
                } else if b == -1 {
                    return op == .remainder ? 0 : 0 &- a  // avoids the T.min / -1 trap
                } else {
                    return op == .remainder ? a % b : a / b
                }
            }
            if !zeros.isEmpty {
                if ansi && anyValid(zeros, validity) { throw divisionByZero() }
                if validity == nil { validity = BitVector(repeating: true, count: n) }
                for i in zeros { validity![i] = false }
            }
        }
        return Column(type: resultType, count: n, validity: validity, values: values)
    }

    static func doubles(_ op: ArithmeticOperator, _ l: Operand, _ r: Operand, _ n: Int, ansi: Bool) throws -> Column {
        var validity = BitVector.and(l.validity, r.validity)
        var values = Buffer(capacity: n * 8)
        let out = values.appendUninitialized(n * 8).assumingMemoryBound(to: Double.self)
        var zeros: [Int] = []
        switch op {
        case .add: forEachPair(l, r, n, out) { (a: Double, b: Double) in a + b }
        case .subtract: forEachPair(l, r, n, out) { (a: Double, b: Double) in a - b }
        case .multiply: forEachPair(l, r, n, out) { (a: Double, b: Double) in a * b }
        case .divide, .remainder, .integerDivide:
            var i = 0
            forEachPair(l, r, n, out) { (a: Double, b: Double) -> Double in
                defer { i &+= 1 }
                if b == 0 { zeros.append(i); return 0 }
                switch op {
                case .divide: return a / b
                case .remainder: return a.truncatingRemainder(dividingBy: b)
                default: return (a / b).rounded(.towardZero)
                }
            }
        }
        if !zeros.isEmpty {
            if ansi && anyValid(zeros, validity) { throw divisionByZero() }
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

    /// `x / divisor` rounded half away from zero (Spark's HALF_UP); `divisor` is not zero.
    @inline(__always)
    static func roundedDivide(_ x: Int128, _ divisor: Int128) -> Int128 {
        let q = x / divisor, r = x % divisor
        let absR = r < 0 ? 0 &- r : r, absD = divisor < 0 ? 0 &- divisor : divisor
        if absR >= absD &- absR { return (x < 0) != (divisor < 0) ? q - 1 : q + 1 }
        return q
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
