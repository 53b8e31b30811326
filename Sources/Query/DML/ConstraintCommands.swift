import Columnar
import Delta
import LakeJSON

/// `ALTER TABLE ... ADD CONSTRAINT`, `DROP CONSTRAINT` and `ALTER COLUMN ... SET|DROP NOT NULL`.
extension QueryEngine {
    /// `ADD CONSTRAINT name CHECK (expr)`: every existing row is checked first (Delta's
    /// ``Delta/DeltaTable/addConstraint(_:check:evaluator:)`` with the SQL evaluator).
    func addConstraint(_ table: DeltaTable, _ c: CheckConstraint, _ name: TableSource) throws -> QueryResult {
        do {
            let result = try table.addConstraint(c.name.name, check: c.check.description, evaluator: SQLCheckEvaluator(session: session))
            session.record(TableAccess(kind: .write, location: table.location, name: name.description, version: result.version, operation: "ADD CONSTRAINT"))
            return QueryResult(message: "added constraint \(c.name.name.lowercased()) to \(name) (version \(result.version))")
        } catch {
            throw dmlError(error)
        }
    }

    /// `DROP CONSTRAINT [IF EXISTS] name`.
    func dropConstraint(_ table: DeltaTable, _ constraint: String, ifExists: Bool, _ name: TableSource) throws -> QueryResult {
        do {
            guard let result = try table.dropConstraint(constraint, ifExists: ifExists) else {
                return QueryResult(message: "table \(name) has no constraint \(constraint)")
            }
            session.record(TableAccess(kind: .write, location: table.location, name: name.description, version: result.version, operation: "DROP CONSTRAINT"))
            return QueryResult(message: "dropped constraint \(constraint.lowercased()) from \(name) (version \(result.version))")
        } catch {
            throw dmlError(error)
        }
    }

    /// `ALTER COLUMN c SET NOT NULL` (after checking that no live row is null there) and
    /// `DROP NOT NULL`, on top-level columns.
    func alterNullability(_ table: DeltaTable, _ column: QualifiedName, notNull: Bool, _ name: TableSource) throws -> QueryResult {
        do {
            let snapshot = try table.snapshot()
            guard column.parts.count == 1, let index = snapshot.schema.index(of: column.last) else {
                throw QueryError(.notFound, "table \(name) has no top-level column '\(column)'", line: column.position.line, column: column.position.column)
            }
            var schema = snapshot.schema
            guard schema.fields[index].nullable == notNull else {
                return QueryResult(message: "column \(schema.fields[index].name) is already \(notNull ? "NOT NULL" : "nullable")")
            }
            if notNull {
                var scan = try Scan(snapshot: snapshot, storage: table.storage, columns: [schema.fields[index].name], predicate: .isNull(.column(schema.fields[index].name))).batches()
                var nulls = 0
                while let b = try scan.next() { nulls += b.columns[0].nullCount }
                if nulls > 0 {
                    throw QueryError(.invalidArgument, "cannot make column \(schema.fields[index].name) NOT NULL: \(nulls) row(s) of \(name) hold NULL there")
                }
            }
            schema.fields[index].nullable = !notNull
            var metadata = snapshot.metadata
            metadata.schemaString = DeltaSchema.serialize(schema)
            let transaction = Transaction(table: table, readSnapshot: snapshot, operation: "CHANGE COLUMN")
            transaction.operationParameters = [
                "column": JSONValue.object(JSONObject([
                    .init("name", .string(schema.fields[index].name)), .init("type", .string(DeltaSchema.typeName(schema.fields[index].type) ?? "")),
                    .init("nullable", .bool(!notNull)), .init("metadata", .object(JSONObject())),
                ])).serialized(),
            ]
            transaction.readWholeTable = notNull
            transaction.isolationLevel = .serializable
            transaction.add(.metadata(metadata))
            transaction.extraCommitInfo = session.commitInfoExtras
            let result = try transaction.commit()
            session.record(TableAccess(kind: .write, location: table.location, name: name.description, version: result.version, operation: "CHANGE COLUMN"))
            return QueryResult(message: "altered column \(schema.fields[index].name) of \(name) (version \(result.version))")
        } catch let e as DeltaError {
            throw dmlError(e)
        }
    }
}
