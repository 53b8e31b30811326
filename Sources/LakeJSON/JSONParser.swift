/// A strict RFC 8259 parser over raw bytes.
///
/// The parser walks a pointer cursor over one buffer. Containers being built keep their
/// elements on two manually managed stacks (one of values, one of object keys); when a
/// container closes, its elements are moved out into an array of exactly the right size, so
/// every array and object costs one allocation whatever its length. Strings without escapes
/// are found with an 8-bytes-at-a-time scan and become a `String` directly from the input;
/// strings with escapes are decoded into a reusable scratch buffer. UTF-8 is validated when
/// each string is created. The working buffers are allocated on first need, so a document
/// without containers or escapes allocates nothing but its result.
///
/// The parser does not recurse: the open containers are a stack of frames, so its stack use
/// does not depend on the input. Nesting deeper than ``JSONValue/maximumDepth`` is still
/// rejected, because code that walks the result (serializing, comparing, destroying) recurses.
struct JSONParser: ~Copyable {
    /// Start of the whole input (error offsets are relative to it).
    let base: UnsafePointer<UInt8>
    /// The cursor.
    var p: UnsafePointer<UInt8>
    /// End of the bytes being parsed (the whole input, or the current line).
    var end: UnsafePointer<UInt8>
    /// The open arrays and objects, innermost last: each is its first element's index on the
    /// value or member stack, shifted left by one, with the low bit set for an object.
    var frameStorage: UnsafeMutablePointer<Int>? = nil
    /// Number of arrays and objects currently open.
    var depth = 0
    var frameCapacity = 0

    /// Elements of the arrays being built (nil until first needed).
    var valueStorage: UnsafeMutablePointer<JSONValue>? = nil
    var valueCount = 0
    var valueCapacity = 0
    /// Keys of the objects being built, one per value on the value stack (nil until first needed).
    var keyStorage: UnsafeMutablePointer<String>? = nil
    var keyCount = 0
    var keyCapacity = 0
    /// Decoded bytes of a string with escapes (nil until first needed).
    var scratchStorage: UnsafeMutablePointer<UInt8>? = nil
    var scratchCapacity = 0

    /// The value stack; only used once it has capacity.
    var values: UnsafeMutablePointer<JSONValue> { valueStorage.unsafelyUnwrapped }
    /// The key stack; only used once it has capacity.
    var keys: UnsafeMutablePointer<String> { keyStorage.unsafelyUnwrapped }
    /// The scratch buffer; only used once it has capacity.
    var scratch: UnsafeMutablePointer<UInt8> { scratchStorage.unsafelyUnwrapped }

    /// A parser over `count` bytes at `base`, positioned at the start.
    init(base: UnsafePointer<UInt8>, count: Int) {
        self.base = base
        self.p = base
        self.end = base + count
    }

    deinit {
        valueStorage?.deinitialize(count: valueCount)
        valueStorage?.deallocate()
        keyStorage?.deinitialize(count: keyCount)
        keyStorage?.deallocate()
        scratchStorage?.deallocate()
        frameStorage?.deallocate()
    }

    // MARK: Entry points

    /// Parses exactly one value spanning the bytes up to `end` (whitespace allowed around it).
    mutating func parseDocument() throws(JSONError) -> JSONValue {
        let value = try parseValue()
        skipWhitespace()
        if p < end { throw unexpected(" after the value") }
        return value
    }

    /// Restarts on the bytes `[from, to)` of the same input (used for JSON lines).
    mutating func reset(from: UnsafePointer<UInt8>, to: UnsafePointer<UInt8>) {
        p = from
        end = to
        depth = 0
        valueStorage?.deinitialize(count: valueCount)
        valueCount = 0
        keyStorage?.deinitialize(count: keyCount)
        keyCount = 0
    }

    // MARK: Values

    @inline(__always)
    mutating func skipWhitespace() {
        while p < end {
            let c = p.pointee
            if c > 0x20 { return }
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            p += 1
        }
    }

