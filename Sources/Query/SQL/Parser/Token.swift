/// A lexical token of SQL text.
struct Token: Sendable {
    /// Token classes. Symbols have one case each.
    enum Kind: UInt8, Sendable {
        /// An unquoted word: identifier or keyword (`text` as written, `upper` uppercased).
        case word
        /// A backquoted identifier (`text` unquoted).
        case quotedIdentifier
        /// A string literal (`text` unescaped).
        case string
        /// `X'...'` (`text` is the hex digits).
        case binaryString
        /// Digits (`text` the digits; `suffix` when typed, e.g. `10L`).
        case integer
        /// Digits with a point (`1.5`, `.5`, `1.`).
        case decimal
        /// A number with an exponent (`1e3`).
        case scientific
        /// `${name}` (`text` is the name).
        case substitution
        case leftParen, rightParen, leftBracket, rightBracket, comma, dot, semicolon
        case star, plus, minus, slash, percent
        case equal, doubleEqual, lessGreater, bangEqual, less, lessEqual, greater, greaterEqual, nullSafeEqual
        case concat, pipe, ampersand, caret, tilde, bang
        case doubleColon, colon, question, at, arrow, fatArrow
        /// The end of the text (always the last token).
        case eof
    }

    /// The class.
    var kind: Kind
    /// The token's value (see ``Kind``); for symbols, the symbol.
    var text: String
    /// ASCII-uppercased `text` for words; empty otherwise.
    var upper: String
    /// A numeric literal's type suffix.
    var suffix: Literal.NumericSuffix?
    /// Where the token starts.
    var position: SourcePosition
    /// Byte offsets of the token in the UTF-8 text.
    var start: Int
    var end: Int
    /// Whether whitespace or a comment separates this token from the previous one.
    var spaceBefore: Bool

    /// Whether this is the unquoted word `keyword` (given uppercase).
    @inline(__always)
    func isWord(_ keyword: String) -> Bool {
        kind == .word && upper == keyword
    }

    /// Whether this token can be a name (a word or a backquoted identifier).
    var isName: Bool { kind == .word || kind == .quotedIdentifier }
}
