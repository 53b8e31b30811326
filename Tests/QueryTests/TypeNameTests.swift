import Testing
import Query

@Suite struct TypeNameTests {
    func roundTripType(_ sql: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> TypeName {
        let type = try SQLParser.parseType(sql)
        #expect(try SQLParser.parseType(type.description) == type, "\(sql) printed as \(type)", sourceLocation: sourceLocation)
        return type
    }

    @Test(arguments: [
        ("BOOLEAN", TypeName.boolean), ("bool", .boolean),
        ("TINYINT", .tinyint), ("BYTE", .tinyint),
        ("SMALLINT", .smallint), ("short", .smallint),
        ("INT", .int), ("Integer", .int),
        ("BIGINT", .bigint), ("LONG", .bigint),
        ("FLOAT", .float), ("REAL", .float),
        ("DOUBLE", .double), ("DOUBLE PRECISION", .double),
        ("DECIMAL", .decimal(precision: nil, scale: nil)),
        ("DECIMAL(10)", .decimal(precision: 10, scale: nil)),
        ("DECIMAL(38, 18)", .decimal(precision: 38, scale: 18)),
        ("DEC(5,2)", .decimal(precision: 5, scale: 2)),
        ("NUMERIC(7, 0)", .decimal(precision: 7, scale: 0)),
        ("STRING", .string), ("VARCHAR(20)", .varchar(20)), ("CHAR(3)", .char(3)), ("CHARACTER(1)", .char(1)),
        ("BINARY", .binary), ("DATE", .date), ("TIMESTAMP", .timestamp),
        ("TIMESTAMP_NTZ", .timestampNTZ), ("timestamp_ltz", .timestampLTZ),
        ("INTERVAL", .interval(from: nil, to: nil)),
        ("INTERVAL DAY", .interval(from: .day, to: nil)),
        ("INTERVAL DAY TO SECOND", .interval(from: .day, to: .second)),
        ("INTERVAL YEAR TO MONTH", .interval(from: .year, to: .month)),
    ])
    func scalarTypes(sql: String, type: TypeName) throws {
        #expect(try roundTripType(sql) == type)
    }

    @Test func nestedTypes() throws {
        #expect(try roundTripType("ARRAY<INT>") == .array(.int))
        #expect(try roundTripType("ARRAY<ARRAY<STRING>>") == .array(.array(.string)))
        #expect(try roundTripType("MAP<STRING, ARRAY<DECIMAL(10,2)>>") == .map(key: .string, value: .array(.decimal(precision: 10, scale: 2))))
        let colon = try roundTripType("STRUCT<a: INT, b: STRING NOT NULL COMMENT 'the b'>")
        let space = try roundTripType("struct<a int, b string not null comment 'the b'>")
        #expect(colon == space)
        #expect(colon == .struct([
            TypeName.Field(name: Identifier("a"), type: .int),
            TypeName.Field(name: Identifier("b"), type: .string, notNull: true, comment: "the b"),
        ]))
        #expect(try roundTripType("STRUCT<>") == .struct([]))
        #expect(try roundTripType("STRUCT<`select`: INT, `a b`: MAP<INT, STRUCT<date: DATE>>>").description
            == "STRUCT<`select`: INT, `a b`: MAP<INT, STRUCT<`date`: DATE>>>")
    }

    @Test func printing() throws {
        #expect(TypeName.decimal(precision: 10, scale: 2).description == "DECIMAL(10, 2)")
        #expect(TypeName.map(key: .string, value: .array(.bigint)).description == "MAP<STRING, ARRAY<BIGINT>>")
        #expect(TypeName.interval(from: .day, to: .second).description == "INTERVAL DAY TO SECOND")
    }

    @Test func errors() {
        func typeError(_ sql: String) -> QueryError? {
            do {
                _ = try SQLParser.parseType(sql)
                Issue.record("\(sql) should not parse")
                return nil
            } catch {
                return error
            }
        }
        #expect(typeError("VARCHAR")?.message.contains("expected '('") == true)
        #expect(typeError("ARRAY<INT")?.message == "expected '>' to close '<' at line 1, column 6, found end of input")
        #expect(typeError("MAP<INT>") != nil)
        #expect(typeError("DECIMAL(a)") != nil)
        #expect(typeError("INT INT")?.message.contains("expected end of input") == true)
        #expect(typeError("STRNG")?.message.hasSuffix("did you mean 'STRING'?") == true)
        #expect(typeError("INTERVAL DAY TO") != nil)
        #expect(typeError("DECIMAL(1000000000)")?.message.contains("too large") == true)
    }
}
