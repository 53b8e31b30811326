#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Columnar

/// LSB-first bit packing, the packing of the RLE/bit-packed hybrid and of DELTA_BINARY_PACKED
/// miniblocks (Encodings.md, "Run Length Encoding / Bit-Packing Hybrid", note 1).
///
/// Value `i` of width `w` occupies bits `i*w ..< (i+1)*w` of the stream, where bit `b` is bit
/// `b % 8` (counting from the least significant) of byte `b / 8`; each value's own bits keep
/// their usual order. `count` values take `ceil(count * w / 8)` bytes.
///
/// Unpacking runs in groups of 32 values (4·w bytes, read as `w` little-endian 32-bit words)
/// through kernels specialized for every width — the width is a constant inside each kernel,
/// so every shift and mask folds. A final partial group is unpacked in place when the input
/// extends a whole group past it, else from a zeroed scratch copy: no read ever leaves the
/// input buffer, however short.
enum BitPacking {
    /// Bytes that `count` values of `bitWidth` bits occupy.
    @inline(__always)
    static func byteCount(values count: Int, bitWidth: Int) -> Int {
        (count &* bitWidth &+ 7) &>> 3
    }

    // MARK: - Unpack to UInt32 (widths 0...32)

    /// Unpacks `count` values of `bitWidth` (0...32) bits from the start of `input` into `out`.
    ///
    /// Needs `byteCount(values: count, bitWidth: bitWidth)` bytes in `input` (checked by a
    /// precondition: the callers validate lengths against the page) and reads only inside
    /// `input`: a final partial group is unpacked in place when `input` extends a whole group
    /// past it, else from a zeroed scratch copy.
    static func unpack(_ input: UnsafeRawBufferPointer, count: Int, bitWidth w: Int, into out: UnsafeMutablePointer<UInt32>) {
        precondition(w >= 0 && w <= 32 && count >= 0 && count <= Int.max >> 7, "BitPacking.unpack: bit width \(w) or count \(count) out of range")
        guard count > 0 else { return }
        if w == 0 {
            out.initialize(repeating: 0, count: count)
            return
        }
        precondition(input.count >= byteCount(values: count, bitWidth: w), "BitPacking.unpack: input too short")
        let p = input.baseAddress!
        let groups = count &>> 5
        if groups > 0 { unpackGroups32(p, out, groups, w) }
        let rest = count & 31
        guard rest > 0 else { return }
        let tail = p + groups &* 4 &* w
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { scratch in
            let s = scratch.baseAddress!
            if input.count &- groups &* 4 &* w >= 4 &* w {
                // The input holds a whole group past the values: unpack it in place.
                unpackGroups32(tail, s + 32, 1, w)
            } else {
                (s).initialize(repeating: 0, count: 32)
                memcpy(s, tail, byteCount(values: rest, bitWidth: w))
                unpackGroups32(UnsafeRawPointer(s), s + 32, 1, w)
            }
            (out + groups &* 32).update(from: s + 32, count: rest)
        }
    }

    /// Unpacks `groups` groups of 32 values of width `w` (1...32), reading 4·w bytes each.
    static func unpackGroups32(_ p: UnsafeRawPointer, _ o: UnsafeMutablePointer<UInt32>, _ groups: Int, _ w: Int) {
        switch w {
        case 1: unpackRun32(p, o, groups, Width1.self)
        case 2: unpackRun32(p, o, groups, Width2.self)
        case 3: unpackRun32(p, o, groups, Width3.self)
        case 4: unpackRun32(p, o, groups, Width4.self)
        case 5: unpackRun32(p, o, groups, Width5.self)
        case 6: unpackRun32(p, o, groups, Width6.self)
        case 7: unpackRun32(p, o, groups, Width7.self)
        case 8: unpackRun32(p, o, groups, Width8.self)
        case 9: unpackRun32(p, o, groups, Width9.self)
        case 10: unpackRun32(p, o, groups, Width10.self)
        case 11: unpackRun32(p, o, groups, Width11.self)
        case 12: unpackRun32(p, o, groups, Width12.self)
        case 13: unpackRun32(p, o, groups, Width13.self)
        case 14: unpackRun32(p, o, groups, Width14.self)
        case 15: unpackRun32(p, o, groups, Width15.self)
        case 16: unpackRun32(p, o, groups, Width16.self)
        case 17: unpackRun32(p, o, groups, Width17.self)
        case 18: unpackRun32(p, o, groups, Width18.self)
        case 19: unpackRun32(p, o, groups, Width19.self)
        case 20: unpackRun32(p, o, groups, Width20.self)
        case 21: unpackRun32(p, o, groups, Width21.self)
        case 22: unpackRun32(p, o, groups, Width22.self)
        case 23: unpackRun32(p, o, groups, Width23.self)
        case 24: unpackRun32(p, o, groups, Width24.self)
        case 25: unpackRun32(p, o, groups, Width25.self)
        case 26: unpackRun32(p, o, groups, Width26.self)
        case 27: unpackRun32(p, o, groups, Width27.self)
        case 28: unpackRun32(p, o, groups, Width28.self)
        case 29: unpackRun32(p, o, groups, Width29.self)
        case 30: unpackRun32(p, o, groups, Width30.self)
        case 31: unpackRun32(p, o, groups, Width31.self)
        case 32: unpackRun32(p, o, groups, Width32.self)
        default: preconditionFailure("BitPacking: bit width \(w) out of range")
        }
    }

