import Columnar
import Delta

/// Evaluates CHECK constraints with the SQL engine: the constraint's text is parsed and bound
/// like a WHERE condition over the table's columns, then evaluated vectorized over each batch
/// written. Handed to the Delta writers (``Delta/WriteOptions/checkEvaluator``), which call it
/// from their one enforcement point.
final class SQLCheckEvaluator: CheckEvaluator, @unchecked Sendable {
    let session: Session
    private let lock = Mutex()
    private var bound: [String: (schema: Schema, expression: BoundExpression)] = [:]

    init(session: Session) {
        self.session = session
    }

    /// The constraint's expression bound to `schema`.
    func expression(_ check: TableConstraints.Check, _ schema: Schema) throws -> BoundExpression {
        if let cached = lock.withLock({ bound[check.expression] }), cached.schema == schema { return cached.expression }
        let e: BoundExpression
        do {
            let parsed = try SQLParser.parseExpression(check.expression)
            e = try Binder(session: session).bindPredicate(parsed, Scope(schema: schema, alias: nil))
        } catch let error as QueryError {
            throw DeltaError(.invalidArgument, "CHECK constraint \(check.name) (\(check.expression)) is not a valid condition over the table's columns: \(error.message)")
        }
        lock.withLock { bound[check.expression] = (schema, e) }
        return e
    }

    func prepare(_ check: TableConstraints.Check, schema: Schema) throws {
        _ = try expression(check, schema)
    }

    func violations(of check: TableConstraints.Check, in batch: RecordBatch) throws -> [Int32] {
        let mask = try session.evaluator.evaluate(try expression(check, batch.schema), batch)
        return ConstraintRows.notTrue(mask)
    }
}

/// Row selections over boolean columns.
enum ConstraintRows {
    /// The rows where a boolean column is false or null, ascending.
    static func notTrue(_ mask: Column) -> [Int32] {
        var out: [Int32] = []
        mask.values.withUnsafeBufferPointer(as: UInt8.self) { v in
            for i in 0..<mask.count where v[i] == 0 || mask.isNull(i) { out.append(Int32(i)) }
        }
        return out
    }
}
