extension JSONValue {
    /// The deepest nesting of arrays and objects the parser accepts (512); deeper input is
    /// rejected with a ``JSONError``. The parser itself does not recurse, but serializing,
    /// comparing, hashing and destroying a value do, so the limit keeps hostile input from
    /// producing values that overflow a thread's stack later.
    public static let maximumDepth = 512

    /// Parses exactly one JSON value from UTF-8 bytes (whitespace allowed around it).
    ///
    /// The parser is strict RFC 8259: it rejects trailing commas, comments, single quotes,
    /// `NaN`/`Infinity`, leading zeros, a leading `+`, unescaped control characters in strings,
    /// invalid UTF-8 anywhere in a string, a byte order mark, and `\u` escapes that are lone
    /// surrogates (rejected, not replaced by U+FFFD, so that every accepted document has one
    /// meaning). Nesting deeper than ``maximumDepth`` is rejected. Duplicate keys are kept in
    /// order (see ``JSONObject``).
    ///
    /// Integer literals that fit in `Int64` become ``int(_:)``; every other number (fraction,
    /// exponent, beyond `Int64`, and `-0`, whose sign an `Int64` would lose) becomes
    /// ``number(_:)`` holding the literal text exactly as written.
    ///
    /// - Throws: ``JSONError`` with the byte offset of the problem.
    public init(parsing bytes: UnsafeRawBufferPointer) throws(JSONError) {
        guard let base = bytes.baseAddress, bytes.count > 0 else {
            throw JSONError("unexpected end of input, expected a value", offset: 0)
        }
        var parser = JSONParser(base: base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        self = try parser.parseDocument()
    }

    /// Parses exactly one JSON value from a string; see ``init(parsing:)-(UnsafeRawBufferPointer)``.
    ///
    /// - Throws: ``JSONError`` with the byte offset (in the string's UTF-8) of the problem.
    public init(parsing text: String) throws(JSONError) {
        var text = text
        let result = text.withUTF8 { utf8 in
            Result { () throws(JSONError) in try JSONValue(parsing: UnsafeRawBufferPointer(utf8)) }
        }
        self = try result.get()
    }

    /// Parses exactly one JSON value from a collection of UTF-8 bytes (an array, a slice, ...);
    /// see ``init(parsing:)-(UnsafeRawBufferPointer)``.
    ///
    /// - Throws: ``JSONError`` with the byte offset (from the collection's start) of the problem.
    @inlinable
    public init<C: Collection>(parsing bytes: C) throws(JSONError) where C.Element == UInt8 {
        let contiguous = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONError) in try JSONValue(parsing: UnsafeRawBufferPointer(buffer)) }
        }
        if let contiguous {
            self = try contiguous.get()
        } else {
            let copy = Array(bytes)
            self = try copy.withUnsafeBytes { buffer in
                Result { () throws(JSONError) in try JSONValue(parsing: buffer) }
            }.get()
        }
    }
}
