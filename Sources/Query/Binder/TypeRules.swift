import Columnar

/// Spark's typing rules: implicit widening, common types, and arithmetic result types
/// (decimal precision and scale included).
enum TypeRules {
    static func isIntegral(_ t: DataType) -> Bool {
        switch t {
        case .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64: true
        default: false
        }
    }

    static func isNumeric(_ t: DataType) -> Bool {
        switch t {
        case .float32, .float64, .decimal: true
        default: isIntegral(t)
        }
    }

    static func isString(_ t: DataType) -> Bool { t == .string }

    /// The decimal an integer type fits in.
    static func decimalOf(_ t: DataType) -> DataType? {
        switch t {
        case .int8: .decimal(precision: 3, scale: 0)
        case .int16, .uint8: .decimal(precision: 5, scale: 0)
        case .int32, .uint16: .decimal(precision: 10, scale: 0)
        case .int64, .uint32: .decimal(precision: 20, scale: 0)
        case .uint64: .decimal(precision: 20, scale: 0)
        case .decimal: t
        default: nil
        }
    }

    static func integerRank(_ t: DataType) -> Int {
        switch t {
        case .int8: 1
        case .int16, .uint8: 2
        case .int32, .uint16: 3
        case .int64, .uint32: 4
        case .uint64: 5
        default: 0
        }
    }

    static func signedInteger(rank: Int) -> DataType {
        switch rank {
        case 1: .int8
        case 2: .int16
        case 3: .int32
        default: .int64
        }
    }

    /// Spark's bounded decimal: precision capped at 38 by giving up scale (down to 6).
    static func boundedDecimal(_ p: Int, _ s: Int) -> DataType {
        if p <= 38 { return .decimal(precision: max(1, p), scale: s) }
        let intDigits = p - s
        let minScale = min(s, 6)
        let scale = max(38 - intDigits, minScale)
        return .decimal(precision: 38, scale: scale)
    }

    /// The type two values are compared or combined in, or nil when there is none.
    static func common(_ a: DataType, _ b: DataType) -> DataType? {
        if a == b { return a }
        switch (a, b) {
        case (.float64, _) where isNumeric(b), (_, .float64) where isNumeric(a): return .float64
        case (.float32, _) where isNumeric(b), (_, .float32) where isNumeric(a):
            if case .decimal = a { return .float64 }
            if case .decimal = b { return .float64 }
            return integerRank(a) == 5 || integerRank(b) == 5 ? .float64 : .float32
        case (.decimal(let p1, let s1), _) where isNumeric(b), (_, .decimal(let p1, let s1)) where isNumeric(a):
            guard case .decimal(let p2, let s2) = decimalOf(a == .decimal(precision: p1, scale: s1) ? b : a) else { return .float64 }
            let s = max(s1, s2)
            return boundedDecimal(max(p1 - s1, p2 - s2) + s, s)
        case _ where isIntegral(a) && isIntegral(b):
            let r = max(integerRank(a), integerRank(b))
            return r == 5 ? .decimal(precision: 20, scale: 0) : signedInteger(rank: r)
        case (.date, .timestamp), (.timestamp, .date): return .timestamp
        case (.date, .timestampNTZ), (.timestampNTZ, .date): return .timestampNTZ
        case (.timestamp, .timestampNTZ), (.timestampNTZ, .timestamp): return .timestamp
        case (.string, .date), (.date, .string): return .date
        case (.string, .timestamp), (.timestamp, .string): return .timestamp
        case (.string, .timestampNTZ), (.timestampNTZ, .string): return .timestampNTZ
        case (.string, _) where isNumeric(b): return isIntegral(b) ? .int64 : (b == .float32 ? .float64 : b == .float64 ? .float64 : b)
        case (_, .string) where isNumeric(a): return isIntegral(a) ? .int64 : (a == .float32 ? .float64 : a == .float64 ? .float64 : a)
        case (.string, .boolean), (.boolean, .string): return .boolean
        case (.string, .binary), (.binary, .string): return .binary
        default: return nil
        }
    }

    /// The result type of `left op right` (operands already numeric).
    static func arithmetic(_ op: ArithmeticOperator, _ a: DataType, _ b: DataType) -> DataType? {
        guard isNumeric(a), isNumeric(b) else { return nil }
        if a == .float64 || b == .float64 || a == .float32 || b == .float32 { return .float64 }
        if op == .integerDivide { return .int64 }
        if case .decimal = a {} else if case .decimal = b {} else {
            // Integers: `/` is a double division in Spark; the rest keep the wider integer.
            if op == .divide { return .float64 }
            return common(a, b).map { $0 == .int8 || $0 == .int16 ? .int32 : $0 }
        }
        guard case .decimal(let p1, let s1)? = decimalOf(a), case .decimal(let p2, let s2)? = decimalOf(b) else { return nil }
        switch op {
        case .add, .subtract:
            let s = max(s1, s2)
            return boundedDecimal(max(p1 - s1, p2 - s2) + s + 1, s)
        case .multiply:
            return boundedDecimal(p1 + p2 + 1, s1 + s2)
        case .divide:
            let s = max(6, s1 + p2 + 1)
            return boundedDecimal(p1 - s1 + s2 + s, s)
        case .remainder:
            let s = max(s1, s2)
            return boundedDecimal(min(p1 - s1, p2 - s2) + s, s)
        case .integerDivide:
            return .int64
        }
    }
}
