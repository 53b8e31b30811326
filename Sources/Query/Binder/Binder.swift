import Columnar
import Delta

/// Turns parsed SQL into a typed ``LogicalPlan``: resolves tables (catalog names, Delta and
/// file paths, time travel) and columns (with "did you mean" suggestions), types expressions
/// with Spark's implicit casts, splits aggregation out of SELECT/HAVING/ORDER BY, and folds
/// constants.
final class Binder {
    let session: Session
    /// CTEs in scope, innermost last.
    var ctes: [[String: (QueryExpression, [String])]] = []
    /// Where window functions go while a SELECT's items, ORDER BY and QUALIFY are bound (nil
    /// elsewhere: window functions are not allowed there).
    var windowBinding: WindowBinding?
    /// The enclosing query's columns while a subquery is bound (correlation).
    var correlation: CorrelationScope?
    /// Where correlated scalar subqueries go while WHERE or a SELECT list is bound.
    var scalarJoins: ScalarSubqueryJoins?

    init(session: Session) {
        self.session = session
    }

    func error(_ code: QueryError.Code, _ message: String, at position: SourcePosition) -> QueryError {
        position.isKnown ? QueryError(code, message, line: position.line, column: position.column) : QueryError(code, message)
    }

    // MARK: - Queries

    func bind(_ query: QueryExpression) throws -> LogicalPlan {
        if !query.with.isEmpty {
            var frame: [String: (QueryExpression, [String])] = [:]
            for cte in query.with { frame[cte.name.name.lowercased()] = (cte.query, cte.columns.map(\.name)) }
            ctes.append(frame)
        }
        defer { if !query.with.isEmpty { ctes.removeLast() } }

        // ORDER BY and LIMIT apply to the whole body.
        var plan: LogicalPlan
        if case .select(let select) = query.body, !query.orderBy.isEmpty {
            plan = try bindSelect(select, orderBy: query.orderBy)
        } else {
            plan = try bindBody(query.body)
            if !query.orderBy.isEmpty {
                let scope = Scope(schema: plan.schema, alias: nil)
                let keys = try query.orderBy.map { item -> SortKey in
                    let e = try orderExpression(item.expression, outputs: plan.schema, scope: scope)
                    return sortKey(e, item)
                }
                plan = .sort(plan, keys)
            }
        }
        if query.limit != nil || query.offset != nil {
            let limit = try query.limit.map { try constantInt($0, "LIMIT") }
            let offset = try query.offset.map { try constantInt($0, "OFFSET") } ?? 0
            plan = .limit(plan, limit: limit, offset: offset)
        }
        return plan
    }

    func sortKey(_ e: BoundExpression, _ item: OrderItem) -> SortKey {
        let ascending = item.direction != .descending
        let nullsFirst: Bool? = item.nulls.map { $0 == .first }
        return SortKey(e, ascending: ascending, nullsFirst: nullsFirst)
    }

    func constantInt(_ e: Expression, _ what: String) throws -> Int {
        let bound = try bindExpression(e, Scope([]), context: .plain)
        guard case .literal(let v, _) = try fold(bound), case .int(let i) = v, i >= 0 else {
            throw error(.typeMismatch, "\(what) needs a non-negative integer constant, not \(e)", at: e.position)
        }
        return Int(i)
    }

    func bindBody(_ body: QueryBody) throws -> LogicalPlan {
        switch body {
        case .select(let select):
            return try bindSelect(select, orderBy: [])
        case .nested(let q):
            return try bind(q)
        case .values(let values):
            return try bindValues(values)
        case .setOperation(let op):
            let left = try bindBody(op.left), right = try bindBody(op.right)
            guard left.schema.count == right.schema.count else {
                throw error(.typeMismatch, "\(op.op.rawValue) inputs have \(left.schema.count) and \(right.schema.count) columns", at: op.position)
            }
            // Columns take the common type of both sides and the left side's names.
            var fields: [Field] = []
            for (l, r) in zip(left.schema.fields, right.schema.fields) {
                guard let t = TypeRules.common(l.type, r.type) else {
                    throw error(.typeMismatch, "\(op.op.rawValue): column '\(l.name)' is \(l.type.sqlName) on the left and \(r.type.sqlName) on the right", at: op.position)
                }
                fields.append(Field(l.name, t, nullable: l.nullable || r.nullable))
            }
            let schema = Schema(fields)
            func conform(_ p: LogicalPlan) -> LogicalPlan {
                if p.schema.fields.map(\.type) == fields.map(\.type) { return p }
                let exprs = p.schema.fields.enumerated().map { i, f in cast(.column(i, f.type), to: fields[i].type) }
                return .project(p, exprs, schema)
            }
            let union = LogicalPlan.union([conform(left), conform(right)], schema)
            switch op.op {
            case .union:
                return op.isAll ? union : .distinct(union)
            case .intersect, .except:
                // Semi/anti join on every column, then distinct (unless ALL).
                let keys = fields.indices.map { BoundExpression.column($0, fields[$0].type) }
                let joined = LogicalPlan.join(conform(left), conform(right), op.op == .intersect ? .semi : .anti, leftKeys: keys, rightKeys: keys, residual: nil, schema)
                return op.isAll ? joined : .distinct(joined)
            }
        }
    }

