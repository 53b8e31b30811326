import Columnar

/// Decimal arithmetic.
///
/// `+`, `-` and `*` first try a typed loop specialized on how each operand is stored (Int64
/// for precision ≤ 18, Int128 above, or a constant) and on the result's storage. A first pass
/// finds each operand's largest magnitude: when even the largest ones cannot leave the
/// result's precision (the usual case: `price * (1 - discount)` never does), the loop has no
/// checks at all and runs in Int64 when the result is stored so. Otherwise a checked loop runs:
/// when both operands are stored as Int64 and the rescaling multipliers fit in Int64, every
/// intermediate fits in Int128 and only the result's precision limit is checked; else it takes
/// Int64 shortcuts where the values allow and checks the rest exactly. The checked loop stops
/// at the first row whose result does not fit (overflow, or beyond the result's precision);
/// the batch is then redone by the row-by-row kernel, which decides which rows are null (or
/// raises the ANSI error). Results are the same either way.
extension Arithmetic {
    static func decimals(_ op: ArithmeticOperator, _ l: Operand, _ r: Operand, _ n: Int, precision: Int, scale: Int, ansi: Bool) throws -> Column {
        guard case .decimal(_, let ls) = l.type, case .decimal(_, let rs) = r.type else {
            throw QueryError(.typeMismatch, "decimal arithmetic on \(l.type.sqlName) and \(r.type.sqlName)")
        }
        if let fast = decimalsFast(op, l, r, n, precision: precision, scale: scale, ls: ls, rs: rs) { return fast }
        return try decimalsExact(op, l, r, n, precision: precision, scale: scale, ls: ls, rs: rs, ansi: ansi)
    }

    // MARK: - Typed fast paths

    /// `+`, `-`, `*` with typed loops, or nil when the operation has no fast path here or some
    /// row does not fit (the exact kernel then decides).
    static func decimalsFast(_ op: ArithmeticOperator, _ l: Operand, _ r: Operand, _ n: Int, precision: Int, scale: Int, ls: Int, rs: Int) -> Column? {
        guard n > 0, precision <= 38 else { return nil }
        let wideOut = precision > 18
        let limit = powersOfTen[precision]
        var plan: DecimalPlan
        switch op {
        case .add, .subtract:
            // Both operands at the common scale; a result scale below it (precision capped at
            // 38) needs rounding: left to the exact kernel.
            let common = max(ls, rs)
            guard common == scale else { return nil }
            plan = DecimalPlan(op: op == .add ? .add : .subtract, leftFactor: powersOfTen[common - ls], rightFactor: powersOfTen[common - rs], limit: limit)
        case .multiply:
            let productScale = ls + rs
            guard productScale >= scale, productScale - scale <= 38 else { return nil }
            plan = DecimalPlan(op: .multiply, leftFactor: 1, rightFactor: 1, limit: limit)
            plan.divisor = powersOfTen[productScale - scale]
        default:
            return nil
        }
        var values = Buffer(capacity: n * (wideOut ? 16 : 8))
        let raw = values.appendUninitialized(n * (wideOut ? 16 : 8))
        let ok: Bool
        if wideOut {
            ok = plan.run(l, r, n, WideSink(p: raw.assumingMemoryBound(to: Int128.self)))
        } else {
            ok = plan.run(l, r, n, NarrowSink(p: raw.assumingMemoryBound(to: Int64.self)))
        }
        guard ok else { return nil }
        return Column(type: .decimal(precision: precision, scale: scale), count: n, validity: BitVector.and(l.validity, r.validity), values: values)
    }

    /// What a fast loop computes: `(a·leftFactor) op (b·rightFactor)`, for `*` then divided
    /// (rounded) by `divisor`, and checked against `±limit`.
    struct DecimalPlan {
        enum Op { case add, subtract, multiply }
        let op: Op
        var leftFactor: Int128
        var rightFactor: Int128
        let limit: Int128
        var divisor: Int128 = 1

