import Columnar

/// Columnar kernels for string functions: loops over a column's bytes and offsets, with no
/// per-value `String`.
extension ScalarFunction {
    /// `length` of a string column in characters (Unicode code points, as Spark counts: every
    /// byte that does not continue a UTF-8 sequence), or of a binary column in bytes.
    static func length(_ c: Column) -> Column {
        let n = c.count
        var values = Buffer(capacity: n * 4)
        let out = values.appendUninitialized(n * 4).assumingMemoryBound(to: Int32.self)
        let bytesOnly = c.type == .binary
        c.offsets.withUnsafeBufferPointer(as: Int32.self) { o in
            c.values.withUnsafeBytes { raw in
                for i in 0..<n {
                    let start = Int(o[i]), end = Int(o[i &+ 1])
                    guard end > start, let base = raw.baseAddress, end <= raw.count, start >= 0 else { out[i] = 0; continue }
                    out[i] = Int32(truncatingIfNeeded: bytesOnly ? end &- start : codePoints(base + start, end &- start))
                }
            }
        }
        return Column(type: .int32, count: n, validity: c.validity, values: values)
    }

    /// The code points in `len` UTF-8 bytes: the bytes less the continuation bytes
    /// (`10xxxxxx`), counted a word at a time.
    @inline(__always)
    static func codePoints(_ p: UnsafeRawPointer, _ len: Int) -> Int {
        var continuations = 0, k = 0
        while k &+ 8 <= len {
            let w = p.loadUnaligned(fromByteOffset: k, as: UInt64.self)
            // Bit 7 set and bit 6 clear in a byte: shifting left by one moves bit 6 onto bit 7.
            continuations &+= (w & ~(w &<< 1) & 0x8080_8080_8080_8080).nonzeroBitCount
            k &+= 8
        }
        while k < len {
            continuations &+= p.load(fromByteOffset: k, as: UInt8.self) & 0xC0 == 0x80 ? 1 : 0
            k &+= 1
        }
        return len &- continuations
    }

    /// `lower`/`upper` of a string column: ASCII strings mapped byte by byte, the others (rare)
    /// through `String`'s Unicode case mapping.
    static func changeCase(_ c: Column, upper: Bool) -> Column {
        let n = c.count
        let (from, to): (UInt8, UInt8) = upper ? (0x61, 0x7A) : (0x41, 0x5A)
        // A column of ASCII bytes from offset 0 (the common case): one pass over all its bytes,
        // the offsets shared.
        let whole: Buffer? = c.offsets.withUnsafeBufferPointer(as: Int32.self) { o in
            c.values.withUnsafeBytes { raw in
                guard n > 0, o.count > n, o[0] == 0, Int(o[n]) <= raw.count, let base = raw.baseAddress else { return nil }
                let count = Int(o[n])
                var high: UInt64 = 0, k = 0
                while k &+ 8 <= count { high |= base.loadUnaligned(fromByteOffset: k, as: UInt64.self); k &+= 8 }
                while k < count { high |= UInt64(base.load(fromByteOffset: k, as: UInt8.self)); k &+= 1 }
                guard high & 0x8080_8080_8080_8080 == 0 else { return nil }
                var out = Buffer(capacity: count)
                let dst = out.appendUninitialized(count).assumingMemoryBound(to: UInt8.self)
                let src = base.assumingMemoryBound(to: UInt8.self)
                for k in 0..<count {
                    let b = src[k]
                    dst[k] = b &- from <= to &- from ? b ^ 0x20 : b
                }
                return out
            }
        }
        if let whole { return Column(type: .string, count: n, validity: c.validity, values: whole, offsets: c.offsets) }
        var values = Buffer(capacity: c.values.count)
        var offsets = Buffer(capacity: (n + 1) * 4)
        offsets.append(Int32(0))
        c.offsets.withUnsafeBufferPointer(as: Int32.self) { o in
            c.values.withUnsafeBytes { raw in
                for i in 0..<n {
                    let start = Int(o[i]), end = Int(o[i &+ 1])
                    if end > start, let base = raw.baseAddress, end <= raw.count, start >= 0 {
                        let s = UnsafeRawBufferPointer(start: base + start, count: end &- start)
                        if s.allSatisfy({ $0 < 0x80 }) {
                            let dst = values.appendUninitialized(s.count).assumingMemoryBound(to: UInt8.self)
                            for k in 0..<s.count {
                                let b = s[k]
                                dst[k] = b >= from && b <= to ? b ^ 0x20 : b
                            }
                        } else {
                            let text = String(decoding: s, as: UTF8.self)
                            values.append(contentsOf: (upper ? text.uppercased() : text.lowercased()).utf8)
                        }
                    }
                    offsets.append(Int32(truncatingIfNeeded: values.count))
                }
            }
        }
        return Column(type: .string, count: n, validity: c.validity, values: values, offsets: offsets)
    }
}

