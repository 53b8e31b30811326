import Columnar
import Foundation
import Query

/// The datasets of a pipeline and what each reads, inferred from their SQL: checked for
/// unknown inputs and cycles, ordered topologically.
///
/// An input that is not a dataset of the pipeline must be an existing table under the storage
/// root (an *external* input, read as it is). `STREAM(x)` is allowed in streaming tables only,
/// and a streaming table defined by SQL needs at least one.
public struct DependencyGraph: Sendable {
    /// The pipeline.
    public let pipeline: PipelineDefinition
    /// Dataset names in an order where every dataset comes after its inputs (definition order
    /// among independent ones).
    public let order: [String]
    /// The parsed query of each SQL dataset.
    public let queries: [String: DatasetQuery]
    /// Each dataset's inputs that are datasets of the pipeline, in order of appearance.
    public let upstream: [String: [String]]
    /// Each dataset's readers among the pipeline's datasets.
    public let downstream: [String: [String]]
    /// Each dataset's inputs outside the pipeline (existing tables).
    public let external: [String: [String]]

    /// Builds and checks the graph of `pipeline`.
    public init(_ pipeline: PipelineDefinition) throws {
        self.pipeline = pipeline
        var queries: [String: DatasetQuery] = [:]
        var upstream: [String: [String]] = [:]
        var external: [String: [String]] = [:]
        let names = Set(pipeline.datasets.map(\.name))
        for d in pipeline.datasets {
            upstream[d.name] = []
            external[d.name] = []
            guard let sql = d.sql else { continue }
            let q: DatasetQuery
            do {
                q = try DatasetQuery(sql)
            } catch let e as QueryError {
                throw Self.sqlError(e, d, pipeline)
            } catch var e as PipelineError {
                e.dataset = d.name
                e.file = pipeline.file
                e.line = d.sqlLocation?.line ?? d.location?.line
                throw e
            }
            queries[d.name] = q
            for input in q.inputs {
                let at = Self.location(d, pipeline, line: input.line, column: input.column)
                if input.streaming && d.kind != .streamingTable {
                    throw PipelineError(.invalidQuery, "STREAM(\(input.name)) in a materialized view: only streaming tables read streams (read \(input.name) without STREAM, or make \(d.name) a streaming_table)", dataset: d.name, file: pipeline.file, line: at?.line, column: at?.column)
                }
                if names.contains(input.name) {
                    if input.streaming, let other = pipeline.dataset(input.name), other.kind != .streamingTable {
                        throw PipelineError(.invalidQuery, "STREAM(\(input.name)): \(input.name) is a materialized view, which is not append-only; read it without STREAM", dataset: d.name, file: pipeline.file, line: at?.line, column: at?.column)
                    }
                    if !upstream[d.name]!.contains(input.name) { upstream[d.name]!.append(input.name) }
                } else if input.name.split(separator: ".").count == 2, (try? DeltaTableProbe.exists(pipeline.location(of: input.name))) == true {
                    if !external[d.name]!.contains(input.name) { external[d.name]!.append(input.name) }
                } else {
                    let hint = Suggestions.nearest(input.name, pipeline.datasets.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
                    throw PipelineError(.unknownInput, "reads '\(input.name)', which is not a dataset of the pipeline nor a table under \(pipeline.storage)\(hint)", dataset: d.name, file: pipeline.file, line: at?.line, column: at?.column)
                }
            }
            if d.kind == .streamingTable && q.streamingInputs.isEmpty {
                throw PipelineError(.invalidQuery, "a streaming table reads at least one STREAM(schema.table) input (or make it a materialized_view, recomputed from its inputs)", dataset: d.name, file: pipeline.file, line: d.sqlLocation?.line ?? d.location?.line)
            }
        }
        var downstream: [String: [String]] = Dictionary(uniqueKeysWithValues: pipeline.datasets.map { ($0.name, []) })
        for d in pipeline.datasets {
            for u in upstream[d.name]! { downstream[u]!.append(d.name) }
        }
        if let cycle = Self.findCycle(pipeline.datasets.map(\.name), upstream) {
            let first = pipeline.dataset(cycle[0])
            throw PipelineError(.cycle, "the datasets read each other in a cycle: " + cycle.joined(separator: " → "), dataset: nil, file: pipeline.file, line: first?.location?.line, column: first?.location?.column)
        }
        // Kahn's algorithm, taking ready datasets in definition order.
        var remaining = Dictionary(uniqueKeysWithValues: pipeline.datasets.map { ($0.name, upstream[$0.name]!.count) })
        var order: [String] = []
        while order.count < pipeline.datasets.count {
            guard let next = pipeline.datasets.first(where: { remaining[$0.name] == 0 }) else { break }
            remaining[next.name] = -1
            order.append(next.name)
            for r in downstream[next.name]! { remaining[r]! -= 1 }
        }
        self.order = order
        self.queries = queries
        self.upstream = upstream
        self.downstream = downstream
        self.external = external
    }

    /// A cycle (first name repeated at the end), if the graph has one.
    static func findCycle(_ names: [String], _ upstream: [String: [String]]) -> [String]? {
        var state: [String: Int] = [:]  // 1 visiting, 2 done
        var stack: [String] = []
        func visit(_ n: String) -> [String]? {
            state[n] = 1
            stack.append(n)
            for u in upstream[n] ?? [] {
                if state[u] == 1, let i = stack.firstIndex(of: u) {
                    // Each name on the stack reads the next one: reversed, the names follow the data.
                    let loop = Array(stack[i...].reversed())
                    return loop + [loop[0]]
                }
                if state[u] == nil, let c = visit(u) { return c }
            }
            stack.removeLast()
            state[n] = 2
            return nil
        }
        for n in names where state[n] == nil {
            if let c = visit(n) { return c }
        }
        return nil
    }

    /// Every dataset downstream of `names` (not including them), in topological order.
    public func descendants(of names: Set<String>) -> [String] {
        var found = Set<String>()
        var queue = Array(names)
        while let n = queue.popLast() {
            for r in downstream[n] ?? [] where found.insert(r).inserted { queue.append(r) }
        }
        return order.filter { found.contains($0) }
    }

    /// The file position of a place in a dataset's SQL.
    static func location(_ d: DatasetDefinition, _ pipeline: PipelineDefinition, line: Int?, column: Int?) -> SourceLocation? {
        guard let start = d.sqlLocation else { return d.location }
        guard let line, let column, line > 0 else { return start }
        // Block scalars are indented; the SQL's columns are relative to its text.
        return SourceLocation(line: start.line + line - 1, column: line == 1 ? start.column + column - 1 : column)
    }

    /// A SQL error in a dataset's query, placed in the pipeline file.
    static func sqlError(_ e: QueryError, _ d: DatasetDefinition, _ pipeline: PipelineDefinition) -> PipelineError {
        let at = location(d, pipeline, line: e.line, column: e.column)
        var where_ = ""
        if let line = e.line, let column = e.column { where_ = " (sql line \(line), column \(column))" }
        return PipelineError(.invalidQuery, e.message + where_, dataset: d.name, file: pipeline.file, line: at?.line, column: at?.column, cause: e)
    }
}

/// Whether a directory holds a Delta table (without opening it).
enum DeltaTableProbe {
    static func exists(_ path: String) throws -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path + "/_delta_log", isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
