import Columnar
import Delta

extension Binder {
    /// Most distinct values an `IN (subquery)` of a DELETE or UPDATE condition may return.
    static let dmlSubqueryValueLimit = 256

    /// The WHERE condition of a DELETE or UPDATE bound over `scope`. Top-level uncorrelated
    /// `[NOT] IN (subquery)` and `[NOT] EXISTS (subquery)` conjuncts run first and become a
    /// list of constants (at most ``dmlSubqueryValueLimit`` of them: more is a MERGE's job)
    /// or a constant.
    func bindDMLCondition(_ condition: Expression, _ scope: Scope) throws -> BoundExpression {
        var parts: [BoundExpression] = []
        for conjunct in conjuncts(condition) {
            switch conjunct.kind {
            case .inSubquery(let value, let query, let negated):
                let sub = Optimizer.optimize(try bind(query))
                guard sub.schema.count == 1 else {
                    throw error(.typeMismatch, "the IN subquery must return one column, not \(sub.schema.count)", at: conjunct.position)
                }
                let left = try bindExpression(value, scope, context: .plain)
                let subType = sub.schema.fields[0].type
                guard let t = TypeRules.common(left.type, subType) else {
                    throw error(.typeMismatch, "IN compares \(left.type.sqlName) with a subquery of \(subType.sqlName)", at: conjunct.position)
                }
                let values = try session.executor.executeOne(.limit(
                    .distinct(.project(sub, [cast(.column(0, subType), to: t)], Schema([Field("v", t)]))),
                    limit: Self.dmlSubqueryValueLimit + 1, offset: 0))
                guard values.count <= Self.dmlSubqueryValueLimit else {
                    throw error(.unsupported,
                        "the IN subquery returns more than \(Self.dmlSubqueryValueLimit) distinct values; use MERGE INTO ... USING (subquery) ON ... WHEN MATCHED THEN DELETE (or UPDATE) instead",
                        at: conjunct.position)
                }
                parts.append(.inList(cast(left, to: t), (0..<values.count).map { values.columns[0].value(at: $0) }, negated: negated))
            case .exists(let query):
                parts.append(.literal(.boolean(try exists(query)), .boolean))
            case .unary(.not, let inner) where { if case .exists = inner.kind { true } else { false } }():
                guard case .exists(let query) = inner.kind else { continue }
                parts.append(.literal(.boolean(!(try exists(query))), .boolean))
            default:
                parts.append(try bindPredicate(conjunct, scope))
            }
        }
        return try fold(parts.count == 1 ? parts[0] : .and(parts))
    }

    /// Whether an uncorrelated subquery returns a row.
    func exists(_ query: QueryExpression) throws -> Bool {
        try session.executor.executeOne(.limit(try bind(query), limit: 1, offset: 0)).count > 0
    }
}
