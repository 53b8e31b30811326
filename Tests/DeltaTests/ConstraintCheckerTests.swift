import Columnar
import Foundation
import Testing
@testable import Delta

@Suite struct ConstraintCheckerTests {
    static let schema = Schema([
        Field("id", .int64, nullable: false), Field("qty", .int32),
        Field("p", .struct([Field("a", .int32, nullable: false), Field("b", .string)])),
    ])

    static func batch(_ rows: [[Value]]) -> RecordBatch { Rows.batch(schema, rows) }

    @Test func constraintsComeFromTheSchemaAndTheConfiguration() {
        let c = TableConstraints(schema: Self.schema, configuration: ["delta.constraints.positive": "qty > 0", "other": "x", "delta.constraints.b": "id < 9"])
        #expect(c.checks == [.init(name: "b", expression: "id < 9"), .init(name: "positive", expression: "qty > 0")])
        #expect(c.notNullColumns == ["id", "p.a"])
        #expect(TableConstraints(schema: Schema([Field("x", .int32)]), configuration: [:]).isEmpty)
    }

    @Test func notNullIsCheckedAlsoInNestedFieldsWhoseParentIsPresent() throws {
        let checker = try ConstraintChecker(constraints: TableConstraints(schema: Self.schema, configuration: [:]), schema: Self.schema, evaluator: nil)
        try checker.check(Self.batch([[.int(1), .null, .struct([.int(1), .null])], [.int(2), .int(3), .null]]))
        #expect { try checker.check(Self.batch([[.int(1), .null, .null], [.null, .int(1), .null]])) } throws: {
            let e = $0 as? DeltaError
            return e?.code == .constraintViolation && e?.message.contains("column: id (row 2") == true
        }
        #expect { try checker.check(Self.batch([[.int(1), .null, .struct([.null, .string("b")])]])) } throws: {
            ($0 as? DeltaError)?.message.contains("column: p.a") == true
        }
    }

    @Test func checkConstraintsFailOnFalseAndNullAndNameTheRow() throws {
        let constraints = TableConstraints(schema: Self.schema, configuration: ["delta.constraints.positive": "qty > 0"])
        let checker = try ConstraintChecker(constraints: constraints, schema: Self.schema, evaluator: nil, location: "/t")
        try checker.check(Self.batch([[.int(1), .int(3), .null]]))
        for bad in [Value.int(0), .null] {
            #expect { try checker.check(Self.batch([[.int(1), .int(3), .null], [.int(7), bad, .null]])) } throws: {
                let e = $0 as? DeltaError
                return e?.code == .constraintViolation && e?.message.contains("CHECK constraint positive (qty > 0) violated by row with values: id = 7") == true
                    && e?.table == "/t"
            }
        }
        // What Delta's predicate language cannot express is refused before anything is written.
        let complex = TableConstraints(schema: Self.schema, configuration: ["delta.constraints.c": "length(p.b) < 3"])
        #expect { try ConstraintChecker(constraints: complex, schema: Self.schema, evaluator: nil) } throws: {
            ($0 as? DeltaError)?.code == .unsupportedFeature
        }
    }

    @Test func tableWriterEnforcesAndAddConstraintUpgradesTheProtocol() throws {
        let dir = TempDirectory()
        let table = DeltaTable(path: dir.path)
        let schema = Schema([Field("id", .int64, nullable: false), Field("qty", .int32)])
        try TableWriter(table: table).write([Rows.batch(schema, [[.int(1), .int(5)], [.int(2), .int(-1)]])])
        #expect { try table.addConstraint("positive", check: "qty > 0") } throws: {
            ($0 as? DeltaError)?.code == .constraintViolation && ($0 as? DeltaError)?.message.contains("1 row(s)") == true
        }
        try TableWriter(table: table).write([Rows.batch(schema, [[.int(3), .null]])])
        #expect { try table.addConstraint("nonnull", check: "qty IS NOT NULL") } throws: { ($0 as? DeltaError)?.code == .constraintViolation }
        try table.addConstraint("small", check: "qty < 100 OR qty IS NULL")
        var snapshot = try table.snapshot()
        #expect(snapshot.protocol == Protocol(minReaderVersion: 1, minWriterVersion: 3))
        #expect(snapshot.configuration["delta.constraints.small"] == "qty < 100 OR qty IS NULL")
        #expect { try TableWriter(table: table).write([Rows.batch(schema, [[.int(4), .int(100)]])]) } throws: {
            ($0 as? DeltaError)?.code == .constraintViolation
        }
        #expect { try TableWriter(table: table).write([Rows.batch(schema, [[.null, .int(1)]])]) } throws: {
            ($0 as? DeltaError)?.code == .constraintViolation
        }
        #expect(try Rows.read(table).count == 3)
        try table.dropConstraint("SMALL")
        snapshot = try table.snapshot()
        #expect(snapshot.configuration["delta.constraints.small"] == nil)
        #expect(try table.dropConstraint("small", ifExists: true) == nil)
        #expect { try table.dropConstraint("small") } throws: { ($0 as? DeltaError)?.code == .invalidArgument }
        // On a table-features protocol the feature is listed.
        let dir2 = TempDirectory()
        let features = DeltaTable(path: dir2.path)
        var options = WriteOptions()
        options.tableProperties = ["delta.enableDeletionVectors": "true"]
        try TableWriter(table: features).write([Rows.batch(schema, [[.int(1), .int(1)]])], options: options)
        try features.addConstraint("c", check: "qty = 1")
        let p = try features.snapshot().protocol
        #expect(p.minWriterVersion == 7 && p.writerFeatures?.contains("checkConstraints") == true && p.readerFeatures == ["deletionVectors"])
    }
}
