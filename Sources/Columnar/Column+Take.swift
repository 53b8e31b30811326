/// Copying subsets of rows: contiguous ranges (`slice`) and arbitrary index lists (`gather`).
extension Column {
    /// The rows in `range`, copied into a new column (nested children included).
    public func slice(_ range: Range<Int>) -> Column {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "slice \(range) out of 0..<\(count)")
        if range.lowerBound == 0 && range.upperBound == count { return self }
        let n = range.count
        let validity = self.validity.map { $0.slice(range) }.flatMap { $0.allSet ? nil : $0 }
        switch type {
        case .string, .binary, .fixedSizeBinary:
            let start = offset(range.lowerBound), end = offset(range.upperBound)
            let bytes = values.withUnsafeBytes { Buffer(bytes: UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
            return Column(type: type, count: n, validity: validity, values: bytes, offsets: rebasedOffsets(range))
        case .list, .map:
            let start = offset(range.lowerBound), end = offset(range.upperBound)
            return Column(
                type: type, count: n, validity: validity, values: Buffer(), offsets: rebasedOffsets(range),
                children: children.map { $0.slice(start..<end) })
        case .struct:
            return Column(type: type, count: n, validity: validity, values: Buffer(), children: children.map { $0.slice(range) })
        default:
            let width = type.fixedWidth!
            let bytes = values.withUnsafeBytes {
                Buffer(bytes: UnsafeRawBufferPointer(rebasing: $0[(range.lowerBound * width)..<(range.upperBound * width)]))
            }
            return Column(type: type, count: n, validity: validity, values: bytes)
        }
    }

    /// Offsets `range.lowerBound...range.upperBound`, shifted to start at 0.
    private func rebasedOffsets(_ range: Range<Int>) -> Buffer {
        var out = Buffer(capacity: (range.count + 1) * 4)
        let base = offsets.load(range.lowerBound, as: Int32.self)
        offsets.withUnsafeBufferPointer(as: Int32.self) { src in
            let dst = out.appendUninitialized((range.count + 1) * 4).assumingMemoryBound(to: Int32.self)
            for i in 0...range.count { dst[i] = src[range.lowerBound + i] &- base }
        }
        return out
    }

    /// The rows at `indices`, in that order, copied into a new column.
    public func gather(_ indices: [Int32]) -> Column {
        indices.withUnsafeBufferPointer { gather($0) }
    }

    /// The rows at `indices`, in that order, copied into a new column.
    public func gather(_ indices: UnsafeBufferPointer<Int32>) -> Column {
        let n = indices.count
        var validity: BitVector?
        if let v = self.validity {
            // Gather the bits as bytes (words read once each), then pack them.
            let flags = v.words.withUnsafeBufferPointer(as: UInt64.self) { words in
                [UInt8](unsafeUninitializedCapacity: n) { out, initialized in
                    for (k, i) in indices.enumerated() {
                        let r = Int(i)
                        out[k] = UInt8(truncatingIfNeeded: (words[r >> 6] >> UInt64(r & 63)) & 1)
                    }
                    initialized = n
                }
            }
            var out = BitVector(capacity: n)
            flags.withUnsafeBufferPointer { out.append(nonZero: $0) }
            validity = out.allSet ? nil : out
        }
        switch type {
        case .string, .binary, .fixedSizeBinary:
            // Sizes first, then one copy per value into buffers allocated once.
            var newOffsets = Buffer(capacity: (n + 1) * 4)
            let dstOffsets = newOffsets.appendUninitialized((n + 1) * 4).assumingMemoryBound(to: Int32.self)
            var total = 0
            offsets.withUnsafeBufferPointer(as: Int32.self) { offs in
                dstOffsets[0] = 0
                for (k, i) in indices.enumerated() {
                    total &+= Int(offs[Int(i) + 1] &- offs[Int(i)])
                    dstOffsets[k + 1] = Int32(truncatingIfNeeded: total)
                }
            }
            var newValues = Buffer(capacity: total)
            if total > 0 {
                let dst = newValues.appendUninitialized(total)
                values.withUnsafeBytes { bytes in
                    offsets.withUnsafeBufferPointer(as: Int32.self) { offs in
                        guard let base = bytes.baseAddress else { return }
                        var position = 0
                        for i in indices {
                            let start = Int(offs[Int(i)]), length = Int(offs[Int(i) + 1]) &- start
                            if length > 0 { (dst + position).copyMemory(from: base + start, byteCount: length) }
                            position &+= length
                        }
                    }
                }
            }
            return Column(type: type, count: n, validity: validity, values: newValues, offsets: newOffsets)
        case .list, .map:
            var newOffsets = Buffer(capacity: (n + 1) * 4)
            newOffsets.append(Int32(0))
            var childIndices: [Int32] = []
            for i in indices {
                let s = offset(Int(i)), e = offset(Int(i) + 1)
                for c in s..<e { childIndices.append(Int32(c)) }
                newOffsets.append(Int32(childIndices.count))
            }
            return Column(
                type: type, count: n, validity: validity, values: Buffer(), offsets: newOffsets,
                children: children.map { $0.gather(childIndices) })
        case .struct:
            return Column(type: type, count: n, validity: validity, values: Buffer(), children: children.map { $0.gather(indices) })
        default:
            let width = type.fixedWidth!
            var out = Buffer(capacity: n * width)
            let raw = out.appendUninitialized(n * width)
            switch width {
            case 1: gatherFixed(UInt8.self, indices, raw)
            case 2: gatherFixed(UInt16.self, indices, raw)
            case 4: gatherFixed(UInt32.self, indices, raw)
            case 8: gatherFixed(UInt64.self, indices, raw)
            default: gatherFixed(UInt128.self, indices, raw)
            }
            return Column(type: type, count: n, validity: validity, values: out)
        }
    }

    private func gatherFixed<T: BitwiseCopyable>(_: T.Type, _ indices: UnsafeBufferPointer<Int32>, _ raw: UnsafeMutableRawPointer) {
        let dst = raw.assumingMemoryBound(to: T.self)
        values.withUnsafeBufferPointer(as: T.self) { src in
            for (k, i) in indices.enumerated() { dst[k] = src[Int(i)] }
        }
    }

    /// Concatenates columns of the same type.
    public static func concatenate(_ columns: [Column]) -> Column {
        guard let first = columns.first else { preconditionFailure("concatenate needs at least one column") }
        if columns.count == 1 { return first }
        let total = columns.reduce(0) { $0 + $1.count }
        var validity: BitVector?
        if columns.contains(where: { $0.validity != nil }) {
            var v = BitVector(capacity: total)
            for c in columns {
                if let cv = c.validity { v.append(contentsOf: cv) } else { v.append(repeating: true, count: c.count) }
            }
            validity = v
        }
        switch first.type {
        case .string, .binary, .fixedSizeBinary, .list, .map:
            var newOffsets = Buffer(capacity: (total + 1) * 4)
            newOffsets.append(Int32(0))
            var base: Int32 = 0
            var newValues = Buffer()
            for c in columns {
                c.offsets.withUnsafeBufferPointer(as: Int32.self) { offs in
                    for i in 1..<offs.count { newOffsets.append(base &+ offs[i]) }
                }
                base &+= c.offsets.load(c.count, as: Int32.self)
                if first.type.isByteArray { c.values.withUnsafeBytes { newValues.append(bytes: $0) } }
            }
            let children = first.type.isByteArray ? [] : first.children.indices.map { k in concatenate(columns.map { $0.children[k] }) }
            return Column(type: first.type, count: total, validity: validity, values: newValues, offsets: newOffsets, children: children)
        case .struct:
            let children = first.children.indices.map { k in concatenate(columns.map { $0.children[k] }) }
            return Column(type: first.type, count: total, validity: validity, values: Buffer(), children: children)
        default:
            var newValues = Buffer(capacity: total * first.type.fixedWidth!)
            for c in columns { c.values.withUnsafeBytes { newValues.append(bytes: $0) } }
            return Column(type: first.type, count: total, validity: validity, values: newValues)
        }
    }
}

extension Column {
    /// Appends the rows of `other`, a leaf column of the same storage layout (fixed width or
    /// byte array) without nulls.
    public mutating func append(contentsOf other: Column) {
        precondition(other.validity == nil && validity == nil, "append(contentsOf:) takes null-free leaf columns")
        if type.fixedWidth != nil {
            other.values.withUnsafeBytes { values.append(bytes: $0) }
        } else {
            let base = Int32(values.count)
            other.values.withUnsafeBytes { values.append(bytes: $0) }
            other.offsets.withUnsafeBufferPointer(as: Int32.self) { src in
                let dst = offsets.appendUninitialized(other.count * 4).assumingMemoryBound(to: Int32.self)
                for i in 0..<other.count { dst[i] = base &+ src[i + 1] }
            }
        }
        count += other.count
    }
}
