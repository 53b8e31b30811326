import Columnar

extension Value {
    /// Orders two non-null values of one type: negative, zero or positive; nil when they cannot
    /// be compared (different kinds, nested values, NaN).
    public func compare(_ other: Value) -> Int? {
        func cmp<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : a == b ? 0 : 1 }
        switch (self, other) {
        case (.boolean(let a), .boolean(let b)): return cmp(a ? 1 : 0, b ? 1 : 0)
        case (.int(let a), .int(let b)): return cmp(a, b)
        case (.uint(let a), .uint(let b)): return cmp(a, b)
        case (.int(let a), .uint(let b)): return a < 0 ? -1 : cmp(UInt64(a), b)
        case (.uint(let a), .int(let b)): return b < 0 ? 1 : cmp(a, UInt64(b))
        case (.float(let a), .float(let b)): return a.isNaN || b.isNaN ? nil : cmp(a, b)
        case (.double(let a), .double(let b)): return a.isNaN || b.isNaN ? nil : cmp(a, b)
        case (.float(let a), .double(let b)): return a.isNaN || b.isNaN ? nil : cmp(Double(a), b)
        case (.double(let a), .float(let b)): return a.isNaN || b.isNaN ? nil : cmp(a, Double(b))
        case (.int(let a), .double(let b)): return b.isNaN ? nil : cmp(Double(a), b)
        case (.double(let a), .int(let b)): return a.isNaN ? nil : cmp(a, Double(b))
        case (.decimal(let a), .decimal(let b)): return cmp(a, b)
        case (.date(let a), .date(let b)): return cmp(a, b)
        case (.timestamp(let a), .timestamp(let b)): return cmp(a, b)
        case (.string(let a), .string(let b)): return Self.compareBytes(Array(a.utf8), Array(b.utf8))
        case (.binary(let a), .binary(let b)): return Self.compareBytes(a, b)
        default: return nil
        }
    }

    static func compareBytes(_ a: [UInt8], _ b: [UInt8]) -> Int {
        for i in 0..<min(a.count, b.count) where a[i] != b[i] { return a[i] < b[i] ? -1 : 1 }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }
}
