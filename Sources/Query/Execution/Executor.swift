import Columnar

/// Runs a logical plan: streaming parts become pipelines run on all worker threads; blocking
/// operators (aggregation, sort, join build, limit, distinct, union) materialize their input
/// and feed the next pipeline.
struct Executor {
    let runner: PipelineRunner
    var evaluator: ExpressionEvaluator { runner.evaluator }

    /// All result rows.
    func execute(_ plan: LogicalPlan) throws -> [RecordBatch] {
        try runner.collect(try pipeline(plan))
    }

    /// Every result row, handed to `body` batch by batch in order as the workers produce them
    /// (a batch that finishes early waits for the ones before it), so memory holds a few
    /// batches rather than the result.
    func stream(_ plan: LogicalPlan, _ body: (RecordBatch) throws -> Void) throws {
        let p = try pipeline(plan)
        try withoutActuallyEscaping(body) { body in
            let emitter = OrderedEmitter(body)
            _ = try runner.run(p, makeState: { () }) { _, batch, index in
                try emitter.offer(batch, at: index)
                return true
            }
        }
    }

    /// One batch holding every row.
    func executeOne(_ plan: LogicalPlan) throws -> RecordBatch {
        Self.concatenate(try execute(plan), plan.schema)
    }

    static func concatenate(_ batches: [RecordBatch], _ schema: Schema) -> RecordBatch {
        let nonEmpty = batches.filter { $0.count > 0 }
        if nonEmpty.isEmpty { return RecordBatch(empty: schema) }
        if nonEmpty.count == 1 { return RecordBatch(schema: schema, columns: nonEmpty[0].columns, count: nonEmpty[0].count) }
        let columns = schema.fields.indices.map { i in Column.concatenate(nonEmpty.map { $0.columns[i] }) }
        return RecordBatch(schema: schema, columns: columns, count: nonEmpty.reduce(0) { $0 + $1.count })
    }

    func materialized(_ batches: [RecordBatch], _ schema: Schema) -> Pipeline {
        Pipeline(source: PipelineSource(batches: batches, schema: schema))
    }

    /// The plan as a pipeline (materializing below blocking operators).
    func pipeline(_ plan: LogicalPlan) throws -> Pipeline {
        switch plan {
        case .scan(let scan):
            return Pipeline(source: try PipelineSource(scan: scan))
        case .values(let batch):
            return materialized([batch], batch.schema)
        case .filter(let child, let predicate):
            var p = try pipeline(child)
            // Late materialization: a filter right on a file scan that needs only some of its
            // columns decodes those first and the rest only where rows survive.
            if p.operators.isEmpty, p.scanFilter == nil, p.source.readsColumnsLazily,
               !predicate.columns.isEmpty, predicate.columns.count < p.schema.count {
                p.scanFilter = predicate
            } else {
                p.operators.append(.filter(predicate))
            }
            return p
        case .project(let child, let expressions, let schema):
            var p = try pipeline(child)
            p.operators.append(.project(expressions, schema))
            p.schema = schema
            return p
        case .aggregate(let child, let keys, let aggregates, let schema):
            if keys.isEmpty, let (batch, _) = try MetadataAggregate.answer(child, aggregates, schema) {
                return materialized([batch], schema)
            }
            return materialized([try aggregate(try pipeline(child), keys, aggregates, schema)], schema)
        case .distinct(let child):
            let schema = child.schema
            let keys = schema.fields.indices.map { BoundExpression.column($0, schema.fields[$0].type) }
            return materialized([try aggregate(try pipeline(child), keys, [], schema)], schema)
        case .sort(let child, let keys):
            return materialized([try Sorter.sort(try executeOne(child), keys, limit: nil, evaluator: evaluator)], child.schema)
        case .limit(let child, let limit, let offset):
            let batch: RecordBatch
            if case .sort(let sorted, let keys) = child {
                batch = try Sorter.sort(try executeOne(sorted), keys, limit: limit.map { $0 + offset }, evaluator: evaluator)
            } else {
                batch = try firstRows(try pipeline(child), limit.map { $0 + offset }, child.schema)
            }
            let end = min(batch.count, limit.map { offset + $0 } ?? batch.count)
            let start = min(offset, end)
            return materialized([RecordBatch(schema: batch.schema, columns: batch.columns.map { $0.slice(start..<end) }, count: end - start)], child.schema)
        case .window(let child, let calls, let schema):
            return materialized([try WindowOperator.evaluate(try executeOne(child), calls, schema, evaluator: evaluator)], schema)
        case .union(let children, let schema):
            var batches: [RecordBatch] = []
            for child in children {
                batches += try execute(child).map { RecordBatch(schema: schema, columns: $0.columns, count: $0.count) }
            }
            return materialized(batches, schema)
        case .join(let left, let right, let kind, let leftKeys, let rightKeys, let residual, let schema):
            return try join(left, right, kind, leftKeys, rightKeys, residual, schema)
        }
    }

    /// The first `limit` rows of a pipeline in morsel order, stopping early.
    func firstRows(_ p: Pipeline, _ limit: Int?, _ schema: Schema) throws -> RecordBatch {
        guard let limit else { return Self.concatenate(try runner.collect(p), schema) }
        let lock = Mutex()
        var total = 0
        let states = try runner.run(p, makeState: { [(Int, RecordBatch)]() }) { state, batch, index in
            state.append((index, batch))
            return lock.withLock {
                total += batch.count
                return total < limit
            }
        }
        let ordered = states.flatMap { $0 }.sorted { $0.0 < $1.0 }.map(\.1)
        return Self.concatenate(ordered, schema)
    }