    /// The kernel loop for one width; generic over the width so each width gets its own
    /// specialization with the width a constant (inlining 32 copies into one switch would pass
    /// the optimizer's caller size limit).
    static func unpackRun32<W: BitPackingWidth>(_ p: UnsafeRawPointer, _ o: UnsafeMutablePointer<UInt32>, _ groups: Int, _: W.Type) {
        let w = W.value
        var p = p, o = o
        for _ in 0..<groups {
            kernel32(p, o, w)
            p += 4 &* w
            o += 32
        }
    }

    @inline(__always)
    static func word(_ p: UnsafeRawPointer, _ k: Int) -> UInt32 {
        UInt32(littleEndian: p.loadUnaligned(fromByteOffset: k &<< 2, as: UInt32.self))
    }

    /// Value `i` of a group: from word `bit / 32`, plus the next word when it straddles.
    @inline(__always)
    static func value32(_ p: UnsafeRawPointer, _ o: UnsafeMutablePointer<UInt32>, _ i: Int, _ w: Int, _ mask: UInt32) {
        let bit = i &* w, k = bit &>> 5, s = bit & 31
        var x = word(p, k) &>> UInt32(truncatingIfNeeded: s)
        if 32 &- s < w { x |= word(p, k &+ 1) &<< UInt32(truncatingIfNeeded: 32 &- s) }
        o[i] = x & mask
    }

    /// 32 values of width `w`; inlined with a constant `w`, every index and shift folds.
    @inline(__always)
    static func kernel32(_ p: UnsafeRawPointer, _ o: UnsafeMutablePointer<UInt32>, _ w: Int) {
        let mask: UInt32 = w == 32 ? .max : (1 &<< UInt32(truncatingIfNeeded: w)) &- 1
        value32(p, o, 0, w, mask); value32(p, o, 1, w, mask); value32(p, o, 2, w, mask); value32(p, o, 3, w, mask); value32(p, o, 4, w, mask); value32(p, o, 5, w, mask); value32(p, o, 6, w, mask); value32(p, o, 7, w, mask)
        value32(p, o, 8, w, mask); value32(p, o, 9, w, mask); value32(p, o, 10, w, mask); value32(p, o, 11, w, mask); value32(p, o, 12, w, mask); value32(p, o, 13, w, mask); value32(p, o, 14, w, mask); value32(p, o, 15, w, mask)
        value32(p, o, 16, w, mask); value32(p, o, 17, w, mask); value32(p, o, 18, w, mask); value32(p, o, 19, w, mask); value32(p, o, 20, w, mask); value32(p, o, 21, w, mask); value32(p, o, 22, w, mask); value32(p, o, 23, w, mask)
        value32(p, o, 24, w, mask); value32(p, o, 25, w, mask); value32(p, o, 26, w, mask); value32(p, o, 27, w, mask); value32(p, o, 28, w, mask); value32(p, o, 29, w, mask); value32(p, o, 30, w, mask); value32(p, o, 31, w, mask)
    }

    // MARK: - Unpack to UInt64 (widths 0...64)

