import Columnar

/// Rewrites a bound plan to read less: filters move down (into both sides of joins and onto
/// scans, where they prune files and row groups), equality conditions between the two sides of
/// a cross join become join keys, and every scan reads only the columns something above uses.
enum Optimizer {
    static func optimize(_ plan: LogicalPlan) -> LogicalPlan {
        let pushed = pushFilters(plan)
        let all = Set(plan.schema.fields.indices)
        return prune(pushed, required: all).plan
    }

    // MARK: - Filter push-down

    static func conjuncts(_ e: BoundExpression) -> [BoundExpression] {
        if case .and(let es) = e { return es.flatMap(conjuncts) }
        return [e]
    }

    static func disjuncts(_ e: BoundExpression) -> [BoundExpression] {
        if case .or(let es) = e { return es.flatMap(disjuncts) }
        return [e]
    }

    /// The conjuncts of `e`, with conditions every branch of an OR shares taken out of it:
    /// `(a AND b) OR (a AND c)` is `a AND (b OR c)` — so a join key repeated in each branch
    /// (TPC-H Q19) becomes a join key instead of a cross join's residual.
    static func factoredConjuncts(_ e: BoundExpression) -> [BoundExpression] {
        conjuncts(e).flatMap { c -> [BoundExpression] in
            guard case .or = c else { return [c] }
            let parts = disjuncts(c).map(conjuncts)
            let common = parts[0].filter { candidate in parts.dropFirst().allSatisfy { $0.contains(candidate) } }
            guard !common.isEmpty else { return [c] }
            let rest = parts.map { $0.filter { !common.contains($0) } }
            // A branch left with nothing is TRUE: the OR holds whenever the common part does.
            if rest.contains(where: \.isEmpty) { return common }
            return common + [.or(rest.map { and($0)! })]
        }
    }

    static func and(_ es: [BoundExpression]) -> BoundExpression? {
        es.isEmpty ? nil : es.count == 1 ? es[0] : .and(es)
    }

    static func pushFilters(_ plan: LogicalPlan) -> LogicalPlan {
        switch plan {
        case .filter(let child, let predicate):
            return push(factoredConjuncts(predicate), into: pushFilters(child))
        case .project(let child, let es, let s): return .project(pushFilters(child), es, s)
        case .aggregate(let child, let k, let a, let s): return .aggregate(pushFilters(child), groupBy: k, aggregates: a, s)
        case .join(let l, let r, let kind, let lk, let rk, let res, let s):
            return .join(pushFilters(l), pushFilters(r), kind, leftKeys: lk, rightKeys: rk, residual: res, s)
        case .sort(let child, let keys): return .sort(pushFilters(child), keys)
        case .limit(let child, let l, let o): return .limit(pushFilters(child), limit: l, offset: o)
        case .distinct(let child): return .distinct(pushFilters(child))
        case .union(let children, let s): return .union(children.map(pushFilters), s)
        case .window(let child, let calls, let s): return .window(pushFilters(child), calls, s)
        case .scan, .values: return plan
        }
    }

