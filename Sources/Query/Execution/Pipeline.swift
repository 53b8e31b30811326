#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Columnar
import Dispatch

/// A streaming stage of a query: morsels from a source flow through filters, projections and
/// join probes into a sink, on several threads at once (each thread with its own sink state,
/// merged at the end). Blocking operators — aggregation, sorting, the build side of a join —
/// end one pipeline and feed the next.
struct Pipeline {
    var source: PipelineSource
    /// A filter applied while reading (late materialization): its columns are decoded first,
    /// the other columns only for row groups where some row survives, and only those rows kept.
    var scanFilter: BoundExpression?
    var operators: [PipelineOperator] = []
    var schema: Schema

    init(source: PipelineSource) {
        self.source = source
        schema = source.schema
    }
}

/// A per-batch transformation.
enum PipelineOperator {
    case filter(BoundExpression)
    case project([BoundExpression], Schema)
    case probe(HashJoin)
}

/// A tiny mutex.
final class Mutex: @unchecked Sendable {
    private var mutex = pthread_mutex_t()

    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body()
    }
}

/// Runs pipelines on worker threads.
struct PipelineRunner {
    let threads: Int
    let evaluator: ExpressionEvaluator

    /// Morsel `index` of the pipeline's source, its scan filter applied.
    func read(_ pipeline: Pipeline, _ index: Int) throws -> RecordBatch {
        let source = pipeline.source
        guard let predicate = pipeline.scanFilter else { return try source.read(index) }
        let filterColumns = predicate.columns.sorted()
        let others = source.schema.fields.indices.filter { !predicate.columns.contains($0) }
        let head = try source.read(index, columns: filterColumns)
        var position: [Int: Int] = [:]
        for (k, i) in filterColumns.enumerated() { position[i] = k }
        let keep = ExpressionEvaluator.selection(try evaluator.evaluate(predicate.remapped(position), head))
        if keep.isEmpty { return RecordBatch(empty: source.schema) }
        let tail = others.isEmpty ? nil : try source.read(index, columns: others)
        var columns: [Column] = []
        columns.reserveCapacity(source.schema.count)
        var h = 0, t = 0
        for i in source.schema.fields.indices {
            let column: Column
            if h < filterColumns.count, filterColumns[h] == i {
                column = head.columns[h]
                h += 1
            } else if let tail {
                column = tail.columns[t]
                t += 1
            } else {
                continue
            }
            columns.append(keep.count < head.count ? column.gather(keep) : column)
        }
        return RecordBatch(schema: source.schema, columns: columns, count: keep.count)
    }

    /// Applies the pipeline's operators to one batch.
    func transform(_ batch: RecordBatch, _ operators: [PipelineOperator]) throws -> RecordBatch {
        var batch = batch
        for op in operators {
            if batch.count == 0 { return batch }
            switch op {
            case .filter(let predicate):
                let mask = try evaluator.evaluate(predicate, batch)
                let keep = ExpressionEvaluator.selection(mask)
                if keep.count < batch.count {
                    batch = RecordBatch(schema: batch.schema, columns: batch.columns.map { $0.filtered(keep) }, count: keep.count)
                }
            case .project(let expressions, let schema):
                batch = RecordBatch(schema: schema, columns: try expressions.map { try evaluator.evaluate($0, batch) }, count: batch.count)
            case .probe(let join):
                batch = try join.probe(batch, evaluator: evaluator)
            }
        }
        return batch
    }

    /// Runs `pipeline`; every worker gets a state from `makeState` and `consume`s the batches it
    /// produces (with the morsel's index, for a deterministic order); `consume` returns false
    /// to stop early. Returns the workers' states.
    func run<State>(
        _ pipeline: Pipeline, makeState: () -> State,
        consume: (inout State, RecordBatch, Int) throws -> Bool
    ) throws -> [State] {
        AllocatorTuning.applied
        let morselCount = pipeline.source.morsels.count
        let workers = max(1, min(threads, morselCount))
        var states = (0..<workers).map { _ in makeState() }
        try withoutActuallyEscaping(consume) { consume in
            try states.withUnsafeMutableBufferPointer { buffer in
                let run = WorkerPool(runner: self, pipeline: pipeline, states: buffer, consume: consume)
                if workers == 1 {
                    run.work(0)
                } else {
                    DispatchQueue.concurrentPerform(iterations: workers) { run.work($0) }
                }
                if let failure = run.failure { throw failure }
            }
        }
        return states
    }

    /// Every batch of the pipeline, in morsel order.
    func collect(_ pipeline: Pipeline) throws -> [RecordBatch] {
        let states = try run(pipeline, makeState: { [(Int, RecordBatch)]() }) { state, batch, index in
            if batch.count > 0 { state.append((index, batch)) }
            return true
        }
        return states.flatMap { $0 }.sorted { $0.0 < $1.0 }.map(\.1)
    }
}

/// The shared state of one pipeline run: which morsel is next, whether to stop, the first
/// error. Workers touch their own state slot only; the rest is under the lock.
private final class WorkerPool<State>: @unchecked Sendable {
    let runner: PipelineRunner
    let pipeline: Pipeline
    let states: UnsafeMutableBufferPointer<State>
    let consume: (inout State, RecordBatch, Int) throws -> Bool
    let lock = Mutex()
    var next = 0
    var stop = false
    var failure: (any Error)?

    init(runner: PipelineRunner, pipeline: Pipeline, states: UnsafeMutableBufferPointer<State>, consume: @escaping (inout State, RecordBatch, Int) throws -> Bool) {
        self.runner = runner
        self.pipeline = pipeline
        self.states = states
        self.consume = consume
    }

    func work(_ w: Int) {
        let count = pipeline.source.morsels.count
        while true {
            let index: Int? = lock.withLock {
                guard !stop, next < count else { return nil }
                defer { next += 1 }
                return next
            }
            guard let index else { return }
            do {
                let batch = try runner.transform(try runner.read(pipeline, index), pipeline.operators)
                if !(try consume(&states[w], batch, index)) { lock.withLock { stop = true } }
            } catch {
                lock.withLock {
                    if failure == nil { failure = error }
                    stop = true
                }
                return
            }
        }
    }
}
