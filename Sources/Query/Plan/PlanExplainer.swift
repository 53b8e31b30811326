import Columnar
import Delta

/// EXPLAIN: the optimized plan as an indented tree, scans with their pushed predicate, the
/// columns they read, and what pruning skipped (files by partition and by statistics, row
/// groups by Parquet statistics) — computed from the log and footers, no data read.
enum PlanExplainer {
    static func lines(_ plan: LogicalPlan) throws -> [String] {
        var out: [String] = []
        try walk(plan, 0, &out)
        return out
    }

    static func names(_ schema: Schema) -> String { schema.fields.map(\.name).joined(separator: ", ") }

    static func text(_ e: BoundExpression, _ input: Schema) -> String {
        switch e {
        case .column(let i, _): return i < input.count ? input.fields[i].name : "#\(i)"
        case .literal(let v, let t): return Delta.Expression.literalText(v, t)
        case .arithmetic(let op, let l, let r, _): return "(\(text(l, input)) \(op.rawValue) \(text(r, input)))"
        case .negate(let x): return "-\(text(x, input))"
        case .comparison(let op, let l, let r): return "\(text(l, input)) \(op.rawValue) \(text(r, input))"
        case .and(let es): return es.map { text($0, input) }.joined(separator: " AND ")
        case .or(let es): return "(" + es.map { text($0, input) }.joined(separator: " OR ") + ")"
        case .not(let x): return "NOT (\(text(x, input)))"
        case .isNull(let x): return "\(text(x, input)) IS NULL"
        case .isNotNull(let x): return "\(text(x, input)) IS NOT NULL"
        case .inList(let x, let vs, let n): return "\(text(x, input)) \(n ? "NOT IN" : "IN") (\(vs.map { Delta.Expression.literalText($0, x.type) }.joined(separator: ", ")))"
        case .like(let x, let p, let ci, let n): return "\(text(x, input)) \(n ? "NOT " : "")\(ci ? "ILIKE" : "LIKE") '\(p)'"
        case .caseWhen(let whens, let otherwise, _):
            return "CASE " + whens.map { "WHEN \(text($0.condition, input)) THEN \(text($0.result, input))" }.joined(separator: " ")
                + (otherwise.map { " ELSE \(text($0, input))" } ?? "") + " END"
        case .cast(let x, let t, let isTry): return "\(isTry ? "TRY_CAST" : "CAST")(\(text(x, input)) AS \(t.sqlName))"
        case .function(let f, let args, _): return "\(f.rawValue)(\(args.map { text($0, input) }.joined(separator: ", ")))"
        }
    }

    static func frameText(_ frame: WindowCall.Frame) -> String {
        func bound(_ b: WindowCall.Frame.Bound) -> String {
            switch b {
            case .unboundedPreceding: "UNBOUNDED PRECEDING"
            case .preceding(let n): "\(n) PRECEDING"
            case .currentRow: "CURRENT ROW"
            case .following(let n): "\(n) FOLLOWING"
            case .unboundedFollowing: "UNBOUNDED FOLLOWING"
            }
        }
        return "\(frame.units.rawValue) BETWEEN \(bound(frame.start)) AND \(bound(frame.end))"
    }

