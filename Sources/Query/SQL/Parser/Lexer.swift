/// Splits SQL text into tokens, skipping whitespace and comments (`-- ...` to end of line,
/// `/* ... */` nestable).
///
/// Strings: `'...'` and `"..."`, with a doubled quote or Spark's backslash escapes (`\n`, `\t`,
/// `\r`, `\b`, `\0`, `\Z`, `\uXXXX`, three-digit octal, `\\`, `\'`; `\%` and `\_` keep their
/// backslash for LIKE; any other `\c` is `c`); `r'...'` raw strings; `X'..'` binary strings.
/// Numbers follow Spark: a word starting with digits that is not a number (`1a`) is an
/// identifier.
struct Lexer {
    private let bytes: [UInt8]
    private var i = 0
    private var line = 1
    private var column = 1
    private var tokens: [Token] = []
    /// Whether whitespace or a comment precedes the token being scanned.
    private var space = true

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The tokens of `bytes` (UTF-8), ending with an `eof` token.
    static func tokenize(_ bytes: [UInt8]) throws(QueryError) -> [Token] {
        var lexer = Lexer(bytes: bytes)
        try lexer.run()
        return lexer.tokens
    }

    // MARK: Cursor

    @inline(__always)
    private func peek(_ offset: Int = 0) -> UInt8 {
        let j = i + offset
        return j < bytes.count ? bytes[j] : 0
    }

    @inline(__always)
    private mutating func bump() {
        let b = bytes[i]
        i += 1
        if b == 0x0A {
            line += 1
            column = 1
        } else if b & 0xC0 != 0x80 {
            column += 1
        }
    }

    private var here: SourcePosition { SourcePosition(line: line, column: column) }

