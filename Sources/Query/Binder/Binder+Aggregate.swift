import Columnar

extension Binder {
    /// A SELECT with GROUP BY, HAVING or aggregate calls: the input is grouped by the keys, the
    /// aggregates computed, then SELECT, HAVING and ORDER BY are bound over that output (group
    /// keys and aggregate calls become column references).
    func bindAggregate(
        _ select: Select, items: [(expression: Expression?, bound: BoundExpression?, name: String)],
        orderBy: [OrderItem], plan: LogicalPlan, scope: Scope, windows: WindowBinding
    ) throws -> LogicalPlan {
        // Keys: expressions, select-list ordinals or aliases (Spark allows both), or ALL.
        var keys: [BoundExpression] = []
        switch select.groupBy {
        case .expressions(let exprs)?:
            for e in exprs {
                if case .literal(.integer(let text)) = e.kind, let n = Int(text) {
                    guard n >= 1, n <= items.count, let expr = items[n - 1].expression else {
                        throw error(.notFound, "GROUP BY position \(n) is not in the select list", at: e.position)
                    }
                    keys.append(try fold(try bindExpression(expr, scope, context: .plain)))
                    continue
                }
                if case .column(let name) = e.kind, name.parts.count == 1, scope.resolve(name.names) == nil,
                   let item = items.first(where: { $0.name.lowercased() == name.last.lowercased() }), let expr = item.expression {
                    keys.append(try fold(try bindExpression(expr, scope, context: .plain)))
                    continue
                }
                keys.append(try fold(try bindExpression(e, scope, context: .plain)))
            }
        case .all?:
            for item in items where !(item.expression.map(containsAggregate) ?? false) {
                keys.append(try item.bound ?? fold(try bindExpression(item.expression!, scope, context: .plain)))
            }
        case nil:
            break
        }
        let agg = AggregateBinding(input: scope, keys: keys)
        var projections: [BoundExpression] = []
        for item in items {
            if let bound = item.bound {
                // A `*` item in an aggregate query must be a group key.
                guard let k = keys.firstIndex(of: bound) else {
                    throw error(.typeMismatch, "column '\(item.name)' must appear in GROUP BY or be used in an aggregate function", at: select.position)
                }
                projections.append(.column(k, bound.type))
            } else {
                projections.append(try within(windows) { try fold(try bindExpression(item.expression!, scope, context: .aggregate(agg))) })
            }
        }
        let having = try select.having.map { h -> BoundExpression in
            let b = try fold(try bindExpression(h, scope, context: .aggregate(agg)))
            guard b.type == .boolean else { throw error(.typeMismatch, "HAVING \(h) is \(b.type.sqlName), not boolean", at: h.position) }
            return b
        }
        // ORDER BY: output names and ordinals first, else expressions over the aggregation.
        let names = items.map(\.name)
        var sortKeys: [(BoundExpression, OrderItem, isOutput: Bool)] = []
        for item in orderBy {
            if case .literal(.integer(let text)) = item.expression.kind, let n = Int(text) {
                guard n >= 1, n <= projections.count else {
                    throw error(.notFound, "ORDER BY position \(n) is not in the select list", at: item.expression.position)
                }
                sortKeys.append((.column(n - 1, projections[n - 1].type), item, true))
                continue
            }
            if case .column(let name) = item.expression.kind, name.parts.count == 1,
               let i = names.firstIndex(where: { $0.lowercased() == name.last.lowercased() }) {
                sortKeys.append((.column(i, projections[i].type), item, true))
                continue
            }
            sortKeys.append((try within(windows) { try fold(try bindExpression(item.expression, scope, context: .aggregate(agg))) }, item, false))
        }
        var qualify = try select.qualify.map { q -> BoundExpression in
            let b = try within(windows) { try fold(try bindExpression(q, scope, context: .aggregate(agg))) }
            guard b.type == .boolean else { throw error(.typeMismatch, "QUALIFY \(q) is \(b.type.sqlName), not boolean", at: q.position) }
            return b
        }

        let aggregateSchema = Schema(
            keys.enumerated().map { Field("key\($0.offset)", $0.element.type) }
                + agg.calls.enumerated().map { Field("agg\($0.offset)", $0.element.resultType) })
        var result = LogicalPlan.aggregate(plan, groupBy: keys, aggregates: agg.calls, aggregateSchema)
        if let having { result = .filter(result, having) }
        if !windows.calls.isEmpty || qualify != nil {
            // Window functions over the groups: their columns follow the aggregation's.
            let map = windows.placement(after: aggregateSchema.count)
            projections = projections.map { $0.remapped(map) }
            sortKeys = sortKeys.map { ($0.0.remapped(map), $0.1, $0.2) }
            qualify = qualify?.remapped(map)
            result = windows.node(over: result)
            if let qualify { result = .filter(result, qualify) }
        }
        // Project the select list, plus hidden sort keys over the aggregation.
        var outputs = projections
        var outputNames = names
        var keysOverOutput: [SortKey] = []
        for (e, item, isOutput) in sortKeys {
            if isOutput {
                keysOverOutput.append(sortKey(e, item))
            } else if let i = outputs.firstIndex(of: e) {
                keysOverOutput.append(sortKey(.column(i, e.type), item))
            } else {
                outputs.append(e)
                outputNames.append("__order\(outputs.count)")
                keysOverOutput.append(sortKey(.column(outputs.count - 1, e.type), item))
            }
        }
        let projected = Schema(zip(outputNames, outputs).map { Field($0, $1.type) })
        result = .project(result, outputs, projected)
        if select.isDistinct { result = .distinct(result) }
        if !keysOverOutput.isEmpty { result = .sort(result, keysOverOutput) }
        if outputs.count > projections.count {
            let visible = Schema(Array(projected.fields.prefix(projections.count)))
            result = .project(result, visible.fields.indices.map { .column($0, visible.fields[$0].type) }, visible)
        }
        return result
    }