    /// Parses one value at the cursor, with everything nested in it.
    ///
    /// A loop in two phases: *open* reads the start of a value — a scalar completes at once,
    /// a non-empty array or object pushes a frame (and, for an object, its first key) and
    /// reads its first value; *close* hands a completed value to the innermost open
    /// container, then reads a `,` (back to *open* for the next element) or the closing
    /// bracket (the container becomes the completed value, handed to its parent in turn).
    mutating func parseValue() throws(JSONError) -> JSONValue {
        let outerDepth = depth
        while true {
            // Open.
            skipWhitespace()
            guard p < end else { throw unexpectedEnd(", expected a value") }
            var value: JSONValue
            switch p.pointee {
            case UInt8(ascii: "\""):
                value = try parseStringValue()
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = try parseNumber()
            case UInt8(ascii: "["):
                if depth >= JSONValue.maximumDepth { throw tooDeep() }
                p += 1
                skipWhitespace()
                if p < end && p.pointee == UInt8(ascii: "]") {
                    p += 1
                    value = .array([])
                } else {
                    pushFrame(valueCount << 1)
                    continue
                }
            case UInt8(ascii: "{"):
                if depth >= JSONValue.maximumDepth { throw tooDeep() }
                p += 1
                skipWhitespace()
                if p < end && p.pointee == UInt8(ascii: "}") {
                    p += 1
                    value = .object(JSONObject())
                } else {
                    pushFrame(valueCount << 1 | 1)
                    pushKey(try parseKey())
                    continue
                }
            default:
                value = try parseLiteral()
            }
            // Close.
            while depth > outerDepth {
                let frame = frames[depth - 1]
                let isObject = frame & 1 != 0
                pushValue(value)
                skipWhitespace()
                guard p < end else {
                    throw unexpectedEnd(isObject ? " in an object, expected ',' or '}'" : " in an array, expected ',' or ']'")
                }
                let c = p.pointee
                if c == UInt8(ascii: ",") {
                    p += 1
                    if isObject { pushKey(try parseKey()) }
                    break  // back to open, for the next element
                }
                if isObject && c == UInt8(ascii: "}") {
                    p += 1
                    depth -= 1
                    value = .object(JSONObject(popMembers(from: frame >> 1)))
                } else if !isObject && c == UInt8(ascii: "]") {
                    p += 1
                    depth -= 1
                    value = .array(popValues(from: frame >> 1))
                } else {
                    throw unexpected(isObject ? " in an object, expected ',' or '}'" : " in an array, expected ',' or ']'")
                }
            }
            if depth == outerDepth { return value }
        }
    }

    /// The frame stack; only used once it has capacity.
    var frames: UnsafeMutablePointer<Int> { frameStorage.unsafelyUnwrapped }

    /// Opens a container (the depth limit already checked).
    @inline(__always)
    mutating func pushFrame(_ frame: Int) {
        if depth == frameCapacity { growFrames() }
        frames[depth] = frame
        depth += 1
    }

    @inline(never)
    mutating func growFrames() {
        let capacity = min(max(frameCapacity * 2, 16), JSONValue.maximumDepth)
        let grown = UnsafeMutablePointer<Int>.allocate(capacity: capacity)
        if let old = frameStorage {
            grown.initialize(from: old, count: depth)
            old.deallocate()
        }
        frameStorage = grown
        frameCapacity = capacity
    }

    /// `true`, `false` or `null` at the cursor.
    @inline(never)
    mutating func parseLiteral() throws(JSONError) -> JSONValue {
        let available = end - p
        switch p.pointee {
        case UInt8(ascii: "t"):
            guard available >= 4, p[1] == 0x72, p[2] == 0x75, p[3] == 0x65 else { throw invalidLiteral("true") }
            p += 4
            return .bool(true)
        case UInt8(ascii: "f"):
            guard available >= 5, p[1] == 0x61, p[2] == 0x6C, p[3] == 0x73, p[4] == 0x65 else { throw invalidLiteral("false") }
            p += 5
            return .bool(false)
        case UInt8(ascii: "n"):
            guard available >= 4, p[1] == 0x75, p[2] == 0x6C, p[3] == 0x6C else { throw invalidLiteral("null") }
            p += 4
            return .null
        default:
            throw unexpected(", expected a value")
        }
    }

    /// A string value at the cursor (on its opening quote).
    mutating func parseStringValue() throws(JSONError) -> JSONValue {
        p += 1
        return .string(try parseString())
    }

