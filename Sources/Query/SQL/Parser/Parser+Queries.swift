/// Queries: `WITH`, set operations, `SELECT`, `VALUES`, and the `FROM` clause.
extension Parser {
    /// Keywords that could stand where a select item's implicit alias was read.
    static let selectAliasAlternatives = [
        "','", "AS", "FROM", "WHERE", "GROUP", "HAVING", "WINDOW", "QUALIFY", "ORDER", "LIMIT", "OFFSET", "UNION",
        "INTERSECT", "EXCEPT",
    ]
    /// Keywords that could stand where a table's implicit alias was read.
    static let tableAliasAlternatives = [
        "','", "AS", "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "ON", "USING", "WHERE", "GROUP", "HAVING",
        "ORDER", "LIMIT", "UNION", "INTERSECT", "EXCEPT", "SET",
    ]

    /// Whether token `k` starts a query (`SELECT`, `WITH`, `VALUES`).
    func startsQuery(at k: Int) -> Bool {
        guard k < tokens.count else { return false }
        let t = tokens[k]
        return t.kind == .word && (t.upper == "SELECT" || t.upper == "WITH" || t.upper == "VALUES")
    }

    /// Whether token `k`, after any number of `(`, starts a query.
    func startsQueryThroughParentheses(at k: Int) -> Bool {
        var k = k
        var parentheses = 0
        while k < tokens.count && tokens[k].kind == .leftParen {
            k += 1
            parentheses += 1
            if parentheses > Parser.maximumDepth { return false }
        }
        return startsQuery(at: k)
    }

    /// Tries a query at the current token that must be followed by `)` (not consumed);
    /// restores the state and returns nil when there is none. Exceeding the nesting limit is
    /// not a reason to try something else: that error is rethrown.
    mutating func tryQuery() throws -> QueryExpression? {
        let saved = (index, positionalCount, depth, implicitAlias)
        do {
            let q = try parseQuery()
            if token.kind == .rightParen { return q }
        } catch let error as QueryError where error.message == Parser.depthMessage {
            throw error
        } catch {}
        (index, positionalCount, depth, implicitAlias) = saved
        return nil
    }

    // MARK: Query structure

    /// `[WITH ...] body [ORDER BY ...] [LIMIT n] [OFFSET m]`.
    mutating func parseQuery() throws -> QueryExpression {
        try enter()
        defer { depth -= 1 }
        let start = token.position
        return try parseQuery(with: try parseWithClause(), position: start)
    }

    /// `WITH name AS (query), ...` if present; empty otherwise.
    mutating func parseWithClause() throws -> [CommonTableExpression] {
        var ctes: [CommonTableExpression] = []
        if accept("WITH") {
            repeat { ctes.append(try parseCommonTableExpression()) } while accept(.comma)
        }
        return ctes
    }

    /// The rest of a query whose `WITH` clause has been read.
    mutating func parseQuery(with ctes: [CommonTableExpression], position start: SourcePosition) throws -> QueryExpression {
        let body = try parseSetExpression(minimum: 1)
        var query = QueryExpression(with: ctes, body: body, position: start)
        if accept("ORDER") {
            try expect("BY")
            repeat { query.orderBy.append(try parseOrderItem()) } while accept(.comma)
        }
        if accept("LIMIT") {
            if !accept("ALL") { query.limit = try parseExpression() }
        }
        if accept("OFFSET") { query.offset = try parseExpression() }
        return query
    }

    private mutating func parseCommonTableExpression() throws -> CommonTableExpression {
        let name = try parseIdentifier()
        var columns: [Identifier] = []
        if token.kind == .leftParen && !startsQueryThroughParentheses(at: index + 1) {
            columns = try parseIdentifierList()
        }
        _ = accept("AS")
        let open = try expect(.leftParen)
        let query = try parseQuery()
        try expectClose(open)
        return CommonTableExpression(name: name, columns: columns, query: query)
    }

