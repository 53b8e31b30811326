import Columnar

/// A query built step by step from Swift — the builder API over the same parser, binder,
/// optimizer and executor as ``QueryEngine/sql(_:parameters:)``.
///
/// ```swift
/// let engine = QueryEngine(warehouse: "/data/warehouse")
/// let top = try engine.table("shop.orders")
///     .filter("status = 'paid'")
///     .groupBy("customer").aggregate("sum(amount) AS total", "count(*) AS orders")
///     .orderBy("total DESC")
///     .limit(10)
/// print(top.sql)                  // the query as SQL
/// let result = try top.collect()  // batches
/// ```
///
/// Each step takes SQL fragments (expressions, select items, sort keys), parses them on the
/// spot — a syntax error points into the fragment — and wraps the query so far as a derived
/// table, so steps compose like DataFrame calls in Spark. Nothing runs until ``collect()``,
/// ``count()``, ``plan()`` or ``explain()``; column names are checked then.
public struct DataFrame: Sendable, CustomStringConvertible {
    let engine: QueryEngine
    /// The query so far.
    public let query: QueryExpression
    /// The name the query's columns are qualified by in ``join(_:on:kind:)`` conditions.
    public let alias: String

    init(engine: QueryEngine, query: QueryExpression, alias: String) {
        self.engine = engine
        self.query = query
        self.alias = alias
    }

    /// The query as SQL text.
    public var sql: String { query.description }

    /// The query as SQL text.
    public var description: String { sql }

    // MARK: Steps

    /// Rows where `condition` (a SQL boolean expression) is true: `WHERE`.
    public func filter(_ condition: String) throws -> DataFrame {
        let predicate = try SQLParser.parseExpression(condition)
        return wrap(Select(items: [.wildcard(Wildcard())], from: [derived], whereClause: predicate))
    }

    /// The columns or expressions in `items` (`"amount * 2 AS doubled"`, `"*"`, `"t.*"`).
    public func select(_ items: String...) throws -> DataFrame { try select(items) }

    /// The columns or expressions in `items`.
    public func select(_ items: [String]) throws -> DataFrame {
        wrap(Select(items: try Self.selectItems(items), from: [derived]))
    }

    /// Every column plus `expression` as `name` (replacing a column of that name).
    public func withColumn(_ name: String, _ expression: String) throws -> DataFrame {
        let e = try SQLParser.parseExpression(expression)
        let column = Identifier(name)
        let star = Wildcard(except: [QualifiedName([column])])
        let existing = try schema().fields.contains { $0.name.lowercased() == name.lowercased() }
        return wrap(Select(items: [.wildcard(existing ? star : Wildcard()), .expression(e, alias: column)], from: [derived]))
    }

    /// Groups by `keys` (expressions); finish with ``GroupedDataFrame/aggregate(_:)-(String...)``.
    public func groupBy(_ keys: String...) throws -> GroupedDataFrame {
        GroupedDataFrame(frame: self, keys: try keys.map { try SQLParser.parseExpression($0) }, keyText: keys)
    }

    /// One row of aggregates over all rows (`"count(*)"`, `"max(amount) AS top"`).
    public func aggregate(_ aggregates: String...) throws -> DataFrame {
        wrap(Select(items: try Self.selectItems(aggregates), from: [derived]))
    }

    /// Ordered by `keys` (`"total DESC"`, `"day NULLS LAST"`).
    public func orderBy(_ keys: String...) throws -> DataFrame {
        guard case .query(let parsed) = try SQLParser.parseStatement("SELECT 1 ORDER BY " + keys.joined(separator: ", ")) else {
            throw QueryError(.invalidArgument, "orderBy takes sort keys, not '\(keys.joined(separator: ", "))'")
        }
        var query = QueryExpression(body: .select(Select(items: [.wildcard(Wildcard())], from: [derived])))
        query.orderBy = parsed.orderBy
        return DataFrame(engine: engine, query: query, alias: alias)
    }

    /// The first `n` rows (after skipping `offset`).
    public func limit(_ n: Int, offset: Int = 0) -> DataFrame {
        var query = QueryExpression(body: .select(Select(items: [.wildcard(Wildcard())], from: [derived])))
        query.limit = Expression(.literal(.integer(String(max(0, n)))))
        if offset > 0 { query.offset = Expression(.literal(.integer(String(offset)))) }
        return DataFrame(engine: engine, query: query, alias: alias)
    }

    /// Duplicate rows removed.
    public func distinct() -> DataFrame {
        wrap(Select(isDistinct: true, items: [.wildcard(Wildcard())], from: [derived]))
    }

    /// The rows of both frames (`UNION ALL`; the column counts and types must agree).
    public func union(_ other: DataFrame) -> DataFrame {
        let body = QueryBody.setOperation(SetOperation(op: .union, isAll: true, left: .nested(query), right: .nested(other.query)))
        return DataFrame(engine: engine, query: QueryExpression(body: body), alias: alias)
    }

    /// The same rows, their columns qualified by `name` in join conditions.
    public func `as`(_ name: String) -> DataFrame {
        DataFrame(engine: engine, query: query, alias: name)
    }

