/// Printing helpers shared by the AST's `description`s: quoting, escaping and
/// precedence-aware expression output.
enum SQLFormat {
    /// Precedence of `+ - ||`, the operand level of frame bounds, time travel and defaults.
    static let additivePrecedence = 8
    static let comparisonPrecedence = 4
    static let notPrecedence = 3
    static let unaryPrecedence = 10
    static let postfixPrecedence = 11
    static let primaryPrecedence = 12

    /// An identifier, backquoted when needed.
    static func identifier(_ name: String) -> String {
        SQLKeywords.needsQuoting(name) ? quoted(name) : name
    }

    /// A backquoted name (backquotes doubled).
    static func quoted(_ name: String) -> String {
        "`" + name.replacingAll("`", with: "``") + "`"
    }

    /// A function name: plain words print bare unless they would read as special syntax.
    static func functionName(_ name: QualifiedName) -> String {
        if name.parts.count == 1, let part = name.parts.first {
            let upper = part.name.uppercased()
            if SQLKeywords.reservedFunctionNames.contains(upper) { return part.name }
            if upper == "EXISTS" || upper == "DATE" || upper == "TIMESTAMP" || upper == "TIMESTAMP_NTZ"
                || upper == "TIMESTAMP_LTZ" || upper == "VALUES" || upper == "INTERVAL"
                || SQLKeywords.parameterlessFunctions.contains(upper)
            {
                // Followed by `(`, these read as function calls again.
                if let f = part.name.utf8.first, SQLKeywords.isIdentifierStart(f),
                    part.name.utf8.allSatisfy({ SQLKeywords.isIdentifierPart($0) && $0 < 0x80 })
                {
                    return part.name
                }
            }
        }
        return name.description
    }

