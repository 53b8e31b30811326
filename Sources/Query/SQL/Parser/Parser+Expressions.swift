/// Expressions, by precedence climbing over Spark's levels (see
/// ``Expression/BinaryOperator``): `OR` 1, `AND` 2, `NOT` 3, comparisons and predicates 4,
/// `|` 5, `^` 6, `&` 7, `+ - ||` 8, `* / % DIV` 9, unary `- + ~` 10, postfix `[i] .f ::t` 11.
extension Parser {
    /// An expression that must span the whole text.
    mutating func parseStandaloneExpression() throws -> Expression {
        let e = try parseExpression()
        expecting("end of input")
        guard token.kind == .eof else { throw unexpected() }
        return e
    }

    /// A full expression (down to `OR`).
    mutating func parseExpression() throws -> Expression {
        try parseBinary(1)
    }

    /// The binary operator a token stands for, if any.
    static func binaryOperator(_ t: Token) -> Expression.BinaryOperator? {
        switch t.kind {
        case .word:
            switch t.upper {
            case "OR": return .or
            case "AND": return .and
            case "DIV": return .integerDivide
            default: return nil
            }
        case .equal, .doubleEqual: return .equal
        case .lessGreater, .bangEqual: return .notEqual
        case .less: return .less
        case .lessEqual: return .lessOrEqual
        case .greater: return .greater
        case .greaterEqual: return .greaterOrEqual
        case .nullSafeEqual: return .nullSafeEqual
        case .pipe: return .bitwiseOr
        case .caret: return .bitwiseXor
        case .ampersand: return .bitwiseAnd
        case .plus: return .plus
        case .minus: return .minus
        case .concat: return .concat
        case .star: return .multiply
        case .slash: return .divide
        case .percent: return .modulo
        default: return nil
        }
    }

    /// An expression whose operators all bind at least as tightly as `minimum`.
    mutating func parseBinary(_ minimum: Int) throws -> Expression {
        try enter()
        var levels = 1
        defer { depth -= levels }
        var left = try parsePrefix(minimum)
        while true {
            let t = token
            if let op = Parser.binaryOperator(t) {
                guard op.precedence >= minimum else { break }
                advance()
                let right = try parseBinary(op.precedence + 1)
                left = Expression(.binary(op, left, right), position: t.position)
            } else if minimum <= SQLFormat.comparisonPrecedence, let predicate = try parsePredicate(left) {
                left = predicate
            } else {
                break
            }
            // Each fold deepens the (left-deep) tree: count it against the nesting limit.
            try enter()
            levels += 1
        }
        return left
    }

    /// `NOT x` (only where a boolean operand may start) or a unary-level expression.
    mutating func parsePrefix(_ minimum: Int) throws -> Expression {
        let t = token
        if t.isWord("NOT") || t.kind == .bang {
            guard minimum <= SQLFormat.notPrecedence else {
                expecting("an expression")
                throw unexpected()
            }
            advance()
            let operand = try parseBinary(SQLFormat.notPrecedence)
            return Expression(.unary(.not, operand), position: t.position)
        }
        return try parseUnary()
    }

    /// `-x`, `+x`, `~x`, or a postfix expression.
    mutating func parseUnary() throws -> Expression {
        let t = token
        let op: Expression.UnaryOperator
        switch t.kind {
        case .minus: op = .minus
        case .plus: op = .plus
        case .tilde: op = .bitwiseNot
        default: return try parsePostfix()
        }
        try enter()
        defer { depth -= 1 }
        advance()
        let operand = try parseUnary()
        return Expression(.unary(op, operand), position: t.position)
    }

    /// The predicate forms that follow an operand at comparison level: `IS ...`, `[NOT]
    /// BETWEEN`, `[NOT] IN`, `[NOT] LIKE|ILIKE|RLIKE`. Nil when none follows.
    mutating func parsePredicate(_ left: Expression) throws -> Expression? {
        let t = token
        guard t.kind == .word else { return nil }
        switch t.upper {
        case "IS":
            advance()
            let negated = accept("NOT")
            if accept("NULL") { return Expression(.isNull(left, negated: negated), position: t.position) }
            if accept("TRUE") { return Expression(.isBoolean(left, value: true, negated: negated), position: t.position) }
            if accept("FALSE") { return Expression(.isBoolean(left, value: false, negated: negated), position: t.position) }
            if accept("UNKNOWN") { return Expression(.isBoolean(left, value: nil, negated: negated), position: t.position) }
            if accept("DISTINCT") {
                try expect("FROM")
                let right = try parseBinary(SQLFormat.comparisonPrecedence + 1)
                return Expression(.isDistinctFrom(left, right, negated: negated), position: t.position)
            }
            throw unexpected()
        case "NOT":
            let next = peek(1)
            guard next.kind == .word, ["BETWEEN", "IN", "LIKE", "ILIKE", "RLIKE"].contains(next.upper) else { return nil }
            advance()
            return try parseNegatablePredicate(left, negated: true, position: t.position)
        case "BETWEEN", "IN", "LIKE", "ILIKE", "RLIKE":
            return try parseNegatablePredicate(left, negated: false, position: t.position)
        default:
            return nil
        }
    }

