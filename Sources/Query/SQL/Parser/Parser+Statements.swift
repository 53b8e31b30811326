/// Statements: scripts, queries, DDL, DML and utility commands.
extension Parser {
    static let statementKeywords = [
        "SELECT", "WITH", "VALUES", "CREATE", "INSERT", "ALTER", "DROP", "SHOW", "DESCRIBE", "EXPLAIN", "DELETE",
        "UPDATE", "MERGE", "OPTIMIZE", "VACUUM", "RESTORE", "SET", "USE",
    ]

    /// Statements separated by `;`.
    mutating func parseScript() throws -> [Statement] {
        var statements: [Statement] = []
        while true {
            while accept(.semicolon) {}
            if token.kind == .eof { return statements }
            positionalCount = 0
            statements.append(try parseStatement())
            expecting("end of input")
            if token.kind == .eof { return statements }
            guard accept(.semicolon) else { throw unexpected() }
        }
    }

    /// Exactly one statement, optionally followed by `;`.
    mutating func parseSingleStatement() throws -> Statement {
        while accept(.semicolon) {}
        let statement = try parseStatement()
        while accept(.semicolon) {}
        expecting("end of input")
        guard token.kind == .eof else {
            if Parser.statementKeywords.contains(token.upper) && tokens[index - 1].kind == .semicolon {
                throw error("more than one statement (use parseScript for several)")
            }
            throw unexpected()
        }
        return statement
    }

    /// One statement.
    mutating func parseStatement() throws -> Statement {
        try enter()
        defer { depth -= 1 }
        let t = token
        if t.kind == .leftParen { return .query(try parseQuery()) }
        guard t.kind == .word else {
            for k in Parser.statementKeywords { expecting(k) }
            throw unexpected()
        }
        switch t.upper {
        case "SELECT", "VALUES": return .query(try parseQuery())
        case "WITH":
            // `WITH ... INSERT ...` (Spark): the CTEs become part of the inserted query.
            let ctes = try parseWithClause()
            if token.isWord("INSERT") {
                var insert = try parseInsert()
                insert.query.with = ctes + insert.query.with
                return .insert(insert)
            }
            return .query(try parseQuery(with: ctes, position: t.position))
        case "CREATE": return try parseCreate()
        case "INSERT": return .insert(try parseInsert())
        case "ALTER": return .alterTable(try parseAlterTable())
        case "DROP": return try parseDrop()
        case "SHOW": return try parseShow()
        case "DESCRIBE", "DESC": return .describe(try parseDescribe())
        case "EXPLAIN": return .explain(try parseExplain())
        case "DELETE": return .delete(try parseDelete())
        case "UPDATE": return .update(try parseUpdate())
        case "MERGE": return .merge(try parseMerge())
        case "OPTIMIZE": return .optimize(try parseOptimize())
        case "VACUUM": return .vacuum(try parseVacuum())
        case "RESTORE": return .restore(try parseRestore())
        case "SET": return .set(try parseSet())
        case "USE": return .use(try parseUse())
        default:
            for k in Parser.statementKeywords { expecting(k) }
            throw unexpected()
        }
    }

    /// Whether the statement ends at the current token.
    private var atStatementEnd: Bool { token.kind == .eof || token.kind == .semicolon }

    // MARK: CREATE / DROP

    private mutating func parseCreate() throws -> Statement {
        let t = advance()
        var orReplace = false
        if accept("OR") {
            try expect("REPLACE")
            orReplace = true
        }
        if accept("TABLE") { return .createTable(try parseCreateTable(orReplace: orReplace, position: t.position)) }
        if !orReplace, accept("SCHEMA") || accept("DATABASE") {
            var statement = CreateSchema(name: QualifiedName([]), position: t.position)
            statement.ifNotExists = try parseIfNotExists()
            statement.name = try parseQualifiedName()
            while true {
                if statement.comment == nil, accept("COMMENT") {
                    statement.comment = try parseStringLiteral()
                } else if statement.location == nil, accept("LOCATION") {
                    statement.location = try parseStringLiteral()
                } else {
                    break
                }
            }
            return .createSchema(statement)
        }
        throw unexpected()
    }

    private mutating func parseIfNotExists() throws -> Bool {
        guard accept("IF") else { return false }
        try expect("NOT")
        try expect("EXISTS")
        return true
    }

    private mutating func parseIfExists() throws -> Bool {
        guard accept("IF") else { return false }
        try expect("EXISTS")
        return true
    }