        /// Runs the loop for the operands' storage; false when a row did not fit.
        func run<O: UnscaledSink>(_ l: Operand, _ r: Operand, _ n: Int, _ out: O) -> Bool {
            withExtendedLifetime((l, r)) {
                // A constant is scaled once, up front (when that cannot overflow).
                var plan = self
                var left = DecimalLane(l), right = DecimalLane(r)
                if let scaled = left.scaled(by: leftFactor) { left = scaled; plan.leftFactor = 1 }
                if let scaled = right.scaled(by: rightFactor) { right = scaled; plan.rightFactor = 1 }
                switch left {
                case .narrowColumn(let p): return plan.withRight(NarrowColumnLane(p: p), right, n, out)
                case .wideColumn(let p): return plan.withRight(WideColumnLane(p: p), right, n, out)
                case .narrowScalar(let v): return plan.withRight(NarrowScalarLane(v: v), right, n, out)
                case .wideScalar(let v): return plan.withRight(WideScalarLane(v: v), right, n, out)
                }
            }
        }

        @inline(__always)
        func withRight<A: UnscaledLane, O: UnscaledSink>(_ a: A, _ r: DecimalLane, _ n: Int, _ out: O) -> Bool {
            switch r {
            case .narrowColumn(let p): dispatch(a, NarrowColumnLane(p: p), n, out)
            case .wideColumn(let p): dispatch(a, WideColumnLane(p: p), n, out)
            case .narrowScalar(let v): dispatch(a, NarrowScalarLane(v: v), n, out)
            case .wideScalar(let v): dispatch(a, WideScalarLane(v: v), n, out)
            }
        }

        @inline(__always)
        func dispatch<A: UnscaledLane, B: UnscaledLane, O: UnscaledSink>(_ a: A, _ b: B, _ n: Int, _ out: O) -> Bool {
            if cannotOverflow(a.maxMagnitude(n), b.maxMagnitude(n)) {
                switch op {
                case .multiply: multiplyUnchecked(a, b, n, out)
                case .add: addUnchecked(a, b, n, out, subtract: false)
                case .subtract: addUnchecked(a, b, n, out, subtract: true)
                }
                return true
            }
            switch op {
            case .multiply:
                return divisor == 1 ? multiply(a, b, n, out, rescale: false) : multiply(a, b, n, out, rescale: true)
            case .add, .subtract:
                // Int64 operands scaled by factors below 10^19 stay below 2^125: exact in Int128.
                let smallFactors = leftFactor <= Int128(Int64.max) && rightFactor <= Int128(Int64.max)
                if A.isNarrow && B.isNarrow && smallFactors {
                    if op == .add {
                        return addNarrow(a, b, n, out, Int64(leftFactor), Int64(rightFactor), subtract: false)
                    }
                    return addNarrow(a, b, n, out, Int64(leftFactor), Int64(rightFactor), subtract: true)
                }
                return addWide(a, b, n, out, subtract: op == .subtract)
            }
        }

        /// Whether operands of at most these magnitudes always give a result within the limit
        /// (so nothing needs checking). Rescaled products are always checked.
        func cannotOverflow(_ a: UInt128, _ b: UInt128) -> Bool {
            switch op {
            case .multiply:
                guard divisor == 1 else { return false }
                let (p, o) = a.multipliedReportingOverflow(by: b)
                return !o && p < UInt128(limit)
            case .add, .subtract:
                let (x, o1) = a.multipliedReportingOverflow(by: UInt128(leftFactor))
                let (y, o2) = b.multipliedReportingOverflow(by: UInt128(rightFactor))
                let (v, o3) = x.addingReportingOverflow(y)
                return !o1 && !o2 && !o3 && v < UInt128(limit)
            }
        }

