import Columnar

/// A subquery being bound whose names may also resolve in the enclosing query (correlation):
/// each outer column it reads becomes a placeholder column, and the binder then rewrites the
/// subquery into a join (decorrelation) — EXISTS and IN into semi/anti joins, an aggregated
/// scalar subquery into a left join with the aggregate grouped by the correlation keys.
final class CorrelationScope {
    /// Placeholder column numbers start here (above window placeholders).
    static let base = 1 << 41
    static let limit = base + (1 << 20)

    /// The enclosing query's columns.
    let outer: Scope
    /// Placeholder k reads outer column `references[k]`.
    private(set) var references: [Int] = []

    init(outer: Scope) {
        self.outer = outer
    }

    /// The placeholder for outer column `index`.
    func placeholder(_ index: Int) -> BoundExpression {
        let k = references.firstIndex(of: index) ?? {
            references.append(index)
            return references.count - 1
        }()
        return .column(Self.base + k, outer.entries[index].type)
    }

    static func isPlaceholder(_ column: Int) -> Bool { column >= base && column < limit }

    static func correlated(_ e: BoundExpression) -> Bool { e.columns.contains(where: isPlaceholder) }

    /// Placeholders replaced by the outer columns they stand for.
    func outerExpression(_ e: BoundExpression) -> BoundExpression {
        e.remapped(Dictionary(uniqueKeysWithValues: references.enumerated().map { (Self.base + $0.offset, $0.element) }))
    }
}

/// Correlated scalar subqueries of one clause, each joined (left) to the clause's input and
/// referenced by placeholder columns until the joins are placed.
final class ScalarSubqueryJoins {
    static let base = 1 << 42

    struct Entry {
        /// The subquery: its key columns first, then its value, then a non-null marker.
        var plan: LogicalPlan
        /// The enclosing query's side of each key, over its columns.
        var outerKeys: [BoundExpression]
    }

    private(set) var entries: [Entry] = []
    private var width = 0

    /// Registers a join; returns the placeholder of its column `column`.
    func add(_ entry: Entry) -> Int {
        entries.append(entry)
        let start = width
        width += entry.plan.schema.count
        return Self.base + start
    }

    /// `input` left-joined with every subquery, and the placeholder → column map.
    func apply(to input: LogicalPlan) -> (LogicalPlan, [Int: Int]) {
        var plan = input
        var map: [Int: Int] = [:]
        var offset = 0
        for entry in entries {
            let before = plan.schema.count
            let keys = entry.outerKeys.indices.map { BoundExpression.column($0, entry.plan.schema.fields[$0].type) }
            plan = .join(plan, entry.plan, .left, leftKeys: entry.outerKeys, rightKeys: keys, residual: nil,
                         Schema(plan.schema.fields + entry.plan.schema.fields))
            for j in 0..<entry.plan.schema.count { map[Self.base + offset + j] = before + j }
            offset += entry.plan.schema.count
        }
        return (plan, map)
    }
}

extension Binder {
    /// Binds a subquery whose unresolved names may be columns of `outer`.
    func bindSubquery(_ query: QueryExpression, outer: Scope) throws -> (LogicalPlan, CorrelationScope) {
        let saved = correlation
        let scope = CorrelationScope(outer: outer)
        correlation = scope
        defer { correlation = saved }
        return (try bind(query), scope)
    }

