import Columnar
import Testing
@testable import Delta

@Suite struct DeltaSchemaTests {
    @Test func roundTripsEveryTypeAndMetadata() throws {
        let text = #"{"type":"struct","fields":[{"name":"a","type":"long","nullable":true,"metadata":{}},{"name":"b","type":"decimal(10,2)","nullable":false,"metadata":{"comment":"money","delta.columnMapping.id":3}},{"name":"c","type":{"type":"array","elementType":{"type":"struct","fields":[{"name":"x","type":"timestamp_ntz","nullable":true,"metadata":{}}]},"containsNull":false},"nullable":true,"metadata":{}},{"name":"d","type":{"type":"map","keyType":"string","valueType":"date","valueContainsNull":true},"nullable":true,"metadata":{}},{"name":"e","type":"byte","nullable":true,"metadata":{}}]}"#
        let schema = try DeltaSchema.parse(text)
        #expect(schema.fields.map(\.type) == [
            .int64, .decimal(precision: 10, scale: 2),
            .list(Field("element", .struct([Field("x", .timestampNTZ)]), nullable: false)),
            .map(key: Field("key", .string, nullable: false), value: Field("value", .date)), .int8,
        ])
        #expect(schema.fields[1].metadata["delta.columnMapping.id"] == "3")
        #expect(schema.fields[1].metadata["comment"] == "\"money\"")
        #expect(try DeltaSchema.parse(DeltaSchema.serialize(schema)) == schema)
    }

    @Test func unsupportedTypesNameTheColumn() {
        #expect { try DeltaSchema.parse(#"{"type":"struct","fields":[{"name":"v","type":"variant","nullable":true,"metadata":{}}]}"#) } throws: {
            ($0 as? DeltaError)?.message.contains("column 'v' has type 'variant'") == true
        }
        #expect(throws: DeltaError.self) { try DeltaSchema.parse("{not json") }
    }
}