    static func walk(_ plan: LogicalPlan, _ depth: Int, _ out: inout [String]) throws {
        let pad = String(repeating: "  ", count: depth)
        switch plan {
        case .scan(let scan):
            var line = "\(pad)Scan \(scan.name) [\(names(scan.schema))]"
            if let p = scan.pushedPredicate { line += " pushed: \(text(p, scan.schema))" }
            out.append(line)
            if case .delta = scan.source {} else if case .parquet = scan.source {} else { return }
            let source = try PipelineSource(scan: scan)
            let m = source.metrics
            if case .delta(_, let snapshot) = scan.source {
                out.append("\(pad)  version \(snapshot.version); files: \(m.filesRead) of \(m.filesTotal) read (\(m.filesSkippedByPartition) skipped by partition, \(m.filesSkippedByStats) by statistics); row groups: \(m.rowGroupsTotal - m.rowGroupsSkipped) of \(m.rowGroupsTotal) read (\(m.rowGroupsSkipped) skipped by statistics)")
            } else {
                out.append("\(pad)  files: \(m.filesTotal); row groups: \(m.rowGroupsTotal - m.rowGroupsSkipped) of \(m.rowGroupsTotal) read (\(m.rowGroupsSkipped) skipped by statistics)")
            }
        case .values(let batch):
            out.append("\(pad)Values \(batch.count) row(s) [\(names(batch.schema))]")
        case .filter(let child, let p):
            out.append("\(pad)Filter \(text(p, child.schema))")
            try walk(child, depth + 1, &out)
        case .project(let child, let es, let schema):
            out.append("\(pad)Project " + zip(es, schema.fields).map { e, f in
                let t = text(e, child.schema)
                return t == f.name ? t : "\(t) AS \(f.name)"
            }.joined(separator: ", "))
            try walk(child, depth + 1, &out)
        case .aggregate(let child, let keys, let aggs, let schema):
            let k = keys.map { text($0, child.schema) }.joined(separator: ", ")
            let a = aggs.map { call in
                call.function == .countStar ? "count(*)"
                    : "\(call.function.rawValue)(\(call.distinct ? "DISTINCT " : "")\(call.argument.map { text($0, child.schema) } ?? "*"))"
            }.joined(separator: ", ")
            if keys.isEmpty, let (_, files) = try MetadataAggregate.answer(child, aggs, schema) {
                out.append("\(pad)MetadataAggregate aggregates=[\(a)] answered from the statistics of \(files) file(s); no data read")
            } else {
                out.append("\(pad)HashAggregate keys=[\(k)] aggregates=[\(a)]")
            }
            try walk(child, depth + 1, &out)
        case .join(let l, let r, let kind, let lk, let rk, let residual, _):
            let keys = zip(lk, rk).map { "\(text($0, l.schema)) = \(text($1, r.schema))" }.joined(separator: " AND ")
            let both = Schema(l.schema.fields + r.schema.fields)
            out.append("\(pad)HashJoin \(kind.rawValue)\(keys.isEmpty ? "" : " on \(keys)")\(residual.map { " where \(text($0, both))" } ?? "")")
            try walk(l, depth + 1, &out)
            try walk(r, depth + 1, &out)
        case .sort(let child, let keys):
            out.append("\(pad)Sort " + keys.map { "\(text($0.expression, child.schema)) \($0.ascending ? "ASC" : "DESC") NULLS \($0.nullsFirst ? "FIRST" : "LAST")" }.joined(separator: ", "))
            try walk(child, depth + 1, &out)
        case .limit(let child, let limit, let offset):
            out.append("\(pad)Limit \(limit.map(String.init) ?? "ALL")\(offset > 0 ? " OFFSET \(offset)" : "")")
            try walk(child, depth + 1, &out)
        case .distinct(let child):
            out.append("\(pad)Distinct")
            try walk(child, depth + 1, &out)
        case .window(let child, let calls, _):
            out.append("\(pad)Window " + calls.map { call in
                var spec: [String] = []
                if !call.partitionBy.isEmpty { spec.append("PARTITION BY " + call.partitionBy.map { text($0, child.schema) }.joined(separator: ", ")) }
                if !call.orderBy.isEmpty {
                    spec.append("ORDER BY " + call.orderBy.map { "\(text($0.expression, child.schema)) \($0.ascending ? "ASC" : "DESC")" }.joined(separator: ", "))
                }
                if call.function.usesFrame { spec.append(frameText(call.frame)) }
                return "\(call.function.name)() OVER (\(spec.joined(separator: " ")))"
            }.joined(separator: ", "))
            try walk(child, depth + 1, &out)
        case .union(let children, _):
            out.append("\(pad)UnionAll")
            for c in children { try walk(c, depth + 1, &out) }
        }
    }
}