    private mutating func parseCreateTable(orReplace: Bool, position: SourcePosition) throws -> CreateTable {
        var statement = CreateTable(orReplace: orReplace, name: .name(QualifiedName([])), position: position)
        statement.ifNotExists = try parseIfNotExists()
        statement.name = try parseTableSource()
        if token.kind == .leftParen && !startsQueryThroughParentheses(at: index) {
            let open = advance()
            repeat {
                if token.isWord("CONSTRAINT") && peek(1).isName && peek(2).isWord("CHECK") {
                    statement.constraints.append(try parseCheckConstraint())
                } else {
                    statement.columns.append(try parseColumnDefinition())
                }
            } while accept(.comma)
            try expectClose(open)
        }
        if accept("USING") { statement.using = try parseIdentifier() }
        var seen = Set<String>()
        while true {
            let clause = token
            func once(_ name: String) throws {
                guard seen.insert(name).inserted else { throw error("duplicate \(name) clause", at: clause.position) }
            }
            if accept("PARTITIONED") {
                try once("PARTITIONED BY")
                try expect("BY")
                statement.partitionedBy = try parseIdentifierList()
            } else if accept("CLUSTER") {
                try once("CLUSTER BY")
                try expect("BY")
                statement.clusterBy = try parseIdentifierList()
            } else if accept("LOCATION") {
                try once("LOCATION")
                statement.location = try parseStringLiteral()
            } else if accept("COMMENT") {
                try once("COMMENT")
                statement.comment = try parseStringLiteral()
            } else if accept("TBLPROPERTIES") {
                try once("TBLPROPERTIES")
                statement.properties = try parseProperties(withValues: true)
            } else {
                break
            }
        }
        if accept("AS") || startsQueryThroughParentheses(at: index) {
            statement.query = try parseQuery()
        }
        return statement
    }

    /// `name type [NOT NULL] [DEFAULT e] [GENERATED ALWAYS AS (e)] [COMMENT '...']`.
    private mutating func parseColumnDefinition() throws -> ColumnDefinition {
        let name = try parseIdentifier()
        var column = ColumnDefinition(name: name, type: try parseType())
        var seen = Set<String>()
        while true {
            let clause = token
            func once(_ name: String) throws {
                guard seen.insert(name).inserted else { throw error("duplicate \(name) for column \(column.name)", at: clause.position) }
            }
            if token.isWord("NOT") && peek(1).isWord("NULL") {
                try once("NOT NULL")
                advance()
                advance()
                column.notNull = true
            } else if accept("COMMENT") {
                try once("COMMENT")
                column.comment = try parseStringLiteral()
            } else if accept("DEFAULT") {
                try once("DEFAULT")
                column.defaultValue = try parseBinary(SQLFormat.additivePrecedence)
            } else if accept("GENERATED") {
                try once("GENERATED")
                try expect("ALWAYS")
                try expect("AS")
                if token.isWord("IDENTITY") { throw error("identity columns are not supported") }
                let open = try expect(.leftParen)
                column.generatedAs = try parseExpression()
                try expectClose(open)
            } else {
                return column
            }
        }
    }

    /// `CONSTRAINT name CHECK (expr)`.
    private mutating func parseCheckConstraint() throws -> CheckConstraint {
        try expect("CONSTRAINT")
        let name = try parseIdentifier()
        try expect("CHECK")
        let open = try expect(.leftParen)
        let check = try parseExpression()
        try expectClose(open)
        return CheckConstraint(name: name, check: check)
    }

    /// `(key = value, ...)` or, without values, `(key, ...)`.
    private mutating func parseProperties(withValues: Bool) throws -> [TableProperty] {
        let open = try expect(.leftParen)
        var properties: [TableProperty] = []
        repeat {
            let key = try parsePropertyKey()
            var value: String?
            if withValues {
                _ = accept(.equal)
                value = try parsePropertyValue()
            }
            properties.append(TableProperty(key: key, value: value))
        } while accept(.comma)
        try expectClose(open)
        return properties
    }

    private mutating func parsePropertyKey() throws -> String {
        if token.kind == .string { return try parseStringLiteral() }
        var key = try parseAnyWordIdentifier().name
        while token.kind == .dot {
            advance()
            key += "." + (try parseAnyWordIdentifier().name)
        }
        return key
    }

    private mutating func parsePropertyValue() throws -> String {
        expecting("a property value")
        switch token.kind {
        case .string: return try parseStringLiteral()
        case .integer, .decimal, .scientific:
            let t = advance()
            return t.text + (t.suffix?.rawValue ?? "")
        case .minus where [.integer, .decimal, .scientific].contains(peek(1).kind):
            advance()
            let t = advance()
            return "-" + t.text + (t.suffix?.rawValue ?? "")
        case .word, .quotedIdentifier:
            let t = advance()
            return t.kind == .word && (t.upper == "TRUE" || t.upper == "FALSE") ? t.upper.lowercased() : t.text
        default:
            throw unexpected()
        }
    }