    /// An aggregate call: arguments bound over the input (in `context`: a window function over
    /// an aggregation binds them over the groups), the result typed.
    func aggregateCall(_ fn: AggregateFunction, _ f: FunctionCall, _ input: Scope, context: BindContext = .plain, position: SourcePosition) throws -> AggregateCall {
        let filter = try f.filter.map { condition -> BoundExpression in
            let bound = try fold(try bindExpression(condition, input, context: context))
            guard bound.type == .boolean || isNullLiteral(bound) else {
                throw error(.typeMismatch, "FILTER (WHERE \(condition)) is \(bound.type.sqlName), not boolean", at: condition.position)
            }
            return bound
        }
        if f.isStar || (fn == .count && f.arguments.isEmpty) {
            guard fn == .count else { throw error(.typeMismatch, "\(f.name.last)(*) is not valid; only count(*)", at: position) }
            return AggregateCall(.countStar, nil, filter: filter, resultType: .int64)
        }
        guard let first = f.arguments.first else {
            throw error(.typeMismatch, "\(f.name.last)() needs an argument", at: position)
        }
        var argument = try fold(try bindExpression(first, input, context: context))
        var parameter: Double?
        if fn == .count, f.arguments.count > 1 {
            // count(a, b): rows where every argument is non-null.
            let all = try f.arguments.map { try bindExpression($0, input, context: context) }
            argument = .caseWhen([.init(.and(all.map { .isNotNull($0) }), .literal(.int(1), .int32))], otherwise: nil, .int32)
        }
        switch fn {
        case .sum, .avg, .stddevSamp, .stddevPop, .varianceSamp, .variancePop, .percentile:
            if argument.type == .string { argument = cast(argument, to: .float64) }
            guard TypeRules.isNumeric(argument.type) || isNullLiteral(argument) else {
                throw error(.typeMismatch, "\(f.name.last)() needs numbers, not \(argument.type.sqlName) (\(first))", at: position)
            }
            if isNullLiteral(argument) { argument = .literal(.null, .float64) }
            if fn == .percentile {
                let name = f.name.last.lowercased()
                if name == "median" {
                    parameter = 0.5
                } else {
                    guard f.arguments.count >= 2, case .literal(let p, let pt) = try fold(try bindExpression(f.arguments[1], Scope([]), context: .plain)),
                          let fraction = ScalarFunction.double(p, pt), fraction >= 0, fraction <= 1 else {
                        throw error(.typeMismatch, "\(f.name.last)(x, p) needs a constant fraction p between 0 and 1", at: position)
                    }
                    parameter = fraction
                }
            }
            if fn != .sum && fn != .avg { argument = cast(argument, to: .float64) }
        case .boolAnd, .boolOr:
            guard argument.type == .boolean else { throw error(.typeMismatch, "\(f.name.last)() needs booleans", at: position) }
        default:
            break
        }
        return AggregateCall(
            fn, argument, distinct: f.isDistinct, filter: filter, parameter: parameter,
            resultType: AggregateCall.resultType(fn, argument.type))
    }
}
