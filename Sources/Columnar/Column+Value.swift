/// Boxed access: build columns from ``Value``s and read them back. Meant for tests, literals
/// and display, not for hot loops.
extension Column {
    /// A column of `type` holding `values`.
    public init(_ type: DataType, _ values: [Value]) {
        self.init(empty: type, capacity: values.count)
        for v in values { append(v) }
    }

    /// Appends one boxed value; `.null` appends a null row. Traps when the value does not fit
    /// the column type (a programming error).
    public mutating func append(_ value: Value) {
        if case .null = value {
            appendNull()
            return
        }
        appendValidity(true)
        switch (type, value) {
        case (.boolean, .boolean(let b)): values.append(UInt8(b ? 1 : 0))
        case (.int8, .int(let i)): values.append(Int8(truncatingIfNeeded: i))
        case (.int16, .int(let i)): values.append(Int16(truncatingIfNeeded: i))
        case (.int32, .int(let i)): values.append(Int32(truncatingIfNeeded: i))
        case (.int64, .int(let i)): values.append(i)
        case (.uint8, .uint(let i)): values.append(UInt8(truncatingIfNeeded: i))
        case (.uint16, .uint(let i)): values.append(UInt16(truncatingIfNeeded: i))
        case (.uint32, .uint(let i)): values.append(UInt32(truncatingIfNeeded: i))
        case (.uint64, .uint(let i)): values.append(i)
        case (.float32, .float(let f)): values.append(f)
        case (.float64, .double(let d)): values.append(d)
        case (.decimal(let p, _), .decimal(let d)):
            if p <= 18 { values.append(Int64(truncatingIfNeeded: d)) } else { values.append(d) }
        case (.date, .date(let d)): values.append(d)
        case (.timestamp, .timestamp(let t)), (.timestampNTZ, .timestamp(let t)): values.append(t)
        case (.string, .string(let s)):
            var s = s
            s.withUTF8 { values.append(bytes: UnsafeRawBufferPointer($0)) }
            offsets.append(Int32(values.count))
        case (.binary, .binary(let b)), (.fixedSizeBinary, .binary(let b)):
            values.append(contentsOf: b)
            offsets.append(Int32(values.count))
        case (.list, .list(let elements)):
            for e in elements { children[0].append(e) }
            offsets.append(Int32(children[0].count))
        case (.map, .map(let keys, let vals)):
            precondition(keys.count == vals.count, "map keys and values differ in length")
            for k in keys { children[0].append(k) }
            for v in vals { children[1].append(v) }
            offsets.append(Int32(children[0].count))
        case (.struct, .struct(let fields)):
            precondition(fields.count == children.count, "struct value has \(fields.count) fields, type has \(children.count)")
            for i in children.indices { children[i].append(fields[i]) }
        default:
            preconditionFailure("value \(value) does not fit column type \(type)")
        }
        count += 1
    }

    /// Appends a null row.
    public mutating func appendNull() {
        appendValidity(false)
        switch type {
        case .string, .binary, .fixedSizeBinary:
            offsets.append(Int32(values.count))
        case .list, .map:
            offsets.append(Int32(children[0].count))
        case .struct:
            for i in children.indices { children[i].appendNull() }
        default:
            values.appendZeros(type.fixedWidth ?? 0)
        }
        count += 1
    }

    /// The value at row `index`, boxed.
    public func value(at index: Int) -> Value {
        precondition(index >= 0 && index < count, "Column index \(index) out of range 0..<\(count)")
        if isNull(index) { return .null }
        switch type {
        case .boolean: return .boolean(values.load(index, as: UInt8.self) != 0)
        case .int8: return .int(Int64(values.load(index, as: Int8.self)))
        case .int16: return .int(Int64(values.load(index, as: Int16.self)))
        case .int32: return .int(Int64(values.load(index, as: Int32.self)))
        case .int64: return .int(values.load(index, as: Int64.self))
        case .uint8: return .uint(UInt64(values.load(index, as: UInt8.self)))
        case .uint16: return .uint(UInt64(values.load(index, as: UInt16.self)))
        case .uint32: return .uint(UInt64(values.load(index, as: UInt32.self)))
        case .uint64: return .uint(values.load(index, as: UInt64.self))
        case .float32: return .float(values.load(index, as: Float.self))
        case .float64: return .double(values.load(index, as: Double.self))
        case .decimal(let p, _):
            return .decimal(p <= 18 ? Int128(values.load(index, as: Int64.self)) : values.load(index, as: Int128.self))
        case .date: return .date(values.load(index, as: Int32.self))
        case .timestamp, .timestampNTZ: return .timestamp(values.load(index, as: Int64.self))
        case .string: return .string(string(at: index))
        case .binary, .fixedSizeBinary: return .binary(withBytes(at: index) { Array($0) })
        case .list:
            return .list((offset(index)..<offset(index + 1)).map { children[0].value(at: $0) })
        case .map:
            let r = offset(index)..<offset(index + 1)
            return .map(keys: r.map { children[0].value(at: $0) }, values: r.map { children[1].value(at: $0) })
        case .struct:
            return .struct(children.map { $0.value(at: index) })
        }
    }

    /// Every value, boxed.
    public var boxedValues: [Value] { (0..<count).map { value(at: $0) } }
}