    private mutating func parseDrop() throws -> Statement {
        let t = advance()
        if accept("TABLE") {
            let ifExists = try parseIfExists()
            return .dropTable(DropTable(ifExists: ifExists, name: try parseTableSource(), position: t.position))
        }
        if accept("SCHEMA") || accept("DATABASE") {
            let ifExists = try parseIfExists()
            let name = try parseQualifiedName()
            var cascade = false
            if accept("CASCADE") {
                cascade = true
            } else {
                _ = accept("RESTRICT")
            }
            return .dropSchema(DropSchema(ifExists: ifExists, name: name, cascade: cascade, position: t.position))
        }
        throw unexpected()
    }

    // MARK: ALTER TABLE

    private mutating func parseAlterTable() throws -> AlterTable {
        let t = advance()
        try expect("TABLE")
        let name = try parseTableSource()
        let action: AlterTable.Action
        if accept("ADD") {
            if token.isWord("CONSTRAINT") {
                action = .addConstraint(try parseCheckConstraint())
            } else {
                if !accept("COLUMNS") { try expect("COLUMN") }
                var columns: [ColumnDefinition] = []
                if token.kind == .leftParen {
                    let open = advance()
                    repeat { columns.append(try parseColumnDefinition()) } while accept(.comma)
                    try expectClose(open)
                } else {
                    repeat { columns.append(try parseColumnDefinition()) } while accept(.comma)
                }
                action = .addColumns(columns)
            }
        } else if accept("DROP") {
            if accept("CONSTRAINT") {
                let ifExists = try parseIfExists()
                action = .dropConstraint(try parseIdentifier(), ifExists: ifExists)
            } else {
                if !accept("COLUMNS") { try expect("COLUMN") }
                let ifExists = try parseIfExists()
                var columns: [QualifiedName] = []
                if token.kind == .leftParen {
                    let open = advance()
                    repeat { columns.append(try parseQualifiedName()) } while accept(.comma)
                    try expectClose(open)
                } else {
                    repeat { columns.append(try parseQualifiedName()) } while accept(.comma)
                }
                action = .dropColumns(columns, ifExists: ifExists)
            }
        } else if accept("RENAME") {
            if accept("COLUMN") {
                let from = try parseQualifiedName()
                try expect("TO")
                action = .renameColumn(from, to: try parseIdentifier())
            } else {
                try expect("TO")
                action = .renameTo(try parseQualifiedName())
            }
        } else if accept("ALTER") || accept("CHANGE") {
            _ = accept("COLUMN")
            let column = try parseQualifiedName()
            let change: AlterTable.ColumnChange
            if accept("SET") {
                if accept("DEFAULT") {
                    change = .setDefault(try parseExpression())
                } else {
                    try expect("NOT")
                    try expect("NULL")
                    change = .setNotNull
                }
            } else if accept("DROP") {
                if accept("DEFAULT") {
                    change = .dropDefault
                } else {
                    try expect("NOT")
                    try expect("NULL")
                    change = .dropNotNull
                }
            } else if accept("TYPE") {
                change = .type(try parseType())
            } else if accept("COMMENT") {
                change = .comment(try parseStringLiteral())
            } else {
                throw unexpected()
            }
            action = .alterColumn(column, change)
        } else if accept("SET") {
            try expect("TBLPROPERTIES")
            action = .setProperties(try parseProperties(withValues: true))
        } else if accept("UNSET") {
            try expect("TBLPROPERTIES")
            let ifExists = try parseIfExists()
            action = .unsetProperties(try parseProperties(withValues: false).map(\.key), ifExists: ifExists)
        } else {
            throw unexpected()
        }
        return AlterTable(name: name, action: action, position: t.position)
    }

    // MARK: INSERT / DELETE / UPDATE / MERGE

    private mutating func parseInsert() throws -> Insert {
        let t = advance()
        let overwrite: Bool
        if accept("INTO") {
            overwrite = false
        } else {
            try expect("OVERWRITE")
            overwrite = true
        }
        _ = accept("TABLE")
        let table = try parseTableSource()
        var columns: [Identifier] = []
        if token.kind == .leftParen && !startsQueryThroughParentheses(at: index) {
            columns = try parseIdentifierList()
        }
        var replaceWhere: Expression?
        if accept("REPLACE") {
            try expect("WHERE")
            replaceWhere = try parseExpression()
        }
        for k in ["SELECT", "VALUES", "WITH", "'('"] { expecting(k) }
        guard startsQueryThroughParentheses(at: index) else { throw unexpected() }
        let query = try parseQuery()
        return Insert(table: table, overwrite: overwrite, columns: columns, replaceWhere: replaceWhere, query: query, position: t.position)
    }

