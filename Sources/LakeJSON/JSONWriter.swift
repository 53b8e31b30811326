/// Writes `JSONValue`s as UTF-8 JSON text: compact (no whitespace) or pretty (2-space
/// indentation, `": "` after keys, one element per line, empty containers as `[]` and `{}`).
/// Object members are written in stored order; ``JSONValue/number(_:)`` text is written
/// verbatim. The text goes into a growable buffer of its own, copied out once at the end.
struct JSONWriter: ~Copyable {
    var bytes: UnsafeMutablePointer<UInt8>
    var count = 0
    var capacity: Int
    /// Whether to indent.
    let pretty: Bool

    init(pretty: Bool, capacity: Int = 256) {
        self.pretty = pretty
        self.capacity = max(capacity, 16)
        bytes = .allocate(capacity: self.capacity)
    }

    deinit { bytes.deallocate() }

    /// Appends the text to `out`.
    func append(to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: bytes, count: count))
    }

    /// The text as a `String`.
    func string() -> String {
        String(unsafeUninitializedCapacity: count) { buffer in
            guard let target = buffer.baseAddress else { return 0 }
            target.initialize(from: bytes, count: count)
            return count
        }
    }

    /// Makes room for `n` more bytes.
    @inline(__always)
    mutating func reserve(_ n: Int) {
        if capacity - count < n { grow(n) }
    }

    @inline(never)
    mutating func grow(_ n: Int) {
        var newCapacity = capacity * 2
        while newCapacity - count < n { newCapacity *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.initialize(from: bytes, count: count)
        bytes.deallocate()
        bytes = grown
        capacity = newCapacity
    }

    @inline(__always)
    mutating func put(_ c: UInt8) {
        reserve(1)
        bytes[count] = c
        count += 1
    }

    @inline(__always)
    mutating func put(_ source: UnsafePointer<UInt8>, _ n: Int) {
        reserve(n)
        (bytes + count).initialize(from: source, count: n)
        count += n
    }

    mutating func write(_ value: JSONValue, indent: Int = 0) {
        switch value {
        case .null:
            append("null")
        case .bool(let b):
            append(b ? "true" : "false")
        case .int(let i):
            writeInt(i)
        case .number(let text):
            var text = text
            text.withUTF8 { utf8 in
                if let base = utf8.baseAddress { put(base, utf8.count) }
            }
        case .string(let s):
            writeString(s)
        case .array(let elements):
            guard !elements.isEmpty else { return append("[]") }
            put(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { put(UInt8(ascii: ",")) }
                if pretty { newline(indent + 1) }
                write(element, indent: indent + 1)
            }
            if pretty { newline(indent) }
            put(UInt8(ascii: "]"))
        case .object(let object):
            guard !object.members.isEmpty else { return append("{}") }
            put(UInt8(ascii: "{"))
            for (i, member) in object.members.enumerated() {
                if i > 0 { put(UInt8(ascii: ",")) }
                if pretty { newline(indent + 1) }
                writeString(member.key)
                put(UInt8(ascii: ":"))
                if pretty { put(UInt8(ascii: " ")) }
                write(member.value, indent: indent + 1)
            }
            if pretty { newline(indent) }
            put(UInt8(ascii: "}"))
        }
    }

    @inline(__always)
    mutating func append(_ s: StaticString) {
        put(s.utf8Start, s.utf8CodeUnitCount)
    }

    mutating func newline(_ indent: Int) {
        reserve(1 + 2 * indent)
        bytes[count] = 0x0A
        (bytes + count + 1).initialize(repeating: UInt8(ascii: " "), count: 2 * indent)
        count += 1 + 2 * indent
    }

    /// Writes the decimal digits of `i`.
    mutating func writeInt(_ i: Int64) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits and a sign
        withUnsafeMutableBytes(of: &digits) { buffer in
            var magnitude = i.magnitude
            var k = buffer.count
            repeat {
                k -= 1
                buffer[k] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude != 0
            if i < 0 {
                k -= 1
                buffer[k] = UInt8(ascii: "-")
            }
            let digitsStart = buffer.baseAddress.unsafelyUnwrapped.assumingMemoryBound(to: UInt8.self) + k
            put(digitsStart, buffer.count - k)
        }
    }

    /// Writes `s` quoted: `"` and `\` escaped, control characters as `\n \t \r \b \f` or
    /// `\u00xx`, everything else (including `/`, DEL and non-ASCII) as its UTF-8.
    mutating func writeString(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in writeQuoted(utf8) }
    }

    mutating func writeQuoted(_ utf8: UnsafeBufferPointer<UInt8>) {
        // Room for the text and quotes; each escape reserves its extra bytes.
        reserve(utf8.count + 2)
        bytes[count] = UInt8(ascii: "\"")
        count += 1
        if let base = utf8.baseAddress {
            var p = base
            let end = base + utf8.count
            var run = p  // start of the bytes not yet written
            while true {
                // Find the next byte that needs escaping, 8 bytes at a time.
                while end - p >= 8 {
                    let mask = JSONParser.stopMask(UnsafeRawPointer(p).loadUnaligned(as: UInt64.self).littleEndian)
                    if mask != 0 {
                        p += mask.trailingZeroBitCount &>> 3
                        break
                    }
                    p += 8
                }
                if end - p < 8 {
                    while p < end {
                        let c = p.pointee
                        if c == 0x22 || c == 0x5C || c < 0x20 { break }
                        p += 1
                    }
                }
                (bytes + count).initialize(from: run, count: p - run)
                count += p - run
                guard p < end else { break }
                reserve(end - p + 7)  // the escape (up to 6 bytes) + the rest + the closing quote
                writeEscape(p.pointee)
                p += 1
                run = p
            }
        }
        bytes[count] = UInt8(ascii: "\"")
        count += 1
    }

    /// Writes the escape for `c` (room already reserved).
    @inline(__always)
    mutating func writeEscape(_ c: UInt8) {
        bytes[count] = UInt8(ascii: "\\")
        let short: UInt8
        switch c {
        case 0x22, 0x5C: short = c
        case 0x0A: short = UInt8(ascii: "n")
        case 0x09: short = UInt8(ascii: "t")
        case 0x0D: short = UInt8(ascii: "r")
        case 0x08: short = UInt8(ascii: "b")
        case 0x0C: short = UInt8(ascii: "f")
        default:
            let hex: StaticString = "0123456789abcdef"
            let digits = hex.utf8Start
            bytes[count + 1] = UInt8(ascii: "u")
            bytes[count + 2] = UInt8(ascii: "0")
            bytes[count + 3] = UInt8(ascii: "0")
            bytes[count + 4] = digits[Int(c >> 4)]
            bytes[count + 5] = digits[Int(c & 0xF)]
            count += 6
            return
        }
        bytes[count + 1] = short
        count += 2
    }
}
