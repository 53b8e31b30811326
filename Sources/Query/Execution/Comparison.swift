#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Columnar

/// Comparison kernels: column against constant (the common case, no constant column is
/// built) and column against column, producing boolean columns; `IN` lists.
enum Comparison {
    /// The storage class of a type, for dispatch.
    enum Kind {
        case u8, i8, i16, i32, i64, u16, u32, u64, f32, f64, i128, bytes, other
    }

    static func kind(_ t: DataType) -> Kind {
        switch t {
        case .boolean, .uint8: .u8
        case .int8: .i8
        case .int16: .i16
        case .int32, .date: .i32
        case .int64, .timestamp, .timestampNTZ: .i64
        case .uint16: .u16
        case .uint32: .u32
        case .uint64: .u64
        case .float32: .f32
        case .float64: .f64
        case .decimal(let p, _): p <= 18 ? .i64 : .i128
        case .string, .binary, .fixedSizeBinary: .bytes
        default: .other
        }
    }

    /// The stored form of a constant of `type` (decimals as their unscaled integer).
    static func scalar<T: BinaryInteger>(_ v: Value, _: T.Type) -> T? {
        switch v {
        case .int(let i): T(exactly: i)
        case .uint(let u): T(exactly: u)
        case .decimal(let d): T(exactly: d)
        case .date(let d): T(exactly: d)
        case .timestamp(let t): T(exactly: t)
        case .boolean(let b): T(b ? 1 : 0)
        default: nil
        }
    }

    static func boolColumn(_ n: Int, validity: BitVector?, _ fill: (UnsafeMutablePointer<UInt8>) -> Void) -> Column {
        var values = Buffer(capacity: n)
        fill(values.appendUninitialized(n).assumingMemoryBound(to: UInt8.self))
        return Column(type: .boolean, count: n, validity: validity, values: values)
    }

    @inline(__always)
    static func test(_ op: ComparisonOperator, _ c: Int) -> Bool {
        switch op {
        case .equal, .nullSafeEqual: c == 0
        case .notEqual: c != 0
        case .less: c < 0
        case .lessOrEqual: c <= 0
        case .greater: c > 0
        case .greaterOrEqual: c >= 0
        }
    }

    /// A typed loop comparing every value with a constant.
    @inline(__always)
    static func compareScalar<T: Comparable & BitwiseCopyable>(_ op: ComparisonOperator, _ column: Column, _ s: T) -> Column {
        let n = column.count
        return boolColumn(n, validity: column.validity) { out in
            column.values.withUnsafeBufferPointer(as: T.self) { v in
                switch op {
                case .equal, .nullSafeEqual: for i in 0..<n { out[i] = v[i] == s ? 1 : 0 }
                case .notEqual: for i in 0..<n { out[i] = v[i] != s ? 1 : 0 }
                case .less: for i in 0..<n { out[i] = v[i] < s ? 1 : 0 }
                case .lessOrEqual: for i in 0..<n { out[i] = v[i] <= s ? 1 : 0 }
                case .greater: for i in 0..<n { out[i] = v[i] > s ? 1 : 0 }
                case .greaterOrEqual: for i in 0..<n { out[i] = v[i] >= s ? 1 : 0 }
                }
            }
        }
    }

    @inline(__always)
    static func compareColumns<T: Comparable & BitwiseCopyable>(_ op: ComparisonOperator, _ l: Column, _ r: Column, _: T.Type) -> Column {
        let n = l.count
        return boolColumn(n, validity: BitVector.and(l.validity, r.validity)) { out in
            l.values.withUnsafeBufferPointer(as: T.self) { a in
                r.values.withUnsafeBufferPointer(as: T.self) { b in
                    switch op {
                    case .equal, .nullSafeEqual: for i in 0..<n { out[i] = a[i] == b[i] ? 1 : 0 }
                    case .notEqual: for i in 0..<n { out[i] = a[i] != b[i] ? 1 : 0 }
                    case .less: for i in 0..<n { out[i] = a[i] < b[i] ? 1 : 0 }
                    case .lessOrEqual: for i in 0..<n { out[i] = a[i] <= b[i] ? 1 : 0 }
                    case .greater: for i in 0..<n { out[i] = a[i] > b[i] ? 1 : 0 }
                    case .greaterOrEqual: for i in 0..<n { out[i] = a[i] >= b[i] ? 1 : 0 }
                    }
                }
            }
        }
    }

