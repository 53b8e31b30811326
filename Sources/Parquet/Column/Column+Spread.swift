import Columnar

extension Column {
    /// Spreads this column's dense rows over `mask.count` rows: row `i` takes the next dense
    /// row where `mask[i] != 0` and is null otherwise. The caller guarantees that the mask has
    /// exactly `count` non-zero bytes and that this column has no validity of its own.
    func spread(mask: UnsafeBufferPointer<UInt8>) -> Column {
        let n = mask.count
        if n == count { return self }  // no nulls
        var validity = BitVector(capacity: n)
        validity.append(nonZero: mask)
        switch type {
        case .string, .binary, .fixedSizeBinary:
            var newOffsets = Buffer(capacity: (n + 1) * 4)
            _ = newOffsets.appendUninitialized((n + 1) * 4)
            offsets.withUnsafeBufferPointer(as: Int32.self) { old in
                newOffsets.withUnsafeMutableBufferPointer(as: Int32.self) { new in
                    new[0] = old[0]
                    var k = 0
                    for i in 0..<n {
                        if mask[i] != 0 { k &+= 1 }
                        new[i &+ 1] = old[k]
                    }
                }
            }
            return Column(type: type, count: n, validity: validity, values: values, offsets: newOffsets)
        case .struct, .list, .map:
            preconditionFailure("spread applies to leaf columns only")
        default:
            let width = type.fixedWidth!
            var out = Buffer(capacity: n * width)
            let raw = out.appendUninitialized(n * width)
            switch width {
            case 1: spreadFixed(UInt8.self, into: raw, mask: mask)
            case 2: spreadFixed(UInt16.self, into: raw, mask: mask)
            case 4: spreadFixed(UInt32.self, into: raw, mask: mask)
            case 8: spreadFixed(UInt64.self, into: raw, mask: mask)
            default: spreadFixed(UInt128.self, into: raw, mask: mask)
            }
            return Column(type: type, count: n, validity: validity, values: out)
        }
    }

    private func spreadFixed<T: FixedWidthInteger & BitwiseCopyable>(_: T.Type, into raw: UnsafeMutableRawPointer, mask: UnsafeBufferPointer<UInt8>) {
        let dst = raw.assumingMemoryBound(to: T.self)
        values.withUnsafeBufferPointer(as: T.self) { src in
            var j = 0
            for i in 0..<mask.count {
                if mask[i] != 0 {
                    dst[i] = src[j]
                    j &+= 1
                } else {
                    dst[i] = 0
                }
            }
        }
    }
}