    /// Joined with `other` on `condition`, where each side's columns are qualified by its
    /// alias (see ``as(_:)``): `orders.as("o").join(customers.as("c"), on: "o.customer = c.name")`.
    public func join(_ other: DataFrame, on condition: String, kind: Join.Kind = .inner) throws -> DataFrame {
        let predicate = try SQLParser.parseExpression(condition)
        return joined(other, .on(predicate), kind)
    }

    /// Joined with `other` on equal values of the `columns` both have (`USING`).
    public func join(_ other: DataFrame, using columns: [String], kind: Join.Kind = .inner) -> DataFrame {
        joined(other, .using(columns.map { Identifier($0) }), kind)
    }

    // MARK: Running

    /// The optimized plan.
    public func plan() throws -> LogicalPlan {
        try engine.plan(query)
    }

    /// The result's columns, without running the query.
    public func schema() throws -> Schema {
        try plan().schema
    }

    /// Runs the query.
    public func collect() throws -> QueryResult {
        try engine.execute(try plan())
    }

    /// Number of rows (answered from metadata when it can be).
    public func count() throws -> Int64 {
        let result = try aggregate("count(*)").collect().batch
        guard result.count == 1, case .int(let n) = result.columns[0].value(at: 0) else {
            throw QueryError(.execution, "count() returned no count")
        }
        return n
    }

    /// The plan as `EXPLAIN` prints it.
    public func explain() throws -> String {
        try PlanExplainer.lines(try plan()).joined(separator: "\n")
    }

    // MARK: Helpers

    /// The query as a `FROM` item: a join stays a join (so both sides' qualifiers still
    /// resolve), anything else becomes a derived table named ``alias``.
    var derived: TableExpression {
        if case .select(let s) = query.body, s.items == [.wildcard(Wildcard())], s.from.count == 1, case .join = s.from[0],
           !s.isDistinct, s.whereClause == nil, s.groupBy == nil, s.having == nil, query.orderBy.isEmpty, query.limit == nil {
            return s.from[0]
        }
        return .subquery(DerivedTable(query: query, alias: TableAlias(name: Identifier(alias))))
    }

    func wrap(_ select: Select) -> DataFrame {
        DataFrame(engine: engine, query: QueryExpression(body: .select(select)), alias: alias)
    }

    func joined(_ other: DataFrame, _ condition: JoinCondition, _ kind: Join.Kind) -> DataFrame {
        let join = Join(kind: kind, left: derived, right: other.derived, condition: condition)
        return wrap(Select(items: [.wildcard(Wildcard())], from: [.join(join)]))
    }

    static func selectItems(_ items: [String]) throws -> [SelectItem] {
        guard case .query(let parsed) = try SQLParser.parseStatement("SELECT " + items.joined(separator: ", ")),
              case .select(let select) = parsed.body, select.from.isEmpty, parsed.orderBy.isEmpty, parsed.limit == nil else {
            throw QueryError(.invalidArgument, "expected select items (expressions with optional aliases), not '\(items.joined(separator: ", "))'")
        }
        return select.items
    }
}

/// A ``DataFrame`` grouped by keys, waiting for its aggregates.
public struct GroupedDataFrame: Sendable {
    let frame: DataFrame
    let keys: [Expression]
    let keyText: [String]

    /// The keys and `aggregates` per group (`"sum(amount) AS total"`), optionally only groups
    /// where `having` holds.
    public func aggregate(_ aggregates: String..., having: String? = nil) throws -> DataFrame {
        let items = try DataFrame.selectItems(keyText + aggregates)
        let condition = try having.map { try SQLParser.parseExpression($0) }
        return frame.wrap(Select(items: items, from: [frame.derived], groupBy: .expressions(keys), having: condition))
    }
}

extension QueryEngine {
    /// A builder over a table: a catalog name (`"shop.orders"`), a path reference
    /// (``"delta.`/data/t`"``, ``"parquet.`/data/files`"``), optionally with time travel
    /// (`"shop.orders VERSION AS OF 3"`, `"shop.orders@v3"`).
    public func table(_ reference: String) throws -> DataFrame {
        guard case .query(let parsed) = try SQLParser.parseStatement("SELECT * FROM " + reference),
              case .select(let select) = parsed.body, select.from.count == 1, case .table(let table) = select.from[0],
              select.whereClause == nil, select.groupBy == nil, parsed.orderBy.isEmpty, parsed.limit == nil else {
            throw QueryError(.invalidArgument, "'\(reference)' is not a table reference")
        }
        var alias = "t"
        if let name = table.alias?.name.name {
            alias = name
        } else if case .name(let name) = table.source {
            alias = name.last
        }
        return DataFrame(engine: self, query: parsed, alias: alias)
    }

    /// A builder starting from a SQL query.
    public func query(_ sql: String) throws -> DataFrame {
        guard case .query(let parsed) = try SQLParser.parseStatement(sql) else {
            throw QueryError(.invalidArgument, "query() takes a SELECT query")
        }
        return DataFrame(engine: self, query: parsed, alias: "q")
    }

    /// The optimized plan of a parsed query.
    func plan(_ query: QueryExpression) throws -> LogicalPlan {
        session.beginStatement()
        return Optimizer.optimize(try Binder(session: session).bind(query))
    }
}
