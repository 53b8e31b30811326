import Columnar
import Foundation
import Query

/// What a dry run (`--validate-only`) found: each dataset's output schema, and every problem.
public struct ValidationReport: Sendable {
    /// One dataset's outcome.
    public struct Entry: Sendable {
        /// The dataset.
        public var name: String
        /// Its kind.
        public var kind: DatasetKind
        /// The schema it would have (nil when it could not be determined).
        public var schema: Schema?
        /// Why the schema is unknown, or where it came from.
        public var note: String?
    }

    /// The datasets, in topological order.
    public var datasets: [Entry]
    /// The problems found (empty when the pipeline is valid).
    public var issues: [PipelineError]

    /// True when nothing is wrong.
    public var isValid: Bool { issues.isEmpty }
}

extension UpdateRunner {
    /// Checks every dataset without writing anything: landing directories and schema hints,
    /// each query bound against its inputs' schemas (unknown columns, type errors), each
    /// expectation's condition, apply_changes' columns. Graph problems (unknown inputs, cycles,
    /// syntax) were already checked when the runner was made.
    public func validate() -> ValidationReport {
        var schemas: [String: Schema] = [:]
        var entries: [ValidationReport.Entry] = []
        var issues: [PipelineError] = []
        func issue(_ d: DatasetDefinition, _ e: any Error) {
            if var p = e as? PipelineError {
                p.dataset = p.dataset ?? d.name
                p.file = p.file ?? pipeline.file
                if p.line == nil { p.line = d.location?.line; p.column = d.location?.column }
                issues.append(p)
            } else if let q = e as? QueryError {
                issues.append(DependencyGraph.sqlError(q, d, pipeline))
            } else {
                issues.append(PipelineError(.invalidQuery, "\(e)", dataset: d.name, file: pipeline.file, line: d.location?.line, column: d.location?.column))
            }
        }
        for name in graph.order {
            let d = pipeline.dataset(name)!
            var entry = ValidationReport.Entry(name: name, kind: d.kind)
            do {
                let table = self.table(name)
                let existing = try table.exists() ? try table.snapshot().schema : nil
                if let source = d.source {
                    let ingestor = try FileIngestor(source)
                    let files = try LandingFile.list(source)
                    if let existing {
                        entry.schema = existing
                        entry.note = "the table's schema; \(files.count) landing file(s)"
                    } else if !files.isEmpty {
                        entry.schema = ingestor.tableSchema(try ingestor.plan(Array(files.prefix(20)), tableSchema: nil).dataSchema)
                        entry.note = "inferred from \(min(files.count, 20)) landing file(s)"
                    } else {
                        entry.note = "no landing files yet: schema unknown"
                    }
                } else if let query = graph.queries[name] {
                    let engine = QueryEngine(warehouse: pipeline.storage, threads: 1)
                    var unknown: [String] = []
                    for input in query.inputs {
                        let schema = schemas[input.name] ?? (pipeline.dataset(input.name) == nil ? try? self.table(input.name).snapshot().schema : nil)
                        guard let schema else { unknown.append(input.name); continue }
                        engine.createOrReplaceTempView(input.streaming ? DatasetQuery.streamViewName(input.name) : input.name, schema: schema, batches: [])
                    }
                    if !unknown.isEmpty {
                        entry.note = "not checked: the schema of \(Set(unknown).sorted().joined(separator: ", ")) is not known yet"
                    } else {
                        let result: QueryResult
                        do {
                            result = try engine.execute(.query(query.query))
                        } catch let e as QueryError {
                            throw DependencyGraph.sqlError(e, d, pipeline)
                        }
                        entry.schema = result.schema
                        try ExpectationEvaluator(dataset: name, expectations: d.expectations, warehouse: pipeline.storage).validate(result.schema)
                        if let a = d.applyChanges {
                            for c in a.keys + [a.sequenceBy] where result.schema.index(of: c) == nil {
                                throw PipelineError(.invalidQuery, "apply_changes column '\(c)' is not a column of the query (\(result.schema.fields.map(\.name).joined(separator: ", ")))")
                            }
                            if let deletes = a.applyAsDeletes {
                                try ExpectationEvaluator(dataset: name, expectations: [Expectation("apply_as_deletes", deletes)], warehouse: pipeline.storage).validate(result.schema)
                            }
                        }
                        if let existing, existing != result.schema, d.kind == .materializedView {
                            entry.note = "the schema differs from the table's; the next refresh replaces it"
                        }
                    }
                }
            } catch {
                issue(d, error)
            }
            if let s = entry.schema { schemas[name] = s }
            entries.append(entry)
        }
        return ValidationReport(datasets: entries, issues: issues)
    }
}
