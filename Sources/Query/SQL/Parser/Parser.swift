/// The recursive-descent parser's state and shared helpers. The grammar lives in the
/// `Parser+*.swift` extensions.
struct Parser {
    /// See ``SQLParser/maximumDepth``.
    static let maximumDepth = 256

    /// The UTF-8 text (for raw `SET` values and error excerpts).
    let source: [UInt8]
    /// The tokens, ending with `eof`.
    let tokens: [Token]
    /// The current token's index.
    var index = 0
    /// Current nesting depth (see ``enter()``).
    var depth = 0
    /// `?` markers seen so far in the current statement.
    var positionalCount = 0
    /// The token index the `expected` list belongs to.
    var expectedIndex = -1
    /// What the grammar tried at `expectedIndex`, for error messages.
    var expected: [String] = []
    /// The last implicit alias (a name taken as an alias without `AS`) and the keywords that
    /// could have stood there instead: if the very next token fails to parse, the alias was
    /// probably a misspelt keyword (`SELECT a FORM t`), and the error points at it.
    var implicitAlias: (index: Int, alternatives: [String])?

    init(_ sql: String) throws {
        source = Array(sql.utf8)
        tokens = try Lexer.tokenize(source)
    }

    // MARK: Cursor

    var token: Token { tokens[index] }

    func peek(_ offset: Int) -> Token { tokens[min(index + offset, tokens.count - 1)] }

    @discardableResult
    mutating func advance() -> Token {
        let t = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return t
    }

    /// Records that `what` could stand at the current token (for error messages).
    mutating func expecting(_ what: String) {
        if expectedIndex != index {
            expectedIndex = index
            expected.removeAll(keepingCapacity: true)
        }
        expected.append(what)
    }

    /// Whether the current token is the word `keyword` (uppercase), recording the expectation.
    mutating func at(_ keyword: String) -> Bool {
        expecting(keyword)
        return token.isWord(keyword)
    }

    /// Consumes the word `keyword` if it is next.
    mutating func accept(_ keyword: String) -> Bool {
        if at(keyword) {
            advance()
            return true
        }
        return false
    }

    /// Consumes the word `keyword` or fails.
    @discardableResult
    mutating func expect(_ keyword: String) throws -> Token {
        guard at(keyword) else { throw unexpected() }
        return advance()
    }

    /// Whether the current token has the given kind, recording the expectation.
    mutating func at(_ kind: Token.Kind) -> Bool {
        expecting(Parser.name(of: kind))
        return token.kind == kind
    }

    /// Consumes a token of the given kind if it is next.
    mutating func accept(_ kind: Token.Kind) -> Bool {
        if at(kind) {
            advance()
            return true
        }
        return false
    }

    /// Consumes a token of the given kind or fails.
    @discardableResult
    mutating func expect(_ kind: Token.Kind) throws -> Token {
        guard at(kind) else { throw unexpected() }
        return advance()
    }

    /// Consumes the `)` (or `]`, `>`) matching `open` or fails naming where `open` was.
    mutating func expectClose(_ open: Token) throws {
        let kind: Token.Kind
        switch open.kind {
        case .leftBracket: kind = .rightBracket
        case .less: kind = .greater
        default: kind = .rightParen
        }
        let closing = Parser.name(of: kind)
        expecting(closing)
        if token.kind == kind {
            advance()
            return
        }
        if let error = misspeltAliasError() { throw error }
        throw error("expected \(closing) to close '\(open.text)' at \(open.position), found \(describe(token))")
    }

    /// Enters one nesting level; fails beyond ``maximumDepth``. Pair with `defer { depth -= 1 }`.
    mutating func enter() throws {
        guard depth < Parser.maximumDepth else { throw depthError() }
        depth += 1
    }

    static let depthMessage = "nesting too deep (more than \(Parser.maximumDepth) levels of parentheses, subqueries or chained operators)"

    /// The error for exceeding ``maximumDepth``.
    func depthError() -> QueryError {
        error(Parser.depthMessage)
    }

    // MARK: Names

    /// Whether the current token can start a name: a backquoted identifier or a non-reserved word.
    var atName: Bool {
        token.kind == .quotedIdentifier || (token.kind == .word && !SQLKeywords.reserved.contains(token.upper))
    }

    /// Parses an identifier (a non-reserved word or a backquoted name).
    mutating func parseIdentifier() throws -> Identifier {
        expecting("an identifier")
        guard atName else {
            if token.kind == .word, expected.count == 1 {
                throw error("unexpected '\(token.text)', expected an identifier; \(token.upper) is a reserved word, write `\(token.text)` to use it as a name")
            }
            throw unexpected()
        }
        let t = advance()
        return Identifier(t.text, position: t.position)
    }

    /// Parses an identifier where any word, even a reserved one, is unambiguous
    /// (after a dot, as a struct field name).
    mutating func parseAnyWordIdentifier() throws -> Identifier {
        expecting("an identifier")
        guard token.isName else { throw unexpected() }
        let t = advance()
        return Identifier(t.text, position: t.position)
    }