    /// Unpacks `count` values of `bitWidth` (0...64) bits from the start of `input` into `out`.
    ///
    /// Needs `byteCount(values: count, bitWidth: bitWidth)` bytes in `input` and reads only
    /// inside `input`, as the 32-bit variant.
    static func unpack(_ input: UnsafeRawBufferPointer, count: Int, bitWidth w: Int, into out: UnsafeMutablePointer<UInt64>) {
        precondition(w >= 0 && w <= 64 && count >= 0 && count <= Int.max >> 7, "BitPacking.unpack: bit width \(w) or count \(count) out of range")
        guard count > 0 else { return }
        if w == 0 {
            out.initialize(repeating: 0, count: count)
            return
        }
        precondition(input.count >= byteCount(values: count, bitWidth: w), "BitPacking.unpack: input too short")
        let p = input.baseAddress!
        let groups = count &>> 5
        if groups > 0 { unpackGroups64(p, out, groups, w) }
        let rest = count & 31
        guard rest > 0 else { return }
        let tail = p + groups &* 4 &* w
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 64) { scratch in
            let s = scratch.baseAddress!
            if input.count &- groups &* 4 &* w >= 4 &* w {
                // The input holds a whole group past the values: unpack it in place.
                unpackGroups64(tail, s + 32, 1, w)
            } else {
                s.initialize(repeating: 0, count: 32)
                memcpy(s, tail, byteCount(values: rest, bitWidth: w))
                unpackGroups64(UnsafeRawPointer(s), s + 32, 1, w)
            }
            (out + groups &* 32).update(from: s + 32, count: rest)
        }
    }

    /// Unpacks `groups` groups of 32 values of width `w` (1...64), reading 4·w bytes each.
    static func unpackGroups64(_ p: UnsafeRawPointer, _ o: UnsafeMutablePointer<UInt64>, _ groups: Int, _ w: Int) {
        switch w {
        case 1: unpackRun64(p, o, groups, Width1.self)
        case 2: unpackRun64(p, o, groups, Width2.self)
        case 3: unpackRun64(p, o, groups, Width3.self)
        case 4: unpackRun64(p, o, groups, Width4.self)
        case 5: unpackRun64(p, o, groups, Width5.self)
        case 6: unpackRun64(p, o, groups, Width6.self)
        case 7: unpackRun64(p, o, groups, Width7.self)
        case 8: unpackRun64(p, o, groups, Width8.self)
        case 9: unpackRun64(p, o, groups, Width9.self)
        case 10: unpackRun64(p, o, groups, Width10.self)
        case 11: unpackRun64(p, o, groups, Width11.self)
        case 12: unpackRun64(p, o, groups, Width12.self)
        case 13: unpackRun64(p, o, groups, Width13.self)
        case 14: unpackRun64(p, o, groups, Width14.self)
        case 15: unpackRun64(p, o, groups, Width15.self)
        case 16: unpackRun64(p, o, groups, Width16.self)
        case 17: unpackRun64(p, o, groups, Width17.self)
        case 18: unpackRun64(p, o, groups, Width18.self)
        case 19: unpackRun64(p, o, groups, Width19.self)
        case 20: unpackRun64(p, o, groups, Width20.self)
        case 21: unpackRun64(p, o, groups, Width21.self)
        case 22: unpackRun64(p, o, groups, Width22.self)
        case 23: unpackRun64(p, o, groups, Width23.self)
        case 24: unpackRun64(p, o, groups, Width24.self)
        case 25: unpackRun64(p, o, groups, Width25.self)
        case 26: unpackRun64(p, o, groups, Width26.self)
        case 27: unpackRun64(p, o, groups, Width27.self)
        case 28: unpackRun64(p, o, groups, Width28.self)
        case 29: unpackRun64(p, o, groups, Width29.self)
        case 30: unpackRun64(p, o, groups, Width30.self)
        case 31: unpackRun64(p, o, groups, Width31.self)
        case 32: unpackRun64(p, o, groups, Width32.self)
        case 33: unpackRun64(p, o, groups, Width33.self)
        case 34: unpackRun64(p, o, groups, Width34.self)
        case 35: unpackRun64(p, o, groups, Width35.self)
        case 36: unpackRun64(p, o, groups, Width36.self)
        case 37: unpackRun64(p, o, groups, Width37.self)
        case 38: unpackRun64(p, o, groups, Width38.self)
        case 39: unpackRun64(p, o, groups, Width39.self)
        case 40: unpackRun64(p, o, groups, Width40.self)
        case 41: unpackRun64(p, o, groups, Width41.self)
        case 42: unpackRun64(p, o, groups, Width42.self)
        case 43: unpackRun64(p, o, groups, Width43.self)
        case 44: unpackRun64(p, o, groups, Width44.self)
        case 45: unpackRun64(p, o, groups, Width45.self)
        case 46: unpackRun64(p, o, groups, Width46.self)
        case 47: unpackRun64(p, o, groups, Width47.self)
        case 48: unpackRun64(p, o, groups, Width48.self)
        case 49: unpackRun64(p, o, groups, Width49.self)
        case 50: unpackRun64(p, o, groups, Width50.self)
        case 51: unpackRun64(p, o, groups, Width51.self)
        case 52: unpackRun64(p, o, groups, Width52.self)
        case 53: unpackRun64(p, o, groups, Width53.self)
        case 54: unpackRun64(p, o, groups, Width54.self)
        case 55: unpackRun64(p, o, groups, Width55.self)
        case 56: unpackRun64(p, o, groups, Width56.self)
        case 57: unpackRun64(p, o, groups, Width57.self)
        case 58: unpackRun64(p, o, groups, Width58.self)
        case 59: unpackRun64(p, o, groups, Width59.self)
        case 60: unpackRun64(p, o, groups, Width60.self)
        case 61: unpackRun64(p, o, groups, Width61.self)
        case 62: unpackRun64(p, o, groups, Width62.self)
        case 63: unpackRun64(p, o, groups, Width63.self)
        case 64: unpackRun64(p, o, groups, Width64.self)
        default: preconditionFailure("BitPacking: bit width \(w) out of range")
        }
    }

    static func unpackRun64<W: BitPackingWidth>(_ p: UnsafeRawPointer, _ o: UnsafeMutablePointer<UInt64>, _ groups: Int, _: W.Type) {
        let w = W.value
        var p = p, o = o
        for _ in 0..<groups {
            kernel64(p, o, w)
            p += 4 &* w
            o += 32
        }
    }

    /// Value `i` of a group: up to three 32-bit words.
    @inline(__always)
    static func value64(_ p: UnsafeRawPointer, _ o: UnsafeMutablePointer<UInt64>, _ i: Int, _ w: Int, _ mask: UInt64) {
        let bit = i &* w, k = bit &>> 5, s = bit & 31
        var x = UInt64(word(p, k)) &>> UInt64(truncatingIfNeeded: s)
        if 32 &- s < w { x |= UInt64(word(p, k &+ 1)) &<< UInt64(truncatingIfNeeded: 32 &- s) }
        if 64 &- s < w { x |= UInt64(word(p, k &+ 2)) &<< UInt64(truncatingIfNeeded: 64 &- s) }
        o[i] = x & mask
    }

    @inline(__always)
    static func kernel64(_ p: UnsafeRawPointer, _ o: UnsafeMutablePointer<UInt64>, _ w: Int) {
        let mask: UInt64 = w == 64 ? .max : (1 &<< UInt64(truncatingIfNeeded: w)) &- 1
        value64(p, o, 0, w, mask); value64(p, o, 1, w, mask); value64(p, o, 2, w, mask); value64(p, o, 3, w, mask); value64(p, o, 4, w, mask); value64(p, o, 5, w, mask); value64(p, o, 6, w, mask); value64(p, o, 7, w, mask)
        value64(p, o, 8, w, mask); value64(p, o, 9, w, mask); value64(p, o, 10, w, mask); value64(p, o, 11, w, mask); value64(p, o, 12, w, mask); value64(p, o, 13, w, mask); value64(p, o, 14, w, mask); value64(p, o, 15, w, mask)
        value64(p, o, 16, w, mask); value64(p, o, 17, w, mask); value64(p, o, 18, w, mask); value64(p, o, 19, w, mask); value64(p, o, 20, w, mask); value64(p, o, 21, w, mask); value64(p, o, 22, w, mask); value64(p, o, 23, w, mask)
        value64(p, o, 24, w, mask); value64(p, o, 25, w, mask); value64(p, o, 26, w, mask); value64(p, o, 27, w, mask); value64(p, o, 28, w, mask); value64(p, o, 29, w, mask); value64(p, o, 30, w, mask); value64(p, o, 31, w, mask)
    }

    // MARK: - Unpack to UInt8 (widths 0...8, levels and booleans)

    /// Unpacks `count` values of `bitWidth` (0...8) bits from the start of `input` into one
    /// byte each.
    ///
    /// Needs `byteCount(values: count, bitWidth: bitWidth)` bytes in `input`; reads only
    /// inside `input` (groups of 8 values are read with one 8-byte load while 8 bytes remain,
    /// the rest through a scratch copy).
    static func unpack(_ input: UnsafeRawBufferPointer, count: Int, bitWidth w: Int, into out: UnsafeMutablePointer<UInt8>) {
        precondition(w >= 0 && w <= 8 && count >= 0 && count <= Int.max >> 7, "BitPacking.unpack: bit width \(w) or count \(count) out of range")
        guard count > 0 else { return }
        if w == 0 {
            out.initialize(repeating: 0, count: count)
            return
        }
        precondition(input.count >= byteCount(values: count, bitWidth: w), "BitPacking.unpack: input too short")
        let p = input.baseAddress!
        if w == 8 {
            memcpy(out, p, count)
            return
        }
        let groups = count &>> 3
        let fast = input.count >= 8 ? Swift.min(groups, (input.count &- 8) / w &+ 1) : 0
        if fast > 0 { unpackGroups8(p, out, fast, w) }
        var done = fast &* 8
        while done < count {
            let n = Swift.min(8, count &- done)
            var word: UInt64 = 0
            memcpy(&word, p + (done &>> 3) &* w, byteCount(values: n, bitWidth: w))
            var bytes: UInt64 = 0
            withUnsafeBytes(of: &word) { unpackGroups8($0.baseAddress!, &bytes, 1, w) }
            withUnsafeBytes(of: &bytes) { (out + done).update(from: $0.bindMemory(to: UInt8.self).baseAddress!, count: n) }
            done &+= n
        }
    }

    /// Unpacks `groups` groups of 8 values of width `w` (1...7) with an 8-byte load each;
    /// 8 bytes must be readable at every group's start.
    static func unpackGroups8(_ p: UnsafeRawPointer, _ o: UnsafeMutableRawPointer, _ groups: Int, _ w: Int) {
        switch w {
        case 1:
            spreadBits.withUnsafeBufferPointer { table in
                let t = table.baseAddress!
                for g in 0..<groups {
                    o.storeBytes(of: t[Int(p.load(fromByteOffset: g, as: UInt8.self))], toByteOffset: g &<< 3, as: UInt64.self)
                }
            }
        case 2: unpackRun8(p, o, groups, Width2.self)
        case 3: unpackRun8(p, o, groups, Width3.self)
        case 4: unpackRun8(p, o, groups, Width4.self)
        case 5: unpackRun8(p, o, groups, Width5.self)
        case 6: unpackRun8(p, o, groups, Width6.self)
        case 7: unpackRun8(p, o, groups, Width7.self)
        case 8: unpackRun8(p, o, groups, Width8.self)
        default: preconditionFailure("BitPacking: bit width \(w) out of range")
        }
    }

    /// For each byte, the 8 bytes holding its bits (LSB first), one 0/1 per byte.
    static let spreadBits: [UInt64] = (0..<256).map { b in
        var r: UInt64 = 0
        for i in 0..<8 where b & (1 << i) != 0 { r |= 1 << (8 * i) }
        return UInt64(littleEndian: r)
    }

    static func unpackRun8<W: BitPackingWidth>(_ p: UnsafeRawPointer, _ o: UnsafeMutableRawPointer, _ groups: Int, _: W.Type) {
        let w = W.value
        let m = (UInt64(1) &<< UInt64(truncatingIfNeeded: w)) &- 1
        var p = p, o = o
        for _ in 0..<groups {
            let x = UInt64(littleEndian: p.loadUnaligned(as: UInt64.self))
            var r = x & m
            r |= ((x &>> UInt64(truncatingIfNeeded: w)) & m) &<< 8
            r |= ((x &>> UInt64(truncatingIfNeeded: 2 &* w)) & m) &<< 16
            r |= ((x &>> UInt64(truncatingIfNeeded: 3 &* w)) & m) &<< 24
            r |= ((x &>> UInt64(truncatingIfNeeded: 4 &* w)) & m) &<< 32
            r |= ((x &>> UInt64(truncatingIfNeeded: 5 &* w)) & m) &<< 40
            r |= ((x &>> UInt64(truncatingIfNeeded: 6 &* w)) & m) &<< 48
            r |= ((x &>> UInt64(truncatingIfNeeded: 7 &* w)) & m) &<< 56
            o.storeBytes(of: r.littleEndian, as: UInt64.self)
            p += w
            o += 8
        }
    }

    // MARK: - Pack

    /// Packs `count` values into `bitWidth` (0...32) bits each, writing exactly
    /// `byteCount(values: count, bitWidth: bitWidth)` bytes at `out`. Bits of a value above
    /// `bitWidth` are dropped.
    static func pack(_ values: UnsafePointer<UInt32>, count: Int, bitWidth w: Int, into out: UnsafeMutableRawPointer) {
        precondition(w >= 0 && w <= 32 && count >= 0 && count <= Int.max >> 7, "BitPacking.pack: bit width \(w) or count \(count) out of range")
        guard w > 0, count > 0 else { return }
        let mask: UInt64 = (1 &<< UInt64(truncatingIfNeeded: w)) &- 1
        var acc: UInt64 = 0
        var bits = 0
        var o = out
        for i in 0..<count {
            acc |= (UInt64(values[i]) & mask) &<< UInt64(truncatingIfNeeded: bits)
            bits &+= w
            if bits >= 32 {
                o.storeBytes(of: UInt32(truncatingIfNeeded: acc).littleEndian, as: UInt32.self)
                o += 4
                acc &>>= 32
                bits &-= 32
            }
        }
        flush(acc, bits, o)
    }

    /// Packs `count` values into `bitWidth` (0...64) bits each, writing exactly
    /// `byteCount(values: count, bitWidth: bitWidth)` bytes at `out`.
    static func pack(_ values: UnsafePointer<UInt64>, count: Int, bitWidth w: Int, into out: UnsafeMutableRawPointer) {
        precondition(w >= 0 && w <= 64 && count >= 0 && count <= Int.max >> 7, "BitPacking.pack: bit width \(w) or count \(count) out of range")
        guard w > 0, count > 0 else { return }
        let low = Swift.min(w, 32), high = w &- low
        let lowMask: UInt64 = (1 &<< UInt64(truncatingIfNeeded: low)) &- 1
        let highMask: UInt64 = (1 &<< UInt64(truncatingIfNeeded: high)) &- 1
        var acc: UInt64 = 0
        var bits = 0
        var o = out
        @inline(__always) func push(_ x: UInt64, _ n: Int) {
            acc |= x &<< UInt64(truncatingIfNeeded: bits)
            bits &+= n
            if bits >= 32 {
                o.storeBytes(of: UInt32(truncatingIfNeeded: acc).littleEndian, as: UInt32.self)
                o += 4
                acc &>>= 32
                bits &-= 32
            }
        }
        for i in 0..<count {
            let v = values[i]
            push(v & lowMask, low)
            if high > 0 { push((v &>> 32) & highMask, high) }
        }
        flush(acc, bits, o)
    }

    /// Writes the `bits` (< 32) pending bits of `acc` as whole bytes.
    @inline(__always)
    static func flush(_ acc: UInt64, _ bits: Int, _ out: UnsafeMutableRawPointer) {
        var acc = acc
        for j in 0..<((bits &+ 7) &>> 3) {
            out.storeBytes(of: UInt8(truncatingIfNeeded: acc), toByteOffset: j, as: UInt8.self)
            acc &>>= 8
        }
    }

    /// Appends `count` values packed into `bitWidth` (0...32) bits each to `buffer`.
    static func pack(_ values: UnsafePointer<UInt32>, count: Int, bitWidth: Int, appendingTo buffer: inout Buffer) {
        let n = byteCount(values: count, bitWidth: bitWidth)
        guard n > 0 else { return }
        pack(values, count: count, bitWidth: bitWidth, into: buffer.appendUninitialized(n))
    }

    /// Appends `count` values packed into `bitWidth` (0...64) bits each to `buffer`.
    static func pack(_ values: UnsafePointer<UInt64>, count: Int, bitWidth: Int, appendingTo buffer: inout Buffer) {
        let n = byteCount(values: count, bitWidth: bitWidth)
        guard n > 0 else { return }
        pack(values, count: count, bitWidth: bitWidth, into: buffer.appendUninitialized(n))
    }
}