    /// Places filter conjuncts as low as they can go above/into `plan`.
    static func push(_ predicates: [BoundExpression], into plan: LogicalPlan) -> LogicalPlan {
        guard !predicates.isEmpty else { return plan }
        switch plan {
        case .scan(var scan):
            // The scan prunes with the conjuncts; the filter still checks every row.
            scan.pushedPredicate = and((scan.pushedPredicate.map(conjuncts) ?? []) + predicates)
            return .filter(.scan(scan), and(predicates)!)
        case .filter(let child, let p):
            return push(predicates + conjuncts(p), into: child)
        case .project(let child, let es, let s):
            // Conjuncts over plain column projections move below.
            var below: [BoundExpression] = [], above: [BoundExpression] = []
            for p in predicates {
                var map: [Int: Int] = [:]
                var ok = true
                for c in p.columns {
                    if case .column(let i, _) = es[c] { map[c] = i } else { ok = false; break }
                }
                if ok { below.append(p.remapped(map)) } else { above.append(p) }
            }
            let moved = LogicalPlan.project(push(below, into: child), es, s)
            return above.isEmpty ? moved : .filter(moved, and(above)!)
        case .join(let l, let r, let kind, var lk, var rk, let residual, let s):
            let lc = l.schema.count
            var left: [BoundExpression] = [], right: [BoundExpression] = [], stay: [BoundExpression] = []
            for p in predicates {
                let cols = p.columns
                if !cols.isEmpty && cols.allSatisfy({ $0 < lc }) && (kind == .inner || kind == .cross || kind == .left || kind == .semi || kind == .anti) {
                    left.append(p)
                } else if !cols.isEmpty && cols.allSatisfy({ $0 >= lc }) && (kind == .inner || kind == .cross || kind == .right) {
                    right.append(p.remapped(Dictionary(uniqueKeysWithValues: cols.map { ($0, $0 - lc) })))
                } else if (kind == .inner || kind == .cross), case .comparison(.equal, let a, let b) = p,
                          !a.columns.isEmpty, !b.columns.isEmpty,
                          a.columns.allSatisfy({ $0 < lc }) != b.columns.allSatisfy({ $0 < lc }),
                          a.columns.allSatisfy({ $0 < lc }) || a.columns.allSatisfy({ $0 >= lc }),
                          b.columns.allSatisfy({ $0 < lc }) || b.columns.allSatisfy({ $0 >= lc }) {
                    // a = b across the sides: a join key.
                    let (lx, rx) = a.columns.allSatisfy({ $0 < lc }) ? (a, b) : (b, a)
                    lk.append(lx)
                    rk.append(rx.remapped(Dictionary(uniqueKeysWithValues: rx.columns.map { ($0, $0 - lc) })))
                } else {
                    stay.append(p)
                }
            }
            let newKind: JoinKind = kind == .cross && !lk.isEmpty ? .inner : kind
            var joined = LogicalPlan.join(push(left, into: l), push(right, into: r), newKind, leftKeys: lk, rightKeys: rk, residual: residual, s)
            if !stay.isEmpty {
                if newKind == .inner || newKind == .cross {
                    // Conditions over both sides become the residual.
                    let merged = and((residual.map(conjuncts) ?? []) + stay)
                    joined = .join(push(left, into: l), push(right, into: r), newKind, leftKeys: lk, rightKeys: rk, residual: merged, s)
                } else {
                    joined = .filter(joined, and(stay)!)
                }
            }
            return joined
        default:
            return .filter(plan, and(predicates)!)
        }
    }

    // MARK: - Column pruning