        /// `a·b` for operands known to give results within the limit: wrapping arithmetic is
        /// exact, in Int64 when the result is stored so.
        @inline(__always)
        func multiplyUnchecked<A: UnscaledLane, B: UnscaledLane, O: UnscaledSink>(_ a: A, _ b: B, _ n: Int, _ out: O) {
            if O.isNarrow {
                for i in 0..<n { out.store64(i, a.narrow(i) &* b.narrow(i)) }
            } else if A.isNarrow && B.isNarrow {
                for i in 0..<n { out.store(i, Int128(a.narrow(i)) &* Int128(b.narrow(i))) }
            } else {
                for i in 0..<n { out.store(i, a.wide(i) &* b.wide(i)) }
            }
        }

        /// `a·fa ± b·fb` for operands known to give results within the limit.
        @inline(__always)
        func addUnchecked<A: UnscaledLane, B: UnscaledLane, O: UnscaledSink>(_ a: A, _ b: B, _ n: Int, _ out: O, subtract: Bool) {
            if O.isNarrow {
                // Both terms are below the result's limit (≤ 10^18), so their factors are too.
                let fa = Int64(truncatingIfNeeded: leftFactor), fb = Int64(truncatingIfNeeded: rightFactor)
                if fa == 1 && fb == 1 {
                    for i in 0..<n { out.store64(i, subtract ? a.narrow(i) &- b.narrow(i) : a.narrow(i) &+ b.narrow(i)) }
                } else {
                    for i in 0..<n { out.store64(i, subtract ? a.narrow(i) &* fa &- b.narrow(i) &* fb : a.narrow(i) &* fa &+ b.narrow(i) &* fb) }
                }
            } else {
                let fa = leftFactor, fb = rightFactor
                for i in 0..<n {
                    let x = a.wide(i) &* fa, y = b.wide(i) &* fb
                    out.store(i, subtract ? x &- y : x &+ y)
                }
            }
        }

        @inline(__always)
        func addNarrow<A: UnscaledLane, B: UnscaledLane, O: UnscaledSink>(
            _ a: A, _ b: B, _ n: Int, _ out: O, _ fa: Int64, _ fb: Int64, subtract: Bool
        ) -> Bool {
            let high = limit, low = 0 &- limit
            for i in 0..<n {
                let x = Int128(a.narrow(i)) &* Int128(fa), y = Int128(b.narrow(i)) &* Int128(fb)
                let v = subtract ? x &- y : x &+ y
                if v >= high || v <= low { return false }
                out.store(i, v)
            }
            return true
        }

        @inline(__always)
        func addWide<A: UnscaledLane, B: UnscaledLane, O: UnscaledSink>(_ a: A, _ b: B, _ n: Int, _ out: O, subtract: Bool) -> Bool {
            let high = limit, low = 0 &- limit
            let fa = leftFactor, fb = rightFactor
            for i in 0..<n {
                var x = a.wide(i), y = b.wide(i)
                if fa != 1 {
                    let (p, o) = x.multipliedReportingOverflow(by: fa)
                    if o { return false }
                    x = p
                }
                if fb != 1 {
                    let (p, o) = y.multipliedReportingOverflow(by: fb)
                    if o { return false }
                    y = p
                }
                let (v, o) = subtract ? x.subtractingReportingOverflow(y) : x.addingReportingOverflow(y)
                if o || v >= high || v <= low { return false }
                out.store(i, v)
            }
            return true
        }

        @inline(__always)
        func multiply<A: UnscaledLane, B: UnscaledLane, O: UnscaledSink>(_ a: A, _ b: B, _ n: Int, _ out: O, rescale: Bool) -> Bool {
            let high = limit, low = 0 &- limit, d = divisor
            for i in 0..<n {
                var v: Int128
                if A.isNarrow && B.isNarrow {
                    v = Int128(a.narrow(i)) &* Int128(b.narrow(i))  // |a·b| < 2^126
                } else {
                    let x = a.wide(i), y = b.wide(i)
                    let x64 = Int64(truncatingIfNeeded: x), y64 = Int64(truncatingIfNeeded: y)
                    if Int128(x64) == x && Int128(y64) == y {
                        v = Int128(x64) &* Int128(y64)
                    } else {
                        let (p, o) = x.multipliedReportingOverflow(by: y)
                        if o { return false }
                        v = p
                    }
                }
                if rescale { v = roundedDivide(v, d) }
                if v >= high || v <= low { return false }
                out.store(i, v)
            }
            return true
        }
    }