    func bindValues(_ values: Values) throws -> LogicalPlan {
        guard let first = values.rows.first else { throw error(.syntax, "VALUES needs at least one row", at: values.position) }
        let bound = try values.rows.map { row -> [BoundExpression] in
            guard row.count == first.count else { throw error(.typeMismatch, "VALUES rows have different numbers of columns", at: values.position) }
            return try row.map { try fold(try bindExpression($0, Scope([]), context: .plain)) }
        }
        var types: [DataType] = bound[0].map(\.type)
        for row in bound.dropFirst() {
            for (i, e) in row.enumerated() {
                if isNullLiteral(e) { continue }
                if isNullLiteral(bound[0][i]) && types[i] == .string { types[i] = e.type; continue }
                guard let t = TypeRules.common(types[i], e.type) else {
                    throw error(.typeMismatch, "VALUES column \(i + 1) mixes \(types[i].sqlName) and \(e.type.sqlName)", at: values.position)
                }
                types[i] = t
            }
        }
        let schema = Schema(types.enumerated().map { Field("col\($0.offset + 1)", $0.element) })
        var columns = types.map { Column(empty: $0) }
        for row in bound {
            for (i, e) in row.enumerated() {
                guard case .literal(let v, _) = try fold(cast(e, to: types[i])) else {
                    throw error(.unsupported, "VALUES takes constants only", at: values.position)
                }
                columns[i].append(v)
            }
        }
        return .values(RecordBatch(schema: schema, columns: columns, count: bound.count))
    }

    func isNullLiteral(_ e: BoundExpression) -> Bool {
        if case .literal(.null, _) = e { return true }
        return false
    }

    // MARK: - SELECT

