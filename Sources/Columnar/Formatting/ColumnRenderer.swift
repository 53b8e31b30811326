/// Renders whole columns to text, one type switch per column: the columnar half of every row
/// format. The row formats then interleave the rendered columns row by row.
///
/// Two modes share the scalar text (see ``RowWriter``):
/// - `json`: every row is a JSON value — strings, binaries (base64), decimals, dates,
///   timestamps and non-finite floats quoted; null is `null`; nested values as JSON.
/// - `text`: the same text without JSON quoting (CSV fields, table cells, map keys); nested
///   values still render as JSON; null is `null` (callers check validity themselves).
enum ColumnRenderer {
    enum Mode {
        case json, text
    }

    /// Row validity read straight from the bitmap words.
    struct Validity {
        let words: UnsafePointer<UInt64>?

        @inline(__always)
        func isValid(_ i: Int) -> Bool {
            guard let words else { return true }
            return (words[i >> 6] >> UInt64(i & 63)) & 1 != 0
        }
    }

    /// Replaces the contents of `out` with the text of the first `rows` rows of `column`
    /// (all rows when nil).
    static func render(_ column: Column, mode: Mode, rows: Int? = nil, into out: inout RenderedColumn) {
        out.reset()
        let rows = Swift.min(Swift.max(rows ?? column.count, 0), column.count)
        out.offsets.reserveCapacity(rows + 1)
        guard rows > 0 else { return }
        let quoted = mode == .json
        switch column.type {
        case .boolean:
            renderFixed(column, UInt8.self, rows: rows, into: &out) { v, o in
                if v != 0 { o.appendASCII("true") } else { o.appendASCII("false") }
            }
        case .int8: renderFixed(column, Int8.self, rows: rows, into: &out) { v, o in o.appendDecimal(Int64(v)) }
        case .int16: renderFixed(column, Int16.self, rows: rows, into: &out) { v, o in o.appendDecimal(Int64(v)) }
        case .int32: renderFixed(column, Int32.self, rows: rows, into: &out) { v, o in o.appendDecimal(Int64(v)) }
        case .int64: renderFixed(column, Int64.self, rows: rows, into: &out) { v, o in o.appendDecimal(v) }
        case .uint8: renderFixed(column, UInt8.self, rows: rows, into: &out) { v, o in o.appendDecimal(UInt64(v)) }
        case .uint16: renderFixed(column, UInt16.self, rows: rows, into: &out) { v, o in o.appendDecimal(UInt64(v)) }
        case .uint32: renderFixed(column, UInt32.self, rows: rows, into: &out) { v, o in o.appendDecimal(UInt64(v)) }
        case .uint64: renderFixed(column, UInt64.self, rows: rows, into: &out) { v, o in o.appendDecimal(v) }
        case .float32:
            renderFixed(column, Float.self, rows: rows, into: &out) { v, o in
                let q = quoted && !v.isFinite
                if q { o.append(UInt8(ascii: "\"")) }
                FloatFormat.append(v, to: &o)
                if q { o.append(UInt8(ascii: "\"")) }
            }
        case .float64:
            renderFixed(column, Double.self, rows: rows, into: &out) { v, o in
                let q = quoted && !v.isFinite
                if q { o.append(UInt8(ascii: "\"")) }
                FloatFormat.append(v, to: &o)
                if q { o.append(UInt8(ascii: "\"")) }
            }
        case .decimal(let precision, let scale):
            if precision <= 18 {
                renderFixed(column, Int64.self, rows: rows, into: &out) { v, o in
                    if quoted { o.append(UInt8(ascii: "\"")) }
                    DecimalFormat.append(v, scale: scale, to: &o)
                    if quoted { o.append(UInt8(ascii: "\"")) }
                }
            } else {
                renderFixed(column, Int128.self, rows: rows, into: &out) { v, o in
                    if quoted { o.append(UInt8(ascii: "\"")) }
                    DecimalFormat.append(v, scale: scale, to: &o)
                    if quoted { o.append(UInt8(ascii: "\"")) }
                }
            }
        case .date:
            renderFixed(column, Int32.self, rows: rows, into: &out) { v, o in
                if quoted { o.append(UInt8(ascii: "\"")) }
                TemporalFormat.appendDate(v, to: &o)
                if quoted { o.append(UInt8(ascii: "\"")) }
            }
        case .timestamp, .timestampNTZ:
            let utc = column.type == .timestamp
            renderFixed(column, Int64.self, rows: rows, into: &out) { v, o in
                if quoted { o.append(UInt8(ascii: "\"")) }
                TemporalFormat.appendTimestamp(v, utc: utc, to: &o)
                if quoted { o.append(UInt8(ascii: "\"")) }
            }
        case .string:
            if quoted {
                renderByteArray(column, rows: rows, into: &out) { b, o in UTF8Text.appendJSONString(b, to: &o) }
            } else {
                renderByteArray(column, rows: rows, into: &out) { b, o in UTF8Text.appendRepaired(b, to: &o) }
            }
        case .binary, .fixedSizeBinary:
            renderByteArray(column, rows: rows, into: &out) { b, o in
                if quoted { o.append(UInt8(ascii: "\"")) }
                Base64.append(b, to: &o)
                if quoted { o.append(UInt8(ascii: "\"")) }
            }
        case .list:
            renderList(column, rows: rows, into: &out)
        case .map:
            renderMap(column, rows: rows, into: &out)
        case .struct(let fields):
            renderStruct(column, fields: fields, rows: rows, into: &out)
        }
    }

