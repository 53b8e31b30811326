import Testing
import Query

/// Parses `sql` as one statement, prints it, re-parses the printout and checks that the two
/// ASTs are equal and that printing is stable. Returns the statement.
@discardableResult
func roundTrip(_ sql: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Statement {
    let statement = try SQLParser.parseStatement(sql)
    let printed = statement.description
    let again: Statement
    do {
        again = try SQLParser.parseStatement(printed)
    } catch {
        Issue.record("printed SQL does not parse: \(printed)\n  \(error)", sourceLocation: sourceLocation)
        throw error
    }
    #expect(again == statement, "round trip changed the AST:\n  \(sql)\n  \(printed)", sourceLocation: sourceLocation)
    #expect(again.description == printed, "printing is not stable: \(printed)", sourceLocation: sourceLocation)
    return statement
}

/// Parses `sql` as one expression and checks its print → parse round trip.
@discardableResult
func roundTripExpression(_ sql: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Expression {
    let e = try SQLParser.parseExpression(sql)
    let printed = e.description
    let again: Expression
    do {
        again = try SQLParser.parseExpression(printed)
    } catch {
        Issue.record("printed SQL does not parse: \(printed)\n  \(error)", sourceLocation: sourceLocation)
        throw error
    }
    #expect(again == e, "round trip changed the AST:\n  \(sql)\n  \(printed)", sourceLocation: sourceLocation)
    #expect(again.description == printed, "printing is not stable: \(printed)", sourceLocation: sourceLocation)
    return e
}

/// The `.syntax` error parsing `sql` throws (records an issue when it parses).
func syntaxError(_ sql: String, sourceLocation: SourceLocation = #_sourceLocation) -> QueryError? {
    do {
        let s = try SQLParser.parseScript(sql)
        Issue.record("expected a syntax error, parsed \(s)", sourceLocation: sourceLocation)
        return nil
    } catch {
        #expect(error.code == .syntax, sourceLocation: sourceLocation)
        return error
    }
}

/// The query of a statement (records an issue when it is not a query).
func query(_ s: Statement, sourceLocation: SourceLocation = #_sourceLocation) -> QueryExpression? {
    guard case .query(let q) = s else {
        Issue.record("not a query: \(s)", sourceLocation: sourceLocation)
        return nil
    }
    return q
}

/// The single SELECT block of a query statement.
func select(_ sql: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Select? {
    let s = try roundTrip(sql, sourceLocation: sourceLocation)
    guard let q = query(s, sourceLocation: sourceLocation), case .select(let sel) = q.body else {
        Issue.record("not a single SELECT: \(s)", sourceLocation: sourceLocation)
        return nil
    }
    return sel
}

/// A column reference expression.
func col(_ names: String...) -> Expression {
    Expression(.column(QualifiedName(names.map { Identifier($0) })))
}

/// An integer literal expression.
func int(_ text: String) -> Expression {
    Expression(.literal(.integer(text)))
}

/// A binary expression.
func bin(_ op: Expression.BinaryOperator, _ l: Expression, _ r: Expression) -> Expression {
    Expression(.binary(op, l, r))
}
