import Foundation
import Query

/// A dataset's SQL, parsed: what it reads (the inputs the dependency graph is built from) and
/// the query to run, with each `STREAM(schema.table)` replaced by a view of that input's new
/// rows.
public struct DatasetQuery: Sendable {
    /// One table the query reads.
    public struct Input: Sendable, Hashable {
        /// The table's name as written, lowercase dotted (`bronze.orders`).
        public var name: String
        /// True for `STREAM(name)`: only rows appended since the last update are read.
        public var streaming: Bool
        /// Where the reference is in the SQL text.
        public var line: Int
        /// Where the reference is in the SQL text.
        public var column: Int
    }

    /// The parsed query (with `STREAM(x)` rewritten to the view ``streamViewName(_:)``).
    public let query: QueryExpression
    /// The tables read, in order of appearance (a table read both ways appears twice).
    public let inputs: [Input]

    /// Parses `sql`, which must be one query (`SELECT`, `WITH ... SELECT`, `VALUES`, a set operation).
    public init(_ sql: String) throws {
        let statements = try SQLParser.parseScript(sql)
        guard statements.count == 1, case .query(let q) = statements[0] else {
            throw PipelineError(.invalidQuery, "a dataset's sql is one query (SELECT ...), not \(statements.count == 1 ? "another statement" : "\(statements.count) statements")")
        }
        var collector = Collector()
        query = try collector.query(q, ctes: [])
        inputs = collector.inputs
    }

    /// The tables read in full (not as a stream).
    public var staticInputs: [String] { inputs.filter { !$0.streaming }.map(\.name) }
    /// The tables read as streams.
    public var streamingInputs: [String] { Array(Set(inputs.filter(\.streaming).map(\.name))).sorted() }

    /// The query with each table read in full pinned to a version (`VERSION AS OF n`), so that
    /// what a refresh read is exactly what it records.
    public func pinned(_ versions: [String: Int64]) -> QueryExpression {
        var collector = Collector()
        collector.pins = versions
        return (try? collector.query(query, ctes: [])) ?? query
    }

    /// The temporary view name that stands for the new rows of `input`.
    public static func streamViewName(_ input: String) -> String {
        "__stream__" + input.replacingOccurrences(of: ".", with: "__")
    }

    /// Walks a query, collecting table references and rewriting `STREAM(...)`.
    struct Collector {
        var inputs: [Input] = []
        var pins: [String: Int64] = [:]

        mutating func query(_ q: QueryExpression, ctes outer: Set<String>) throws -> QueryExpression {
            var q = q
            var ctes = outer
            for i in q.with.indices {
                q.with[i].query = try query(q.with[i].query, ctes: ctes)
                ctes.insert(q.with[i].name.name.lowercased())
            }
            q.body = try body(q.body, ctes: ctes)
            for i in q.orderBy.indices { q.orderBy[i].expression = try expression(q.orderBy[i].expression, ctes: ctes) }
            return q
        }

        mutating func body(_ b: QueryBody, ctes: Set<String>) throws -> QueryBody {
            switch b {
            case .select(var s):
                s.from = try s.from.map { try table($0, ctes: ctes) }
                s.items = try s.items.map { item in
                    if case .expression(let e, let alias) = item { return .expression(try expression(e, ctes: ctes), alias: alias) }
                    return item
                }
                s.whereClause = try s.whereClause.map { try expression($0, ctes: ctes) }
                if case .expressions(let es) = s.groupBy { s.groupBy = .expressions(try es.map { try expression($0, ctes: ctes) }) }
                s.having = try s.having.map { try expression($0, ctes: ctes) }
                s.qualify = try s.qualify.map { try expression($0, ctes: ctes) }
                return .select(s)
            case .values(var v):
                v.rows = try v.rows.map { try $0.map { try expression($0, ctes: ctes) } }
                return .values(v)
            case .setOperation(var op):
                op.left = try body(op.left, ctes: ctes)
                op.right = try body(op.right, ctes: ctes)
                return .setOperation(op)
            case .nested(let q):
                return .nested(try query(q, ctes: ctes))
            }
        }

