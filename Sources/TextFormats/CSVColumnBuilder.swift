import Columnar

/// A run of tokenized records as raw pointers, for the conversion loops. Row `k` of the chunk
/// has fields `rowFields[k] ..< rowFields[k + 1]`.
struct CSVChunk {
    let buffer: UnsafePointer<UInt8>
    let starts: UnsafePointer<Int32>
    let ends: UnsafePointer<UInt32>
    let rowFields: UnsafePointer<Int32>
    let count: Int
}

/// Which unquoted field texts are null.
struct NullMatcher: Sendable {
    /// Whether the empty unquoted field is null.
    let emptyIsNull: Bool
    /// The other null texts.
    let others: [[UInt8]]

    /// A matcher for ``CSVOptions/nullStrings``.
    init(_ strings: [String]) {
        emptyIsNull = strings.contains("")
        others = strings.filter { !$0.isEmpty }.map { Array($0.utf8) }
    }

    /// Whether the unquoted text `p[0..<n]` is null.
    @inline(__always)
    func matches(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        if n == 0 { return emptyIsNull }
        if others.isEmpty { return false }
        return matchesOther(p, n)
    }

    private func matchesOther(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        for s in others where s.count == n {
            if s.withUnsafeBufferPointer({ memcmpEqual($0.baseAddress!, p, n) }) { return true }
        }
        return false
    }

    private func memcmpEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        for i in 0..<n where a[i] != b[i] { return false }
        return true
    }
}

/// A value that did not fit its column, or a field without a column, to be rescued: the chunk
/// row and the field's position in its record.
struct CSVRescue: Comparable {
    var row: Int32
    var position: Int32

    static func < (a: CSVRescue, b: CSVRescue) -> Bool {
        (a.row, a.position) < (b.row, b.position)
    }
}

/// Builds one output column from the fields at one position of each record.
struct CSVColumnBuilder {
    /// What the column is filled from.
    enum Source: Equatable {
        /// The field at this position of each record.
        case field(Int)
        /// Nothing: the file has no such column (all null).
        case missing
        /// The rescued-data column.
        case rescued
    }

    let type: DataType
    let source: Source
    var column: Column

    /// A builder for a column of `type` filled from `source`.
    init(type: DataType, source: Source, capacity: Int) {
        self.type = type
        self.source = source
        column = Column(empty: type, capacity: capacity)
    }

    /// Whether the CSV reader can build columns of `type`.
    static func supports(_ type: DataType) -> Bool {
        switch type {
        case .boolean, .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64, .float32, .float64,
             .decimal, .string, .binary, .date, .timestamp, .timestampNTZ:
            return true
        case .fixedSizeBinary, .struct, .list, .map:
            return false
        }
    }

    /// Hands out the built column and starts a new one.
    mutating func take(capacity: Int) -> Column {
        let done = column
        column = Column(empty: type, capacity: capacity)
        return done
    }