    private mutating func parseNegatablePredicate(_ left: Expression, negated: Bool, position: SourcePosition) throws -> Expression {
        let t = advance()
        switch t.upper {
        case "BETWEEN":
            let low = try parseBinary(SQLFormat.comparisonPrecedence + 1)
            try expect("AND")
            let high = try parseBinary(SQLFormat.comparisonPrecedence + 1)
            return Expression(.between(left, low: low, high: high, negated: negated), position: position)
        case "IN":
            let open = try expect(.leftParen)
            if startsQuery(at: index) {
                let q = try parseQuery()
                try expectClose(open)
                return Expression(.inSubquery(left, q, negated: negated), position: position)
            }
            if token.kind == .leftParen, startsQueryThroughParentheses(at: index), let q = try tryQuery() {
                try expectClose(open)
                return Expression(.inSubquery(left, q, negated: negated), position: position)
            }
            var items: [Expression] = []
            repeat { items.append(try parseExpression()) } while accept(.comma)
            try expectClose(open)
            return Expression(.inList(left, items, negated: negated), position: position)
        default:
            let kind: Expression.LikeKind = t.upper == "LIKE" ? .like : t.upper == "ILIKE" ? .ilike : .rlike
            if kind != .rlike, token.kind == .word, ["ANY", "SOME", "ALL"].contains(token.upper), peek(1).kind == .leftParen {
                throw error("\(kind.rawValue) \(token.upper) (...) is not supported; combine LIKE predicates with OR/AND")
            }
            let pattern = try parseBinary(SQLFormat.comparisonPrecedence + 1)
            var escape: String?
            if kind != .rlike, accept("ESCAPE") {
                escape = try parseStringLiteral()
            }
            return Expression(.like(left, pattern: pattern, kind: kind, escape: escape, negated: negated), position: position)
        }
    }

    /// A primary followed by any number of `[index]`, `.field` and `::type`.
    mutating func parsePostfix() throws -> Expression {
        var e = try parsePrimary()
        var levels = 0
        defer { depth -= levels }
        while true {
            let t = token
            switch t.kind {
            case .leftBracket:
                advance()
                let index = try parseExpression()
                try expectClose(t)
                e = Expression(.subscripted(e, index: index), position: t.position)
            case .dot:
                advance()
                let field = try parseAnyWordIdentifier()
                e = Expression(.fieldAccess(e, field), position: t.position)
            case .doubleColon:
                advance()
                let type = try parseType()
                e = Expression(.cast(e, type, isTry: false), position: t.position)
            default:
                return e
            }
            try enter()
            levels += 1
        }
    }

    /// Literals, names, calls, parameters, special forms and parenthesized expressions.
    mutating func parsePrimary() throws -> Expression {
        expecting("an expression")
        let t = token
        switch t.kind {
        case .integer, .decimal, .scientific:
            advance()
            let literal: Literal
            if let suffix = t.suffix {
                literal = .typedNumber(t.text, suffix)
            } else {
                literal = t.kind == .integer ? .integer(t.text) : t.kind == .decimal ? .decimal(t.text) : .scientific(t.text)
            }
            return Expression(.literal(literal), position: t.position)
        case .string:
            return Expression(.literal(.string(try parseStringLiteral())), position: t.position)
        case .binaryString:
            advance()
            return Expression(.literal(.binary(Parser.bytes(hex: t.text))), position: t.position)
        case .substitution:
            advance()
            return Expression(.parameter(.substitution(t.text)), position: t.position)
        case .question:
            advance()
            positionalCount += 1
            return Expression(.parameter(.positional(positionalCount - 1)), position: t.position)
        case .colon:
            let name = peek(1)
            guard name.isName, !name.spaceBefore else { throw unexpected() }
            advance()
            advance()
            return Expression(.parameter(.named(name.text)), position: t.position)
        case .leftParen:
            return try parseParenthesized()
        case .word:
            return try parseWordPrimary()
        case .quotedIdentifier:
            return try parseNameOrCall()
        default:
            throw unexpected()
        }
    }

