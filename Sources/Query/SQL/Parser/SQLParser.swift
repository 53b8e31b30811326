/// The SQL front end: parses Spark/Databricks SQL text into ``Statement`` ASTs.
///
/// Syntax only: no name resolution and no types. Every error is a ``QueryError`` with code
/// `.syntax` and the line and column of the offending token; the message names what was found,
/// what could have come instead, and for a misspelt keyword the nearest one
/// ("unexpected 'FORM', expected ',', AS, FROM, WHERE, ...; did you mean 'FROM'?").
/// Any input either parses or throws: nesting deeper than ``maximumDepth`` (parentheses,
/// subqueries, operator chains) is an error, not a stack overflow. Parsing runs on its own
/// thread with a large stack, so it does not depend on the caller's stack size.
///
/// ## The AST
///
/// All nodes are value types (`Hashable`, `Sendable`):
///
/// - ``Statement``: one case per statement kind, each carrying a struct (``QueryExpression``,
///   ``CreateTable``, ``Insert``, ``Merge``, ...).
/// - ``QueryExpression``: `WITH` + ``QueryBody`` (``Select``, ``Values``, ``SetOperation``,
///   or a nested query) + `ORDER BY`/`LIMIT`/`OFFSET`.
/// - ``Select``: ``SelectItem``s, `FROM` items (``TableExpression``: ``TableReference``,
///   ``DerivedTable``, ``TableFunction``, ``Join``), `WHERE`, ``GroupBy``, `HAVING`, windows,
///   `QUALIFY`.
/// - ``Expression``: a ``Expression/Kind`` plus a position; operators are binary and
///   left-associative, and the tree shape encodes precedence (parentheses leave no node).
/// - ``TypeName``, ``Literal``, ``Identifier``, ``QualifiedName``.
///
/// Conventions the binder can rely on:
///
/// - Every node has a ``SourcePosition``; positions never take part in `==` or hashing.
/// - Names keep their case and are unquoted; resolution is case-insensitive and the binder's job.
/// - Numeric literals keep their exact text.
/// - Synonyms are normalized (`==` is `=`, `!=` is `<>`, `MINUS` is `EXCEPT`, `x::t` is
///   `CAST(x AS t)`, `DAYS` is `DAY`, `LONG` is `BIGINT`, ...).
/// - `description` prints SQL that parses back to an equal AST.
/// - Trees are at most ``maximumDepth`` levels deep, so recursive passes over them are safe.
public enum SQLParser {
    /// The deepest expression or query nesting accepted. Chains of a binary operator
    /// (`a + b + c ...`, `x = 1 OR x = 2 OR ...`) count one level per operator.
    public static let maximumDepth = Parser.maximumDepth

    /// Parses one or more statements separated by `;` (empty statements are skipped).
    public static func parseScript(_ sql: String) throws(QueryError) -> [Statement] {
        try run(sql) { p throws in try p.parseScript() }
    }

    /// Parses exactly one statement, optionally followed by `;`.
    public static func parseStatement(_ sql: String) throws(QueryError) -> Statement {
        try run(sql) { p throws in try p.parseSingleStatement() }
    }

    /// Parses one expression (as found in a CHECK constraint or a generated column), e.g.
    /// `a > 0 AND b IS NOT NULL`.
    public static func parseExpression(_ sql: String) throws(QueryError) -> Expression {
        try run(sql) { p throws in try p.parseStandaloneExpression() }
    }

    /// Parses one type name, e.g. `DECIMAL(10, 2)` or `ARRAY<STRUCT<a: INT>>`.
    public static func parseType(_ sql: String) throws(QueryError) -> TypeName {
        try run(sql) { p throws in try p.parseStandaloneType() }
    }

    /// Parses on a thread with a large stack (see ``LargeStack``), inline if none can be made.
    private static func run<T>(_ sql: String, _ body: @escaping (inout Parser) throws -> T) throws(QueryError) -> T {
        var result: Result<T, QueryError> = .failure(QueryError(.syntax, "the parser did not run"))
        let work = {
            do {
                var parser = try Parser(sql)
                result = .success(try body(&parser))
            } catch let error as QueryError {
                result = .failure(error)
            } catch {
                result = .failure(QueryError(.syntax, "\(error)"))
            }
        }
        if !LargeStack.run(work) { work() }
        return try result.get()
    }
}