extension ScalarFunction {
    /// `substring(s, pos[, len])` of a string column, positions counted in code points (Spark:
    /// 1-based, 0 acts as 1, a negative position counts from the end; a negative length gives
    /// ""): each row's bytes are sliced where its code points start, without a `String`.
    static func substring(_ s: Column, _ pos: Column, _ len: Column?) -> Column? {
        let n = s.count
        guard let posWidth = integerWidth(pos.type) else { return nil }
        let lenWidth = len.map { integerWidth($0.type) } ?? 8
        guard let lenWidth else { return nil }
        let noLength = Buffer()
        // Written through pointers (a slice is never longer than its string), trimmed after.
        let capacity = s.values.count
        var values = Buffer(capacity: capacity)
        let dst = values.appendUninitialized(capacity)
        var offsets = Buffer(capacity: (n + 1) * 4)
        let outOffsets = offsets.appendUninitialized((n + 1) * 4).assumingMemoryBound(to: Int32.self)
        let valid = UnsafeMutablePointer<UInt8>.allocate(capacity: max(n, 1))
        defer { valid.deallocate() }
        let (written, anyNull) = s.offsets.withUnsafeBufferPointer(as: Int32.self) { o in
            s.values.withUnsafeBytes { raw in
                pos.values.withUnsafeBytes { posBytes in
                    (len?.values ?? noLength).withUnsafeBytes { lenBytes in
                        var written = 0, anyNull = false
                        outOffsets[0] = 0
                        for i in 0..<n {
                            defer { outOffsets[i &+ 1] = Int32(truncatingIfNeeded: written) }
                            valid[i] = 1
                            guard !s.isNull(i), !pos.isNull(i) else { valid[i] = 0; anyNull = true; continue }
                            let p64 = integer(posBytes, posWidth, i)
                            var length = Int.max
                            if let len {
                                guard !len.isNull(i) else { valid[i] = 0; anyNull = true; continue }
                                let l = integer(lenBytes, lenWidth, i)
                                if l < 0 { continue }
                                length = Int(l)
                            }
                            let startByte = Int(o[i]), endByte = Int(o[i &+ 1])
                            guard endByte > startByte, startByte >= 0, endByte <= raw.count, let base = raw.baseAddress else { continue }
                            let bytes = base + startByte, byteCount = endByte &- startByte
                            let chars = codePoints(bytes, byteCount)
                            let p = Int(p64)
                            var start = p > 0 ? p &- 1 : p < 0 ? chars &+ p : 0
                            let (sum, overflow) = start.addingReportingOverflow(length)
                            var end = length == Int.max || overflow ? chars : sum
                            start = Swift.max(0, start)
                            end = Swift.min(chars, Swift.max(start, end))
                            guard start < chars else { continue }
                            let from = chars == byteCount ? start : byteOffset(bytes, byteCount, codePoint: start)
                            let to = chars == byteCount ? end : byteOffset(bytes, byteCount, codePoint: end)
                            (dst + written).copyMemory(from: bytes + from, byteCount: to &- from)
                            written &+= to &- from
                        }
                        return (written, anyNull)
                    }
                }
            }
        }
        values.truncate(to: written)
        let validity = anyNull ? BitVector(bytes: UnsafeBufferPointer(start: valid, count: n)) : nil
        return Column(type: .string, count: n, validity: validity, values: values, offsets: offsets)
    }

    /// The width of a signed integer type's values (nil for other types).
    static func integerWidth(_ t: DataType) -> Int? {
        switch t {
        case .int8: 1
        case .int16: 2
        case .int32: 4
        case .int64: 8
        default: nil
        }
    }

    /// Row `i` of signed integers `width` bytes wide.
    @inline(__always)
    static func integer(_ raw: UnsafeRawBufferPointer, _ width: Int, _ i: Int) -> Int64 {
        switch width {
        case 1: Int64(raw.load(fromByteOffset: i, as: Int8.self))
        case 2: Int64(raw.load(fromByteOffset: i &* 2, as: Int16.self))
        case 4: Int64(raw.load(fromByteOffset: i &* 4, as: Int32.self))
        default: raw.load(fromByteOffset: i &* 8, as: Int64.self)
        }
    }

    /// The byte offset of code point `k` (≤ the code point count) in `len` UTF-8 bytes.
    static func byteOffset(_ p: UnsafeRawPointer, _ len: Int, codePoint k: Int) -> Int {
        var seen = 0, b = 0
        while b < len {
            if p.load(fromByteOffset: b, as: UInt8.self) & 0xC0 != 0x80 {
                if seen == k { return b }
                seen &+= 1
            }
            b &+= 1
        }
        return len
    }
}