    /// Set operations by precedence: `INTERSECT` (2) over `UNION`/`EXCEPT`/`MINUS` (1).
    private mutating func parseSetExpression(minimum: Int) throws -> QueryBody {
        var left = try parseQueryPrimary()
        var levels = 0
        defer { depth -= levels }
        while true {
            let t = token
            let op: SetOperation.Operator
            if at("UNION") {
                op = .union
            } else if at("EXCEPT") || at("MINUS") {
                op = .except
            } else if at("INTERSECT") {
                op = .intersect
            } else {
                break
            }
            guard op.precedence >= minimum else { break }
            advance()
            var isAll = false
            if accept("ALL") {
                isAll = true
            } else {
                _ = accept("DISTINCT")
            }
            try enter()
            levels += 1
            let right = try parseSetExpression(minimum: op.precedence + 1)
            left = .setOperation(SetOperation(op: op, isAll: isAll, left: left, right: right, position: t.position))
        }
        return left
    }

    private mutating func parseQueryPrimary() throws -> QueryBody {
        if at("SELECT") { return .select(try parseSelect()) }
        if at("VALUES") { return .values(try parseValues()) }
        if at(.leftParen) {
            let open = advance()
            let query = try parseQuery()
            try expectClose(open)
            return .nested(query)
        }
        throw unexpected()
    }

    /// `VALUES row, row, ...` where a row is `(a, b)` or a single expression.
    mutating func parseValues() throws -> Values {
        let t = try expect("VALUES")
        var rows: [[Expression]] = []
        repeat {
            if token.kind == .leftParen {
                let open = advance()
                var row: [Expression] = []
                repeat { row.append(try parseExpression()) } while accept(.comma)
                try expectClose(open)
                rows.append(row)
            } else {
                rows.append([try parseExpression()])
            }
        } while accept(.comma)
        return Values(rows: rows, position: t.position)
    }

    // MARK: SELECT

    private mutating func parseSelect() throws -> Select {
        let t = try expect("SELECT")
        var select = Select(items: [], position: t.position)
        if accept("DISTINCT") {
            select.isDistinct = true
        } else {
            _ = accept("ALL")
        }
        repeat { select.items.append(try parseSelectItem()) } while accept(.comma)
        if accept("FROM") {
            repeat { select.from.append(try parseTableExpression()) } while accept(.comma)
        }
        if accept("WHERE") { select.whereClause = try parseExpression() }
        if accept("GROUP") {
            try expect("BY")
            if accept("ALL") {
                select.groupBy = .all
            } else {
                var keys: [Expression] = []
                repeat { keys.append(try parseExpression()) } while accept(.comma)
                select.groupBy = .expressions(keys)
            }
        }
        if accept("HAVING") { select.having = try parseExpression() }
        if accept("WINDOW") {
            repeat {
                let name = try parseIdentifier()
                try expect("AS")
                let open = try expect(.leftParen)
                let spec = try parseWindowSpecification(position: open.position)
                try expectClose(open)
                select.windows.append(NamedWindow(name: name, specification: spec))
            } while accept(.comma)
        }
        if accept("QUALIFY") { select.qualify = try parseExpression() }
        return select
    }

    /// Whether `name(.name)*.*` starts at the current token.
    private func atQualifiedWildcard() -> Bool {
        var k = index
        while k + 2 < tokens.count && tokens[k].isName && tokens[k + 1].kind == .dot {
            if tokens[k + 2].kind == .star { return true }
            k += 2
        }
        return false
    }

    private mutating func parseSelectItem() throws -> SelectItem {
        let t = token
        if t.kind == .star || atQualifiedWildcard() {
            var wildcard = Wildcard(position: t.position)
            if t.kind != .star {
                wildcard.qualifier = try parseQualifiedName()
                try expect(.dot)
            }
            try expect(.star)
            if token.isWord("EXCEPT") && peek(1).kind == .leftParen && !startsQueryThroughParentheses(at: index + 1) {
                advance()
                let open = advance()
                repeat { wildcard.except.append(try parseQualifiedName()) } while accept(.comma)
                try expectClose(open)
            }
            return .wildcard(wildcard)
        }
        let e = try parseExpression()
        if accept("AS") { return .expression(e, alias: try parseIdentifier()) }
        if atName {
            implicitAlias = (index, Parser.selectAliasAlternatives)
            return .expression(e, alias: try parseIdentifier())
        }
        return .expression(e, alias: nil)
    }

    // MARK: FROM

