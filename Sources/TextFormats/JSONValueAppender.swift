import Columnar
import LakeJSON

/// Appends parsed JSON values to columns following a ``JSONColumnPlan``, collecting what does
/// not fit (rescued, or the first failure) and the paths of keys no column reads.
struct JSONValueAppender {
    /// One step of the path to the value being appended.
    enum PathStep {
        case key(String)
        case index(Int)
    }

    /// Whether values that do not fit are rescued (else the first one stops the row).
    let rescue: Bool
    /// The rescued members of the current row.
    var rescued = RescuedData()
    /// The first value that did not fit, without rescue: its path and JSON text.
    var failure: (path: String, value: String, type: DataType)?
    /// Paths of keys no column reads, in first-seen order (list indices written `[]`).
    private(set) var unexpected: [String] = []
    private var unexpectedSet: Set<String> = []
    private var path: [PathStep] = []
    /// Member slots of the objects being appended (a stack, reused across rows).
    private var slots: [Int] = []

    /// An appender; `rescue` as in ``JSONLinesOptions/rescuedDataColumn``.
    init(rescue: Bool) {
        self.rescue = rescue
    }

    /// Starts a new row.
    mutating func beginRow() {
        rescued = RescuedData()
        failure = nil
    }

    /// Appends the members of a top-level object to `columns` (one per field of `plan`).
    /// Returns false when a value did not fit and is not rescued (see ``failure``).
    mutating func appendRow(_ object: JSONObject, plan: JSONColumnPlan, columns: inout [Column]) -> Bool {
        appendMembers(object, plan: plan, columns: &columns)
    }

    /// Appends one value (nil for a missing key) to `column`.
    mutating func append(_ value: JSONValue?, plan: JSONColumnPlan, to column: inout Column) -> Bool {
        guard let value, !value.isNull else {
            column.appendNull()
            return true
        }
        switch (plan.type, value) {
        case (.boolean, .bool(let b)):
            appendFixed(UInt8(b ? 1 : 0), to: &column)
        case (.int64, _):
            guard let i = integer(value) else { return mismatch(value, plan, &column) }
            appendFixed(i, to: &column)
        case (.int32, _):
            guard let i = integer(value).flatMap(Int32.init(exactly:)) else { return mismatch(value, plan, &column) }
            appendFixed(i, to: &column)
        case (.int16, _):
            guard let i = integer(value).flatMap(Int16.init(exactly:)) else { return mismatch(value, plan, &column) }
            appendFixed(i, to: &column)
        case (.int8, _):
            guard let i = integer(value).flatMap(Int8.init(exactly:)) else { return mismatch(value, plan, &column) }
            appendFixed(i, to: &column)
        case (.uint64, _):
            guard let u = unsigned(value) else { return mismatch(value, plan, &column) }
            appendFixed(u, to: &column)
        case (.uint32, _):
            guard let u = unsigned(value).flatMap(UInt32.init(exactly:)) else { return mismatch(value, plan, &column) }
            appendFixed(u, to: &column)
        case (.uint16, _):
            guard let u = unsigned(value).flatMap(UInt16.init(exactly:)) else { return mismatch(value, plan, &column) }
            appendFixed(u, to: &column)
        case (.uint8, _):
            guard let u = unsigned(value).flatMap(UInt8.init(exactly:)) else { return mismatch(value, plan, &column) }
            appendFixed(u, to: &column)
        case (.float64, .int(let i)):
            appendFixed(Double(i), to: &column)
        case (.float64, .number(let text)):
            guard let d = parse(text, FieldParser.parseDouble) else { return mismatch(value, plan, &column) }
            appendFixed(d, to: &column)
        case (.float32, .int(let i)):
            appendFixed(Float(i), to: &column)
        case (.float32, .number(let text)):
            guard let d = parse(text, FieldParser.parseDouble) else { return mismatch(value, plan, &column) }
            appendFixed(Float(d), to: &column)
        case (.decimal(let precision, let scale), .int), (.decimal(let precision, let scale), .number), (.decimal(let precision, let scale), .string):
            let text: String
            switch value {
            case .int(let i): text = String(i)
            case .number(let t), .string(let t): text = t
            default: text = ""
            }
            guard let d = parse(text, { FieldParser.parseDecimal($0, $1, precision: precision, scale: scale) }) else {
                return mismatch(value, plan, &column)
            }
            if precision <= 18 { appendFixed(Int64(truncatingIfNeeded: d), to: &column) } else { appendFixed(d, to: &column) }
        case (.date, .string(let text)):
            guard let d = parse(text, FieldParser.parseDate) else { return mismatch(value, plan, &column) }
            appendFixed(d, to: &column)
        case (.timestamp, .string(let text)):
            guard let t = parse(text, { FieldParser.parseTimestamp($0, $1) }) else { return mismatch(value, plan, &column) }
            appendFixed(t, to: &column)
        case (.timestampNTZ, .string(let text)):
            guard let t = parse(text, { FieldParser.parseTimestamp($0, $1, allowOffset: false) }) else { return mismatch(value, plan, &column) }
            appendFixed(t, to: &column)
        case (.string, .string(let s)), (.binary, .string(let s)):
            appendBytes(s, to: &column)
        case (.string, _):
            appendBytes(value.serialized(), to: &column)
        case (.struct, .object(let object)):
            column.appendValidity(true)
            guard appendMembers(object, plan: plan, columns: &column.children) else { return false }
            column.count += 1
        case (.list, .array(let elements)):
            for (k, e) in elements.enumerated() {
                path.append(.index(k))
                let ok = append(e, plan: plan.children[0], to: &column.children[0])
                path.removeLast()
                guard ok else { return false }
            }
            column.appendValidity(true)
            column.offsets.append(Int32(truncatingIfNeeded: column.children[0].count))
            column.count += 1
        case (.map, .object(let object)):
            for member in object.members {
                appendBytes(member.key, to: &column.children[0])
                path.append(.key(member.key))
                let ok = append(member.value, plan: plan.children[1], to: &column.children[1])
                path.removeLast()
                guard ok else { return false }
            }
            column.appendValidity(true)
            column.offsets.append(Int32(truncatingIfNeeded: column.children[0].count))
            column.count += 1
        default:
            return mismatch(value, plan, &column)
        }
        return true
    }