    /// Appends one value per chunk row. A value that does not fit is null and listed in
    /// `rescued` when `rescue` is true; otherwise conversion stops and the chunk row of the
    /// value is returned (the column is then unusable).
    mutating func append(
        _ chunk: CSVChunk, nulls: NullMatcher, rescue: Bool, rescued: inout [CSVRescue], valid: UnsafeMutablePointer<UInt8>
    ) -> Int? {
        guard case .field(let position) = source else {
            for _ in 0..<chunk.count { column.appendNull() }
            return nil
        }
        switch type {
        case .boolean:
            return appendFixed(chunk, position, nulls, rescue, &rescued, valid, zero: UInt8(0)) { p, n in
                FieldParser.parseBool(p, n).map { $0 ? 1 : 0 }
            }
        case .int8: return appendInteger(chunk, position, nulls, rescue, &rescued, valid, as: Int8.self)
        case .int16: return appendInteger(chunk, position, nulls, rescue, &rescued, valid, as: Int16.self)
        case .int32: return appendInteger(chunk, position, nulls, rescue, &rescued, valid, as: Int32.self)
        case .int64:
            return appendFixed(chunk, position, nulls, rescue, &rescued, valid, zero: Int64(0)) { p, n in
                FieldParser.parseInt64(p, n)
            }
        case .uint8: return appendUnsigned(chunk, position, nulls, rescue, &rescued, valid, as: UInt8.self)
        case .uint16: return appendUnsigned(chunk, position, nulls, rescue, &rescued, valid, as: UInt16.self)
        case .uint32: return appendUnsigned(chunk, position, nulls, rescue, &rescued, valid, as: UInt32.self)
        case .uint64: return appendUnsigned(chunk, position, nulls, rescue, &rescued, valid, as: UInt64.self)
        case .float32:
            return appendFixed(chunk, position, nulls, rescue, &rescued, valid, zero: Float(0)) { p, n in
                FieldParser.parseDouble(p, n).map { Float($0) }
            }
        case .float64:
            return appendFixed(chunk, position, nulls, rescue, &rescued, valid, zero: Double(0)) { p, n in
                FieldParser.parseDouble(p, n)
            }
        case .decimal(let precision, let scale):
            if precision <= 18 {
                return appendFixed(chunk, position, nulls, rescue, &rescued, valid, zero: Int64(0)) { p, n in
                    FieldParser.parseDecimal(p, n, precision: precision, scale: scale).map { Int64(truncatingIfNeeded: $0) }
                }
            }
            return appendFixed(chunk, position, nulls, rescue, &rescued, valid, zero: Int128(0)) { p, n in
                FieldParser.parseDecimal(p, n, precision: precision, scale: scale)
            }
        case .date:
            return appendFixed(chunk, position, nulls, rescue, &rescued, valid, zero: Int32(0)) { p, n in
                FieldParser.parseDate(p, n)
            }
        case .timestamp:
            return appendFixed(chunk, position, nulls, rescue, &rescued, valid, zero: Int64(0)) { p, n in
                FieldParser.parseTimestamp(p, n)
            }
        case .timestampNTZ:
            return appendFixed(chunk, position, nulls, rescue, &rescued, valid, zero: Int64(0)) { p, n in
                FieldParser.parseTimestamp(p, n, allowOffset: false)
            }
        case .string:
            appendBytes(chunk, position, nulls, valid, validateUTF8: true)
            return nil
        case .binary:
            appendBytes(chunk, position, nulls, valid, validateUTF8: false)
            return nil
        case .fixedSizeBinary, .struct, .list, .map:
            preconditionFailure("CSV cannot build \(type) columns")
        }
    }

    /// Signed integers narrower than 64 bits: parsed as `Int64`, then range-checked.
    private mutating func appendInteger<T: FixedWidthInteger & BitwiseCopyable>(
        _ chunk: CSVChunk, _ position: Int, _ nulls: NullMatcher, _ rescue: Bool, _ rescued: inout [CSVRescue],
        _ valid: UnsafeMutablePointer<UInt8>, as: T.Type
    ) -> Int? {
        appendFixed(chunk, position, nulls, rescue, &rescued, valid, zero: T.zero) { p, n in
            FieldParser.parseInt64(p, n).flatMap { T(exactly: $0) }
        }
    }

    /// Unsigned integers: parsed as `UInt64`, then range-checked.
    private mutating func appendUnsigned<T: FixedWidthInteger & BitwiseCopyable>(
        _ chunk: CSVChunk, _ position: Int, _ nulls: NullMatcher, _ rescue: Bool, _ rescued: inout [CSVRescue],
        _ valid: UnsafeMutablePointer<UInt8>, as: T.Type
    ) -> Int? {
        appendFixed(chunk, position, nulls, rescue, &rescued, valid, zero: T.zero) { p, n in
            FieldParser.parseUInt64(p, n).flatMap { T(exactly: $0) }
        }
    }