    /// `EXISTS (subquery)` or `value IN (subquery)` (negated: NOT) as a semi or anti join of
    /// `plan`. Correlated conditions become join keys (equalities) or the residual; NOT IN is
    /// null-aware: a row is dropped when some subquery value equals it *or either is null*.
    func subqueryJoin(
        _ sub: LogicalPlan, _ correlation: CorrelationScope, into plan: LogicalPlan, value: BoundExpression?, negated: Bool,
        position: SourcePosition
    ) throws -> LogicalPlan {
        let (inner, predicates) = try pullUpCorrelated(sub, position: position)
        let lc = plan.schema.count
        var leftKeys: [BoundExpression] = [], rightKeys: [BoundExpression] = [], residual: [BoundExpression] = []
        let toCombined = { (e: BoundExpression) -> BoundExpression in
            var map = Dictionary(uniqueKeysWithValues: correlation.references.enumerated().map { (CorrelationScope.base + $0.offset, $0.element) })
            for c in e.columns where !CorrelationScope.isPlaceholder(c) { map[c] = lc + c }
            return e.remapped(map)
        }
        for p in predicates {
            if case .comparison(.equal, let a, let b) = p, let (outerSide, innerSide) = Self.split(a, b) {
                leftKeys.append(correlation.outerExpression(outerSide))
                rightKeys.append(innerSide)
            } else {
                residual.append(toCombined(p))
            }
        }
        if let value {
            let column = BoundExpression.column(0, inner.schema.fields[0].type)
            guard let t = TypeRules.common(value.type, column.type) else {
                throw error(.typeMismatch, "IN compares \(value.type.sqlName) with a subquery of \(column.type.sqlName)", at: position)
            }
            let (v, c) = (cast(value, to: t), cast(column, to: t))
            if negated {
                // NOT IN: drop the row when the values are equal or unknown.
                let y = c.remapped([0: lc])
                residual.append(.or([.comparison(.equal, v, y), .isNull(v), .isNull(y)]))
            } else {
                leftKeys.append(v)
                rightKeys.append(c)
            }
        }
        return .join(plan, inner, negated ? .anti : .semi, leftKeys: leftKeys, rightKeys: rightKeys,
                     residual: Optimizer.and(residual), plan.schema)
    }

    /// An equality's sides as (outer only, inner only), either way round; nil when mixed.
    static func split(_ a: BoundExpression, _ b: BoundExpression) -> (BoundExpression, BoundExpression)? {
        func isOuter(_ e: BoundExpression) -> Bool { !e.columns.isEmpty && e.columns.allSatisfy(CorrelationScope.isPlaceholder) }
        func isInner(_ e: BoundExpression) -> Bool { !e.columns.isEmpty && !CorrelationScope.correlated(e) }
        if isOuter(a) && isInner(b) { return (a, b) }
        if isOuter(b) && isInner(a) { return (b, a) }
        return nil
    }

    /// A correlated scalar subquery (which must aggregate) as a plan of [correlation keys...,
    /// value, marker] grouped by the keys, the outer side of each key, and the value the
    /// subquery has when no inner row matches (0 for a count, else usually NULL).
    func scalarSubqueryJoin(_ sub: LogicalPlan, _ correlation: CorrelationScope, position: SourcePosition) throws -> (ScalarSubqueryJoins.Entry, BoundExpression) {
        let unsupported = error(.unsupported, "a correlated scalar subquery must be an aggregate without GROUP BY (SELECT agg(...) FROM ... WHERE inner = outer ...)", at: position)
        guard case .project(let aggregated, let outputs, _) = sub, outputs.count == 1,
              case .aggregate(let child, let groupBy, let aggregates, let aggregateSchema) = aggregated, groupBy.isEmpty,
              !outputs.contains(where: CorrelationScope.correlated),
              !aggregates.contains(where: { ($0.argument.map(CorrelationScope.correlated) ?? false) || ($0.filter.map(CorrelationScope.correlated) ?? false) })
        else { throw unsupported }
        let (inner, predicates) = try pullUpCorrelated(child, position: position)
        var innerKeys: [BoundExpression] = [], outerKeys: [BoundExpression] = []
        for p in predicates {
            guard case .comparison(.equal, let a, let b) = p, let (outerSide, innerSide) = Self.split(a, b) else { throw unsupported }
            innerKeys.append(innerSide)
            outerKeys.append(correlation.outerExpression(outerSide))
        }
        let k = innerKeys.count
        let grouped = LogicalPlan.aggregate(
            inner, groupBy: innerKeys, aggregates: aggregates,
            Schema(innerKeys.enumerated().map { Field("key\($0.offset)", $0.element.type) } + aggregateSchema.fields))
        let shift = Dictionary(uniqueKeysWithValues: aggregateSchema.fields.indices.map { ($0, k + $0) })
        let value = outputs[0].remapped(shift)
        let columns = innerKeys.indices.map { BoundExpression.column($0, innerKeys[$0].type) } + [value, .literal(.boolean(true), .boolean)]
        let schema = Schema(innerKeys.enumerated().map { Field("key\($0.offset)", $0.element.type) }
            + [Field("value", value.type), Field("matched", .boolean)])
        // The subquery's value over no rows (count → 0): evaluated now, over an empty input.
        let emptyInput = LogicalPlan.values(RecordBatch(empty: inner.schema))
        let empty = try session.executor.executeOne(.project(.aggregate(emptyInput, groupBy: [], aggregates: aggregates, aggregateSchema), outputs, Schema([Field("value", value.type)])))
        let emptyValue = empty.count == 1 ? empty.columns[0].value(at: 0) : .null
        let entry = ScalarSubqueryJoins.Entry(plan: .project(grouped, columns, schema), outerKeys: outerKeys)
        return (entry, emptyValue.isNull ? .literal(.null, value.type) : .literal(emptyValue, value.type))
    }