    /// `[AS] alias` after a DML target.
    private mutating func parseTargetAlias() throws -> Identifier? {
        if accept("AS") { return try parseIdentifier() }
        if token.kind == .quotedIdentifier
            || (token.kind == .word && !SQLKeywords.reserved.contains(token.upper) && !SQLKeywords.notTableAliases.contains(token.upper))
        {
            implicitAlias = (index, Parser.tableAliasAlternatives)
            return try parseIdentifier()
        }
        return nil
    }

    private mutating func parseDelete() throws -> Delete {
        let t = advance()
        try expect("FROM")
        var statement = Delete(table: try parseTableSource(), position: t.position)
        statement.alias = try parseTargetAlias()
        if accept("WHERE") { statement.whereClause = try parseExpression() }
        return statement
    }

    private mutating func parseUpdate() throws -> Update {
        let t = advance()
        let table = try parseTableSource()
        let alias = try parseTargetAlias()
        try expect("SET")
        let assignments = try parseAssignments()
        var whereClause: Expression?
        if accept("WHERE") { whereClause = try parseExpression() }
        return Update(table: table, alias: alias, assignments: assignments, whereClause: whereClause, position: t.position)
    }

    private mutating func parseAssignments() throws -> [Assignment] {
        var assignments: [Assignment] = []
        repeat {
            let column = try parseQualifiedName()
            try expect(.equal)
            assignments.append(Assignment(column: column, value: try parseExpression()))
        } while accept(.comma)
        return assignments
    }

    private mutating func parseMerge() throws -> Merge {
        let t = advance()
        var evolution = false
        if accept("WITH") {
            try expect("SCHEMA")
            try expect("EVOLUTION")
            evolution = true
        }
        try expect("INTO")
        let target = try parseTableSource()
        let targetAlias = try parseTargetAlias()
        try expect("USING")
        let source = try parseTablePrimary()
        try expect("ON")
        let on = try parseExpression()
        var clauses: [Merge.Clause] = []
        while at("WHEN") {
            let when = advance()
            let kind: Merge.Clause.Kind
            if accept("MATCHED") {
                kind = .matched
            } else {
                try expect("NOT")
                try expect("MATCHED")
                if accept("BY") {
                    if accept("SOURCE") {
                        kind = .notMatchedBySource
                    } else {
                        try expect("TARGET")
                        kind = .notMatched
                    }
                } else {
                    kind = .notMatched
                }
            }
            var condition: Expression?
            if accept("AND") { condition = try parseExpression() }
            try expect("THEN")
            let action: Merge.Action
            if kind == .notMatched {
                try expect("INSERT")
                if accept(.star) {
                    action = .insertAll
                } else {
                    var columns: [Identifier] = []
                    if token.kind == .leftParen { columns = try parseIdentifierList() }
                    try expect("VALUES")
                    let open = try expect(.leftParen)
                    var values: [Expression] = []
                    repeat { values.append(try parseExpression()) } while accept(.comma)
                    try expectClose(open)
                    if !columns.isEmpty && columns.count != values.count {
                        throw error("INSERT lists \(columns.count) columns but \(values.count) values", at: open.position)
                    }
                    action = .insert(columns: columns, values: values)
                }
            } else if accept("DELETE") {
                action = .delete
            } else {
                try expect("UPDATE")
                try expect("SET")
                if kind == .matched, accept(.star) {
                    action = .updateAll
                } else {
                    action = .update(try parseAssignments())
                }
            }
            clauses.append(Merge.Clause(kind: kind, condition: condition, action: action, position: when.position))
        }
        if clauses.isEmpty { throw unexpected() }
        return Merge(target: target, targetAlias: targetAlias, source: source, on: on, clauses: clauses, withSchemaEvolution: evolution, position: t.position)
    }

    // MARK: SHOW / DESCRIBE / EXPLAIN

    private mutating func parseShow() throws -> Statement {
        let t = advance()
        if accept("TABLES") {
            var statement = ShowTables(position: t.position)
            if accept("IN") || accept("FROM") { statement.schema = try parseQualifiedName() }
            if accept("LIKE") || token.kind == .string { statement.pattern = try parseStringLiteral() }
            return .showTables(statement)
        }
        if accept("SCHEMAS") || accept("DATABASES") {
            var statement = ShowSchemas(position: t.position)
            if accept("LIKE") || token.kind == .string { statement.pattern = try parseStringLiteral() }
            return .showSchemas(statement)
        }
        throw unexpected()
    }

