import Columnar

/// The one place writes enforce a table's constraints: every batch bound for a data file —
/// appends, overwrites, CTAS, and the rows DELETE, UPDATE and MERGE write back — passes
/// ``check(_:)`` first. A violation is a ``DeltaError/Code/constraintViolation`` naming the
/// constraint and showing the offending row's values, and nothing is committed.
public struct ConstraintChecker: Sendable {
    /// What is checked.
    public let constraints: TableConstraints
    let evaluator: any CheckEvaluator
    let location: String?

    /// A checker of `constraints` over rows of `schema`; CHECK constraints are prepared (and
    /// refused when `evaluator` cannot evaluate them) now, before anything is written.
    public init(constraints: TableConstraints, schema: Schema, evaluator: (any CheckEvaluator)?, location: String? = nil) throws {
        self.constraints = constraints
        self.evaluator = evaluator ?? PredicateCheckEvaluator()
        self.location = location
        for check in constraints.checks {
            do {
                try self.evaluator.prepare(check, schema: schema)
            } catch var error as DeltaError {
                if error.table == nil { error.table = location }
                throw error
            }
        }
    }

    /// Whether there is anything to check.
    public var isEmpty: Bool { constraints.isEmpty }

    /// Throws on the first row of `batch` (in the table schema) violating a constraint.
    public func check(_ batch: RecordBatch) throws {
        guard batch.count > 0 else { return }
        for path in constraints.notNullColumns {
            if let row = Self.firstNull(path, in: batch) {
                throw DeltaError(.constraintViolation,
                    "NOT NULL constraint violated for column: \(path) (row \(row + 1) of the data: \(Self.describe(batch, row)))", table: location)
            }
        }
        for check in constraints.checks {
            if let row = try evaluator.violations(of: check, in: batch).first.map(Int.init) {
                throw DeltaError(.constraintViolation,
                    "CHECK constraint \(check.name) (\(check.expression)) violated by row with values: \(Self.describe(batch, row))", table: location)
            }
        }
    }

    /// The first row where the field at dotted `path` is null while its parents are not.
    static func firstNull(_ path: String, in batch: RecordBatch) -> Int? {
        let parts = path.split(separator: ".").map(String.init)
        guard let top = batch.schema.index(of: parts[0]) else { return 0 }  // a missing NOT NULL column
        var column = batch.columns[top]
        var parents: [Column] = []
        for part in parts.dropFirst() {
            guard case .struct(let fields) = column.type,
                  let j = fields.firstIndex(where: { $0.name.lowercased() == part.lowercased() }) else { return nil }
            parents.append(column)
            column = column.children[j]
        }
        guard column.nullCount > 0 else { return nil }
        return (0..<column.count).first { row in column.isNull(row) && !parents.contains { $0.isNull(row) } }
    }

    /// `a = 1, b = 'x'` for a row (cold path: only for the error message).
    static func describe(_ batch: RecordBatch, _ row: Int) -> String {
        batch.schema.fields.enumerated().map { i, f in
            let v = batch.columns[i].value(at: row)
            return "\(f.name) = \(Expression.literalText(v, f.type))"
        }.joined(separator: ", ")
    }
}