    /// `column op constant`.
    static func compare(_ op: ComparisonOperator, _ column: Column, scalar v: Value) -> Column {
        let n = column.count
        if v.isNull {
            if op == .nullSafeEqual { return Logic.isNull(column, negated: false) }
            return .nulls(.boolean, count: n)
        }
        var result: Column
        switch (kind(column.type), v) {
        case (.u8, _): result = compareScalar(op, column, scalar(v, UInt8.self) ?? 0)
        case (.i8, _): result = compareScalar(op, column, scalar(v, Int8.self) ?? 0)
        case (.i16, _): result = compareScalar(op, column, scalar(v, Int16.self) ?? 0)
        case (.i32, _): result = compareScalar(op, column, scalar(v, Int32.self) ?? 0)
        case (.i64, _): result = compareScalar(op, column, scalar(v, Int64.self) ?? 0)
        case (.u16, _): result = compareScalar(op, column, scalar(v, UInt16.self) ?? 0)
        case (.u32, _): result = compareScalar(op, column, scalar(v, UInt32.self) ?? 0)
        case (.u64, _): result = compareScalar(op, column, scalar(v, UInt64.self) ?? 0)
        case (.i128, _): result = compareScalar(op, column, scalar(v, Int128.self) ?? 0)
        case (.f32, .float(let f)): result = compareScalar(op, column, f)
        case (.f32, .double(let d)): result = compareScalar(op, column, Float(d))
        case (.f64, .double(let d)): result = compareScalar(op, column, d)
        case (.f64, .float(let f)): result = compareScalar(op, column, Double(f))
        case (.bytes, _):
            let bytes: [UInt8]
            switch v {
            case .string(let s): bytes = Array(s.utf8)
            case .binary(let b): bytes = b
            default: bytes = Array(v.text(as: column.type).utf8)
            }
            result = compareBytes(op, column, bytes)
        default:
            result = fallback(op, column, .repeating(v, column.type, count: n))
        }
        if op == .nullSafeEqual { result.validity = nil; zeroNulls(&result, column.validity) }
        return result
    }

    /// Clears the values of rows that were null (so a never-null `<=>` reads false there).
    static func zeroNulls(_ result: inout Column, _ validity: BitVector?) {
        guard let validity else { return }
        result.values.withUnsafeMutableBufferPointer(as: UInt8.self) { out in
            for i in 0..<out.count where !validity[i] { out[i] = 0 }
        }
    }

    static func compareBytes(_ op: ComparisonOperator, _ column: Column, _ s: [UInt8]) -> Column {
        let n = column.count
        return boolColumn(n, validity: column.validity) { out in
            column.offsets.withUnsafeBufferPointer(as: Int32.self) { offs in
                column.values.withUnsafeBytes { bytes in
                    s.withUnsafeBytes { sb in
                        let base = bytes.baseAddress
                        for i in 0..<n {
                            let start = Int(offs[i]), len = Int(offs[i + 1]) - start
                            let c: Int
                            if (op == .equal || op == .notEqual || op == .nullSafeEqual) && len != sb.count {
                                c = 1
                            } else {
                                let m = min(len, sb.count)
                                let d = m == 0 ? 0 : Int(memcmp(base! + start, sb.baseAddress!, m))
                                c = d != 0 ? d : len - sb.count
                            }
                            out[i] = test(op, c) ? 1 : 0
                        }
                    }
                }
            }
        }
    }

    /// `left op right` for two columns of one type.
    static func compare(_ op: ComparisonOperator, _ l: Column, _ r: Column) -> Column {
        var result: Column
        switch kind(l.type) {
        case .u8: result = compareColumns(op, l, r, UInt8.self)
        case .i8: result = compareColumns(op, l, r, Int8.self)
        case .i16: result = compareColumns(op, l, r, Int16.self)
        case .i32: result = compareColumns(op, l, r, Int32.self)
        case .i64: result = compareColumns(op, l, r, Int64.self)
        case .u16: result = compareColumns(op, l, r, UInt16.self)
        case .u32: result = compareColumns(op, l, r, UInt32.self)
        case .u64: result = compareColumns(op, l, r, UInt64.self)
        case .i128: result = compareColumns(op, l, r, Int128.self)
        case .f32: result = compareColumns(op, l, r, Float.self)
        case .f64: result = compareColumns(op, l, r, Double.self)
        case .bytes, .other: result = fallback(op, l, r)
        }
        if op == .nullSafeEqual {
            // NULL <=> NULL is true; NULL <=> x is false.
            let n = l.count
            var values = [UInt8](repeating: 0, count: n)
            result.values.withUnsafeBufferPointer(as: UInt8.self) { v in
                for i in 0..<n {
                    let ln = l.isNull(i), rn = r.isNull(i)
                    values[i] = ln || rn ? (ln && rn ? 1 : 0) : v[i]
                }
            }
            result = values.withUnsafeBufferPointer { src in boolColumn(n, validity: nil) { out in out.update(from: src.baseAddress!, count: n) } }
        }
        return result
    }