    /// Hash aggregation: each worker groups its batches; the workers' tables are merged.
    func aggregate(_ p: Pipeline, _ keys: [BoundExpression], _ aggregates: [AggregateCall], _ schema: Schema) throws -> RecordBatch {
        struct State {
            var table: GroupTable
            var accumulators: [Accumulator]
        }
        let keyTypes = keys.map(\.type)
        // Subexpressions shared by keys, arguments and filters are computed once per batch.
        let arguments = aggregates.compactMap(\.argument), filters = aggregates.compactMap(\.filter)
        let shared = SharedSubexpressions(keys + arguments + filters, base: p.schema.count, ansi: evaluator.ansi)
        let keyExpressions = Array(shared.expressions[0..<keys.count])
        var rewritten = shared.expressions[keys.count...].makeIterator()
        let calls = aggregates.map { call -> AggregateCall in
            var c = call
            if c.argument != nil { c.argument = rewritten.next() }
            return c
        }.map { call -> AggregateCall in
            var c = call
            if c.filter != nil { c.filter = rewritten.next() }
            return c
        }
        var states = try runner.run(p, makeState: {
            State(table: GroupTable(keyTypes: keyTypes), accumulators: aggregates.map { Accumulator($0) })
        }) { state, input, _ in
            guard input.count > 0 else { return true }
            // (A batch not shaped like the pipeline's schema gets the expressions as written.)
            let sharing = input.columns.count == shared.base
            let batch = sharing ? try shared.extend(input, evaluator) : input
            let keyColumns = try (sharing ? keyExpressions : keys).map { try evaluator.evaluate($0, batch) }
            let gids = state.table.groups(keyColumns, rows: batch.count)
            // Few groups: the rows sorted by group once, for every aggregate to fold in registers.
            let segments = aggregates.isEmpty ? nil : GroupSegments(gids, groups: state.table.count)
            for k in state.accumulators.indices {
                let call = sharing ? calls[k] : aggregates[k]
                let argument = try call.argument.map { try evaluator.evaluate($0, batch) }
                let mask = try call.filter.map { try evaluator.evaluate($0, batch) }
                state.accumulators[k].grow(to: state.table.count)
                state.accumulators[k].update(gids, argument, mask: mask, segments: segments)
            }
            return true
        }
        var result = states.removeFirst()
        for other in states {
            let mapping = result.table.merge(other.table)
            for k in result.accumulators.indices {
                result.accumulators[k].grow(to: result.table.count)
                result.accumulators[k].merge(other.accumulators[k], mapping)
            }
        }
        // A global aggregate over no rows still has one (empty) group.
        if keys.isEmpty && result.table.count == 0 {
            _ = result.table.groups([], rows: 1)
        }
        for k in result.accumulators.indices { result.accumulators[k].grow(to: result.table.count) }
        let columns = result.table.keyColumns + (try result.accumulators.map { try $0.finish() })
        return RecordBatch(schema: schema, columns: columns, count: result.table.count)
    }

    func join(
        _ left: LogicalPlan, _ right: LogicalPlan, _ kind: JoinKind, _ leftKeys: [BoundExpression], _ rightKeys: [BoundExpression],
        _ residual: BoundExpression?, _ schema: Schema
    ) throws -> Pipeline {
        if kind == .right {
            // Build the left side, probe with the right, then put the left columns first.
            let l = left.schema.count, r = right.schema.count
            var map: [Int: Int] = [:]
            for i in 0..<l { map[i] = r + i }
            for i in 0..<r { map[l + i] = i }
            let swappedSchema = Schema(right.schema.fields + left.schema.fields)
            let build = try executeOne(left)
            let join = try HashJoin(
                kind: .left, build: build, buildKeys: leftKeys, probeKeys: rightKeys, residual: residual?.remapped(map),
                schema: swappedSchema, evaluator: evaluator)
            var p = try pipeline(right)
            p.operators.append(.probe(join))
            let reorder = (0..<(l + r)).map { i in BoundExpression.column(i < l ? r + i : i - l, schema.fields[i].type) }
            p.operators.append(.project(reorder, schema))
            p.schema = schema
            return p
        }
        let build = try executeOne(right)
        let join = try HashJoin(
            kind: kind, build: build, buildKeys: rightKeys, probeKeys: leftKeys, residual: residual, schema: schema, evaluator: evaluator)
        var p = try pipeline(left)
        p.operators.append(.probe(join))
        p.schema = schema
        if kind == .full {
            var batches = try runner.collect(p)
            batches.append(join.unmatchedBuildRows(probeSchema: left.schema))
            return materialized(batches, schema)
        }
        return p
    }
}

/// Hands batches numbered 0, 1, 2, ... to a consumer in that order, whatever order they
/// arrive in from the workers.
final class OrderedEmitter: @unchecked Sendable {
    private let body: (RecordBatch) throws -> Void
    private let lock = Mutex()
    private var next = 0
    private var waiting: [Int: RecordBatch] = [:]

    init(_ body: @escaping (RecordBatch) throws -> Void) {
        self.body = body
    }

    func offer(_ batch: RecordBatch, at index: Int) throws {
        try lock.withLock {
            waiting[index] = batch
            while let ready = waiting.removeValue(forKey: next) {
                next += 1
                if ready.count > 0 { try body(ready) }
            }
        }
    }
}