    func bindSelect(_ select: Select, orderBy: [OrderItem]) throws -> LogicalPlan {
        let (outerWindows, outerJoins) = (windowBinding, scalarJoins)
        (windowBinding, scalarJoins) = (nil, nil)
        defer { (windowBinding, scalarJoins) = (outerWindows, outerJoins) }
        let windows = try WindowBinding(select.windows, binder: self)
        var (plan, scope) = try bindFrom(select.from)
        if let w = select.whereClause {
            let (filtered, newScope) = try bindWhere(w, plan, scope)
            plan = filtered
            scope = newScope
        }

        // Expand * and bind the select list (in aggregate mode when needed).
        var items: [(expression: Expression?, bound: BoundExpression?, name: String)] = []
        for item in select.items {
            switch item {
            case .wildcard(let w):
                let qualifier = w.qualifier?.names.last?.lowercased()
                if let qualifier, !scope.entries.contains(where: { $0.qualifier == qualifier }) {
                    throw error(.notFound, "no table '\(qualifier)' in FROM for \(qualifier).*", at: w.position)
                }
                let excluded = Set(w.except.map { $0.last.lowercased() })
                for (i, e) in scope.entries.enumerated() where !e.hidden && (qualifier == nil || e.qualifier == qualifier) && !excluded.contains(e.name.lowercased()) {
                    items.append((nil, .column(i, e.type), e.name))
                }
            case .expression(let e, let alias):
                items.append((e, nil, alias?.name ?? outputName(e)))
            }
        }

        let usesAggregates = select.groupBy != nil || select.having != nil
            || items.contains { $0.expression.map(containsAggregate) ?? false }
            || orderBy.contains { containsAggregate($0.expression) }
            || (select.qualify.map(containsAggregate) ?? false)
        if usesAggregates {
            return try bindAggregate(select, items: items, orderBy: orderBy, plan: plan, scope: scope, windows: windows)
        }
        let joins = ScalarSubqueryJoins()
        scalarJoins = joins
        var projections = try within(windows) {
            try items.map { item in try item.bound ?? fold(try bindExpression(item.expression!, scope, context: .plain)) }
        }
        scalarJoins = nil
        if !joins.entries.isEmpty {
            let (joined, map) = joins.apply(to: plan)
            plan = joined
            projections = projections.map { $0.remapped(map) }
        }
        var names = items.map(\.name)
        var outputs = Schema(zip(names, projections).map { Field($0, $1.type, nullable: true) })
        var hidden = 0
        var keys: [SortKey] = []
        if !orderBy.isEmpty {
            // ORDER BY may name output aliases, ordinals, or any expression over the input
            // (carried as hidden columns, dropped after sorting).
            for item in orderBy {
                var e: BoundExpression
                if !containsWindow(item.expression), let byOutput = try? orderExpression(item.expression, outputs: outputs, scope: nil) {
                    e = byOutput
                } else {
                    let input = try within(windows) { try fold(try bindExpression(item.expression, scope, context: .plain)) }
                    if let i = projections.firstIndex(of: input) {
                        e = .column(i, input.type)
                    } else {
                        projections.append(input)
                        names.append("__order\(hidden)")
                        hidden += 1
                        e = .column(projections.count - 1, input.type)
                    }
                }
                keys.append(sortKey(e, item))
            }
            outputs = Schema(zip(names, projections).map { Field($0, $1.type, nullable: true) })
        }
        var qualify = try select.qualify.map { q in try within(windows) { try bindPredicate(q, scope) } }
        if !windows.calls.isEmpty || qualify != nil {
            let map = windows.placement(after: plan.schema.count)
            projections = projections.map { $0.remapped(map) }
            keys = keys.map { SortKey($0.expression.remapped(map), ascending: $0.ascending, nullsFirst: $0.nullsFirst) }
            qualify = qualify?.remapped(map)
            plan = windows.node(over: plan)
            if let qualify { plan = .filter(plan, qualify) }
        }
        plan = .project(plan, projections, outputs)
        if select.isDistinct { plan = .distinct(plan) }
        if !keys.isEmpty { plan = .sort(plan, keys) }
        if hidden > 0 {
            let visible = outputs.fields.count - hidden
            plan = .project(plan, (0..<visible).map { .column($0, outputs.fields[$0].type) }, Schema(Array(outputs.fields.prefix(visible))))
        }
        return plan
    }

    /// An ORDER BY item over a query's outputs: an ordinal, an output name, or an expression of
    /// output columns.
    func orderExpression(_ e: Expression, outputs: Schema, scope: Scope?) throws -> BoundExpression {
        if case .literal(.integer(let text)) = e.kind, let n = Int(text) {
            guard n >= 1, n <= outputs.count else {
                throw error(.notFound, "ORDER BY position \(n) is not in the select list (1...\(outputs.count))", at: e.position)
            }
            return .column(n - 1, outputs.fields[n - 1].type)
        }
        if let scope { return try fold(try bindExpression(e, scope, context: .plain)) }
        // Over the outputs alone, a name that is not an output is the input's (bound next by
        // the caller), never the enclosing query's: a subquery's ORDER BY of its own column is
        // not a correlation.
        let saved = correlation
        correlation = nil
        defer { correlation = saved }
        return try fold(try bindExpression(e, Scope(schema: outputs, alias: nil), context: .plain))
    }

    /// The column name SQL gives an unaliased select item.
    func outputName(_ e: Expression) -> String {
        switch e.kind {
        case .column(let name): return name.last
        case .fieldAccess(_, let field): return field.name
        default: return e.description
        }
    }

    // MARK: - WHERE with subqueries

