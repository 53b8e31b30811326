extension RoaringBitmapArray {
    /// Magic number of the portable format (the one Delta writes): little-endian 1681511377.
    static let portableMagic: UInt32 = 1681511377
    /// Magic number of Delta Spark's "native" format: little-endian 1681511376.
    static let nativeMagic: UInt32 = 1681511376
    /// First cookie of a 32-bit bitmap without run containers.
    static let serialCookieNoRunContainer: UInt32 = 12346
    /// Low 16 bits of the first cookie of a 32-bit bitmap with run containers.
    static let serialCookie: UInt32 = 12347
    /// Fewest containers for which a bitmap with run containers stores an offset header.
    static let noOffsetThreshold = 4

    /// Reads a serialized deletion vector: a 4-byte little-endian magic number, then the bitmap.
    ///
    /// These are the bytes an inline descriptor Z85-encodes and an on-disk one frames with its
    /// size and checksum (`sizeInBytes` of them). Accepted formats, by magic number:
    /// - 1681511377: the 64-bit portable Roaring format (what Delta writes): an 8-byte bucket
    ///   count, then per bucket in ascending order a 4-byte key (the high 32 bits, most
    ///   significant bit clear) and a standard 32-bit portable Roaring bitmap;
    /// - 1681511376: Delta Spark's native format (a 4-byte bitmap count, then per bitmap a
    ///   4-byte size and a 32-bit portable Roaring bitmap, keyed by position); also accepted
    ///   with a big-endian magic, count and sizes, as in the protocol's inline example.
    ///
    /// Every count and size is checked against the bytes remaining before anything is
    /// allocated; keys must ascend, array values must ascend, runs must be sorted, disjoint and
    /// within 16 bits, a bitmap container's population and a run container's total must match
    /// its declared cardinality, stored container offsets must be where the containers are, and
    /// no bytes may follow the bitmap. Throws ``DeltaError/Code/corruptLog`` naming the first
    /// violation.
    public init(serialized bytes: UnsafeRawBufferPointer) throws {
        var reader = DeletionVectorByteReader(bytes)
        let magic = try reader.uint32LE("the deletion vector magic number")
        switch magic {
        case Self.portableMagic:
            try readPortable(&reader)
        case Self.nativeMagic:
            try readNative(&reader, bigEndian: false)
        case Self.nativeMagic.byteSwapped:
            try readNative(&reader, bigEndian: true)
        default:
            throw DeltaError(.corruptLog, "deletion vector magic number is \(magic), expected \(Self.portableMagic) (portable) or \(Self.nativeMagic) (native)")
        }
        guard reader.remaining == 0 else {
            throw DeltaError(.corruptLog, "deletion vector has \(reader.remaining) unexpected bytes after its bitmap (at offset \(reader.position))")
        }
    }

    /// Reads a serialized deletion vector (magic number first) from an array of bytes.
    public init(serialized bytes: [UInt8]) throws {
        self = try bytes.withUnsafeBytes { try RoaringBitmapArray(serialized: $0) }
    }

    /// Reads the 64-bit portable format after the magic number.
    private mutating func readPortable(_ reader: inout DeletionVectorByteReader) throws {
        let bucketCount = try reader.uint64LE("the bucket count")
        // The smallest bucket is a 4-byte key and an empty 8-byte bitmap.
        guard bucketCount <= UInt64(reader.remaining / 12) else {
            throw DeltaError(.corruptLog, "deletion vector declares \(bucketCount) buckets but only \(reader.remaining) bytes follow (at least 12 per bucket)")
        }
        var previous: Int64 = -1
        for bucket in 0..<Int(bucketCount) {
            let high = try reader.uint32LE("the key of bucket \(bucket)")
            guard high & 0x8000_0000 == 0 else {
                throw DeltaError(.corruptLog, "deletion vector bucket \(bucket) has key \(high), whose most significant bit must be 0")
            }
            guard Int64(high) > previous else {
                throw DeltaError(.corruptLog, "deletion vector bucket \(bucket) has key \(high), not above the previous key \(previous)")
            }
            previous = Int64(high)
            try readBitmap32(&reader, high: high, bucket: bucket)
        }
    }

    /// Reads Delta Spark's native format after the magic number.
    private mutating func readNative(_ reader: inout DeletionVectorByteReader, bigEndian: Bool) throws {
        let rawCount = bigEndian ? try reader.uint32BE("the bitmap count") : try reader.uint32LE("the bitmap count")
        // The smallest entry is a 4-byte size and an empty 8-byte bitmap.
        guard rawCount <= UInt32(Int32.max), Int(rawCount) <= reader.remaining / 12 else {
            throw DeltaError(.corruptLog, "deletion vector declares \(Int32(bitPattern: rawCount)) bitmaps but only \(reader.remaining) bytes follow (at least 12 per bitmap)")
        }
        for bucket in 0..<Int(rawCount) {
            let rawSize = bigEndian ? try reader.uint32BE("the size of bitmap \(bucket)") : try reader.uint32LE("the size of bitmap \(bucket)")
            guard rawSize <= UInt32(Int32.max) else {
                throw DeltaError(.corruptLog, "deletion vector bitmap \(bucket) has negative size \(Int32(bitPattern: rawSize))")
            }
            let size = Int(rawSize)
            let at = try reader.skip(size, "bitmap \(bucket)")
            var inner = DeletionVectorByteReader(UnsafeRawBufferPointer(rebasing: reader.bytes[at..<(at + size)]))
            try readBitmap32(&inner, high: UInt32(bucket), bucket: bucket)
            guard inner.remaining == 0 else {
                throw DeltaError(.corruptLog, "deletion vector bitmap \(bucket) declares \(size) bytes but its bitmap ends after \(inner.position)")
            }
        }
    }

    /// Reads one standard 32-bit portable Roaring bitmap holding the rows whose high 32 bits are
    /// `high`, appending its containers.
    private mutating func readBitmap32(_ reader: inout DeletionVectorByteReader, high: UInt32, bucket: Int) throws {
        func context() -> String { "deletion vector bucket \(bucket) (key \(high))" }
        let begin = reader.position
        let cookie = try reader.uint32LE("\(context()): the cookie")
        let count: Int
        let hasOffsets: Bool
        var runFlagsAt = -1
        if cookie == Self.serialCookieNoRunContainer {
            let declared = try reader.uint32LE("\(context()): the container count")
            guard declared <= 65536 else {
                throw DeltaError(.corruptLog, "\(context()): declares \(declared) containers, more than 65536")
            }
            count = Int(declared)
            hasOffsets = true
        } else if cookie & 0xFFFF == Self.serialCookie {
            count = Int(cookie >> 16) + 1
            runFlagsAt = try reader.skip((count + 7) / 8, "\(context()): the run-container flags")
            hasOffsets = count >= Self.noOffsetThreshold
        } else {
            throw DeltaError(.corruptLog, "\(context()): cookie \(cookie) is neither \(Self.serialCookieNoRunContainer) nor \(Self.serialCookie) in its low 16 bits")
        }
        let headerAt = try reader.skip(4 * count, "\(context()): the descriptive header of \(count) containers")
        let offsetsAt = hasOffsets ? try reader.skip(4 * count, "\(context()): the offset header of \(count) containers") : -1
        containers.reserveCapacity(containers.count + count)

        var previousKey = -1
        for i in 0..<count {
            let low16 = Int(reader.uint16LE(at: headerAt + 4 * i))
            let cardinality = Int(reader.uint16LE(at: headerAt + 4 * i + 2)) + 1
            guard low16 > previousKey else {
                throw DeltaError(.corruptLog, "\(context()): container \(i) has key \(low16), not above the previous key \(previousKey)")
            }
            previousKey = low16
            if hasOffsets {
                let stored = Int(reader.uint32LE(at: offsetsAt + 4 * i))
                guard stored == reader.position - begin else {
                    throw DeltaError(.corruptLog, "\(context()): container \(i) is stored at offset \(reader.position - begin) but the offset header says \(stored)")
                }
            }
            let isRun = runFlagsAt >= 0 && (reader.bytes[runFlagsAt + (i >> 3)] >> UInt8(i & 7)) & 1 == 1
            let key = UInt64(high) << 16 | UInt64(low16)
            if isRun {
                try readRunContainer(&reader, key: key, cardinality: cardinality, index: i, context: context)
            } else if cardinality <= 4096 {
                try readArrayContainer(&reader, key: key, cardinality: cardinality, index: i, context: context)
            } else {
                try readBitmapContainer(&reader, key: key, cardinality: cardinality, index: i, context: context)
            }
            self.cardinality += UInt64(cardinality)
        }
    }

    /// Reads an array container: `cardinality` ascending little-endian 16-bit values.
    private mutating func readArrayContainer(_ reader: inout DeletionVectorByteReader, key: UInt64, cardinality: Int, index: Int, context: () -> String) throws {
        let at = try reader.skip(2 * cardinality, "\(context()): array container \(index) of \(cardinality) values")
        let start = values.count
        values.reserveCapacity(start + cardinality)
        var previous = -1
        var bad = -1
        for j in 0..<cardinality {
            let v = Int(reader.uint16LE(at: at + 2 * j))
            if v <= previous { bad = j; break }
            previous = v
            values.append(UInt16(truncatingIfNeeded: v))
        }
        guard bad < 0 else {
            throw DeltaError(.corruptLog, "\(context()): array container \(index) value \(bad) is \(reader.uint16LE(at: at + 2 * bad)), not above the previous value \(previous)")
        }
        containers.append(Container(key: key, kind: .array, start: start, count: cardinality, cardinality: cardinality))
    }

    /// Reads a bitmap container: 1024 little-endian 64-bit words.
    private mutating func readBitmapContainer(_ reader: inout DeletionVectorByteReader, key: UInt64, cardinality: Int, index: Int, context: () -> String) throws {
        let at = try reader.skip(8192, "\(context()): bitmap container \(index)")
        let start = words.count
        words.reserveCapacity(start + 1024)
        var population = 0
        for w in 0..<1024 {
            let word = reader.uint64LE(at: at + 8 * w)
            population &+= word.nonzeroBitCount
            words.append(word)
        }
        guard population == cardinality else {
            throw DeltaError(.corruptLog, "\(context()): bitmap container \(index) has \(population) bits set but declares cardinality \(cardinality)")
        }
        containers.append(Container(key: key, kind: .bitmap, start: start, count: 1024, cardinality: cardinality))
    }

    /// Reads a run container: a 16-bit run count, then `(start, length - 1)` pairs.
    private mutating func readRunContainer(_ reader: inout DeletionVectorByteReader, key: UInt64, cardinality: Int, index: Int, context: () -> String) throws {
        let runCount = Int(try reader.uint16LE("\(context()): the run count of run container \(index)"))
        let at = try reader.skip(4 * runCount, "\(context()): run container \(index) of \(runCount) runs")
        let start = values.count
        values.reserveCapacity(start + 2 * runCount)
        var total = 0
        var nextAllowed = 0
        var bad = -1
        for r in 0..<runCount {
            let runStart = Int(reader.uint16LE(at: at + 4 * r))
            let lengthMinusOne = Int(reader.uint16LE(at: at + 4 * r + 2))
            if runStart < nextAllowed || runStart + lengthMinusOne > 65535 { bad = r; break }
            nextAllowed = runStart + lengthMinusOne + 1
            total += lengthMinusOne + 1
            values.append(UInt16(truncatingIfNeeded: runStart))
            values.append(UInt16(truncatingIfNeeded: lengthMinusOne))
        }
        guard bad < 0 else {
            let runStart = Int(reader.uint16LE(at: at + 4 * bad))
            let lengthMinusOne = Int(reader.uint16LE(at: at + 4 * bad + 2))
            if runStart + lengthMinusOne > 65535 {
                throw DeltaError(.corruptLog, "\(context()): run container \(index) run \(bad) (start \(runStart), length \(lengthMinusOne + 1)) runs past 65535")
            }
            throw DeltaError(.corruptLog, "\(context()): run container \(index) run \(bad) starts at \(runStart), overlapping or before the previous run (which ends at \(nextAllowed - 1))")
        }
        guard total == cardinality else {
            throw DeltaError(.corruptLog, "\(context()): run container \(index) covers \(total) values but declares cardinality \(cardinality)")
        }
        containers.append(Container(key: key, kind: .run, start: start, count: runCount, cardinality: cardinality))
    }
}
