import Columnar

/// Three-valued boolean kernels over boolean columns (values 0/1 plus validity).
enum Logic {
    /// AND: false wins over null, null over true.
    static func and(_ a: Column, _ b: Column) -> Column {
        let n = a.count
        var validity: BitVector?
        var values = Buffer(capacity: n)
        let out = values.appendUninitialized(n).assumingMemoryBound(to: UInt8.self)
        a.values.withUnsafeBufferPointer(as: UInt8.self) { x in
            b.values.withUnsafeBufferPointer(as: UInt8.self) { y in
                for i in 0..<n { out[i] = x[i] & y[i] }
                if a.validity != nil || b.validity != nil {
                    var v = BitVector(capacity: n)
                    for i in 0..<n {
                        let an = a.isNull(i), bn = b.isNull(i)
                        // Known false on either side decides; otherwise null if either is null.
                        let falseA = !an && x[i] == 0, falseB = !bn && y[i] == 0
                        if falseA || falseB { out[i] = 0; v.append(true) } else { v.append(!(an || bn)) }
                    }
                    validity = v.allSet ? nil : v
                }
            }
        }
        return Column(type: .boolean, count: n, validity: validity, values: values)
    }

    /// OR: true wins over null, null over false.
    static func or(_ a: Column, _ b: Column) -> Column {
        let n = a.count
        var validity: BitVector?
        var values = Buffer(capacity: n)
        let out = values.appendUninitialized(n).assumingMemoryBound(to: UInt8.self)
        a.values.withUnsafeBufferPointer(as: UInt8.self) { x in
            b.values.withUnsafeBufferPointer(as: UInt8.self) { y in
                for i in 0..<n { out[i] = x[i] | y[i] }
                if a.validity != nil || b.validity != nil {
                    var v = BitVector(capacity: n)
                    for i in 0..<n {
                        let an = a.isNull(i), bn = b.isNull(i)
                        let trueA = !an && x[i] != 0, trueB = !bn && y[i] != 0
                        if trueA || trueB { out[i] = 1; v.append(true) } else { out[i] = 0; v.append(!(an || bn)) }
                    }
                    validity = v.allSet ? nil : v
                }
            }
        }
        return Column(type: .boolean, count: n, validity: validity, values: values)
    }

    /// OR of the values ignoring validity (both operands known non-null where it matters).
    static func orValues(_ a: Column, _ b: Column) -> Column {
        let n = a.count
        var values = Buffer(capacity: n)
        let out = values.appendUninitialized(n).assumingMemoryBound(to: UInt8.self)
        a.values.withUnsafeBufferPointer(as: UInt8.self) { x in
            b.values.withUnsafeBufferPointer(as: UInt8.self) { y in
                for i in 0..<n { out[i] = x[i] | (b.isNull(i) ? 0 : y[i]) }
            }
        }
        return Column(type: .boolean, count: n, validity: nil, values: values)
    }

    /// NOT: null stays null.
    static func not(_ a: Column) -> Column {
        let n = a.count
        var values = Buffer(capacity: n)
        let out = values.appendUninitialized(n).assumingMemoryBound(to: UInt8.self)
        a.values.withUnsafeBufferPointer(as: UInt8.self) { x in
            for i in 0..<n { out[i] = x[i] ^ 1 }
        }
        return Column(type: .boolean, count: n, validity: a.validity, values: values)
    }

    /// IS NULL (or IS NOT NULL when `negated`): never null.
    static func isNull(_ a: Column, negated: Bool) -> Column {
        let n = a.count
        var values = Buffer(capacity: n)
        let out = values.appendUninitialized(n).assumingMemoryBound(to: UInt8.self)
        if let v = a.validity {
            for i in 0..<n { out[i] = (v[i] == negated) ? 1 : 0 }
        } else {
            out.initialize(repeating: negated ? 1 : 0, count: n)
        }
        return Column(type: .boolean, count: n, validity: nil, values: values)
    }
}