    @inline(__always)
    static func appendNull(to out: inout [UInt8]) {
        out.appendASCII("null")
    }

    /// Calls `body` with a view of the column's validity bitmap.
    @inline(__always)
    static func withValidity<R>(_ column: Column, _ body: (Validity) -> R) -> R {
        guard let validity = column.validity else { return body(Validity(words: nil)) }
        precondition(validity.count >= column.count, "validity bitmap shorter than the column")
        return validity.words.withUnsafeBufferPointer(as: UInt64.self) { body(Validity(words: $0.baseAddress)) }
    }

    @inline(__always)
    static func renderFixed<T: BitwiseCopyable>(
        _ column: Column, _: T.Type, rows: Int, into out: inout RenderedColumn, _ emit: (T, inout [UInt8]) -> Void
    ) {
        withValidity(column) { valid in
            column.values.withUnsafeBufferPointer(as: T.self) { values in
                precondition(values.count >= column.count, "\(column.type) values buffer shorter than the column")
                for i in 0..<rows {
                    if valid.isValid(i) {
                        emit(values[i], &out.bytes)
                    } else {
                        appendNull(to: &out.bytes)
                    }
                    out.endRow()
                }
            }
        }
    }

    /// Checked `Int32` offsets of a byte-array, list or map column.
    @inline(__always)
    static func withOffsets<R>(_ column: Column, _ body: (UnsafeBufferPointer<Int32>) -> R) -> R {
        column.offsets.withUnsafeBufferPointer(as: Int32.self) { offsets in
            precondition(offsets.count > column.count, "\(column.type) offsets buffer shorter than the column")
            return body(offsets)
        }
    }

    @inline(__always)
    static func checkRange(_ start: Int, _ end: Int, limit: Int) {
        precondition(start >= 0 && start <= end && end <= limit, "offsets \(start)..<\(end) out of range 0..<\(limit)")
    }

    @inline(__always)
    static func renderByteArray(
        _ column: Column, rows: Int, into out: inout RenderedColumn, _ emit: (UnsafeRawBufferPointer, inout [UInt8]) -> Void
    ) {
        withValidity(column) { valid in
            column.values.withUnsafeBytes { values in
                withOffsets(column) { offsets in
                    for i in 0..<rows {
                        if valid.isValid(i) {
                            let start = Int(offsets[i]), end = Int(offsets[i &+ 1])
                            checkRange(start, end, limit: values.count)
                            emit(UnsafeRawBufferPointer(rebasing: values[start..<end]), &out.bytes)
                        } else {
                            appendNull(to: &out.bytes)
                        }
                        out.endRow()
                    }
                }
            }
        }
    }

