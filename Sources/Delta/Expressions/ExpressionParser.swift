import Columnar

/// Parses SQL predicate text — what `--replace-where` and the Swift API accept — into an
/// ``Expression``: comparisons (`= == != <> < <= > >= <=>`), `AND`/`OR`/`NOT`, `IS [NOT] NULL`,
/// `[NOT] IN (...)`, `[NOT] BETWEEN a AND b`, parentheses, column names (dotted, or quoted
/// with backticks), and literals: numbers, `'strings'`, `TRUE`/`FALSE`/`NULL`,
/// `DATE '...'`, `TIMESTAMP '...'`, `TIMESTAMP_NTZ '...'`.
///
/// Errors say where (1-based column) and what was found.
public struct ExpressionParser {
    enum Token: Equatable {
        case identifier(String)
        case quotedIdentifier(String)
        case string(String)
        case number(String)
        case symbol(String)
        case end
    }

    private var tokens: [(token: Token, position: Int)] = []
    private var index = 0
    private let text: String

    /// Parses `text`.
    public static func parse(_ text: String) throws -> Expression {
        var parser = try ExpressionParser(text)
        let e = try parser.parseOr()
        guard parser.peek == .end else { throw parser.error("unexpected \(parser.describe(parser.peek))") }
        return e
    }

    init(_ text: String) throws {
        self.text = text
        tokens = try Self.tokenize(text)
    }

    var peek: Token { tokens[index].token }

    func error(_ message: String) -> DeltaError {
        DeltaError(.invalidArgument, "cannot parse the predicate \"\(text)\" at column \(tokens[index].position + 1): \(message)")
    }

    func describe(_ t: Token) -> String {
        switch t {
        case .identifier(let s), .quotedIdentifier(let s): "'\(s)'"
        case .string(let s): "the string '\(s)'"
        case .number(let s): "the number \(s)"
        case .symbol(let s): "'\(s)'"
        case .end: "the end of the predicate"
        }
    }

    mutating func advance() -> Token {
        let t = tokens[index].token
        if index < tokens.count - 1 { index += 1 }
        return t
    }

    func isKeyword(_ t: Token, _ word: String) -> Bool {
        if case .identifier(let s) = t { return s.uppercased() == word }
        return false
    }

    mutating func accept(_ word: String) -> Bool {
        if isKeyword(peek, word) { _ = advance(); return true }
        return false
    }

    mutating func acceptSymbol(_ s: String) -> Bool {
        if peek == .symbol(s) { _ = advance(); return true }
        return false
    }

    mutating func expectSymbol(_ s: String) throws {
        guard acceptSymbol(s) else { throw error("expected '\(s)' but found \(describe(peek))") }
    }

    mutating func parseOr() throws -> Expression {
        var terms = [try parseAnd()]
        while accept("OR") { terms.append(try parseAnd()) }
        return terms.count == 1 ? terms[0] : .or(terms)
    }

    mutating func parseAnd() throws -> Expression {
        var terms = [try parseNot()]
        while accept("AND") { terms.append(try parseNot()) }
        return terms.count == 1 ? terms[0] : .and(terms)
    }

    mutating func parseNot() throws -> Expression {
        if accept("NOT") { return .not(try parseNot()) }
        return try parsePredicate()
    }

    mutating func parsePredicate() throws -> Expression {
        let left = try parseOperand()
        if accept("IS") {
            let negated = accept("NOT")
            guard accept("NULL") else { throw error("expected NULL after IS") }
            return negated ? .isNotNull(left) : .isNull(left)
        }
        let negated = accept("NOT")
        if accept("IN") {
            try expectSymbol("(")
            var list = [try parseOperand()]
            while acceptSymbol(",") { list.append(try parseOperand()) }
            try expectSymbol(")")
            return .inList(left, list, negated: negated)
        }
        if accept("BETWEEN") {
            let low = try parseOperand()
            guard accept("AND") else { throw error("expected AND in BETWEEN") }
            let high = try parseOperand()
            let range = Expression.and([.comparison(.greaterOrEqual, left, low), .comparison(.lessOrEqual, left, high)])
            return negated ? .not(range) : range
        }
        if negated { throw error("expected IN or BETWEEN after NOT") }
        let operators: [String: Expression.ComparisonOperator] = [
            "=": .equal, "==": .equal, "!=": .notEqual, "<>": .notEqual, "<": .less, "<=": .lessOrEqual,
            ">": .greater, ">=": .greaterOrEqual, "<=>": .nullSafeEqual,
        ]
        if case .symbol(let s) = peek, let op = operators[s] {
            _ = advance()
            return .comparison(op, left, try parseOperand())
        }
        switch left {
        case .literal(_, .boolean): return left
        case .column: return .comparison(.equal, left, .literal(.boolean(true), .boolean))
        case .literal: throw error("expected a comparison after \(left)")
        default: return left  // a parenthesized condition
        }
    }

