import Columnar
import Foundation
import Query

/// Checks a dataset's expectations on its rows, batch by batch, with DLT semantics: `warn`
/// keeps violating rows, `drop` removes them, `fail` stops the update with an error naming the
/// expectation and a violating row. A row violates an expectation when its condition is false
/// (NULL is not a violation). Counts accumulate across batches.
public final class ExpectationEvaluator: @unchecked Sendable {
    /// The dataset.
    public let dataset: String
    /// The expectations, in order.
    public let expectations: [Expectation]
    /// The counts so far, one per expectation.
    public private(set) var metrics: [ExpectationMetrics]
    /// Rows dropped so far (each counted once, whatever number of drop expectations it failed).
    public private(set) var droppedRecords = 0
    /// Rows checked so far.
    public private(set) var checkedRecords = 0
    let engine: QueryEngine
    let select: String

    static let view = "__expectation_input"
    static let rowColumn = "__expectation_row"

    /// An evaluator for `expectations` of `dataset`; conditions are SQL over the dataset's columns.
    public init(dataset: String, expectations: [Expectation], warehouse: String) {
        self.dataset = dataset
        self.expectations = expectations
        metrics = expectations.map { ExpectationMetrics(name: $0.name, dataset: dataset, action: $0.action) }
        engine = QueryEngine(warehouse: warehouse, threads: 1)
        select = "SELECT \(Self.rowColumn)" + expectations.enumerated().map { ", (\($0.element.condition)) AS __e\($0.offset)" }.joined() + " FROM \(Self.view)"
    }

    /// Checks that every condition binds to a boolean over `schema`.
    public func validate(_ schema: Schema) throws {
        guard !expectations.isEmpty else { return }
        engine.createOrReplaceTempView(Self.view, schema: Schema(schema.fields + [Field(Self.rowColumn, .int64)]), batches: [])
        defer { engine.dropTempView(Self.view) }
        for e in expectations {
            let plan: LogicalPlan
            do {
                plan = try engine.plan("SELECT (\(e.condition)) AS c FROM \(Self.view)")
            } catch let error as QueryError {
                throw PipelineError(.invalidQuery, "expectation '\(e.name)': \(error.message)", dataset: dataset, cause: error)
            }
            guard plan.schema.fields[0].type == .boolean else {
                throw PipelineError(.invalidQuery, "expectation '\(e.name)': the condition (\(e.condition)) is \(plan.schema.fields[0].type.sqlName), not boolean", dataset: dataset)
            }
        }
    }

    /// For each expectation, which rows of `batch` violate it (the condition is false).
    public func violations(_ batch: RecordBatch) throws -> [[Bool]] {
        let n = batch.count
        var rowIDs = Buffer(capacity: n * 8)
        let ids = rowIDs.appendUninitialized(n * 8).assumingMemoryBound(to: Int64.self)
        for i in 0..<n { ids[i] = Int64(i) }
        let withRow = RecordBatch(
            schema: Schema(batch.schema.fields + [Field(Self.rowColumn, .int64, nullable: false)]),
            columns: batch.columns + [Column(type: .int64, count: n, validity: nil, values: rowIDs)], count: n)
        engine.createOrReplaceTempView(Self.view, schema: withRow.schema, batches: [withRow])
        defer { engine.dropTempView(Self.view) }
        let result: QueryResult
        do {
            result = try engine.sql(select)
        } catch let error as QueryError {
            throw PipelineError(.invalidQuery, "expectations: \(error.message)", dataset: dataset, cause: error)
        }
        var failed = [[Bool]](repeating: [Bool](repeating: false, count: n), count: expectations.count)
        for b in result.batches {
            for r in 0..<b.count {
                guard case .int(let row) = b.columns[0].value(at: r), row >= 0, row < n else { continue }
                for e in expectations.indices where !b.columns[e + 1].isNull(r) {
                    if case .boolean(false) = b.columns[e + 1].value(at: r) { failed[e][Int(row)] = true }
                }
            }
        }
        return failed
    }

    /// The rows of `batch` that are kept; counts the violations; throws on a `fail` violation.
    public func apply(_ batch: RecordBatch) throws -> RecordBatch {
        guard !expectations.isEmpty, batch.count > 0 else { return batch }
        let n = batch.count
        let failed = try violations(batch)
        var drop = [Bool](repeating: false, count: n)
        for (e, expectation) in expectations.enumerated() {
            let count = failed[e].reduce(0) { $0 + ($1 ? 1 : 0) }
            metrics[e].failedRecords += count
            metrics[e].passedRecords += n - count
            guard count > 0 else { continue }
            switch expectation.action {
            case .warn: break
            case .drop: for r in 0..<n where failed[e][r] { drop[r] = true }
            case .fail:
                let row = failed[e].firstIndex(of: true) ?? 0
                throw PipelineError(.expectationFailed, "expectation '\(expectation.name)' (\(expectation.condition)) failed on \(count) of \(n) row(s), for example \(Self.describe(batch, row)); the update was rolled back: nothing was committed to \(dataset)", dataset: dataset)
            }
        }
        checkedRecords += n
        let keep = (0..<n).filter { !drop[$0] }
        droppedRecords += n - keep.count
        if keep.count == n { return batch }
        let indices = keep.map { Int32($0) }
        return RecordBatch(schema: batch.schema, columns: batch.columns.map { $0.gather(indices) }, count: indices.count)
    }

    /// A row as `{column: value, ...}` for messages.
    static func describe(_ batch: RecordBatch, _ row: Int) -> String {
        let parts = batch.schema.fields.enumerated().prefix(12).map { i, f -> String in
            let v = batch.columns[i].value(at: row)
            return f.name + ": " + (v.isNull ? "NULL" : (f.type == .string ? "'\(v.text(as: f.type))'" : v.text(as: f.type)))
        }
        return "{" + parts.joined(separator: ", ") + (batch.schema.count > 12 ? ", ..." : "") + "}"
    }
}