    /// A member's key and the `:` after it.
    mutating func parseKey() throws(JSONError) -> String {
        skipWhitespace()
        guard p < end else { throw unexpectedEnd(" in an object, expected a key") }
        guard p.pointee == UInt8(ascii: "\"") else { throw unexpected(" in an object, expected a string key") }
        p += 1
        let key = try parseString()
        skipWhitespace()
        guard p < end else { throw unexpectedEnd(" after an object key, expected ':'") }
        guard p.pointee == UInt8(ascii: ":") else { throw unexpected(" after an object key, expected ':'") }
        p += 1
        return key
    }

    /// The values pushed since `mark`, moved into an array of exactly their number.
    @inline(never)
    mutating func popValues(from mark: Int) -> [JSONValue] {
        let n = valueCount - mark
        let source = values + mark
        valueCount = mark
        return [JSONValue](unsafeUninitializedCapacity: n) { buffer, count in
            buffer.baseAddress?.moveInitialize(from: source, count: n)
            count = n
        }
    }

    /// The values pushed since `mark` with their keys (the same number, last on the key
    /// stack), moved into an array of members of exactly their number.
    @inline(never)
    mutating func popMembers(from mark: Int) -> [JSONObject.Member] {
        let n = valueCount - mark
        let valueSource = values + mark
        let keySource = keys + (keyCount - n)
        valueCount = mark
        keyCount -= n
        return [JSONObject.Member](unsafeUninitializedCapacity: n) { buffer, count in
            guard let target = buffer.baseAddress else { return }
            for i in 0..<n {
                (target + i).initialize(to: JSONObject.Member((keySource + i).move(), (valueSource + i).move()))
            }
            count = n
        }
    }

    @inline(__always)
    mutating func pushValue(_ v: consuming JSONValue) {
        if valueCount == valueCapacity { growValues() }
        (values + valueCount).initialize(to: v)
        valueCount += 1
    }

    @inline(__always)
    mutating func pushKey(_ key: consuming String) {
        if keyCount == keyCapacity { growKeys() }
        (keys + keyCount).initialize(to: key)
        keyCount += 1
    }

    @inline(never)
    mutating func growValues() {
        let capacity = max(valueCapacity * 2, 16)
        let grown = UnsafeMutablePointer<JSONValue>.allocate(capacity: capacity)
        if let old = valueStorage {
            grown.moveInitialize(from: old, count: valueCount)
            old.deallocate()
        }
        valueStorage = grown
        valueCapacity = capacity
    }

    @inline(never)
    mutating func growKeys() {
        let capacity = max(keyCapacity * 2, 16)
        let grown = UnsafeMutablePointer<String>.allocate(capacity: capacity)
        if let old = keyStorage {
            grown.moveInitialize(from: old, count: keyCount)
            old.deallocate()
        }
        keyStorage = grown
        keyCapacity = capacity
    }

    // MARK: Numbers

    /// Parses a number at the cursor: an integer literal that fits in Int64 becomes `.int`
    /// (except `-0`, kept as text so its sign survives), anything else `.number(text)`.
    mutating func parseNumber() throws(JSONError) -> JSONValue {
        let start = p
        var negative = false
        if p.pointee == UInt8(ascii: "-") {
            negative = true
            p += 1
            guard p < end, Self.isDigit(p.pointee) else { throw fail("expected a digit after '-'") }
        }
        var magnitude: UInt64 = 0
        let digitsStart = p
        if p.pointee == UInt8(ascii: "0") {
            p += 1
            if p < end && Self.isDigit(p.pointee) { throw fail("leading zero in a number", at: p - 1) }
        } else {
            while p < end {
                let d = p.pointee &- UInt8(ascii: "0")
                if d > 9 { break }
                magnitude = magnitude &* 10 &+ UInt64(d)
                p += 1
            }
        }
        var isInteger = true
        if p < end && p.pointee == UInt8(ascii: ".") {
            isInteger = false
            p += 1
            guard p < end, Self.isDigit(p.pointee) else { throw fail("expected a digit after the decimal point") }
            repeat { p += 1 } while p < end && Self.isDigit(p.pointee)
        }
        if p < end && (p.pointee | 0x20) == UInt8(ascii: "e") {
            isInteger = false
            p += 1
            if p < end && (p.pointee == UInt8(ascii: "+") || p.pointee == UInt8(ascii: "-")) { p += 1 }
            guard p < end, Self.isDigit(p.pointee) else { throw fail("expected a digit in the exponent") }
            repeat { p += 1 } while p < end && Self.isDigit(p.pointee)
        }
        if isInteger && p - digitsStart <= 19 {
            // Up to 19 digits fit in UInt64 without overflow.
            if !negative {
                if magnitude <= UInt64(Int64.max) { return .int(Int64(magnitude)) }
            } else if magnitude != 0 && magnitude <= UInt64(Int64.max) + 1 {
                return .int(Int64(truncatingIfNeeded: 0 &- magnitude))
            }
        }
        let text = String(unsafeUninitializedCapacity: p - start) { buffer in
            guard let target = buffer.baseAddress else { return 0 }
            target.initialize(from: start, count: p - start)
            return p - start
        }
        return .number(text)
    }