    private mutating func parseDescribe() throws -> Describe {
        let t = advance()
        // DETAIL / HISTORY / TABLE / EXTENDED are keywords only when a table name follows.
        let nameFollows = !(peek(1).kind == .eof || peek(1).kind == .semicolon)
        if nameFollows && accept("DETAIL") {
            return Describe(table: try parseTableSource(), kind: .detail, position: t.position)
        }
        if nameFollows && accept("HISTORY") {
            let table = try parseTableSource()
            var limit: Expression?
            if accept("LIMIT") { limit = try parseExpression() }
            return Describe(table: table, kind: .history(limit: limit), position: t.position)
        }
        if nameFollows && token.isWord("TABLE") { advance() }
        var extended = false
        if !(peek(1).kind == .eof || peek(1).kind == .semicolon), accept("EXTENDED") || accept("FORMATTED") {
            extended = true
        }
        return Describe(table: try parseTableSource(), kind: .table(extended: extended), position: t.position)
    }

    private mutating func parseExplain() throws -> Explain {
        let t = advance()
        var mode = Explain.Mode.simple
        for candidate in [Explain.Mode.extended, .formatted, .codegen, .cost] where accept(candidate.rawValue) {
            mode = candidate
            break
        }
        return Explain(mode: mode, statement: try parseStatement(), position: t.position)
    }

    // MARK: Maintenance

    private mutating func parseOptimize() throws -> Optimize {
        let t = advance()
        var statement = Optimize(table: try parseTableSource(), position: t.position)
        if accept("WHERE") { statement.whereClause = try parseExpression() }
        if accept("ZORDER") {
            try expect("BY")
            if token.kind == .leftParen {
                let open = advance()
                repeat { statement.zorderBy.append(try parseQualifiedName()) } while accept(.comma)
                try expectClose(open)
            } else {
                repeat { statement.zorderBy.append(try parseQualifiedName()) } while accept(.comma)
            }
        }
        return statement
    }

    private mutating func parseVacuum() throws -> Vacuum {
        let t = advance()
        var statement = Vacuum(table: try parseTableSource(), position: t.position)
        if accept("RETAIN") {
            expecting("a number of hours")
            guard token.kind == .integer || token.kind == .decimal, token.suffix == nil else { throw unexpected() }
            statement.retainHours = advance().text
            try expect("HOURS")
        }
        if accept("DRY") {
            try expect("RUN")
            statement.dryRun = true
        }
        return statement
    }

    private mutating func parseRestore() throws -> Restore {
        let t = advance()
        _ = accept("TABLE")
        let table = try parseTableSource()
        _ = accept("TO")
        expecting("VERSION")
        expecting("TIMESTAMP")
        guard let target = try parseTimeTravelClause() else { throw unexpected() }
        return Restore(table: table, target: target, position: t.position)
    }

    // MARK: SET / USE

    /// `SET`, `SET key`, `SET key = value`, with key and value as raw text.
    private mutating func parseSet() throws -> SetConfiguration {
        let t = advance()
        var statement = SetConfiguration(position: t.position)
        if atStatementEnd { return statement }
        let keyStart = index
        while !atStatementEnd && token.kind != .equal { advance() }
        guard index > keyStart else {
            expecting("a configuration key")
            throw unexpected()
        }
        statement.key = rawText(from: keyStart, to: index)
        guard accept(.equal) else { return statement }
        let valueStart = index
        while !atStatementEnd { advance() }
        if index == valueStart {
            statement.value = ""
        } else if index == valueStart + 1, tokens[valueStart].kind == .string {
            statement.value = tokens[valueStart].text
        } else {
            statement.value = rawText(from: valueStart, to: index)
        }
        return statement
    }

    /// The source text of tokens `from..<to`.
    private func rawText(from: Int, to: Int) -> String {
        String(decoding: source[tokens[from].start..<tokens[to - 1].end], as: UTF8.self)
    }

    private mutating func parseUse() throws -> Use {
        let t = advance()
        if (token.isWord("SCHEMA") || token.isWord("DATABASE") || token.isWord("NAMESPACE")) && !(peek(1).kind == .eof || peek(1).kind == .semicolon) {
            advance()
        }
        return Use(schema: try parseQualifiedName(), position: t.position)
    }
}