    /// A `FROM` item: a primary followed by any number of joins.
    mutating func parseTableExpression() throws -> TableExpression {
        try enter()
        var levels = 1
        defer { depth -= levels }
        var left = try parseTablePrimary()
        while true {
            let start = token
            guard let kind = try parseJoinKind() else { break }
            let right = try parseTablePrimary()
            var condition: JoinCondition?
            if kind != .cross {
                if accept("ON") {
                    condition = .on(try parseExpression())
                } else if accept("USING") {
                    condition = .using(try parseIdentifierList())
                }
            }
            left = .join(Join(kind: kind, left: left, right: right, condition: condition, position: start.position))
            try enter()
            levels += 1
        }
        return left
    }

    private mutating func parseJoinKind() throws -> Join.Kind? {
        if accept("JOIN") { return .inner }
        if accept("INNER") {
            try expect("JOIN")
            return .inner
        }
        if accept("LEFT") {
            if accept("SEMI") {
                try expect("JOIN")
                return .leftSemi
            }
            if accept("ANTI") {
                try expect("JOIN")
                return .leftAnti
            }
            _ = accept("OUTER")
            try expect("JOIN")
            return .left
        }
        if accept("RIGHT") {
            _ = accept("OUTER")
            try expect("JOIN")
            return .right
        }
        if accept("FULL") {
            _ = accept("OUTER")
            try expect("JOIN")
            return .full
        }
        if accept("CROSS") {
            try expect("JOIN")
            return .cross
        }
        if accept("SEMI") {
            try expect("JOIN")
            return .leftSemi
        }
        if accept("ANTI") {
            try expect("JOIN")
            return .leftAnti
        }
        if token.isWord("NATURAL") { throw error("NATURAL JOIN is not supported; use USING (columns)") }
        if token.isWord("LATERAL") { throw error("LATERAL is not supported") }
        return nil
    }

    /// A table, path, table function, subquery, inline `VALUES` or parenthesized join.
    mutating func parseTablePrimary() throws -> TableExpression {
        try enter()
        defer { depth -= 1 }
        let t = token
        if t.kind == .leftParen {
            if startsQuery(at: index + 1) {
                advance()
                let query = try parseQuery()
                try expectClose(t)
                let alias = try parseTableAlias()
                return .subquery(DerivedTable(query: query, alias: alias, position: t.position))
            }
            if startsQueryThroughParentheses(at: index + 1) {
                let saved = index
                advance()
                if let query = try tryQuery() {
                    try expectClose(t)
                    let alias = try parseTableAlias()
                    return .subquery(DerivedTable(query: query, alias: alias, position: t.position))
                }
                index = saved
            }
            advance()
            let inner = try parseTableExpression()
            try expectClose(t)
            return inner
        }
        if t.isWord("VALUES") {
            let values = try parseValues()
            let alias = try parseTableAlias()
            let query = QueryExpression(body: .values(values), position: t.position)
            return .subquery(DerivedTable(query: query, alias: alias, position: t.position))
        }
        if t.isWord("LATERAL") { throw error("LATERAL is not supported") }
        expecting("a table name")
        var source = try parseTableSource()
        if case .name(let name) = source, token.kind == .leftParen {
            let open = advance()
            var arguments: [Expression] = []
            if !accept(.rightParen) {
                repeat { arguments.append(try parseArgument()) } while accept(.comma)
                try expectClose(open)
            }
            let alias = try parseTableAlias()
            return .function(TableFunction(name: name, arguments: arguments, alias: alias, position: t.position))
        }
        var timeTravel: TimeTravel?
        if case .path(let format, let path) = source, let (stripped, suffix) = Parser.splitVersionSuffix(path) {
            source = .path(format: format, path: stripped)
            timeTravel = suffix
        }
        if token.kind == .at && !token.spaceBefore {
            let at = advance()
            guard timeTravel == nil else { throw error("more than one time travel specification", at: at.position) }
            timeTravel = try parseAtSuffix()
        }
        if let clause = try parseTimeTravelClause() {
            guard timeTravel == nil else { throw error("more than one time travel specification") }
            timeTravel = clause
        }
        let alias = try parseTableAlias()
        return .table(TableReference(source: source, timeTravel: timeTravel, alias: alias, position: t.position))
    }