    static func renderList(_ column: Column, rows: Int, into out: inout RenderedColumn) {
        precondition(column.children.count == 1, "list column without an element column")
        var elements = RenderedColumn()
        render(column.children[0], mode: .json, rows: column.offset(rows), into: &elements)
        withValidity(column) { valid in
            withOffsets(column) { offsets in
                for i in 0..<rows {
                    if valid.isValid(i) {
                        let start = Int(offsets[i]), end = Int(offsets[i &+ 1])
                        checkRange(start, end, limit: elements.count)
                        out.bytes.append(UInt8(ascii: "["))
                        for j in start..<end {
                            if j > start { out.bytes.append(UInt8(ascii: ",")) }
                            out.bytes.append(contentsOf: elements[j])
                        }
                        out.bytes.append(UInt8(ascii: "]"))
                    } else {
                        appendNull(to: &out.bytes)
                    }
                    out.endRow()
                }
            }
        }
    }

    static func renderMap(_ column: Column, rows: Int, into out: inout RenderedColumn) {
        precondition(column.children.count == 2, "map column without key and value columns")
        var keys = RenderedColumn()
        var values = RenderedColumn()
        let entries = column.offset(rows)
        render(column.children[0], mode: .text, rows: entries, into: &keys)
        render(column.children[1], mode: .json, rows: entries, into: &values)
        let limit = Swift.min(keys.count, values.count)
        withValidity(column) { valid in
            withOffsets(column) { offsets in
                for i in 0..<rows {
                    if valid.isValid(i) {
                        let start = Int(offsets[i]), end = Int(offsets[i &+ 1])
                        checkRange(start, end, limit: limit)
                        out.bytes.append(UInt8(ascii: "{"))
                        for j in start..<end {
                            if j > start { out.bytes.append(UInt8(ascii: ",")) }
                            keys.bytes.withUnsafeBytes { k in
                                UTF8Text.appendJSONString(UnsafeRawBufferPointer(rebasing: k[keys.offsets[j]..<keys.offsets[j &+ 1]]), to: &out.bytes)
                            }
                            out.bytes.append(UInt8(ascii: ":"))
                            out.bytes.append(contentsOf: values[j])
                        }
                        out.bytes.append(UInt8(ascii: "}"))
                    } else {
                        appendNull(to: &out.bytes)
                    }
                    out.endRow()
                }
            }
        }
    }

    static func renderStruct(_ column: Column, fields: [Field], rows: Int, into out: inout RenderedColumn) {
        precondition(column.children.count == fields.count, "struct column has \(column.children.count) children for \(fields.count) fields")
        var children = [RenderedColumn](repeating: RenderedColumn(), count: fields.count)
        for k in fields.indices {
            precondition(column.children[k].count >= column.count, "struct child \(fields[k].name) shorter than the column")
            render(column.children[k], mode: .json, rows: rows, into: &children[k])
        }
        let prefixes = objectKeyPrefixes(fields.map(\.name))
        withValidity(column) { valid in
            for i in 0..<rows {
                if valid.isValid(i) {
                    for k in children.indices {
                        out.bytes.append(contentsOf: prefixes[k])
                        out.bytes.append(contentsOf: children[k][i])
                    }
                    if children.isEmpty { out.bytes.append(UInt8(ascii: "{")) }
                    out.bytes.append(UInt8(ascii: "}"))
                } else {
                    appendNull(to: &out.bytes)
                }
                out.endRow()
            }
        }
    }

    /// `{"a":`, `,"b":`, ... : the bytes before each member of a JSON object.
    static func objectKeyPrefixes(_ names: [String]) -> [[UInt8]] {
        names.enumerated().map { k, name in
            var prefix: [UInt8] = [k == 0 ? UInt8(ascii: "{") : UInt8(ascii: ",")]
            var name = name
            name.withUTF8 { UTF8Text.appendJSONString(UnsafeRawBufferPointer($0), to: &prefix) }
            prefix.append(UInt8(ascii: ":"))
            return prefix
        }
    }
}