/// A bit width known at compile time, so a generic kernel specializes per width.
protocol BitPackingWidth {
    /// The width in bits.
    static var value: Int { get }
}

/// Bit width 1 as a type.
enum Width1: BitPackingWidth { @inline(__always) static var value: Int { 1 } }
/// Bit width 2 as a type.
enum Width2: BitPackingWidth { @inline(__always) static var value: Int { 2 } }
/// Bit width 3 as a type.
enum Width3: BitPackingWidth { @inline(__always) static var value: Int { 3 } }
/// Bit width 4 as a type.
enum Width4: BitPackingWidth { @inline(__always) static var value: Int { 4 } }
/// Bit width 5 as a type.
enum Width5: BitPackingWidth { @inline(__always) static var value: Int { 5 } }
/// Bit width 6 as a type.
enum Width6: BitPackingWidth { @inline(__always) static var value: Int { 6 } }
/// Bit width 7 as a type.
enum Width7: BitPackingWidth { @inline(__always) static var value: Int { 7 } }
/// Bit width 8 as a type.
enum Width8: BitPackingWidth { @inline(__always) static var value: Int { 8 } }
/// Bit width 9 as a type.
enum Width9: BitPackingWidth { @inline(__always) static var value: Int { 9 } }
/// Bit width 10 as a type.
enum Width10: BitPackingWidth { @inline(__always) static var value: Int { 10 } }
/// Bit width 11 as a type.
enum Width11: BitPackingWidth { @inline(__always) static var value: Int { 11 } }
/// Bit width 12 as a type.
enum Width12: BitPackingWidth { @inline(__always) static var value: Int { 12 } }
/// Bit width 13 as a type.
enum Width13: BitPackingWidth { @inline(__always) static var value: Int { 13 } }
/// Bit width 14 as a type.
enum Width14: BitPackingWidth { @inline(__always) static var value: Int { 14 } }
/// Bit width 15 as a type.
enum Width15: BitPackingWidth { @inline(__always) static var value: Int { 15 } }
/// Bit width 16 as a type.
enum Width16: BitPackingWidth { @inline(__always) static var value: Int { 16 } }
/// Bit width 17 as a type.
enum Width17: BitPackingWidth { @inline(__always) static var value: Int { 17 } }
/// Bit width 18 as a type.
enum Width18: BitPackingWidth { @inline(__always) static var value: Int { 18 } }
/// Bit width 19 as a type.
enum Width19: BitPackingWidth { @inline(__always) static var value: Int { 19 } }
/// Bit width 20 as a type.
enum Width20: BitPackingWidth { @inline(__always) static var value: Int { 20 } }
/// Bit width 21 as a type.
enum Width21: BitPackingWidth { @inline(__always) static var value: Int { 21 } }
/// Bit width 22 as a type.
enum Width22: BitPackingWidth { @inline(__always) static var value: Int { 22 } }
/// Bit width 23 as a type.
enum Width23: BitPackingWidth { @inline(__always) static var value: Int { 23 } }
/// Bit width 24 as a type.
enum Width24: BitPackingWidth { @inline(__always) static var value: Int { 24 } }
/// Bit width 25 as a type.
enum Width25: BitPackingWidth { @inline(__always) static var value: Int { 25 } }
/// Bit width 26 as a type.
enum Width26: BitPackingWidth { @inline(__always) static var value: Int { 26 } }
/// Bit width 27 as a type.
enum Width27: BitPackingWidth { @inline(__always) static var value: Int { 27 } }
/// Bit width 28 as a type.
enum Width28: BitPackingWidth { @inline(__always) static var value: Int { 28 } }
/// Bit width 29 as a type.
enum Width29: BitPackingWidth { @inline(__always) static var value: Int { 29 } }
/// Bit width 30 as a type.
enum Width30: BitPackingWidth { @inline(__always) static var value: Int { 30 } }
/// Bit width 31 as a type.
enum Width31: BitPackingWidth { @inline(__always) static var value: Int { 31 } }
/// Bit width 32 as a type.
enum Width32: BitPackingWidth { @inline(__always) static var value: Int { 32 } }
/// Bit width 33 as a type.
enum Width33: BitPackingWidth { @inline(__always) static var value: Int { 33 } }
/// Bit width 34 as a type.
enum Width34: BitPackingWidth { @inline(__always) static var value: Int { 34 } }
/// Bit width 35 as a type.
enum Width35: BitPackingWidth { @inline(__always) static var value: Int { 35 } }
/// Bit width 36 as a type.
enum Width36: BitPackingWidth { @inline(__always) static var value: Int { 36 } }
/// Bit width 37 as a type.
enum Width37: BitPackingWidth { @inline(__always) static var value: Int { 37 } }
/// Bit width 38 as a type.
enum Width38: BitPackingWidth { @inline(__always) static var value: Int { 38 } }
/// Bit width 39 as a type.
enum Width39: BitPackingWidth { @inline(__always) static var value: Int { 39 } }
/// Bit width 40 as a type.
enum Width40: BitPackingWidth { @inline(__always) static var value: Int { 40 } }
/// Bit width 41 as a type.
enum Width41: BitPackingWidth { @inline(__always) static var value: Int { 41 } }
/// Bit width 42 as a type.
enum Width42: BitPackingWidth { @inline(__always) static var value: Int { 42 } }
/// Bit width 43 as a type.
enum Width43: BitPackingWidth { @inline(__always) static var value: Int { 43 } }
/// Bit width 44 as a type.
enum Width44: BitPackingWidth { @inline(__always) static var value: Int { 44 } }
/// Bit width 45 as a type.
enum Width45: BitPackingWidth { @inline(__always) static var value: Int { 45 } }
/// Bit width 46 as a type.
enum Width46: BitPackingWidth { @inline(__always) static var value: Int { 46 } }
/// Bit width 47 as a type.
enum Width47: BitPackingWidth { @inline(__always) static var value: Int { 47 } }
/// Bit width 48 as a type.
enum Width48: BitPackingWidth { @inline(__always) static var value: Int { 48 } }
/// Bit width 49 as a type.
enum Width49: BitPackingWidth { @inline(__always) static var value: Int { 49 } }
/// Bit width 50 as a type.
enum Width50: BitPackingWidth { @inline(__always) static var value: Int { 50 } }
/// Bit width 51 as a type.
enum Width51: BitPackingWidth { @inline(__always) static var value: Int { 51 } }
/// Bit width 52 as a type.
enum Width52: BitPackingWidth { @inline(__always) static var value: Int { 52 } }
/// Bit width 53 as a type.
enum Width53: BitPackingWidth { @inline(__always) static var value: Int { 53 } }
/// Bit width 54 as a type.
enum Width54: BitPackingWidth { @inline(__always) static var value: Int { 54 } }
/// Bit width 55 as a type.
enum Width55: BitPackingWidth { @inline(__always) static var value: Int { 55 } }
/// Bit width 56 as a type.
enum Width56: BitPackingWidth { @inline(__always) static var value: Int { 56 } }
/// Bit width 57 as a type.
enum Width57: BitPackingWidth { @inline(__always) static var value: Int { 57 } }
/// Bit width 58 as a type.
enum Width58: BitPackingWidth { @inline(__always) static var value: Int { 58 } }
/// Bit width 59 as a type.
enum Width59: BitPackingWidth { @inline(__always) static var value: Int { 59 } }
/// Bit width 60 as a type.
enum Width60: BitPackingWidth { @inline(__always) static var value: Int { 60 } }
/// Bit width 61 as a type.
enum Width61: BitPackingWidth { @inline(__always) static var value: Int { 61 } }
/// Bit width 62 as a type.
enum Width62: BitPackingWidth { @inline(__always) static var value: Int { 62 } }
/// Bit width 63 as a type.
enum Width63: BitPackingWidth { @inline(__always) static var value: Int { 63 } }
/// Bit width 64 as a type.
enum Width64: BitPackingWidth { @inline(__always) static var value: Int { 64 } }