    private func error(_ message: String, at position: SourcePosition) -> QueryError {
        QueryError(.syntax, message, line: position.line, column: position.column)
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    private static func upper(_ b: UInt8) -> UInt8 { b >= 0x61 && b <= 0x7A ? b - 32 : b }

    // MARK: Main loop

    private mutating func run() throws(QueryError) {
        tokens.reserveCapacity(bytes.count / 4 + 1)
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case 0x20, 0x09, 0x0A, 0x0D, 0x0C, 0x0B:
                bump()
                space = true
                continue
            case UInt8(ascii: "-") where peek(1) == UInt8(ascii: "-"):
                while i < bytes.count && bytes[i] != 0x0A { bump() }
                space = true
                continue
            case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "*"):
                try skipBlockComment()
                space = true
                continue
            default:
                break
            }
            let start = i
            let position = here
            var token = try scanToken(first: b, position: position)
            token.start = start
            token.end = i
            token.position = position
            token.spaceBefore = space
            tokens.append(token)
            space = false
        }
        tokens.append(Token(kind: .eof, text: "", upper: "", suffix: nil, position: here, start: i, end: i, spaceBefore: true))
    }

    private mutating func skipBlockComment() throws(QueryError) {
        let position = here
        bump()
        bump()
        var depth = 1
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "*") && peek(1) == UInt8(ascii: "/") {
                bump()
                bump()
                depth -= 1
                if depth == 0 { return }
            } else if bytes[i] == UInt8(ascii: "/") && peek(1) == UInt8(ascii: "*") {
                bump()
                bump()
                depth += 1
            } else {
                bump()
            }
        }
        throw error("unterminated comment starting at \(position)", at: position)
    }

    private func make(_ kind: Token.Kind, _ text: String, upper: String = "", suffix: Literal.NumericSuffix? = nil) -> Token {
        Token(kind: kind, text: text, upper: upper, suffix: suffix, position: .unknown, start: 0, end: 0, spaceBefore: false)
    }

    private mutating func symbol(_ kind: Token.Kind, _ text: String) -> Token {
        for _ in 0..<text.utf8.count { bump() }
        return make(kind, text)
    }

    private mutating func scanToken(first b: UInt8, position: SourcePosition) throws(QueryError) -> Token {
        if SQLKeywords.isIdentifierStart(b) {
            let next = peek(1)
            if (b == UInt8(ascii: "x") || b == UInt8(ascii: "X")) && next == UInt8(ascii: "'") {
                bump()
                return try scanBinary(position: position)
            }
            if (b == UInt8(ascii: "r") || b == UInt8(ascii: "R")) && (next == UInt8(ascii: "'") || next == UInt8(ascii: "\"")) {
                bump()
                return try scanRawString(position: position)
            }
            return scanWord()
        }
        if Lexer.isDigit(b) { return scanNumber() }
        switch b {
        case UInt8(ascii: "."):
            if Lexer.isDigit(peek(1)), !previousIsName { return scanNumber() }
            return symbol(.dot, ".")
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            return try scanString(quote: b, position: position)
        case UInt8(ascii: "`"):
            return try scanQuotedIdentifier(position: position)
        case UInt8(ascii: "("): return symbol(.leftParen, "(")
        case UInt8(ascii: ")"): return symbol(.rightParen, ")")
        case UInt8(ascii: "["): return symbol(.leftBracket, "[")
        case UInt8(ascii: "]"): return symbol(.rightBracket, "]")
        case UInt8(ascii: ","): return symbol(.comma, ",")
        case UInt8(ascii: ";"): return symbol(.semicolon, ";")
        case UInt8(ascii: "*"): return symbol(.star, "*")
        case UInt8(ascii: "+"): return symbol(.plus, "+")
        case UInt8(ascii: "-"):
            return peek(1) == UInt8(ascii: ">") ? symbol(.arrow, "->") : symbol(.minus, "-")
        case UInt8(ascii: "/"): return symbol(.slash, "/")
        case UInt8(ascii: "%"): return symbol(.percent, "%")
        case UInt8(ascii: "="):
            if peek(1) == UInt8(ascii: "=") { return symbol(.doubleEqual, "==") }
            if peek(1) == UInt8(ascii: ">") { return symbol(.fatArrow, "=>") }
            return symbol(.equal, "=")
        case UInt8(ascii: "<"):
            if peek(1) == UInt8(ascii: "=") {
                return peek(2) == UInt8(ascii: ">") ? symbol(.nullSafeEqual, "<=>") : symbol(.lessEqual, "<=")
            }
            if peek(1) == UInt8(ascii: ">") { return symbol(.lessGreater, "<>") }
            return symbol(.less, "<")
        case UInt8(ascii: ">"):
            return peek(1) == UInt8(ascii: "=") ? symbol(.greaterEqual, ">=") : symbol(.greater, ">")
        case UInt8(ascii: "!"):
            return peek(1) == UInt8(ascii: "=") ? symbol(.bangEqual, "!=") : symbol(.bang, "!")
        case UInt8(ascii: "|"):
            return peek(1) == UInt8(ascii: "|") ? symbol(.concat, "||") : symbol(.pipe, "|")
        case UInt8(ascii: "&"): return symbol(.ampersand, "&")
        case UInt8(ascii: "^"): return symbol(.caret, "^")
        case UInt8(ascii: "~"): return symbol(.tilde, "~")
        case UInt8(ascii: ":"):
            return peek(1) == UInt8(ascii: ":") ? symbol(.doubleColon, "::") : symbol(.colon, ":")
        case UInt8(ascii: "?"): return symbol(.question, "?")
        case UInt8(ascii: "@"): return symbol(.at, "@")
        case UInt8(ascii: "$") where peek(1) == UInt8(ascii: "{"):
            return try scanSubstitution(position: position)
        default:
            let scalar = String(decoding: bytes[i..<min(i + utf8Length(b), bytes.count)], as: UTF8.self)
            throw error("unexpected character '\(scalar)'", at: position)
        }
    }

    private func utf8Length(_ b: UInt8) -> Int {
        b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
    }

    /// Whether the token before a `.` is a name the dot directly follows (`t.5` is a name,
    /// a dot and a number; `BETWEEN .5` is a decimal).
    private var previousIsName: Bool {
        guard !space, let last = tokens.last else { return false }
        return last.kind == .word || last.kind == .quotedIdentifier || last.kind == .rightParen || last.kind == .rightBracket
    }

    private func text(_ from: Int, _ to: Int) -> String {
        String(decoding: bytes[from..<to], as: UTF8.self)
    }

    // MARK: Words and numbers

    private mutating func scanWord() -> Token {
        let start = i
        while i < bytes.count && SQLKeywords.isIdentifierPart(bytes[i]) { bump() }
        return word(from: start)
    }

    private func word(from start: Int) -> Token {
        var up = [UInt8]()
        up.reserveCapacity(i - start)
        for j in start..<i { up.append(Lexer.upper(bytes[j])) }
        return make(.word, text(start, i), upper: String(decoding: up, as: UTF8.self))
    }

    private mutating func scanNumber() -> Token {
        let start = i
        var isDecimal = false
        var isScientific = false
        while Lexer.isDigit(peek()) { bump() }
        if peek() == UInt8(ascii: ".") {
            isDecimal = true
            bump()
            while Lexer.isDigit(peek()) { bump() }
        }
        let e = peek()
        if e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            let n1 = peek(1)
            if Lexer.isDigit(n1) || ((n1 == UInt8(ascii: "+") || n1 == UInt8(ascii: "-")) && Lexer.isDigit(peek(2))) {
                isScientific = true
                bump()
                if !Lexer.isDigit(peek()) { bump() }
                while Lexer.isDigit(peek()) { bump() }
            }
        }
        let numberEnd = i
        // Type suffix, only when not followed by more identifier characters.
        var suffix: Literal.NumericSuffix?
        var suffixLength = 0
        let s1 = Lexer.upper(peek()), s2 = Lexer.upper(peek(1))
        if s1 == UInt8(ascii: "B") && s2 == UInt8(ascii: "D") && !SQLKeywords.isIdentifierPart(peek(2)) {
            suffix = .decimal
            suffixLength = 2
        } else if !SQLKeywords.isIdentifierPart(s2) || i + 1 >= bytes.count {
            switch s1 {
            case UInt8(ascii: "D"): suffix = .double
            case UInt8(ascii: "F"): suffix = .float
            case UInt8(ascii: "L") where !isDecimal && !isScientific: suffix = .bigint
            case UInt8(ascii: "S") where !isDecimal && !isScientific: suffix = .smallint
            case UInt8(ascii: "Y") where !isDecimal && !isScientific: suffix = .tinyint
            default: break
            }
            if suffix != nil { suffixLength = 1 }
        }
        if let suffix {
            for _ in 0..<suffixLength { bump() }
            return make(.integer, text(start, numberEnd), suffix: suffix).with(kind: isScientific ? .scientific : isDecimal ? .decimal : .integer)
        }
        if !isDecimal, i < bytes.count, SQLKeywords.isIdentifierPart(bytes[i]) {
            // `123abc`, `1e3x`: an identifier, as in Spark.
            while i < bytes.count && SQLKeywords.isIdentifierPart(bytes[i]) { bump() }
            return word(from: start)
        }
        return make(isScientific ? .scientific : isDecimal ? .decimal : .integer, text(start, numberEnd))
    }

    // MARK: Quoted forms

    private mutating func scanQuotedIdentifier(position: SourcePosition) throws(QueryError) -> Token {
        bump()
        var out = [UInt8]()
        while true {
            guard i < bytes.count else {
                throw error("unterminated quoted identifier starting at \(position)", at: position)
            }
            let b = bytes[i]
            bump()
            if b == UInt8(ascii: "`") {
                if peek() == UInt8(ascii: "`") {
                    bump()
                    out.append(b)
                } else {
                    break
                }
            } else {
                out.append(b)
            }
        }
        return make(.quotedIdentifier, String(decoding: out, as: UTF8.self))
    }

    private mutating func scanSubstitution(position: SourcePosition) throws(QueryError) -> Token {
        bump()
        bump()
        let start = i
        while i < bytes.count && bytes[i] != UInt8(ascii: "}") && bytes[i] != 0x0A { bump() }
        guard i < bytes.count, bytes[i] == UInt8(ascii: "}") else {
            throw error("unterminated '${' parameter starting at \(position)", at: position)
        }
        let name = text(start, i)
        bump()
        guard !name.isEmpty else { throw error("empty '${}' parameter", at: position) }
        return make(.substitution, name)
    }

    private mutating func scanBinary(position: SourcePosition) throws(QueryError) -> Token {
        bump()  // the quote
        let start = i
        while i < bytes.count && bytes[i] != UInt8(ascii: "'") { bump() }
        guard i < bytes.count else {
            throw error("unterminated string literal starting at \(position)", at: position)
        }
        let hex = text(start, i)
        bump()
        for b in hex.utf8 where Lexer.hexValue(b) == nil {
            throw error("invalid hexadecimal digit in binary literal X'\(hex)'", at: position)
        }
        return make(.binaryString, hex)
    }

    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }

    private mutating func scanRawString(position: SourcePosition) throws(QueryError) -> Token {
        let quote = bytes[i]
        bump()
        let start = i
        while i < bytes.count && bytes[i] != quote { bump() }
        guard i < bytes.count else {
            throw error("unterminated string literal starting at \(position)", at: position)
        }
        let value = text(start, i)
        bump()
        return make(.string, value)
    }

    private mutating func scanString(quote: UInt8, position: SourcePosition) throws(QueryError) -> Token {
        bump()
        var out = [UInt8]()
        while true {
            guard i < bytes.count else {
                throw error("unterminated string literal starting at \(position)", at: position)
            }
            let b = bytes[i]
            if b == quote {
                bump()
                if peek() == quote {
                    bump()
                    out.append(quote)
                    continue
                }
                break
            }
            if b == UInt8(ascii: "\\") {
                let escapePosition = here
                bump()
                guard i < bytes.count else {
                    throw error("unterminated string literal starting at \(position)", at: position)
                }
                try unescape(into: &out, at: escapePosition)
                continue
            }
            out.append(b)
            bump()
        }
        return make(.string, String(decoding: out, as: UTF8.self))
    }

    /// Decodes the escape after a backslash (the cursor is on the character after it).
    private mutating func unescape(into out: inout [UInt8], at position: SourcePosition) throws(QueryError) {
        let c = bytes[i]
        func isOctal(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x37 }
        if c == UInt8(ascii: "u") {
            var value: UInt32 = 0
            for k in 1...4 {
                guard let h = Lexer.hexValue(peek(k)) else {
                    throw error("invalid unicode escape in string literal (expected \\u and four hex digits)", at: position)
                }
                value = value << 4 | UInt32(h)
            }
            guard let scalar = Unicode.Scalar(value) else {
                throw error("invalid unicode escape \\u\(text(i + 1, i + 5)) in string literal", at: position)
            }
            for _ in 0..<5 { bump() }
            out.append(contentsOf: Array(String(Character(scalar)).utf8))
            return
        }
        if c >= 0x30 && c <= 0x33 && isOctal(peek(1)) && isOctal(peek(2)) {
            let value = UInt32(c - 0x30) << 6 | UInt32(peek(1) - 0x30) << 3 | UInt32(peek(2) - 0x30)
            for _ in 0..<3 { bump() }
            out.append(contentsOf: Array(String(Character(Unicode.Scalar(UInt8(value)))).utf8))
            return
        }
        bump()
        switch c {
        case UInt8(ascii: "0"): out.append(0)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "Z"): out.append(0x1A)
        case UInt8(ascii: "%"), UInt8(ascii: "_"):
            out.append(UInt8(ascii: "\\"))
            out.append(c)
        default:
            // Any other escaped character stands for itself (including multi-byte ones).
            out.append(c)
            while i < bytes.count && bytes[i] & 0xC0 == 0x80 {
                out.append(bytes[i])
                bump()
            }
        }
    }
}

extension Token {
    /// A copy with another kind.
    func with(kind: Kind) -> Token {
        var t = self
        t.kind = kind
        return t
    }
}