    /// Parses `a.b.c`.
    mutating func parseQualifiedName() throws -> QualifiedName {
        var parts = [try parseIdentifier()]
        while token.kind == .dot && peek(1).isName {
            advance()
            parts.append(try parseAnyWordIdentifier())
        }
        return QualifiedName(parts)
    }

    /// Parses `(a, b, c)`.
    mutating func parseIdentifierList() throws -> [Identifier] {
        let open = try expect(.leftParen)
        var names: [Identifier] = []
        repeat { names.append(try parseIdentifier()) } while accept(.comma)
        try expectClose(open)
        return names
    }

    /// Parses a string literal (adjacent literals concatenated).
    mutating func parseStringLiteral() throws -> String {
        expecting("a string literal")
        guard token.kind == .string else { throw unexpected() }
        var s = advance().text
        while token.kind == .string { s += advance().text }
        return s
    }

    // MARK: Errors

    /// A syntax error at the current token.
    func error(_ message: String) -> QueryError {
        error(message, at: token.position)
    }

    /// A syntax error at `position`.
    func error(_ message: String, at position: SourcePosition) -> QueryError {
        QueryError(.syntax, message, line: position.line, column: position.column)
    }

    /// "unexpected X, expected A, B, C; did you mean 'K'?" at the current token.
    func unexpected() -> QueryError {
        if let e = misspeltAliasError() { return e }
        let t = token
        var message = "unexpected " + describe(t)
        let list = expectedIndex == index ? Parser.unique(expected) : []
        if !list.isEmpty { message += ", expected " + Parser.format(list) }
        if t.kind == .word, let s = SQLKeywords.suggestion(for: t.text, among: list.filter(Parser.isKeyword)) {
            message += "; did you mean '\(s)'?"
        }
        return error(message, at: t.position)
    }

    /// When the previous token was taken as an implicit alias and looks like a misspelt
    /// keyword, the error for it.
    func misspeltAliasError() -> QueryError? {
        guard let alias = implicitAlias, alias.index == index - 1 else { return nil }
        let t = tokens[alias.index]
        guard t.kind == .word, let s = SQLKeywords.suggestion(for: t.text, among: alias.alternatives) else { return nil }
        let message = "unexpected \(describe(t)), expected " + Parser.format(alias.alternatives) + "; did you mean '\(s)'?"
        return error(message, at: t.position)
    }

    /// A token as shown in messages.
    func describe(_ t: Token) -> String {
        switch t.kind {
        case .eof: return "end of input"
        case .string: return "string literal " + Parser.excerpt(SQLFormat.string(t.text))
        default:
            let raw = String(decoding: source[t.start..<t.end], as: UTF8.self)
            return "'" + Parser.excerpt(raw) + "'"
        }
    }

    static func excerpt(_ s: String) -> String {
        s.count > 40 ? String(s.prefix(37)) + "..." : s
    }

    static func isKeyword(_ s: String) -> Bool {
        guard let f = s.utf8.first else { return false }
        return f >= 0x41 && f <= 0x5A && s.utf8.allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || $0 == 0x5F }
    }

    static func unique(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }

    static func format(_ items: [String]) -> String {
        let shown = items.prefix(14)
        return shown.joined(separator: ", ") + (items.count > shown.count ? ", ..." : "")
    }

    static func name(of kind: Token.Kind) -> String {
        switch kind {
        case .word: return "a word"
        case .quotedIdentifier: return "a quoted identifier"
        case .string: return "a string literal"
        case .binaryString: return "a binary literal"
        case .integer: return "an integer"
        case .decimal, .scientific: return "a number"
        case .substitution: return "a ${parameter}"
        case .leftParen: return "'('"
        case .rightParen: return "')'"
        case .leftBracket: return "'['"
        case .rightBracket: return "']'"
        case .comma: return "','"
        case .dot: return "'.'"
        case .semicolon: return "';'"
        case .star: return "'*'"
        case .plus: return "'+'"
        case .minus: return "'-'"
        case .slash: return "'/'"
        case .percent: return "'%'"
        case .equal: return "'='"
        case .doubleEqual: return "'=='"
        case .lessGreater: return "'<>'"
        case .bangEqual: return "'!='"
        case .less: return "'<'"
        case .lessEqual: return "'<='"
        case .greater: return "'>'"
        case .greaterEqual: return "'>='"
        case .nullSafeEqual: return "'<=>'"
        case .concat: return "'||'"
        case .pipe: return "'|'"
        case .ampersand: return "'&'"
        case .caret: return "'^'"
        case .tilde: return "'~'"
        case .bang: return "'!'"
        case .doubleColon: return "'::'"
        case .colon: return "':'"
        case .question: return "'?'"
        case .at: return "'@'"
        case .arrow: return "'->'"
        case .fatArrow: return "'=>'"
        case .eof: return "end of input"
        }
    }
}