    /// Binds WHERE; top-level `IN (subquery)` / `EXISTS` conjuncts become semi/anti joins.
    func bindWhere(_ condition: Expression, _ plan: LogicalPlan, _ scope: Scope) throws -> (LogicalPlan, Scope) {
        var plan = plan
        var rest: [Expression] = []
        for conjunct in conjuncts(condition) {
            switch conjunct.kind {
            case .inSubquery(let value, let query, let negated):
                let (sub, correlation) = try bindSubquery(query, outer: scope)
                let width = sub.schema.count
                guard width == 1 else {
                    throw error(.typeMismatch, "the IN subquery must return one column, not \(width)", at: conjunct.position)
                }
                let left = try bindExpression(value, scope, context: .plain)
                if !correlation.references.isEmpty || !negated {
                    plan = try subqueryJoin(sub, correlation, into: plan, value: left, negated: negated, position: conjunct.position)
                } else {
                    plan = try notIn(left, sub, plan, position: conjunct.position)
                }
            case .unary(.not, let inner) where { if case .exists = inner.kind { true } else { false } }():
                guard case .exists(let query) = inner.kind else { continue }
                plan = try existsJoin(query, plan, scope, negated: true)
            case .exists(let query):
                plan = try existsJoin(query, plan, scope, negated: false)
            default:
                rest.append(conjunct)
            }
        }
        if !rest.isEmpty {
            let joins = ScalarSubqueryJoins()
            scalarJoins = joins
            defer { scalarJoins = nil }
            var predicate = try bindPredicate(rest.count == 1 ? rest[0] : rest.dropFirst().reduce(rest[0]) { Expression(.binary(.and, $0, $1), position: $1.position) }, scope)
            if joins.entries.isEmpty {
                plan = .filter(plan, predicate)
            } else {
                // Correlated scalar subqueries: joined in, compared, then dropped again.
                let columns = plan.schema
                let (joined, map) = joins.apply(to: plan)
                predicate = predicate.remapped(map)
                plan = .project(.filter(joined, predicate), columns.fields.indices.map { .column($0, columns.fields[$0].type) }, columns)
            }
        }
        return (plan, scope)
    }

    /// EXISTS: a semi (anti) join when correlated; otherwise true or false for every row,
    /// decided now.
    func existsJoin(_ query: QueryExpression, _ plan: LogicalPlan, _ scope: Scope, negated: Bool) throws -> LogicalPlan {
        let (sub, correlation) = try bindSubquery(query, outer: scope)
        if !correlation.references.isEmpty {
            return try subqueryJoin(sub, correlation, into: plan, value: nil, negated: negated, position: query.position)
        }
        let rows = try session.executor.executeOne(.limit(sub, limit: 1, offset: 0)).count
        return .filter(plan, .literal(.boolean((rows > 0) != negated), .boolean))
    }

    /// An uncorrelated `value NOT IN (subquery)`, null-aware as SQL says: every row when the
    /// subquery is empty, none when it holds a NULL, else the rows whose non-null value it
    /// lacks (an anti join).
    func notIn(_ value: BoundExpression, _ sub: LogicalPlan, _ plan: LogicalPlan, position: SourcePosition) throws -> LogicalPlan {
        let column = BoundExpression.column(0, sub.schema.fields[0].type)
        guard let t = TypeRules.common(value.type, column.type) else {
            throw error(.typeMismatch, "NOT IN compares \(value.type.sqlName) with a subquery of \(column.type.sqlName)", at: position)
        }
        let facts = try session.executor.executeOne(.aggregate(
            sub, groupBy: [], aggregates: [AggregateCall(.countStar, nil, resultType: .int64), AggregateCall(.count, column, resultType: .int64)],
            Schema([Field("rows", .int64), Field("values", .int64)])))
        guard case .int(let rows) = facts.columns[0].value(at: 0), case .int(let values) = facts.columns[1].value(at: 0) else { return plan }
        if rows == 0 { return plan }
        if values < rows { return .filter(plan, .literal(.boolean(false), .boolean)) }
        let joined = LogicalPlan.join(plan, sub, .anti, leftKeys: [cast(value, to: t)], rightKeys: [cast(column, to: t)], residual: nil, plan.schema)
        return .filter(joined, .isNotNull(value))
    }

    func bindPredicate(_ e: Expression, _ scope: Scope) throws -> BoundExpression {
        let bound = try fold(try bindExpression(e, scope, context: .plain))
        guard bound.type == .boolean || isNullLiteral(bound) else {
            throw error(.typeMismatch, "the condition \(e) is \(bound.type.sqlName), not boolean", at: e.position)
        }
        return bound
    }

    func conjuncts(_ e: Expression) -> [Expression] {
        if case .binary(.and, let l, let r) = e.kind { return conjuncts(l) + conjuncts(r) }
        return [e]
    }
}