    /// Row-by-row comparison of boxed values (strings, nested, mixed).
    static func fallback(_ op: ComparisonOperator, _ l: Column, _ r: Column) -> Column {
        let n = l.count
        var validity = BitVector(capacity: n)
        let col = boolColumn(n, validity: nil) { out in
            for i in 0..<n {
                let a = l.value(at: i), b = r.value(at: i)
                if let c = ValueOrder.compare(a, b) {
                    out[i] = test(op, c) ? 1 : 0
                    validity.append(true)
                } else {
                    out[i] = 0
                    validity.append(false)
                }
            }
        }
        var result = col
        result.validity = validity.allSet ? nil : validity
        return result
    }

    /// `column [NOT] IN (constants)`: true when equal to one, null when not and a constant (or
    /// the value) is null, false otherwise.
    static func inList(_ column: Column, _ list: [Value], negated: Bool) -> Column {
        let n = column.count
        let hasNull = list.contains { $0.isNull }
        let constants = list.filter { !$0.isNull }
        var matched = Column.repeating(.boolean(false), .boolean, count: n)
        for c in constants {
            matched = Logic.orValues(matched, compare(.equal, column, scalar: c))
        }
        // NOT IN / IN with a null among the constants: unmatched rows are null.
        var validity = column.validity
        if hasNull {
            var v = BitVector(capacity: n)
            matched.values.withUnsafeBufferPointer(as: UInt8.self) { m in
                for i in 0..<n { v.append(m[i] != 0 && !column.isNull(i)) }
            }
            validity = v
        }
        matched.validity = validity
        return negated ? Logic.not(matched) : matched
    }
}

/// Total order of boxed values of one type (nil when either is null or they do not compare).
enum ValueOrder {
    static func compare(_ a: Value, _ b: Value) -> Int? {
        switch (a, b) {
        case (.null, _), (_, .null): return nil
        case (.int(let x), .int(let y)): return x < y ? -1 : x == y ? 0 : 1
        case (.uint(let x), .uint(let y)): return x < y ? -1 : x == y ? 0 : 1
        case (.double(let x), .double(let y)): return x < y ? -1 : x == y ? 0 : (x.isNaN ? (y.isNaN ? 0 : 1) : (y.isNaN ? -1 : 1))
        case (.float(let x), .float(let y)): return x < y ? -1 : x == y ? 0 : (x.isNaN ? (y.isNaN ? 0 : 1) : (y.isNaN ? -1 : 1))
        case (.decimal(let x), .decimal(let y)): return x < y ? -1 : x == y ? 0 : 1
        case (.date(let x), .date(let y)): return x < y ? -1 : x == y ? 0 : 1
        case (.timestamp(let x), .timestamp(let y)): return x < y ? -1 : x == y ? 0 : 1
        case (.boolean(let x), .boolean(let y)): return x == y ? 0 : (x ? 1 : -1)
        case (.string(let x), .string(let y)):
            return x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : (x == y ? 0 : 1)
        case (.binary(let x), .binary(let y)): return x.lexicographicallyPrecedes(y) ? -1 : (x == y ? 0 : 1)
        case (.list(let x), .list(let y)):
            for (p, q) in zip(x, y) {
                if let c = compare(p, q), c != 0 { return c }
            }
            return x.count < y.count ? -1 : x.count == y.count ? 0 : 1
        case (.struct(let x), .struct(let y)):
            for (p, q) in zip(x, y) {
                if let c = compare(p, q), c != 0 { return c }
            }
            return 0
        default: return a == b ? 0 : nil
        }
    }
}
