import Testing
import LakeJSON

/// Newline-delimited JSON: line splitting, blank lines, CRLF, line numbers in errors.
@Suite struct JSONLinesTests {
    /// The (value, line) pairs of `text`, read both with `parseLines` and with `JSONLines`,
    /// which must agree.
    static func lines(_ text: String) throws -> [(JSONValue, Int)] {
        let bytes = Array(text.utf8)
        var viaClosure: [(JSONValue, Int)] = []
        try bytes.withUnsafeBytes { buffer in
            try JSONValue.parseLines(buffer) { value, line in viaClosure.append((value, line)) }
        }
        var viaIterator: [(JSONValue, Int)] = []
        try bytes.withUnsafeBytes { buffer in
            var lines = JSONLines(buffer)
            while let (value, line) = try lines.next() { viaIterator.append((value, line)) }
        }
        #expect(viaClosure.map(\.0) == viaIterator.map(\.0))
        #expect(viaClosure.map(\.1) == viaIterator.map(\.1))
        return viaClosure
    }

    /// The error reading `text`, checking both readers report the same one.
    static func error(_ text: String) -> JSONError? {
        let bytes = Array(text.utf8)
        var closureError: JSONError?
        do {
            try bytes.withUnsafeBytes { buffer in try JSONValue.parseLines(buffer) { _, _ in } }
        } catch {
            closureError = error as? JSONError
        }
        var iteratorError: JSONError?
        bytes.withUnsafeBytes { buffer in
            var lines = JSONLines(buffer)
            do throws(JSONError) {
                while try lines.next() != nil {}
            } catch {
                iteratorError = error
            }
        }
        #expect(closureError?.offset == iteratorError?.offset)
        #expect(closureError?.line == iteratorError?.line)
        #expect(closureError?.message == iteratorError?.message)
        return closureError
    }

    @Test func oneValuePerLine() throws {
        let read = try Self.lines("{\"a\":1}\n[2]\n\"three\"\n4\nnull")
        #expect(read.map(\.0) == [["a": 1], [2], "three", 4, nil])
        #expect(read.map(\.1) == [1, 2, 3, 4, 5])
    }

    @Test func blankLinesAndLineEndings() throws {
        let read = try Self.lines("\n{\"a\":1}\r\n\r\n   \n\t \r\n  [2]  \r\n\n3\n\n")
        #expect(read.map(\.0) == [["a": 1], [2], 3])
        #expect(read.map(\.1) == [2, 6, 8])
        #expect(try Self.lines("").isEmpty)
        #expect(try Self.lines("\n\n\r\n  \n").isEmpty)
        #expect(try Self.lines("1").map(\.0) == [1])
        #expect(try Self.lines("1\n").map(\.0) == [1])
        #expect(try Self.lines("\"a\\nb\"\r\n").map(\.0) == ["a\nb"])
    }

    @Test func deltaCommitFile() throws {
        // delta-rs writes no newline after the last action.
        let text = DeltaLogSamples.deltaRS.joined(separator: "\n")
        let read = try Self.lines(text)
        #expect(read.count == DeltaLogSamples.deltaRS.count)
        #expect(read.map { $0.0.serialized() } == DeltaLogSamples.deltaRS)
        #expect(read.compactMap { $0.0.objectValue?.keys.first } == ["commitInfo", "protocol", "metaData", "add", "add"])
        let crlf = DeltaLogSamples.spark.joined(separator: "\r\n") + "\r\n"
        #expect(try Self.lines(crlf).map { $0.0.serialized() } == DeltaLogSamples.spark)
    }

    @Test func errorsNameTheLine() throws {
        let text = "{\"a\":1}\n\n{\"b\":2,}\n{\"c\":3}\n"
        let error = try #require(Self.error(text))
        #expect(error.line == 3)
        #expect(error.offset == 16)  // from the start of the buffer: the "}" after the comma
        #expect(error.description == "invalid JSON at line 3 (byte 16): unexpected '}' in an object, expected a string key")
    }

    @Test(arguments: [
        ("{\"a\":\n1}", 1),        // a value may not span lines
        ("[1,\n2]", 1),
        ("1 2\n", 1),              // two values on a line
        ("1\n2 x", 2),
        ("1\r\r\n2\n\u{0C}\n", 3),  // form feed is not blank
        ("\"a\rb\"\n", 1),          // a raw CR inside a string
        ("1\n\"unterminated\n\"", 2),
    ] as [(String, Int)])
    func rejected(text: String, line: Int) {
        #expect(Self.error(text)?.line == line)
    }

    @Test func bodyErrorsPropagate() {
        struct Stop: Error {}
        var seen: [Int] = []
        #expect(throws: Stop.self) {
            try Array("1\n2\n3\n".utf8).withUnsafeBytes { buffer in
                try JSONValue.parseLines(buffer) { _, line in
                    seen.append(line)
                    if line == 2 { throw Stop() }
                }
            }
        }
        #expect(seen == [1, 2])
    }

    @Test func iteratorPosition() throws {
        try Array("1\n\n2\n".utf8).withUnsafeBytes { buffer throws in
            var lines = JSONLines(buffer)
            #expect(lines.lineNumber == 0)
            #expect(try lines.next()?.value == 1)
            #expect(lines.position == 2)
            #expect(try lines.next()?.line == 3)
            #expect(try lines.next() == nil)
            #expect(try lines.next() == nil)
            #expect(lines.position == 5)
        }
        var empty = JSONLines(UnsafeRawBufferPointer(start: nil, count: 0))
        #expect(try empty.next() == nil)
    }

    @Test func manyLines() throws {
        var text = ""
        for i in 0..<5000 { text += "{\"i\":\(i),\"s\":\"line \\\"\(i)\\\"\"}" + (i % 3 == 0 ? "\r\n" : "\n") }
        var count = 0
        try Array(text.utf8).withUnsafeBytes { buffer in
            try JSONValue.parseLines(buffer) { value, line in
                #expect(value["i"] == .int(Int64(line - 1)))
                #expect(value["s"] == .string("line \"\(line - 1)\""))
                count += 1
            }
        }
        #expect(count == 5000)
    }
}