    static func bytes(hex: String) -> [UInt8] {
        var digits = Array(hex.utf8)
        if digits.count % 2 == 1 { digits.insert(UInt8(ascii: "0"), at: 0) }
        var out = [UInt8]()
        out.reserveCapacity(digits.count / 2)
        var k = 0
        while k + 1 < digits.count {
            out.append((Lexer.hexValue(digits[k]) ?? 0) << 4 | (Lexer.hexValue(digits[k + 1]) ?? 0))
            k += 2
        }
        return out
    }

    private mutating func parseWordPrimary() throws -> Expression {
        let t = token
        let next = peek(1)
        switch t.upper {
        case "NULL":
            advance()
            return Expression(.literal(.null), position: t.position)
        case "TRUE", "FALSE":
            advance()
            return Expression(.literal(.boolean(t.upper == "TRUE")), position: t.position)
        case "CASE":
            return try parseCase()
        case _ where (t.upper == "CAST" || t.upper == "TRY_CAST") && next.kind == .leftParen:
            advance()
            let open = advance()
            let value = try parseExpression()
            try expect("AS")
            let type = try parseType()
            try expectClose(open)
            return Expression(.cast(value, type, isTry: t.upper == "TRY_CAST"), position: t.position)
        case "EXTRACT" where next.kind == .leftParen && peek(2).isName && peek(3).isWord("FROM"):
            advance()
            let open = advance()
            let field = advance()
            advance()
            let value = try parseExpression()
            try expectClose(open)
            return Expression(.extract(field: Parser.asciiUppercased(field.text), from: value), position: t.position)
        case "EXISTS" where next.kind == .leftParen && startsQueryThroughParentheses(at: index + 2):
            advance()
            let open = advance()
            let q = try parseQuery()
            try expectClose(open)
            return Expression(.exists(q), position: t.position)
        case "INTERVAL" where [.integer, .decimal, .string, .minus, .plus].contains(next.kind):
            return try parseInterval()
        case _ where ["DATE", "TIMESTAMP", "TIMESTAMP_NTZ", "TIMESTAMP_LTZ"].contains(t.upper) && next.kind == .string:
            advance()
            let value = try parseStringLiteral()
            let literal: Literal
            switch t.upper {
            case "DATE": literal = .date(value)
            case "TIMESTAMP": literal = .timestamp(value)
            case "TIMESTAMP_NTZ": literal = .timestampNTZ(value)
            default: literal = .timestampLTZ(value)
            }
            return Expression(.literal(literal), position: t.position)
        case _ where SQLKeywords.parameterlessFunctions.contains(t.upper) && next.kind != .leftParen && next.kind != .dot:
            advance()
            let name = QualifiedName([Identifier(t.text, position: t.position)])
            return Expression(.function(FunctionCall(name: name)), position: t.position)
        default:
            break
        }
        if SQLKeywords.reserved.contains(t.upper) {
            guard SQLKeywords.reservedFunctionNames.contains(t.upper), next.kind == .leftParen else { throw unexpected() }
            advance()
            return try parseFunctionCall(QualifiedName([Identifier(t.text, position: t.position)]))
        }
        return try parseNameOrCall()
    }