    /// The loop for fixed-width types: parse each present, non-null field (retrying without
    /// surrounding blanks), write the value or a zero, and record validity.
    @inline(__always)
    private mutating func appendFixed<T: BitwiseCopyable>(
        _ chunk: CSVChunk, _ position: Int, _ nulls: NullMatcher, _ rescue: Bool, _ rescued: inout [CSVRescue],
        _ valid: UnsafeMutablePointer<UInt8>, zero: T, _ parse: (UnsafePointer<UInt8>, Int) -> T?
    ) -> Int? {
        let n = chunk.count
        let out = column.values.appendUninitialized(n * MemoryLayout<T>.stride).bindMemory(to: T.self, capacity: n)
        let buffer = chunk.buffer, starts = chunk.starts, ends = chunk.ends, rowFields = chunk.rowFields
        var nullCount = 0
        var failure: Int?
        for k in 0..<n {
            let fi = Int(rowFields[k]) &+ position
            var ok = false
            if fi < Int(rowFields[k &+ 1]) {
                let s = Int(starts[fi])
                let raw = ends[fi]
                let len = Int(raw & CSVFieldTable.valueMask) &- s
                let quoted = raw & CSVFieldTable.quotedFlag != 0
                let p = buffer + s
                if !(quoted ? len == 0 : nulls.matches(p, len)) {
                    if let v = parse(p, len) {
                        out[k] = v
                        ok = true
                    } else if FieldParser.hasBlankEdge(p, len), let v = parseTrimmed(p, len, parse) {
                        out[k] = v
                        ok = true
                    } else if rescue {
                        rescued.append(CSVRescue(row: Int32(truncatingIfNeeded: k), position: Int32(truncatingIfNeeded: position)))
                    } else {
                        failure = k
                        break
                    }
                }
            }
            if !ok {
                out[k] = zero
                nullCount &+= 1
            }
            valid[k] = ok ? 1 : 0
        }
        if let failure { return failure }
        finishValidity(n, nullCount, valid)
        return nil
    }

    /// Parses the text without its leading and trailing blanks (cold).
    @inline(never)
    private func parseTrimmed<T>(_ p: UnsafePointer<UInt8>, _ n: Int, _ parse: (UnsafePointer<UInt8>, Int) -> T?) -> T? {
        let (t, m) = FieldParser.trim(p, n)
        return parse(t, m)
    }

    /// Strings and binaries: copies each field's bytes (repairing invalid UTF-8 for strings).
    private mutating func appendBytes(
        _ chunk: CSVChunk, _ position: Int, _ nulls: NullMatcher, _ valid: UnsafeMutablePointer<UInt8>, validateUTF8: Bool
    ) {
        let n = chunk.count
        let buffer = chunk.buffer, starts = chunk.starts, ends = chunk.ends, rowFields = chunk.rowFields
        var total = 0
        for k in 0..<n {
            let fi = Int(rowFields[k]) &+ position
            if fi < Int(rowFields[k &+ 1]) {
                total &+= Int(ends[fi] & CSVFieldTable.valueMask) &- Int(starts[fi])
            }
        }
        column.values.reserveCapacity(column.values.count + total)
        let offsets = column.offsets.appendUninitialized(n * 4).bindMemory(to: Int32.self, capacity: n)
        var nullCount = 0
        for k in 0..<n {
            let fi = Int(rowFields[k]) &+ position
            var ok = false
            if fi < Int(rowFields[k &+ 1]) {
                let s = Int(starts[fi])
                let raw = ends[fi]
                let len = Int(raw & CSVFieldTable.valueMask) &- s
                let quoted = raw & CSVFieldTable.quotedFlag != 0
                let p = buffer + s
                if quoted || !nulls.matches(p, len) {
                    ok = true
                    if len > 0 {
                        if !validateUTF8 || UTF8Repair.isASCII(p, len) || UTF8Repair.isValid(p, len) {
                            column.values.appendUninitialized(len).copyMemory(from: p, byteCount: len)
                        } else {
                            column.values.append(contentsOf: UTF8Repair.repaired(p, len))
                        }
                    }
                }
            }
            if !ok { nullCount &+= 1 }
            valid[k] = ok ? 1 : 0
            offsets[k] = Int32(truncatingIfNeeded: column.values.count)
        }
        finishValidity(n, nullCount, valid)
    }

    /// Extends the validity bitmap by `n` rows and the row count.
    @inline(__always)
    private mutating func finishValidity(_ n: Int, _ nullCount: Int, _ valid: UnsafeMutablePointer<UInt8>) {
        if nullCount > 0 {
            column.materializeValidity()
            column.validity!.append(nonZero: UnsafeBufferPointer(start: valid, count: n))
        } else if column.validity != nil {
            column.validity!.append(repeating: true, count: n)
        }
        column.count += n
    }
}
