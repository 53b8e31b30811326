import Columnar

/// Turns dictionary indices back into values (the read side of PLAIN_DICTIONARY /
/// RLE_DICTIONARY pages).
///
/// Every index of a batch is checked against the dictionary size once, up front (the largest
/// index of the batch is compared with the entry count), so the gather loops run unchecked.
enum DictionaryGather {
    /// Writes `dictionary[indices[i]]` to `out[i]` for every index.
    ///
    /// Throws `corruptPage` when an index is not below `dictionary.count`; `out` is then
    /// untouched.
    static func gather<T: BitwiseCopyable>(dictionary: UnsafeBufferPointer<T>, indices: UnsafeBufferPointer<UInt32>, into out: UnsafeMutablePointer<T>) throws {
        guard let idx = indices.baseAddress, indices.count > 0 else { return }
        try check(indices, dictionary.count)
        let d = UnsafeRawPointer(dictionary.baseAddress!)
        let o = UnsafeMutableRawPointer(out)
        let n = indices.count
        switch MemoryLayout<T>.stride {
        case 8: gather(d.assumingMemoryBound(to: UInt64.self), idx, o.assumingMemoryBound(to: UInt64.self), n)
        case 4: gather(d.assumingMemoryBound(to: UInt32.self), idx, o.assumingMemoryBound(to: UInt32.self), n)
        case 2: gather(d.assumingMemoryBound(to: UInt16.self), idx, o.assumingMemoryBound(to: UInt16.self), n)
        case 1: gather(d.assumingMemoryBound(to: UInt8.self), idx, o.assumingMemoryBound(to: UInt8.self), n)
        default: gather(dictionary.baseAddress!, idx, out, n)
        }
    }

    @inline(__always)
    static func gather<T>(_ d: UnsafePointer<T>, _ idx: UnsafePointer<UInt32>, _ out: UnsafeMutablePointer<T>, _ n: Int) {
        for i in 0..<n { out[i] = d[Int(idx[i])] }
    }

    /// Appends the byte-array entries `indices` names to `values` / `offsets` (bytes appended to
    /// `values`, one `Int32` end offset per value to `offsets`, as the byte-array decoders do).
    ///
    /// The dictionary is `dictionaryOffsets.count - 1` entries in the Arrow layout, entry `k`
    /// being `dictionaryValues[dictionaryOffsets[k] ..< dictionaryOffsets[k + 1]]`, well formed
    /// (as ``PlainDecoder`` produces it). Throws `corruptPage` for an index past the dictionary,
    /// `unsupported` when the output passes `Int32` offsets; the buffers are then untouched.
    static func gatherByteArrays(
        dictionaryValues: UnsafeRawBufferPointer, dictionaryOffsets: UnsafeBufferPointer<Int32>,
        indices: UnsafeBufferPointer<UInt32>, values: inout Buffer, offsets: inout Buffer
    ) throws {
        guard let idx = indices.baseAddress, indices.count > 0 else { return }
        let entries = dictionaryOffsets.count - 1
        try check(indices, entries)
        let offs = dictionaryOffsets.baseAddress!
        precondition(offs[0] >= 0 && Int(offs[entries]) <= dictionaryValues.count, "DictionaryGather: dictionary offsets outside its values")
        let n = indices.count
        var total = 0
        for i in 0..<n {
            let k = Int(idx[i])
            total &+= Int(offs[k &+ 1] &- offs[k])
        }
        let base = values.count
        guard base &+ total <= Int(Int32.max) else { throw PlainDecoder.offsetOverflow(base &+ total) }
        // 16 bytes of slack let short entries be copied as two 8-byte words.
        let dst = values.appendUninitialized(total &+ 16)
        let outOffsets = offsets.appendUninitialized(4 &* n).assumingMemoryBound(to: Int32.self)
        defer { values.truncate(to: base &+ total) }
        guard let src = dictionaryValues.baseAddress else {
            // An all-empty dictionary.
            outOffsets.initialize(repeating: Int32(truncatingIfNeeded: base), count: n)
            return
        }
        let srcEnd = dictionaryValues.count
        var written = 0
        for i in 0..<n {
            let k = Int(idx[i])
            let start = Int(offs[k]), length = Int(offs[k &+ 1]) &- start
            if length <= 16 && srcEnd &- start >= 16 {
                PlainDecoder.copy16(dst + written, src + start)
            } else {
                PlainDecoder.copySmall(dst + written, src + start, length)
            }
            written &+= length
            outOffsets[i] = Int32(truncatingIfNeeded: base &+ written)
        }
    }

    /// ``gatherByteArrays(dictionaryValues:dictionaryOffsets:indices:values:offsets:)`` with the
    /// dictionary in buffers (`dictionaryOffsets` holding entries + 1 `Int32` offsets).
    static func gatherByteArrays(dictionaryValues: Buffer, dictionaryOffsets: Buffer, indices: UnsafeBufferPointer<UInt32>, values: inout Buffer, offsets: inout Buffer) throws {
        try dictionaryValues.withUnsafeBytes { v in
            try dictionaryOffsets.withUnsafeBufferPointer(as: Int32.self) { o in
                guard o.count > 0 else {
                    if indices.isEmpty { return }
                    throw ParquetError(.corruptPage, "dictionary index into an empty dictionary")
                }
                try gatherByteArrays(dictionaryValues: v, dictionaryOffsets: o, indices: indices, values: &values, offsets: &offsets)
            }
        }
    }

    /// Throws unless every index is below `entries`.
    @inline(__always)
    static func check(_ indices: UnsafeBufferPointer<UInt32>, _ entries: Int) throws {
        var largest: UInt32 = 0
        for i in indices { largest = Swift.max(largest, i) }
        guard Int(largest) < entries else { throw outOfRange(largest, entries) }
    }

    @inline(never)
    static func outOfRange(_ index: UInt32, _ entries: Int) -> ParquetError {
        ParquetError(.corruptPage, "dictionary index \(index) is past the dictionary's \(entries) entries")
    }
}