    /// A table name or a ``format.`path` `` reference.
    mutating func parseTableSource() throws -> TableSource {
        let t = token
        if t.kind == .word, TableSource.pathFormats.contains(t.upper.lowercased()), peek(1).kind == .dot,
            peek(2).kind == .quotedIdentifier, peek(3).kind != .dot
        {
            advance()
            advance()
            let path = advance()
            return .path(format: Identifier(t.text, position: t.position), path: path.text)
        }
        expecting("a table name")
        return .name(try parseQualifiedName())
    }

    /// The time travel after `@` in `t@v12` or `t@20240101000000000`.
    private mutating func parseAtSuffix() throws -> TimeTravel {
        let t = token
        expecting("a version suffix like @v12 or @yyyyMMddHHmmssSSS")
        if t.kind == .word || t.kind == .integer, !t.spaceBefore, let (_, travel) = Parser.splitVersionSuffix("@" + t.text), t.suffix == nil {
            advance()
            return travel
        }
        throw unexpected()
    }

    /// Splits a trailing `@v<digits>` or `@<17 digits>` off a path or name.
    static func splitVersionSuffix(_ text: String) -> (String, TimeTravel)? {
        guard let at = text.lastIndex(of: "@") else { return nil }
        let suffix = Array(text[text.index(after: at)...].utf8)
        let isDigit: (UInt8) -> Bool = { $0 >= 0x30 && $0 <= 0x39 }
        let prefix = String(text[..<at])
        if suffix.count >= 2, suffix[0] == UInt8(ascii: "v") || suffix[0] == UInt8(ascii: "V"), suffix.dropFirst().allSatisfy(isDigit) {
            let digits = String(decoding: suffix.dropFirst(), as: UTF8.self)
            return (prefix, .version(Expression(.literal(.integer(digits)))))
        }
        if suffix.count == 17, suffix.allSatisfy(isDigit) {
            let d = String(decoding: suffix, as: UTF8.self)
            func part(_ from: Int, _ length: Int) -> Substring {
                let start = d.index(d.startIndex, offsetBy: from)
                return d[start..<d.index(start, offsetBy: length)]
            }
            let ts = "\(part(0, 4))-\(part(4, 2))-\(part(6, 2)) \(part(8, 2)):\(part(10, 2)):\(part(12, 2)).\(part(14, 3))"
            return (prefix, .timestamp(Expression(.literal(.string(ts)))))
        }
        return nil
    }

    /// `[FOR] VERSION|SYSTEM_VERSION AS OF v` or `[FOR] TIMESTAMP|SYSTEM_TIME AS OF ts`.
    mutating func parseTimeTravelClause() throws -> TimeTravel? {
        var k = 0
        if token.isWord("FOR") { k = 1 }
        let kind = peek(k)
        guard kind.kind == .word, ["VERSION", "SYSTEM_VERSION", "TIMESTAMP", "SYSTEM_TIME"].contains(kind.upper),
            peek(k + 1).isWord("AS"), peek(k + 2).isWord("OF")
        else {
            if k == 1 { throw unexpected() }
            return nil
        }
        for _ in 0..<(k + 3) { advance() }
        let value = try parseBinary(SQLFormat.additivePrecedence)
        return kind.upper.hasSuffix("VERSION") ? .version(value) : .timestamp(value)
    }

    /// `[AS] alias [(columns)]`, or nil when no alias follows.
    mutating func parseTableAlias() throws -> TableAlias? {
        let name: Identifier
        if accept("AS") {
            name = try parseIdentifier()
        } else if token.kind == .quotedIdentifier
            || (token.kind == .word && !SQLKeywords.reserved.contains(token.upper) && !SQLKeywords.notTableAliases.contains(token.upper))
        {
            implicitAlias = (index, Parser.tableAliasAlternatives)
            name = try parseIdentifier()
        } else {
            return nil
        }
        var columns: [Identifier] = []
        if token.kind == .leftParen && peek(1).isName && (peek(2).kind == .comma || peek(2).kind == .rightParen) {
            columns = try parseIdentifierList()
        }
        return TableAlias(name: name, columns: columns)
    }
}