        mutating func table(_ t: TableExpression, ctes: Set<String>) throws -> TableExpression {
            switch t {
            case .table(let ref):
                if case .name(let name) = ref.source {
                    let parts = name.names.map { $0.lowercased() }
                    if !(parts.count == 1 && ctes.contains(parts[0])) {
                        let name = parts.joined(separator: ".")
                        inputs.append(Input(name: name, streaming: false, line: ref.position.line, column: ref.position.column))
                        if let version = pins[name], ref.timeTravel == nil {
                            var pinned = ref
                            pinned.timeTravel = .version(Query.Expression(.literal(.integer(String(version)))))
                            return .table(pinned)
                        }
                    }
                }
                return t
            case .subquery(var d):
                d.query = try query(d.query, ctes: ctes)
                return .subquery(d)
            case .function(let f):
                guard f.name.names.last?.lowercased() == "stream" else { return t }
                guard f.arguments.count == 1, case .column(let name) = f.arguments[0].kind else {
                    throw PipelineError(.invalidQuery, "STREAM takes one table name: STREAM(schema.table) (line \(f.position.line), column \(f.position.column))")
                }
                let input = name.names.map { $0.lowercased() }.joined(separator: ".")
                inputs.append(Input(name: input, streaming: true, line: f.position.line, column: f.position.column))
                let alias = f.alias ?? TableAlias(name: Identifier(name.names.last ?? input))
                return .table(TableReference(source: .name(QualifiedName([Identifier(DatasetQuery.streamViewName(input), position: f.position)])), alias: alias, position: f.position))
            case .join(var j):
                j.left = try table(j.left, ctes: ctes)
                j.right = try table(j.right, ctes: ctes)
                if case .on(let e) = j.condition { j.condition = .on(try expression(e, ctes: ctes)) }
                return .join(j)
            }
        }

        mutating func expression(_ e: Query.Expression, ctes: Set<String>) throws -> Query.Expression {
            var e = e
            func x(_ inner: Query.Expression) throws -> Query.Expression { try expression(inner, ctes: ctes) }
            switch e.kind {
            case .literal, .column, .parameter:
                break
            case .unary(let op, let a): e.kind = .unary(op, try x(a))
            case .binary(let op, let a, let b): e.kind = .binary(op, try x(a), try x(b))
            case .isNull(let a, let n): e.kind = .isNull(try x(a), negated: n)
            case .isBoolean(let a, let v, let n): e.kind = .isBoolean(try x(a), value: v, negated: n)
            case .isDistinctFrom(let a, let b, let n): e.kind = .isDistinctFrom(try x(a), try x(b), negated: n)
            case .between(let a, let lo, let hi, let n): e.kind = .between(try x(a), low: try x(lo), high: try x(hi), negated: n)
            case .inList(let a, let list, let n): e.kind = .inList(try x(a), try list.map(x), negated: n)
            case .inSubquery(let a, let q, let n): e.kind = .inSubquery(try x(a), try query(q, ctes: ctes), negated: n)
            case .like(let a, let p, let k, let esc, let n): e.kind = .like(try x(a), pattern: try x(p), kind: k, escape: esc, negated: n)
            case .exists(let q): e.kind = .exists(try query(q, ctes: ctes))
            case .subquery(let q): e.kind = .subquery(try query(q, ctes: ctes))
            case .cast(let a, let t, let isTry): e.kind = .cast(try x(a), t, isTry: isTry)
            case .function(var f):
                f.arguments = try f.arguments.map(x)
                f.filter = try f.filter.map(x)
                e.kind = .function(f)
            case .caseWhen(let operand, let whens, let elseResult):
                e.kind = .caseWhen(
                    operand: try operand.map(x),
                    whens: try whens.map { Query.Expression.WhenClause(condition: try x($0.condition), result: try x($0.result)) },
                    elseResult: try elseResult.map(x))
            case .extract(let field, let a): e.kind = .extract(field: field, from: try x(a))
            case .subscripted(let a, let i): e.kind = .subscripted(try x(a), index: try x(i))
            case .fieldAccess(let a, let f): e.kind = .fieldAccess(try x(a), f)
            case .tuple(let list): e.kind = .tuple(try list.map(x))
            case .lambda(let p, let body): e.kind = .lambda(parameters: p, body: try x(body))
            case .namedArgument(let n, let a): e.kind = .namedArgument(n, try x(a))
            }
            return e
        }
    }
}
