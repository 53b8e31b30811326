import Columnar

/// Evaluates CHECK constraints over batches for a ``ConstraintChecker``.
///
/// The query engine supplies one that understands all of its SQL and runs vectorized; without
/// one, writes use ``PredicateCheckEvaluator``, which handles Delta's own predicate language
/// (comparisons, AND/OR/NOT, IS NULL, IN, BETWEEN) and refuses anything else up front.
public protocol CheckEvaluator: Sendable {
    /// Throws, before any row is written, when `check` cannot be evaluated over rows of `schema`.
    func prepare(_ check: TableConstraints.Check, schema: Schema) throws
    /// The rows of `batch` where `check` is false or null, ascending.
    func violations(of check: TableConstraints.Check, in batch: RecordBatch) throws -> [Int32]
}

/// A ``CheckEvaluator`` over Delta's predicate language (``ExpressionParser``).
public struct PredicateCheckEvaluator: CheckEvaluator {
    /// Creates the evaluator.
    public init() {}

    func expression(_ check: TableConstraints.Check, _ schema: Schema) throws -> Expression {
        do {
            return try ExpressionParser.parse(check.expression).bound(to: schema)
        } catch let error as DeltaError {
            throw DeltaError(.unsupportedFeature,
                "CHECK constraint \(check.name) (\(check.expression)) cannot be evaluated by the table writer (\(error.message)); write through the SQL engine, which enforces it")
        }
    }

    /// Parses and binds the constraint.
    public func prepare(_ check: TableConstraints.Check, schema: Schema) throws {
        _ = try expression(check, schema)
    }

    /// Evaluates the constraint row by row.
    public func violations(of check: TableConstraints.Check, in batch: RecordBatch) throws -> [Int32] {
        try expression(check, batch.schema).evaluate(batch).enumerated().compactMap { $0.element == true ? nil : Int32($0.offset) }
    }
}