    // MARK: - Exact row-by-row kernel

    /// The unscaled decimal at row `i` of a decimal column, widened to 128 bits.
    @inline(__always)
    static func unscaled(_ c: UnsafeRawPointer, wide: Bool, _ i: Int) -> Int128 {
        wide ? c.load(fromByteOffset: i &* 16, as: Int128.self) : Int128(c.load(fromByteOffset: i &* 8, as: Int64.self))
    }

    /// Every operator, row by row, with every overflow checked: rows that overflow the
    /// result's precision (or divide by zero) are null, or raise the ANSI error when valid.
    static func decimalsExact(
        _ op: ArithmeticOperator, _ l: Operand, _ r: Operand, _ n: Int, precision: Int, scale: Int, ls: Int, rs: Int, ansi: Bool
    ) throws -> Column {
        var validity = BitVector.and(l.validity, r.validity)
        let wideOut = precision > 18
        var values = Buffer(capacity: n * (wideOut ? 16 : 8))
        let raw = values.appendUninitialized(n * (wideOut ? 16 : 8))
        let limit = powersOfTen[precision]
        var failed: [Int] = []
        let lc = l.storage, rc = r.storage
        let lw = lc.type.fixedWidth == 16, rw = rc.type.fixedWidth == 16
        // A constant is read at row 0 for every row.
        let lstep = l.isScalar ? 0 : 1, rstep = r.isScalar ? 0 : 1
        lc.values.withUnsafeBytes { lb in
            rc.values.withUnsafeBytes { rb in
                let lp = lb.baseAddress ?? UnsafeRawPointer(raw), rp = rb.baseAddress ?? UnsafeRawPointer(raw)
                // How each operand is rescaled before the operation.
                let common = max(ls, rs)
                for i in 0..<n {
                    let a = unscaled(lp, wide: lw, i &* lstep), b = unscaled(rp, wide: rw, i &* rstep)
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
            if ansi && anyValid(failed, validity) {
                throw overflow("decimal overflow or division by zero in '\(op.rawValue)' (decimal(\(precision),\(scale)))")
            }
            if validity == nil { validity = BitVector(repeating: true, count: n) }
            for i in failed { validity![i] = false }
        }
        return Column(type: .decimal(precision: precision, scale: scale), count: n, validity: validity, values: values)
    }
}

// MARK: - Operand lanes

/// Reads unscaled decimals of one operand: a column stored as Int64 or Int128, or a constant.
protocol UnscaledLane {
    /// Whether every value is an Int64 (then ``narrow(_:)`` is exact).
    static var isNarrow: Bool { get }
    /// Row `i` as an Int64 (exact only when ``isNarrow``).
    func narrow(_ i: Int) -> Int64
    /// Row `i` widened to Int128.
    func wide(_ i: Int) -> Int128
    /// A bound on the magnitudes of the first `n` rows (at least the largest).
    func maxMagnitude(_ n: Int) -> UInt128
}

struct NarrowColumnLane: UnscaledLane {
    let p: UnsafePointer<Int64>
    static var isNarrow: Bool { true }
    @inline(__always) func narrow(_ i: Int) -> Int64 { p[i] }
    @inline(__always) func wide(_ i: Int) -> Int128 { Int128(p[i]) }
    func maxMagnitude(_ n: Int) -> UInt128 {
        // x ^ (x >> 63) is |x| for x ≥ 0 and |x| - 1 below: OR-ing them bounds every |x| - 1
        // (and vectorizes, unlike a running max).
        var m: UInt64 = 0
        for i in 0..<n { m |= UInt64(bitPattern: p[i] ^ (p[i] >> 63)) }
        return UInt128(m) + 1
    }
}

struct WideColumnLane: UnscaledLane {
    let p: UnsafePointer<Int128>
    static var isNarrow: Bool { false }
    @inline(__always) func narrow(_ i: Int) -> Int64 { Int64(truncatingIfNeeded: p[i]) }
    @inline(__always) func wide(_ i: Int) -> Int128 { p[i] }
    func maxMagnitude(_ n: Int) -> UInt128 {
        var m: UInt128 = 0
        for i in 0..<n { m |= UInt128(bitPattern: p[i] ^ (p[i] >> 127)) }
        return m == UInt128.max ? m : m + 1
    }
}

struct NarrowScalarLane: UnscaledLane {
    let v: Int64
    static var isNarrow: Bool { true }
    @inline(__always) func narrow(_ i: Int) -> Int64 { v }
    @inline(__always) func wide(_ i: Int) -> Int128 { Int128(v) }
    func maxMagnitude(_ n: Int) -> UInt128 { UInt128(v.magnitude) }
}

struct WideScalarLane: UnscaledLane {
    let v: Int128
    static var isNarrow: Bool { false }
    @inline(__always) func narrow(_ i: Int) -> Int64 { Int64(truncatingIfNeeded: v) }
    @inline(__always) func wide(_ i: Int) -> Int128 { v }
    func maxMagnitude(_ n: Int) -> UInt128 { v.magnitude }
}

/// Stores results: as Int64 (precision ≤ 18, values already checked to fit) or Int128.
protocol UnscaledSink {
    /// Whether results are stored as Int64.
    static var isNarrow: Bool { get }
    func store(_ i: Int, _ v: Int128)
    /// Stores a result computed in Int64.
    func store64(_ i: Int, _ v: Int64)
}

struct NarrowSink: UnscaledSink {
    let p: UnsafeMutablePointer<Int64>
    static var isNarrow: Bool { true }
    @inline(__always) func store(_ i: Int, _ v: Int128) { p[i] = Int64(truncatingIfNeeded: v) }
    @inline(__always) func store64(_ i: Int, _ v: Int64) { p[i] = v }
}

struct WideSink: UnscaledSink {
    let p: UnsafeMutablePointer<Int128>
    static var isNarrow: Bool { false }
    @inline(__always) func store(_ i: Int, _ v: Int128) { p[i] = v }
    @inline(__always) func store64(_ i: Int, _ v: Int64) { p[i] = Int128(v) }
}

/// How an operand's unscaled decimals are stored. Column pointers stay valid while the
/// operand's column is alive (the caller keeps it).
enum DecimalLane {
    case narrowColumn(UnsafePointer<Int64>)
    case wideColumn(UnsafePointer<Int128>)
    case narrowScalar(Int64)
    case wideScalar(Int128)

    init(_ operand: Arithmetic.Operand) {
        switch operand {
        case .column(let c):
            if c.type.fixedWidth == 16 {
                self = .wideColumn(c.values.withUnsafeBufferPointer(as: Int128.self) { $0.baseAddress! })
            } else {
                self = .narrowColumn(c.values.withUnsafeBufferPointer(as: Int64.self) { $0.baseAddress! })
            }
        case .scalar(let c):
            // A wide constant that fits in Int64 takes the narrow loops.
            let v = c.type.fixedWidth == 16 ? c.values.load(0, as: Int128.self) : Int128(c.values.load(0, as: Int64.self))
            self = Self.scalar(v)
        }
    }

    static func scalar(_ v: Int128) -> DecimalLane {
        if let narrow = Int64(exactly: v) { return .narrowScalar(narrow) }
        return .wideScalar(v)
    }

    /// A constant multiplied by `factor` (not 1), or nil (a column, or the product overflows).
    func scaled(by factor: Int128) -> DecimalLane? {
        guard factor != 1 else { return nil }
        let v: Int128
        switch self {
        case .narrowScalar(let x): v = Int128(x)
        case .wideScalar(let x): v = x
        default: return nil
        }
        let (p, o) = v.multipliedReportingOverflow(by: factor)
        return o ? nil : Self.scalar(p)
    }
}
