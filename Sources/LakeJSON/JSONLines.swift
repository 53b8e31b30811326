/// The values of newline-delimited JSON (JSON lines, NDJSON) in a buffer, one per line, parsed
/// in place without copying the input.
///
/// Each line holds exactly one JSON value (a value may not span lines). Lines end with `\n`;
/// a `\r` before it is allowed. Blank lines (empty or only spaces, tabs and `\r`) are skipped.
/// Line numbers are 1-based and count every line, blank ones included. Errors carry the line
/// number and the byte offset from the start of the buffer.
///
/// ```swift
/// var lines = JSONLines(buffer)
/// while let (value, line) = try lines.next() { ... }
/// ```
///
/// The buffer must stay valid while the `JSONLines` is used. ``JSONValue/parseLines(_:_:)``
/// does the same with a closure and reuses its working memory across lines.
public struct JSONLines {
    /// The whole input.
    public let bytes: UnsafeRawBufferPointer
    /// Byte offset of the next line to read.
    public private(set) var position = 0
    /// Number of the last line read (0 before the first).
    public private(set) var lineNumber = 0

    /// Iterates the values in `bytes`.
    public init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// The next value and its 1-based line number, or nil after the last line.
    ///
    /// - Throws: ``JSONError`` with ``JSONError/line`` set when a line is not one JSON value.
    public mutating func next() throws(JSONError) -> (value: JSONValue, line: Int)? {
        guard let raw = bytes.baseAddress else { return nil }
        let base = raw.assumingMemoryBound(to: UInt8.self)
        guard let (start, end) = Self.nextLine(base, bytes.count, &position, &lineNumber) else { return nil }
        var parser = JSONParser(base: base, count: bytes.count)
        parser.reset(from: start, to: end)
        do {
            return (try parser.parseDocument(), lineNumber)
        } catch {
            throw Self.onLine(error, lineNumber)
        }
    }

    /// Finds the next non-blank line at or after `position`: its bytes without the line end,
    /// advancing `position` past it and `lineNumber` to it.
    static func nextLine(_ base: UnsafePointer<UInt8>, _ count: Int, _ position: inout Int, _ lineNumber: inout Int)
        -> (UnsafePointer<UInt8>, UnsafePointer<UInt8>)? {
        let end = base + count
        while position < count {
            let start = base + position
            let newline = findNewline(start, end)
            lineNumber += 1
            position = newline - base + 1  // past the '\n' (or past the end)
            // Trim the blank bytes around the value; a blank line has none left.
            var first = start
            while first < newline && isBlank(first.pointee) { first += 1 }
            if first == newline { continue }
            var last = newline
            while last > first && isBlank((last - 1).pointee) { last -= 1 }
            return (first, last)
        }
        return nil
    }

    @inline(__always)
    static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D }

    /// The first `\n` in `[p, end)`, or `end`.
    static func findNewline(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> UnsafePointer<UInt8> {
        var p = start
        let ones: UInt64 = 0x0101_0101_0101_0101
        while end - p >= 8 {
            let w = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self).littleEndian ^ (ones &* 0x0A)
            let mask = (w &- ones) & ~w & (ones &* 0x80)
            if mask != 0 { return p + (mask.trailingZeroBitCount &>> 3) }
            p += 8
        }
        while p < end && p.pointee != 0x0A { p += 1 }
        return p
    }

    @inline(never)
    static func onLine(_ error: JSONError, _ line: Int) -> JSONError {
        var e = error
        e.line = line
        return e
    }
}

extension JSONValue {
    /// Parses newline-delimited JSON in `bytes`, calling `body` with each value and its 1-based
    /// line number; see ``JSONLines`` for the rules (blank lines skipped, `\r\n` allowed, one
    /// value per line).
    ///
    /// - Throws: ``JSONError`` (with ``JSONError/line`` set) for a malformed line, or whatever
    ///   `body` throws; parsing stops at the first error.
    public static func parseLines(_ bytes: UnsafeRawBufferPointer, _ body: (JSONValue, _ lineNumber: Int) throws -> Void) throws {
        guard let raw = bytes.baseAddress else { return }
        let base = raw.assumingMemoryBound(to: UInt8.self)
        var parser = JSONParser(base: base, count: bytes.count)
        var position = 0
        var lineNumber = 0
        while let (start, end) = JSONLines.nextLine(base, bytes.count, &position, &lineNumber) {
            parser.reset(from: start, to: end)
            let value: JSONValue
            do {
                value = try parser.parseDocument()
            } catch {
                throw JSONLines.onLine(error, lineNumber)
            }
            try body(value, lineNumber)
        }
    }
}
