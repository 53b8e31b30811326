/// Type names: `INT`, `DECIMAL(10, 2)`, `ARRAY<T>`, `MAP<K, V>`, `STRUCT<a: T, ...>`, `INTERVAL ...`.
extension Parser {
    /// A type that must span the whole text.
    mutating func parseStandaloneType() throws -> TypeName {
        let type = try parseType()
        expecting("end of input")
        guard token.kind == .eof else { throw unexpected() }
        return type
    }

    static let typeNames = [
        "BOOLEAN", "TINYINT", "SMALLINT", "INT", "BIGINT", "FLOAT", "DOUBLE", "DECIMAL", "STRING", "VARCHAR", "CHAR",
        "BINARY", "DATE", "TIMESTAMP", "TIMESTAMP_NTZ", "TIMESTAMP_LTZ", "ARRAY", "MAP", "STRUCT", "INTERVAL",
        // Synonyms, listed last (beyond what messages show) for "did you mean".
        "BOOL", "BYTE", "SHORT", "INTEGER", "LONG", "REAL", "DEC", "NUMERIC", "CHARACTER",
    ]

    /// A type name.
    mutating func parseType() throws -> TypeName {
        try enter()
        defer { depth -= 1 }
        let t = token
        guard t.kind == .word else {
            for name in Parser.typeNames { expecting(name) }
            throw unexpected()
        }
        switch t.upper {
        case "BOOLEAN", "BOOL":
            advance()
            return .boolean
        case "TINYINT", "BYTE":
            advance()
            return .tinyint
        case "SMALLINT", "SHORT":
            advance()
            return .smallint
        case "INT", "INTEGER":
            advance()
            return .int
        case "BIGINT", "LONG":
            advance()
            return .bigint
        case "FLOAT", "REAL":
            advance()
            return .float
        case "DOUBLE":
            advance()
            _ = accept("PRECISION")
            return .double
        case "DECIMAL", "DEC", "NUMERIC":
            advance()
            guard token.kind == .leftParen else { return .decimal(precision: nil, scale: nil) }
            let open = advance()
            let precision = try parseTypeParameter()
            var scale: Int?
            if accept(.comma) { scale = try parseTypeParameter() }
            try expectClose(open)
            return .decimal(precision: precision, scale: scale)
        case "STRING":
            advance()
            return .string
        case "VARCHAR", "CHAR", "CHARACTER":
            advance()
            let open = try expect(.leftParen)
            let length = try parseTypeParameter()
            try expectClose(open)
            return t.upper == "VARCHAR" ? .varchar(length) : .char(length)
        case "BINARY":
            advance()
            return .binary
        case "DATE":
            advance()
            return .date
        case "TIMESTAMP":
            advance()
            return .timestamp
        case "TIMESTAMP_NTZ":
            advance()
            return .timestampNTZ
        case "TIMESTAMP_LTZ":
            advance()
            return .timestampLTZ
        case "ARRAY":
            advance()
            let open = try expect(.less)
            let element = try parseType()
            try expectClose(open)
            return .array(element)
        case "MAP":
            advance()
            let open = try expect(.less)
            let key = try parseType()
            try expect(.comma)
            let value = try parseType()
            try expectClose(open)
            return .map(key: key, value: value)
        case "STRUCT":
            advance()
            if accept(.lessGreater) { return .struct([]) }  // `STRUCT<>` lexes as `<>`
            let open = try expect(.less)
            var fields: [TypeName.Field] = []
            if token.kind != .greater {
                repeat { fields.append(try parseStructField()) } while accept(.comma)
            }
            try expectClose(open)
            return .struct(fields)
        case "INTERVAL":
            advance()
            guard token.kind == .word, let from = IntervalUnit(keyword: token.upper) else { return .interval(from: nil, to: nil) }
            advance()
            if accept("TO") {
                expecting("an interval unit")
                guard token.kind == .word, let to = IntervalUnit(keyword: token.upper) else { throw unexpected() }
                advance()
                return .interval(from: from, to: to)
            }
            return .interval(from: from, to: nil)
        default:
            for name in Parser.typeNames { expecting(name) }
            throw unexpected()
        }
    }

    /// A non-negative integer inside a type's parentheses.
    private mutating func parseTypeParameter() throws -> Int {
        expecting("an integer")
        guard token.kind == .integer, token.suffix == nil else { throw unexpected() }
        guard let value = Int(token.text), value <= 1_000_000 else { throw error("type parameter \(token.text) is too large") }
        advance()
        return value
    }

    /// `name[:] type [NOT NULL] [COMMENT '...']`.
    private mutating func parseStructField() throws -> TypeName.Field {
        let name = try parseAnyWordIdentifier()
        _ = accept(.colon)
        var field = TypeName.Field(name: name, type: try parseType())
        while true {
            if token.isWord("NOT") && peek(1).isWord("NULL") {
                advance()
                advance()
                field.notNull = true
            } else if accept("COMMENT") {
                field.comment = try parseStringLiteral()
            } else {
                return field
            }
        }
    }
}