    @inline(__always)
    static func isDigit(_ c: UInt8) -> Bool { c &- UInt8(ascii: "0") <= 9 }

    // MARK: Strings

    /// A mask with the high bit set in each byte of `w` that is `"`, `\` or below 0x20. The
    /// lowest set bit is exact (borrows only reach bytes above a true match).
    @inline(__always)
    static func stopMask(_ w: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let quote = w ^ (ones &* 0x22)
        let backslash = w ^ (ones &* 0x5C)
        let quoteHit = (quote &- ones) & ~quote
        let backslashHit = (backslash &- ones) & ~backslash
        let controlHit = (w &- ones &* 0x20) & ~w
        return (quoteHit | backslashHit | controlHit) & (ones &* 0x80)
    }

    /// Advances the cursor to the next `"`, `\` or control character (false at the end),
    /// OR-ing every byte passed into `high` so that its bit 7 tells whether any was non-ASCII.
    @inline(__always)
    mutating func scanToStop(_ high: inout UInt64) -> Bool {
        while end - p >= 8 {
            let w = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self).littleEndian
            let mask = Self.stopMask(w)
            if mask != 0 {
                let k = mask.trailingZeroBitCount &>> 3
                high |= w & ((1 &<< (UInt64(k) &* 8)) &- 1)  // only the bytes before the stop
                p += k
                return true
            }
            high |= w
            p += 8
        }
        while p < end {
            let c = p.pointee
            if c == 0x22 || c == 0x5C || c < 0x20 { return true }
            high |= UInt64(c)
            p += 1
        }
        return false
    }

    /// Parses a string whose opening quote is just before the cursor.
    mutating func parseString() throws(JSONError) -> String {
        let start = p
        var high: UInt64 = 0
        guard scanToStop(&high) else { throw fail("unterminated string", at: start - 1) }
        let c = p.pointee
        if c == UInt8(ascii: "\"") {
            guard let s = Self.makeString(start, p - start, nonASCII: high & 0x8080_8080_8080_8080 != 0) else {
                throw invalidUTF8(from: start)
            }
            p += 1
            return s
        }
        if c == UInt8(ascii: "\\") { return try parseEscapedString(from: start, high: high) }
        throw controlCharacter()
    }

    /// Continues a string at its first backslash, decoding into the scratch buffer.
    mutating func parseEscapedString(from start: UnsafePointer<UInt8>, high: UInt64) throws(JSONError) -> String {
        var high = high
        var n = p - start
        reserveScratch(n + 8, keeping: 0)
        scratch.update(from: start, count: n)
        while true {
            // The cursor is on a backslash.
            p += 1
            guard p < end else { throw fail("unterminated string", at: start - 1) }
            let e = p.pointee
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"):
                scratch[n] = e
                n += 1
            case UInt8(ascii: "n"): scratch[n] = 0x0A; n += 1
            case UInt8(ascii: "t"): scratch[n] = 0x09; n += 1
            case UInt8(ascii: "r"): scratch[n] = 0x0D; n += 1
            case UInt8(ascii: "b"): scratch[n] = 0x08; n += 1
            case UInt8(ascii: "f"): scratch[n] = 0x0C; n += 1
            case UInt8(ascii: "u"):
                n = try decodeUnicodeEscape(into: n)
                p -= 1  // decodeUnicodeEscape leaves the cursor after the last hex digit
            default:
                throw fail("invalid escape '\\\(Self.printable(e))' in a string", at: p - 1)
            }
            p += 1
            let chunk = p
            guard scanToStop(&high) else { throw fail("unterminated string", at: start - 1) }
            let length = p - chunk
            reserveScratch(n + length + 8, keeping: n)
            (scratch + n).update(from: chunk, count: length)
            n += length
            let c = p.pointee
            if c == UInt8(ascii: "\"") {
                guard let s = Self.makeString(scratch, n, nonASCII: high & 0x8080_8080_8080_8080 != 0) else {
                    throw invalidUTF8(from: start)
                }
                p += 1
                return s
            }
            if c != UInt8(ascii: "\\") { throw controlCharacter() }
        }
    }

    /// Decodes `\uXXXX` (the cursor on the `u`), or a surrogate pair of two of them, as UTF-8
    /// at `scratch[n]`; returns the new length and leaves the cursor after the last hex digit.
    mutating func decodeUnicodeEscape(into n: Int) throws(JSONError) -> Int {
        let escapeStart = p - 1
        p += 1
        var scalar = try hex4()
        if scalar & 0xFC00 == 0xD800 {
            guard end - p >= 6, p[0] == UInt8(ascii: "\\"), p[1] == UInt8(ascii: "u") else {
                throw fail("lone high surrogate \\u\(Self.hex(scalar)) not followed by a low surrogate", at: escapeStart)
            }
            p += 2
            let low = try hex4()
            guard low & 0xFC00 == 0xDC00 else {
                throw fail("high surrogate \\u\(Self.hex(scalar)) followed by \\u\(Self.hex(low)), not a low surrogate", at: escapeStart)
            }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if scalar & 0xFC00 == 0xDC00 {
            throw fail("lone low surrogate \\u\(Self.hex(scalar))", at: escapeStart)
        }
        var i = n
        if scalar < 0x80 {
            scratch[i] = UInt8(scalar); i += 1
        } else if scalar < 0x800 {
            scratch[i] = UInt8(0xC0 | (scalar >> 6)); scratch[i + 1] = UInt8(0x80 | (scalar & 0x3F)); i += 2
        } else if scalar < 0x10000 {
            scratch[i] = UInt8(0xE0 | (scalar >> 12))
            scratch[i + 1] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
            scratch[i + 2] = UInt8(0x80 | (scalar & 0x3F))
            i += 3
        } else {
            scratch[i] = UInt8(0xF0 | (scalar >> 18))
            scratch[i + 1] = UInt8(0x80 | ((scalar >> 12) & 0x3F))
            scratch[i + 2] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
            scratch[i + 3] = UInt8(0x80 | (scalar & 0x3F))
            i += 4
        }
        return i
    }

    /// Reads four hex digits at the cursor.
    @inline(__always)
    mutating func hex4() throws(JSONError) -> UInt32 {
        guard end - p >= 4 else { throw fail("truncated \\u escape", at: p - 2) }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = p.pointee
            let d: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = c - UInt8(ascii: "A") + 10
            default: throw fail("invalid hex digit \(Self.describe(c)) in a \\u escape")
            }
            v = v << 4 | UInt32(d)
            p += 1
        }
        return v
    }

    /// Makes room for `capacity` bytes in the scratch buffer, keeping its first `kept` bytes.
    @inline(__always)
    mutating func reserveScratch(_ capacity: Int, keeping kept: Int) {
        if capacity > scratchCapacity { growScratch(capacity, keeping: kept) }
    }

    @inline(never)
    mutating func growScratch(_ capacity: Int, keeping kept: Int) {
        var newCapacity = max(scratchCapacity * 2, 256)
        while newCapacity < capacity { newCapacity *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        if let old = scratchStorage {
            grown.initialize(from: old, count: kept)
            old.deallocate()
        }
        scratchStorage = grown
        scratchCapacity = newCapacity
    }

    /// A `String` from `count` bytes at `bytes`, or nil when they are not well-formed UTF-8
    /// (only checked when `nonASCII`: some byte had its high bit set). Escapes only ever add
    /// well-formed UTF-8 and cannot complete a sequence left open by raw bytes, so checking
    /// decoded bytes is the same as checking the raw ones.
    @inline(__always)
    static func makeString(_ bytes: UnsafePointer<UInt8>, _ count: Int, nonASCII: Bool) -> String? {
        if nonASCII && !isValidUTF8(bytes, count) { return nil }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// Whether `count` bytes at `bytes` are well-formed UTF-8.
    static func isValidUTF8(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        var q = bytes
        let end = bytes + count
        while q < end {
            if end - q >= 8 && UnsafeRawPointer(q).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                q += 8
                continue
            }
            let n = utf8SequenceLength(q, end)
            if n == 0 { return false }
            q += n
        }
        return true
    }

    // MARK: Errors (cold)
    //
    // These are `mutating` only so that callers pass the parser by reference: a non-mutating
    // call from a mutating function copies the whole parser onto the caller's stack frame,
    // which matters in the recursive functions.

    /// "unexpected <the byte at the cursor><context>".
    @inline(never)
    mutating func unexpected(_ context: StaticString) -> JSONError {
        fail("unexpected \(Self.describe(p.pointee))\(context)")
    }

    /// "unexpected end of input<context>".
    @inline(never)
    mutating func unexpectedEnd(_ context: StaticString) -> JSONError {
        fail("unexpected end of input\(context)")
    }

    @inline(never)
    mutating func fail(_ message: String) -> JSONError {
        JSONError(message, offset: p - base)
    }

    @inline(never)
    mutating func fail(_ message: String, at q: UnsafePointer<UInt8>) -> JSONError {
        JSONError(message, offset: q - base)
    }

    /// The error for a container opening at the cursor.
    @inline(never)
    mutating func tooDeep() -> JSONError {
        fail("nesting deeper than \(JSONValue.maximumDepth) arrays and objects")
    }

    @inline(never)
    mutating func invalidLiteral(_ name: StaticString) -> JSONError {
        fail("invalid literal, expected '\(name)'")
    }

    @inline(never)
    mutating func controlCharacter() -> JSONError {
        fail("unescaped control character \(Self.describe(p.pointee)) in a string")
    }

    /// The error for the first ill-formed UTF-8 sequence in the raw string from `start` (its
    /// first byte) to the cursor (its closing quote).
    @inline(never)
    mutating func invalidUTF8(from start: UnsafePointer<UInt8>) -> JSONError {
        var q = start
        while q < p {
            let n = Self.utf8SequenceLength(q, p)
            if n == 0 { return fail("invalid UTF-8 byte 0x\(Self.hex(UInt32(q.pointee), width: 2)) in a string", at: q) }
            q += n
        }
        return fail("invalid UTF-8 in a string", at: start)
    }

    /// The length of the well-formed UTF-8 sequence at `q` (1...4), or 0 (Unicode Table 3-7).
    static func utf8SequenceLength(_ q: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Int {
        let b0 = q.pointee
        if b0 < 0x80 { return 1 }
        let remaining = end - q
        func cont(_ k: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool {
            k < remaining && q[k] >= lo && q[k] <= hi
        }
        switch b0 {
        case 0xC2...0xDF: return cont(1) ? 2 : 0
        case 0xE0: return cont(1, 0xA0) && cont(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF: return cont(1) && cont(2) ? 3 : 0
        case 0xED: return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0
        case 0xF0: return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0
        case 0xF1...0xF3: return cont(1) && cont(2) && cont(3) ? 4 : 0
        case 0xF4: return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0
        default: return 0
        }
    }

    /// A byte for a message: `'x'` when printable ASCII, else `byte 0xNN`.
    static func describe(_ c: UInt8) -> String {
        if c >= 0x21 && c < 0x7F { return "'\(Self.printable(c))'" }
        return "byte 0x\(hex(UInt32(c), width: 2))"
    }

    static func printable(_ c: UInt8) -> String {
        c >= 0x20 && c < 0x7F ? String(UnicodeScalar(c)) : "\\x" + hex(UInt32(c), width: 2)
    }

    static func hex(_ v: UInt32, width: Int = 4) -> String {
        let digits = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