    /// A string literal in single quotes, with backslash escapes (valid Spark SQL).
    static func string(_ s: String) -> String {
        var out = "'"
        for scalar in s.unicodeScalars {
            switch scalar {
            case "'": out += "\\'"
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0}": out += "\\0"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\u" + hex4(scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "'"
    }

    private static func hex4(_ v: UInt32) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int((v >> 12) & 15)], digits[Int((v >> 8) & 15)], digits[Int((v >> 4) & 15)], digits[Int(v & 15)]])
    }

    /// Bytes as uppercase hex.
    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789ABCDEF")
        var s = ""
        s.reserveCapacity(bytes.count * 2)
        for b in bytes {
            s.append(digits[Int(b >> 4)])
            s.append(digits[Int(b & 15)])
        }
        return s
    }

    /// Whether `s` is `[-]digits[.digits]` (printable as a bare number in an interval).
    static func isPlainNumber(_ s: String) -> Bool {
        var u = Substring(s).utf8[...]
        if u.first == UInt8(ascii: "-") { u = u.dropFirst() }
        guard let f = u.first, f >= 0x30, f <= 0x39 else { return false }
        var seenDot = false
        var last: UInt8 = 0
        for b in u {
            if b == UInt8(ascii: ".") {
                if seenDot { return false }
                seenDot = true
            } else if b < 0x30 || b > 0x39 {
                return false
            }
            last = b
        }
        return last != UInt8(ascii: ".")
    }

    /// A `SET` value: bare when it is a simple token run, else a string literal.
    static func settingValue(_ v: String) -> String {
        guard !v.isEmpty else { return "''" }
        let simple = v.utf8.allSatisfy { b in
            SQLKeywords.isIdentifierPart(b) && b < 0x80 || b == UInt8(ascii: ".") || b == UInt8(ascii: "-")
                || b == UInt8(ascii: ":") || b == UInt8(ascii: "/")
        }
        let first = v.utf8.first!
        return simple && first != UInt8(ascii: "-") && first != UInt8(ascii: "/") ? v : string(v)
    }

    /// Items' descriptions joined by `, `.
    static func list<T: CustomStringConvertible>(_ items: [T]) -> String {
        items.map(\.description).joined(separator: ", ")
    }

    // MARK: Expressions

    /// How tightly an expression binds when printed.
    static func precedence(_ e: Expression) -> Int {
        switch e.kind {
        case .binary(let op, _, _): return op.precedence
        case .unary(let op, _): return op == .not ? notPrecedence : unaryPrecedence
        case .isNull, .isBoolean, .isDistinctFrom, .between, .inList, .inSubquery, .like: return comparisonPrecedence
        case .subscripted, .fieldAccess: return postfixPrecedence
        case .lambda, .namedArgument: return 0
        default: return primaryPrecedence
        }
    }

    /// `e` printed, parenthesized when it binds more loosely than `minimumPrecedence`.
    static func operand(_ e: Expression, minimumPrecedence: Int) -> String {
        var out = ""
        writeOperand(e, minimumPrecedence: minimumPrecedence, to: &out)
        return out
    }

    static func writeOperand(_ e: Expression, minimumPrecedence: Int, to out: inout String) {
        if precedence(e) < minimumPrecedence {
            out += "("
            write(e, to: &out)
            out += ")"
        } else {
            write(e, to: &out)
        }
    }

    static func writeList(_ es: [Expression], to out: inout String) {
        for (i, e) in es.enumerated() {
            if i > 0 { out += ", " }
            write(e, to: &out)
        }
    }

    /// Appends `e` as SQL. Each kind is printed by its own small function so that the
    /// recursion (one level per tree level) stays light on the stack.
    static func write(_ e: Expression, to out: inout String) {
        switch e.kind {
        case .literal, .column, .parameter: writeLeaf(e, to: &out)
        case .unary: writeUnary(e, to: &out)
        case .binary: writeBinary(e, to: &out)
        case .isNull: writeIsNull(e, to: &out)
        case .isBoolean: writeIsBoolean(e, to: &out)
        case .isDistinctFrom: writeIsDistinctFrom(e, to: &out)
        case .between: writeBetween(e, to: &out)
        case .inList: writeInList(e, to: &out)
        case .inSubquery: writeInSubquery(e, to: &out)
        case .like: writeLike(e, to: &out)
        case .exists, .subquery: writeSubquery(e, to: &out)
        case .cast: writeCast(e, to: &out)
        case .function: writeFunction(e, to: &out)
        case .caseWhen: writeCase(e, to: &out)
        case .extract: writeExtract(e, to: &out)
        case .subscripted: writeSubscripted(e, to: &out)
        case .fieldAccess: writeFieldAccess(e, to: &out)
        case .tuple: writeTuple(e, to: &out)
        case .lambda: writeLambda(e, to: &out)
        case .namedArgument: writeNamedArgument(e, to: &out)
        }
    }

    private static func writeLeaf(_ e: Expression, to out: inout String) {
        switch e.kind {
        case .literal(let l): out += l.description
        case .column(let name): out += name.description
        case .parameter(let p): out += p.description
        default: break
        }
    }

    private static func writeUnary(_ e: Expression, to out: inout String) {
        guard case .unary(let op, let x) = e.kind else { return }
        if op == .not {
            out += "NOT "
            writeOperand(x, minimumPrecedence: notPrecedence, to: &out)
            return
        }
        out += op.rawValue
        if case .unary(let inner, _) = x.kind, inner != .not {
            // `- -x` must not print as the comment `--x`.
            out += "("
            write(x, to: &out)
            out += ")"
        } else {
            writeOperand(x, minimumPrecedence: unaryPrecedence, to: &out)
        }
    }

    private static func writeBinary(_ e: Expression, to out: inout String) {
        guard case .binary(let op, let l, let r) = e.kind else { return }
        writeOperand(l, minimumPrecedence: op.precedence, to: &out)
        out += " " + op.rawValue + " "
        writeOperand(r, minimumPrecedence: op.precedence + 1, to: &out)
    }

    private static func writeIsNull(_ e: Expression, to out: inout String) {
        guard case .isNull(let x, let negated) = e.kind else { return }
        writeOperand(x, minimumPrecedence: comparisonPrecedence, to: &out)
        out += negated ? " IS NOT NULL" : " IS NULL"
    }

    private static func writeIsBoolean(_ e: Expression, to out: inout String) {
        guard case .isBoolean(let x, let value, let negated) = e.kind else { return }
        writeOperand(x, minimumPrecedence: comparisonPrecedence, to: &out)
        out += negated ? " IS NOT " : " IS "
        out += value.map { $0 ? "TRUE" : "FALSE" } ?? "UNKNOWN"
    }

    private static func writeIsDistinctFrom(_ e: Expression, to out: inout String) {
        guard case .isDistinctFrom(let l, let r, let negated) = e.kind else { return }
        writeOperand(l, minimumPrecedence: comparisonPrecedence, to: &out)
        out += negated ? " IS NOT DISTINCT FROM " : " IS DISTINCT FROM "
        writeOperand(r, minimumPrecedence: comparisonPrecedence + 1, to: &out)
    }

    private static func writeBetween(_ e: Expression, to out: inout String) {
        guard case .between(let x, let low, let high, let negated) = e.kind else { return }
        writeOperand(x, minimumPrecedence: comparisonPrecedence, to: &out)
        out += negated ? " NOT BETWEEN " : " BETWEEN "
        writeOperand(low, minimumPrecedence: comparisonPrecedence + 1, to: &out)
        out += " AND "
        writeOperand(high, minimumPrecedence: comparisonPrecedence + 1, to: &out)
    }

    private static func writeInList(_ e: Expression, to out: inout String) {
        guard case .inList(let x, let items, let negated) = e.kind else { return }
        writeOperand(x, minimumPrecedence: comparisonPrecedence, to: &out)
        out += negated ? " NOT IN (" : " IN ("
        writeList(items, to: &out)
        out += ")"
    }

    private static func writeInSubquery(_ e: Expression, to out: inout String) {
        guard case .inSubquery(let x, let q, let negated) = e.kind else { return }
        writeOperand(x, minimumPrecedence: comparisonPrecedence, to: &out)
        out += negated ? " NOT IN (" : " IN ("
        out += q.description
        out += ")"
    }

    private static func writeLike(_ e: Expression, to out: inout String) {
        guard case .like(let x, let pattern, let kind, let escape, let negated) = e.kind else { return }
        writeOperand(x, minimumPrecedence: comparisonPrecedence, to: &out)
        out += negated ? " NOT " : " "
        out += kind.rawValue + " "
        writeOperand(pattern, minimumPrecedence: comparisonPrecedence + 1, to: &out)
        if let escape { out += " ESCAPE " + string(escape) }
    }

    private static func writeSubquery(_ e: Expression, to out: inout String) {
        switch e.kind {
        case .exists(let q): out += "EXISTS (" + q.description + ")"
        case .subquery(let q): out += "(" + q.description + ")"
        default: break
        }
    }

    private static func writeCast(_ e: Expression, to out: inout String) {
        guard case .cast(let x, let type, let isTry) = e.kind else { return }
        out += isTry ? "TRY_CAST(" : "CAST("
        write(x, to: &out)
        out += " AS " + type.description + ")"
    }

    private static func writeFunction(_ e: Expression, to out: inout String) {
        guard case .function(let call) = e.kind else { return }
        write(call, to: &out)
    }

    private static func writeCase(_ e: Expression, to out: inout String) {
        guard case .caseWhen(let operand, let whens, let elseResult) = e.kind else { return }
        out += "CASE"
        if let operand {
            out += " "
            write(operand, to: &out)
        }
        for w in whens {
            out += " WHEN "
            write(w.condition, to: &out)
            out += " THEN "
            write(w.result, to: &out)
        }
        if let elseResult {
            out += " ELSE "
            write(elseResult, to: &out)
        }
        out += " END"
    }

    private static func writeExtract(_ e: Expression, to out: inout String) {
        guard case .extract(let field, let from) = e.kind else { return }
        out += "EXTRACT(" + identifier(field) + " FROM "
        write(from, to: &out)
        out += ")"
    }

    private static func writeSubscripted(_ e: Expression, to out: inout String) {
        guard case .subscripted(let x, let index) = e.kind else { return }
        writeOperand(x, minimumPrecedence: postfixPrecedence, to: &out)
        out += "["
        write(index, to: &out)
        out += "]"
    }

    private static func writeFieldAccess(_ e: Expression, to out: inout String) {
        guard case .fieldAccess(let x, let field) = e.kind else { return }
        writeBase(x, to: &out)
        out += "." + field.description
    }

    private static func writeTuple(_ e: Expression, to out: inout String) {
        guard case .tuple(let items) = e.kind else { return }
        out += "("
        writeList(items, to: &out)
        out += ")"
    }

    private static func writeLambda(_ e: Expression, to out: inout String) {
        guard case .lambda(let params, let body) = e.kind else { return }
        if params.count == 1, let p = params.first {
            out += p.description
        } else {
            out += "(" + list(params) + ")"
        }
        out += " -> "
        write(body, to: &out)
    }

    private static func writeNamedArgument(_ e: Expression, to out: inout String) {
        guard case .namedArgument(let name, let value) = e.kind else { return }
        out += name.description + " => "
        write(value, to: &out)
    }

    /// The base of a postfix `.f`: parenthesized when it would otherwise merge with the
    /// postfix (a dotted name would absorb `.f`; a number would absorb the dot).
    private static func writeBase(_ x: Expression, to out: inout String) {
        switch x.kind {
        case .column, .literal:
            out += "("
            write(x, to: &out)
            out += ")"
        default:
            writeOperand(x, minimumPrecedence: postfixPrecedence, to: &out)
        }
    }

    /// Appends a function call as SQL.
    static func write(_ call: FunctionCall, to out: inout String) {
        out += functionName(call.name) + "("
        if call.isDistinct { out += "DISTINCT " }
        if call.isStar {
            out += "*"
        } else {
            writeList(call.arguments, to: &out)
        }
        out += ")"
        if !call.withinGroup.isEmpty { out += " WITHIN GROUP (ORDER BY " + list(call.withinGroup) + ")" }
        if let filter = call.filter {
            out += " FILTER (WHERE "
            write(filter, to: &out)
            out += ")"
        }
        if let nt = call.nullTreatment { out += " " + nt.rawValue }
        if let over = call.over { out += " OVER " + over.description }
    }
}

extension String {
    /// `self` with every occurrence of `target` replaced (no Foundation needed).
    func replacingAll(_ target: Character, with replacement: String) -> String {
        guard contains(target) else { return self }
        var out = ""
        for c in self {
            if c == target { out += replacement } else { out.append(c) }
        }
        return out
    }
}