    /// Appends an object's members to the struct field columns (missing fields null; the
    /// last of repeated keys wins), then records and rescues the keys without a field.
    private mutating func appendMembers(_ object: JSONObject, plan: JSONColumnPlan, columns: inout [Column]) -> Bool {
        let fieldCount = plan.names.count
        let base = slots.count
        slots.append(contentsOf: repeatElement(-1, count: fieldCount))
        defer { slots.removeSubrange(base...) }
        var guess = 0
        var unknown = false
        for (m, member) in object.members.enumerated() {
            if let f = plan.field(for: member.key, guess: guess) {
                slots[base + f] = m
                guess = f + 1
            } else {
                unknown = true
            }
        }
        for f in 0..<fieldCount {
            let m = slots[base + f]
            path.append(.key(plan.names[f]))
            let ok = append(m >= 0 ? object.members[m].value : nil, plan: plan.children[f], to: &columns[f])
            path.removeLast()
            guard ok else { return false }
        }
        if unknown {
            for member in object.members where plan.field(for: member.key, guess: 0) == nil {
                path.append(.key(member.key))
                noteUnexpected(member.value)
                path.removeLast()
            }
        }
        return true
    }

    /// Records the current path as unexpected and rescues its value.
    private mutating func noteUnexpected(_ value: JSONValue) {
        let name = pathString(indices: false)
        if !unexpectedSet.contains(name) {
            unexpectedSet.insert(name)
            unexpected.append(name)
        }
        if rescue && !value.isNull {
            rescued.append(key: pathString(indices: true), json: Array(value.serialized().utf8))
        }
    }

    /// A value that does not fit: rescued (and a null appended), or the row's failure.
    private mutating func mismatch(_ value: JSONValue, _ plan: JSONColumnPlan, _ column: inout Column) -> Bool {
        if rescue {
            rescued.append(key: pathString(indices: true), json: Array(value.serialized().utf8))
            column.appendNull()
            return true
        }
        failure = (pathString(indices: true), value.serialized(), plan.type)
        return false
    }

    /// The dotted path of the current value.
    private func pathString(indices: Bool) -> String {
        var s = ""
        for step in path {
            switch step {
            case .key(let k):
                if !s.isEmpty { s += "." }
                s += k
            case .index(let i):
                s += indices ? "[\(i)]" : "[]"
            }
        }
        return s
    }

    @inline(__always)
    private func integer(_ value: JSONValue) -> Int64? {
        switch value {
        case .int(let i): return i
        case .number(let text): return parse(text, FieldParser.parseInt64)
        default: return nil
        }
    }

    @inline(__always)
    private func unsigned(_ value: JSONValue) -> UInt64? {
        switch value {
        case .int(let i): return UInt64(exactly: i)
        case .number(let text): return parse(text, FieldParser.parseUInt64)
        default: return nil
        }
    }

    @inline(__always)
    private func parse<T>(_ text: String, _ body: (UnsafePointer<UInt8>, Int) -> T?) -> T? {
        var text = text
        return text.withUTF8 { u in
            guard let p = u.baseAddress else { return nil }
            return body(p, u.count)
        }
    }

    @inline(__always)
    private func appendFixed<T: BitwiseCopyable>(_ value: T, to column: inout Column) {
        column.appendValidity(true)
        column.values.append(value)
        column.count += 1
    }

    @inline(__always)
    private func appendBytes(_ s: String, to column: inout Column) {
        var s = s
        s.withUTF8 { column.values.append(bytes: UnsafeRawBufferPointer($0)) }
        column.appendValidity(true)
        column.offsets.append(Int32(truncatingIfNeeded: column.values.count))
        column.count += 1
    }
}