    /// The plan reduced to the outputs in `required` (and what computing them needs), with the
    /// new position of each kept output.
    static func prune(_ plan: LogicalPlan, required: Set<Int>) -> (plan: LogicalPlan, map: [Int: Int]) {
        switch plan {
        case .scan(var scan):
            var keep = required.sorted()
            if let p = scan.pushedPredicate { keep = Array(Set(keep).union(p.columns)).sorted() }
            if keep.isEmpty, !scan.columns.isEmpty { keep = [0] }  // counting rows still needs one column
            let map = Dictionary(uniqueKeysWithValues: keep.enumerated().map { ($1, $0) })
            scan.pushedPredicate = scan.pushedPredicate?.remapped(map)
            scan.columns = keep.map { scan.columns[$0] }
            return (.scan(scan), map)
        case .values(let batch):
            return (plan, Dictionary(uniqueKeysWithValues: batch.schema.fields.indices.map { ($0, $0) }))
        case .filter(let child, let p):
            let (c, map) = prune(child, required: required.union(p.columns))
            return (.filter(c, p.remapped(map)), map)
        case .project(let child, let es, let schema):
            let keep = required.sorted()
            let needed = keep.reduce(into: Set<Int>()) { $0.formUnion(es[$1].columns) }
            let (c, map) = prune(child, required: needed)
            let kept = keep.map { es[$0].remapped(map) }
            return (.project(c, kept, Schema(keep.map { schema.fields[$0] })), Dictionary(uniqueKeysWithValues: keep.enumerated().map { ($1, $0) }))
        case .aggregate(let child, let keys, let aggs, let schema):
            var needed = Set<Int>()
            for k in keys { needed.formUnion(k.columns) }
            for a in aggs {
                if let arg = a.argument { needed.formUnion(arg.columns) }
                if let f = a.filter { needed.formUnion(f.columns) }
            }
            let (c, map) = prune(child, required: needed)
            let newAggs = aggs.map { a -> AggregateCall in
                var x = a
                x.argument = a.argument?.remapped(map)
                x.filter = a.filter?.remapped(map)
                return x
            }
            return (.aggregate(c, groupBy: keys.map { $0.remapped(map) }, aggregates: newAggs, schema), identity(schema.count))
        case .join(let l, let r, let kind, let lk, let rk, let residual, _):
            let lc = l.schema.count
            var leftNeed = Set(required.filter { $0 < lc }), rightNeed = Set(required.filter { $0 >= lc }.map { $0 - lc })
            for k in lk { leftNeed.formUnion(k.columns) }
            for k in rk { rightNeed.formUnion(k.columns) }
            if let residual {
                for c in residual.columns { if c < lc { leftNeed.insert(c) } else { rightNeed.insert(c - lc) } }
            }
            if kind == .semi || kind == .anti { rightNeed.formUnion(rk.reduce(into: Set<Int>()) { $0.formUnion($1.columns) }) }
            let (nl, lmap) = prune(l, required: leftNeed)
            let (nr, rmap) = prune(r, required: rightNeed)
            let newLeftCount = nl.schema.count
            var combined = lmap
            for (old, new) in rmap { combined[old + lc] = new + newLeftCount }
            let schema = kind == .semi || kind == .anti ? nl.schema : Schema(nl.schema.fields + nr.schema.fields)
            let joined = LogicalPlan.join(
                nl, nr, kind, leftKeys: lk.map { $0.remapped(lmap) }, rightKeys: rk.map { $0.remapped(rmap) },
                residual: residual?.remapped(combined), schema)
            return (joined, kind == .semi || kind == .anti ? lmap : combined)
        case .sort(let child, let keys):
            let needed = keys.reduce(into: required) { $0.formUnion($1.expression.columns) }
            let (c, map) = prune(child, required: needed)
            return (.sort(c, keys.map { SortKey($0.expression.remapped(map), ascending: $0.ascending, nullsFirst: $0.nullsFirst) }), map)
        case .limit(let child, let l, let o):
            let (c, map) = prune(child, required: required)
            return (.limit(c, limit: l, offset: o), map)
        case .distinct(let child):
            // Distinct compares whole rows: keep everything.
            let (c, map) = prune(child, required: Set(child.schema.fields.indices))
            return (.distinct(c), map)
        case .union(let children, let schema):
            let all = Set(schema.fields.indices)
            return (.union(children.map { prune($0, required: all).plan }, schema), identity(schema.count))
        case .window(let child, let calls, let schema):
            // Every window column stays; the input keeps what is required and what calls read.
            let inputCount = child.schema.count
            let needed = calls.reduce(into: Set(required.filter { $0 < inputCount })) { $0.formUnion($1.columns) }
            let (c, map) = prune(child, required: needed)
            var out = map
            for i in calls.indices { out[inputCount + i] = c.schema.count + i }
            let fields = c.schema.fields + schema.fields[inputCount...]
            return (.window(c, calls.map { $0.remapped(map) }, Schema(Array(fields))), out)
        }
    }

    static func identity(_ n: Int) -> [Int: Int] {
        Dictionary(uniqueKeysWithValues: (0..<n).map { ($0, $0) })
    }
}