    mutating func parseOperand() throws -> Expression {
        let t = advance()
        switch t {
        case .symbol("("):
            let e = try parseOr()
            try expectSymbol(")")
            return e
        case .symbol("-"):
            guard case .number(let n) = advance() else { throw error("expected a number after '-'") }
            return Self.number("-" + n)
        case .number(let n):
            return Self.number(n)
        case .string(let s):
            return .literal(.string(s), .string)
        case .quotedIdentifier(let name):
            return try parseDotted(name)
        case .identifier(let word):
            switch word.uppercased() {
            case "TRUE": return .literal(.boolean(true), .boolean)
            case "FALSE": return .literal(.boolean(false), .boolean)
            case "NULL": return .literal(.null, .string)
            case "DATE", "TIMESTAMP", "TIMESTAMP_NTZ":
                if case .string(let s) = peek {
                    _ = advance()
                    let type: DataType = word.uppercased() == "DATE" ? .date : word.uppercased() == "TIMESTAMP" ? .timestamp : .timestampNTZ
                    guard let value = Literals.parse(s, as: type) else { throw error("'\(s)' is not a valid \(word.uppercased())") }
                    return .literal(value, type)
                }
                return try parseDotted(word)
            default:
                return try parseDotted(word)
            }
        default:
            throw error("expected a column or a value but found \(describe(t))")
        }
    }

    mutating func parseDotted(_ first: String) throws -> Expression {
        var name = first
        while acceptSymbol(".") {
            switch advance() {
            case .identifier(let s), .quotedIdentifier(let s): name += "." + s
            default: throw error("expected a field name after '.'")
            }
        }
        return .column(name)
    }

    static func number(_ text: String) -> Expression {
        if let i = Int64(text) { return .literal(.int(i), .int64) }
        // Binding converts through the shortest text of the double, so decimal literals stay exact.
        return .literal(.double(Double(text) ?? .nan), .float64)
    }

    static func tokenize(_ text: String) throws -> [(Token, Int)] {
        let b = Array(text.utf8)
        var out: [(Token, Int)] = []
        var i = 0
        func fail(_ message: String) -> DeltaError {
            DeltaError(.invalidArgument, "cannot parse the predicate \"\(text)\" at column \(i + 1): \(message)")
        }
        while i < b.count {
            let c = b[i]
            if c == 32 || c == 9 || c == 10 || c == 13 { i += 1; continue }
            let start = i
            if c == UInt8(ascii: "'") || c == UInt8(ascii: "`") || c == UInt8(ascii: "\"") {
                var s: [UInt8] = []
                i += 1
                while true {
                    guard i < b.count else { throw fail("unterminated quote") }
                    if b[i] == c {
                        if i + 1 < b.count && b[i + 1] == c { s.append(c); i += 2; continue }
                        i += 1
                        break
                    }
                    if b[i] == UInt8(ascii: "\\") && c == UInt8(ascii: "'") && i + 1 < b.count { s.append(b[i + 1]); i += 2; continue }
                    s.append(b[i])
                    i += 1
                }
                let str = String(decoding: s, as: UTF8.self)
                out.append((c == UInt8(ascii: "'") ? .string(str) : .quotedIdentifier(str), start))
            } else if (c >= 48 && c <= 57) || (c == UInt8(ascii: ".") && i + 1 < b.count && b[i + 1] >= 48 && b[i + 1] <= 57) {
                while i < b.count && ((b[i] >= 48 && b[i] <= 57) || b[i] == UInt8(ascii: ".")) { i += 1 }
                if i < b.count && (b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E")) {
                    i += 1
                    if i < b.count && (b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-")) { i += 1 }
                    while i < b.count && b[i] >= 48 && b[i] <= 57 { i += 1 }
                }
                out.append((.number(String(decoding: b[start..<i], as: UTF8.self)), start))
            } else if c == UInt8(ascii: "_") || (c | 0x20 >= 97 && c | 0x20 <= 122) || c >= 0x80 {
                while i < b.count && (b[i] == UInt8(ascii: "_") || (b[i] | 0x20 >= 97 && b[i] | 0x20 <= 122) || (b[i] >= 48 && b[i] <= 57) || b[i] >= 0x80) { i += 1 }
                out.append((.identifier(String(decoding: b[start..<i], as: UTF8.self)), start))
            } else {
                let three = i + 2 < b.count ? String(decoding: b[i..<(i + 3)], as: UTF8.self) : ""
                let two = i + 1 < b.count ? String(decoding: b[i..<(i + 2)], as: UTF8.self) : ""
                if three == "<=>" {
                    out.append((.symbol(three), start)); i += 3
                } else if ["<=", ">=", "!=", "<>", "=="].contains(two) {
                    out.append((.symbol(two), start)); i += 2
                } else if "=<>(),.-".utf8.contains(c) {
                    out.append((.symbol(String(UnicodeScalar(c))), start)); i += 1
                } else {
                    throw fail("unexpected character '\(String(UnicodeScalar(c)))'")
                }
            }
        }
        out.append((.end, b.count))
        return out
    }
}