    /// The subquery with its correlated conditions taken out of its WHERE (through
    /// projections, which keep the columns the conditions read), and those conditions over the
    /// returned plan's columns and placeholders.
    func pullUpCorrelated(_ plan: LogicalPlan, position: SourcePosition) throws -> (LogicalPlan, [BoundExpression]) {
        switch plan {
        case .filter(let child, let predicate):
            let (c, pulled) = try pullUpCorrelated(child, position: position)
            var local: [BoundExpression] = [], correlated = pulled
            for p in Optimizer.conjuncts(predicate) {
                if CorrelationScope.correlated(p) { correlated.append(p) } else { local.append(p) }
            }
            return (Optimizer.and(local).map { .filter(c, $0) } ?? c, correlated)
        case .project(let child, let expressions, let schema):
            guard !expressions.contains(where: CorrelationScope.correlated) else {
                throw error(.unsupported, "outer columns in a subquery's select list are not supported; use them in its WHERE", at: position)
            }
            let (c, pulled) = try pullUpCorrelated(child, position: position)
            guard !pulled.isEmpty else { return (.project(c, expressions, schema), []) }
            var outputs = expressions, fields = schema.fields
            var map: [Int: Int] = [:]
            for column in Set(pulled.flatMap(\.columns)).filter({ !CorrelationScope.isPlaceholder($0) }).sorted() {
                let e = BoundExpression.column(column, c.schema.fields[column].type)
                if let i = outputs.firstIndex(of: e) {
                    map[column] = i
                } else {
                    outputs.append(e)
                    fields.append(Field("__outer\(column)", e.type))
                    map[column] = outputs.count - 1
                }
            }
            return (.project(c, outputs, Schema(fields)), pulled.map { $0.remapped(map) })
        default:
            guard !Self.isCorrelated(plan) else {
                throw error(.unsupported, "outer columns are supported in a subquery's WHERE only (not in joins, GROUP BY, HAVING or nested subqueries)", at: position)
            }
            return (plan, [])
        }
    }

    /// Whether any expression of `plan` reads a correlation placeholder.
    static func isCorrelated(_ plan: LogicalPlan) -> Bool {
        func any(_ es: [BoundExpression]) -> Bool { es.contains(where: CorrelationScope.correlated) }
        switch plan {
        case .scan, .values: return false
        case .filter(let c, let p): return CorrelationScope.correlated(p) || isCorrelated(c)
        case .project(let c, let es, _): return any(es) || isCorrelated(c)
        case .aggregate(let c, let keys, let aggs, _):
            return any(keys) || any(aggs.compactMap(\.argument)) || any(aggs.compactMap(\.filter)) || isCorrelated(c)
        case .join(let l, let r, _, let lk, let rk, let residual, _):
            return any(lk + rk) || (residual.map(CorrelationScope.correlated) ?? false) || isCorrelated(l) || isCorrelated(r)
        case .sort(let c, let keys): return any(keys.map(\.expression)) || isCorrelated(c)
        case .limit(let c, _, _), .distinct(let c): return isCorrelated(c)
        case .union(let cs, _): return cs.contains(where: isCorrelated)
        case .window(let c, let calls, _): return calls.contains { $0.columns.contains(where: CorrelationScope.isPlaceholder) } || isCorrelated(c)
        }
    }
}