    static func asciiUppercased(_ s: String) -> String {
        String(decoding: s.utf8.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 32 : $0 }, as: UTF8.self)
    }

    /// A column reference `a.b.c` or a call `a.b(...)`.
    private mutating func parseNameOrCall() throws -> Expression {
        let name = try parseQualifiedName()
        if token.kind == .leftParen { return try parseFunctionCall(name) }
        return Expression(.column(name), position: name.position)
    }

    /// The argument list and decorations of a call whose name has been read.
    mutating func parseFunctionCall(_ name: QualifiedName) throws -> Expression {
        let open = try expect(.leftParen)
        var call = FunctionCall(name: name)
        if token.kind == .rightParen {
            advance()
        } else if token.kind == .star && peek(1).kind == .rightParen {
            advance()
            advance()
            call.isStar = true
        } else {
            if accept("DISTINCT") {
                call.isDistinct = true
            } else {
                _ = accept("ALL")
            }
            repeat { call.arguments.append(try parseArgument()) } while accept(.comma)
            if (token.isWord("IGNORE") || token.isWord("RESPECT")) && peek(1).isWord("NULLS") {
                call.nullTreatment = advance().upper == "IGNORE" ? .ignoreNulls : .respectNulls
                advance()
            }
            try expectClose(open)
        }
        if token.isWord("WITHIN") && peek(1).isWord("GROUP") && peek(2).kind == .leftParen {
            advance()
            advance()
            let open = advance()
            try expect("ORDER")
            try expect("BY")
            repeat { call.withinGroup.append(try parseOrderItem()) } while accept(.comma)
            try expectClose(open)
        }
        if token.isWord("FILTER") && peek(1).kind == .leftParen && peek(2).isWord("WHERE") {
            advance()
            let open = advance()
            advance()
            call.filter = try parseExpression()
            try expectClose(open)
        }
        if call.nullTreatment == nil, (token.isWord("IGNORE") || token.isWord("RESPECT")) && peek(1).isWord("NULLS") {
            call.nullTreatment = advance().upper == "IGNORE" ? .ignoreNulls : .respectNulls
            advance()
        }
        if token.isWord("OVER") {
            let next = peek(1)
            if next.kind == .leftParen {
                advance()
                let open = advance()
                call.over = .specification(try parseWindowSpecification(position: open.position))
                try expectClose(open)
            } else if next.kind == .quotedIdentifier || (next.kind == .word && !SQLKeywords.reserved.contains(next.upper)) {
                advance()
                call.over = .named(try parseIdentifier())
            }
        }
        return Expression(.function(call), position: name.position)
    }

    /// A call argument: a lambda, a named argument or an expression.
    mutating func parseArgument() throws -> Expression {
        let t = token
        if t.isName && peek(1).kind == .arrow {
            advance()
            advance()
            let body = try parseExpression()
            return Expression(.lambda(parameters: [Identifier(t.text, position: t.position)], body: body), position: t.position)
        }
        if t.kind == .leftParen && isLambdaParameterList() {
            advance()
            var parameters: [Identifier] = []
            repeat { parameters.append(try parseAnyWordIdentifier()) } while accept(.comma)
            try expect(.rightParen)
            try expect(.arrow)
            let body = try parseExpression()
            return Expression(.lambda(parameters: parameters, body: body), position: t.position)
        }
        if t.isName && peek(1).kind == .fatArrow {
            advance()
            advance()
            let value = try parseExpression()
            return Expression(.namedArgument(Identifier(t.text, position: t.position), value), position: t.position)
        }
        return try parseExpression()
    }

    /// Whether `( name, name, ... ) ->` starts at the current token.
    private func isLambdaParameterList() -> Bool {
        var k = index + 1
        while true {
            guard k < tokens.count, tokens[k].isName else { return false }
            k += 1
            guard k < tokens.count else { return false }
            if tokens[k].kind == .comma {
                k += 1
                continue
            }
            return tokens[k].kind == .rightParen && k + 1 < tokens.count && tokens[k + 1].kind == .arrow
        }
    }

    /// `( ... )` in an expression: a scalar subquery, a tuple or a parenthesized expression.
    private mutating func parseParenthesized() throws -> Expression {
        let open = token
        if startsQuery(at: index + 1) {
            advance()
            let q = try parseQuery()
            try expectClose(open)
            return Expression(.subquery(q), position: open.position)
        }
        let start = index
        advance()
        if token.kind == .leftParen, startsQueryThroughParentheses(at: index) {
            if let q = try tryQuery() {
                try expectClose(open)
                return Expression(.subquery(q), position: open.position)
            }
            index = start
            advance()
        }
        let first = try parseExpression()
        if token.kind == .comma {
            var items = [first]
            while accept(.comma) { items.append(try parseExpression()) }
            try expectClose(open)
            return Expression(.tuple(items), position: open.position)
        }
        try expectClose(open)
        return first
    }

    /// `CASE [operand] WHEN .. THEN .. [ELSE ..] END`.
    private mutating func parseCase() throws -> Expression {
        let t = advance()
        var operand: Expression?
        if !at("WHEN") { operand = try parseExpression() }
        var whens: [Expression.WhenClause] = []
        while accept("WHEN") {
            let condition = try parseExpression()
            try expect("THEN")
            let result = try parseExpression()
            whens.append(Expression.WhenClause(condition: condition, result: result))
        }
        if whens.isEmpty { throw unexpected() }
        var elseResult: Expression?
        if accept("ELSE") { elseResult = try parseExpression() }
        try expect("END")
        return Expression(.caseWhen(operand: operand, whens: whens, elseResult: elseResult), position: t.position)
    }

    // MARK: Intervals

    /// The number of tokens of an interval part (`[sign] value unit`) at the current token, if any.
    private func intervalPartLength() -> Int? {
        var k = 0
        if token.kind == .minus || token.kind == .plus { k = 1 }
        let value = peek(k)
        guard value.kind == .integer || value.kind == .decimal || value.kind == .string, value.suffix == nil else { return nil }
        let unit = peek(k + 1)
        guard unit.kind == .word, IntervalUnit(keyword: unit.upper) != nil else { return nil }
        return k + 2
    }

    /// `INTERVAL ...` (the cursor is on `INTERVAL`).
    private mutating func parseInterval() throws -> Expression {
        let t = advance()
        var parts: [IntervalLiteral.Part] = []
        while intervalPartLength() != nil {
            var negative = false
            if token.kind == .minus {
                negative = true
                advance()
            } else if token.kind == .plus {
                advance()
            }
            var value = advance().text
            let unit = IntervalUnit(keyword: advance().upper) ?? .day
            if negative { value = value.hasPrefix("-") ? String(value.dropFirst()) : "-" + value }
            if parts.isEmpty && token.isWord("TO") {
                advance()
                expecting("an interval unit")
                guard token.kind == .word, let to = IntervalUnit(keyword: token.upper) else { throw unexpected() }
                advance()
                return Expression(.literal(.interval(.range(value, from: unit, to: to))), position: t.position)
            }
            parts.append(IntervalLiteral.Part(value: value, unit: unit))
        }
        if !parts.isEmpty { return Expression(.literal(.interval(.units(parts))), position: t.position) }
        if token.kind == .string {
            return Expression(.literal(.interval(.string(try parseStringLiteral()))), position: t.position)
        }
        expecting("an interval value and unit")
        if token.kind == .minus || token.kind == .plus { advance() }
        if token.kind != .string { advance() }
        expecting("an interval unit (YEAR, MONTH, WEEK, DAY, HOUR, MINUTE, SECOND, ...)")
        throw unexpected()
    }

    // MARK: Windows and ordering

    /// `expr [ASC|DESC] [NULLS FIRST|LAST]`.
    mutating func parseOrderItem() throws -> OrderItem {
        let e = try parseExpression()
        var item = OrderItem(expression: e)
        if accept("ASC") {
            item.direction = .ascending
        } else if accept("DESC") {
            item.direction = .descending
        }
        if accept("NULLS") {
            if accept("FIRST") {
                item.nulls = .first
            } else {
                try expect("LAST")
                item.nulls = .last
            }
        }
        return item
    }

    /// The inside of `OVER (...)` or `WINDOW w AS (...)`.
    mutating func parseWindowSpecification(position: SourcePosition) throws -> WindowSpecification {
        var spec = WindowSpecification(position: position)
        if atName && !token.isWord("PARTITION") && !token.isWord("ROWS") && !token.isWord("RANGE") {
            spec.baseWindow = try parseIdentifier()
        }
        if accept("PARTITION") {
            try expect("BY")
            repeat { spec.partitionBy.append(try parseExpression()) } while accept(.comma)
        }
        if accept("ORDER") {
            try expect("BY")
            repeat { spec.orderBy.append(try parseOrderItem()) } while accept(.comma)
        }
        let frameStart = token
        let units: WindowFrame.Units? = accept("ROWS") ? .rows : accept("RANGE") ? .range : nil
        if let units {
            if accept("BETWEEN") {
                let start = try parseFrameBound()
                try expect("AND")
                let end = try parseFrameBound()
                spec.frame = WindowFrame(units: units, start: start, end: end, position: frameStart.position)
            } else {
                spec.frame = WindowFrame(units: units, start: try parseFrameBound(), position: frameStart.position)
            }
        }
        return spec
    }

    private mutating func parseFrameBound() throws -> WindowFrame.Bound {
        if accept("UNBOUNDED") {
            if accept("PRECEDING") { return .unboundedPreceding }
            try expect("FOLLOWING")
            return .unboundedFollowing
        }
        if accept("CURRENT") {
            try expect("ROW")
            return .currentRow
        }
        let e = try parseBinary(SQLFormat.additivePrecedence)
        if accept("PRECEDING") { return .preceding(e) }
        try expect("FOLLOWING")
        return .following(e)
    }
}
