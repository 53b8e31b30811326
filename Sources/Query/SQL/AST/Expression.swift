/// A scalar expression: a node of the expression tree with its source position.
///
/// The shape of the tree encodes precedence and grouping; parentheses leave no node.
/// ``position`` is the first token of the expression, except for infix forms (binary
/// operators, `IS`, `BETWEEN`, `IN`, `LIKE`, `[...]`, `.field`, `::`) where it is the operator,
/// which is where an error about that operation should point.
public struct Expression: Hashable, Sendable, CustomStringConvertible {
    /// What the expression is.
    public var kind: Kind
    /// Where it was written (see the type's documentation).
    public var position: SourcePosition

    /// Creates an expression.
    public init(_ kind: Kind, position: SourcePosition = .unknown) {
        self.kind = kind
        self.position = position
    }

    /// The kinds of expression.
    public indirect enum Kind: Hashable, Sendable {
        /// A constant.
        case literal(Literal)
        /// A column reference, possibly qualified or with struct fields: `a`, `t.a`, `s.t.a.f`.
        case column(QualifiedName)
        /// A query parameter: `:name`, `${name}` or `?`.
        case parameter(Parameter)
        /// A prefix operator: `-x`, `+x`, `~x`, `NOT x` (also written `!x`).
        case unary(UnaryOperator, Expression)
        /// An infix operator.
        case binary(BinaryOperator, Expression, Expression)
        /// `x IS NULL`, `x IS NOT NULL` (`negated`).
        case isNull(Expression, negated: Bool)
        /// `x IS TRUE`, `x IS FALSE`, `x IS UNKNOWN` (`value` nil); `negated` for `IS NOT`.
        case isBoolean(Expression, value: Bool?, negated: Bool)
        /// `x IS DISTINCT FROM y`, `x IS NOT DISTINCT FROM y` (`negated`).
        case isDistinctFrom(Expression, Expression, negated: Bool)
        /// `x [NOT] BETWEEN low AND high`.
        case between(Expression, low: Expression, high: Expression, negated: Bool)
        /// `x [NOT] IN (a, b, ...)`.
        case inList(Expression, [Expression], negated: Bool)
        /// `x [NOT] IN (query)`.
        case inSubquery(Expression, QueryExpression, negated: Bool)
        /// `x [NOT] LIKE|ILIKE|RLIKE pattern [ESCAPE 'c']` (`escape` only with LIKE/ILIKE).
        case like(Expression, pattern: Expression, kind: LikeKind, escape: String?, negated: Bool)
        /// `EXISTS (query)`. `NOT EXISTS` is ``UnaryOperator/not`` applied to this.
        case exists(QueryExpression)
        /// A scalar subquery: `(SELECT ...)`.
        case subquery(QueryExpression)
        /// `CAST(x AS type)`, `x::type` (`isTry` false) or `TRY_CAST(x AS type)` (`isTry` true).
        case cast(Expression, TypeName, isTry: Bool)
        /// A function call, with its aggregate and window decorations.
        case function(FunctionCall)
        /// `CASE [operand] WHEN .. THEN .. [ELSE ..] END`. With an operand, each `when` is a
        /// value compared with it; without, each `when` is a condition.
        case caseWhen(operand: Expression?, whens: [WhenClause], elseResult: Expression?)
        /// `EXTRACT(field FROM x)`; `field` uppercased (`YEAR`, `MONTH`, `DOW`, ...).
        case extract(field: String, from: Expression)
        /// `x[index]`: array element or map value.
        case subscripted(Expression, index: Expression)
        /// `x.field` where `x` is not a plain name (`f(y).a`, `m['k'].b`, `(s).a`).
        /// Dotted names (`a.b.c`) are a single ``column(_:)`` instead.
        case fieldAccess(Expression, Identifier)
        /// A parenthesized list of two or more expressions: `(a, b)` (a row / struct value,
        /// as in `(a, b) IN (SELECT x, y ...)`).
        case tuple([Expression])
        /// A lambda, only as a function argument: `x -> x + 1`, `(acc, x) -> acc + x`.
        case lambda(parameters: [Identifier], body: Expression)
        /// A named argument, only as a function argument: `format => 'csv'`.
        case namedArgument(Identifier, Expression)
    }

    /// Prefix operators.
    public enum UnaryOperator: String, Hashable, Sendable, CaseIterable {
        /// `-x`.
        case minus = "-"
        /// `+x`.
        case plus = "+"
        /// `~x` (bitwise not).
        case bitwiseNot = "~"
        /// `NOT x` or `!x`.
        case not = "NOT"
    }

    /// Infix operators, by Spark's precedence (loosest first): `OR` < `AND` < comparisons
    /// < `|` < `^` < `&` < `+ - ||` < `* / % DIV`. All are left-associative.
    public enum BinaryOperator: String, Hashable, Sendable, CaseIterable {
        /// `OR`.
        case or = "OR"
        /// `AND`.
        case and = "AND"
        /// `=` or `==`.
        case equal = "="
        /// `<>` or `!=`.
        case notEqual = "<>"
        /// `<`.
        case less = "<"
        /// `<=`.
        case lessOrEqual = "<="
        /// `>`.
        case greater = ">"
        /// `>=`.
        case greaterOrEqual = ">="
        /// `<=>` (null-safe equality).
        case nullSafeEqual = "<=>"
        /// `|` (bitwise or).
        case bitwiseOr = "|"
        /// `^` (bitwise xor).
        case bitwiseXor = "^"
        /// `&` (bitwise and).
        case bitwiseAnd = "&"
        /// `+`.
        case plus = "+"
        /// `-`.
        case minus = "-"
        /// `||` (string, binary or array concatenation; same precedence as `+`, as in Spark).
        case concat = "||"
        /// `*`.
        case multiply = "*"
        /// `/`.
        case divide = "/"
        /// `%`.
        case modulo = "%"
        /// `DIV` (integral division).
        case integerDivide = "DIV"

        /// Binding strength: higher binds tighter.
        public var precedence: Int {
            switch self {
            case .or: return 1
            case .and: return 2
            case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .nullSafeEqual: return 4
            case .bitwiseOr: return 5
            case .bitwiseXor: return 6
            case .bitwiseAnd: return 7
            case .plus, .minus, .concat: return 8
            case .multiply, .divide, .modulo, .integerDivide: return 9
            }
        }
    }

    /// The pattern-matching predicates.
    public enum LikeKind: String, Hashable, Sendable, CaseIterable {
        /// `LIKE` (SQL pattern, case-sensitive).
        case like = "LIKE"
        /// `ILIKE` (SQL pattern, case-insensitive).
        case ilike = "ILIKE"
        /// `RLIKE` / `REGEXP` (Java regular expression, matches anywhere).
        case rlike = "RLIKE"
    }

    /// A query parameter.
    public enum Parameter: Hashable, Sendable, CustomStringConvertible {
        /// `:name` (Databricks named parameter marker).
        case named(String)
        /// `${name}` (notebook widget / variable substitution; the name may contain dots).
        case substitution(String)
        /// `?`: the 0-based index among the `?` markers of its statement, in text order.
        case positional(Int)

        /// The parameter as SQL.
        public var description: String {
            switch self {
            case .named(let n): return ":" + SQLFormat.identifier(n)
            case .substitution(let n): return "${" + n + "}"
            case .positional: return "?"
            }
        }
    }

    /// A `WHEN .. THEN ..` branch of a `CASE` expression.
    public struct WhenClause: Hashable, Sendable {
        /// The condition, or the value compared with the `CASE` operand.
        public var condition: Expression
        /// The result when it matches.
        public var result: Expression

        /// Creates a branch.
        public init(condition: Expression, result: Expression) {
            self.condition = condition
            self.result = result
        }
    }

    /// Hashes the node's kind and leaf data but not its subexpressions. This is consistent with
    /// `==` (equal expressions hash equally) while taking constant time and no recursion, so
    /// hashing stays cheap when the binder keys dictionaries by (sub)expressions.
    public func hash(into hasher: inout Hasher) {
        switch kind {
        case .literal(let l):
            hasher.combine(0)
            hasher.combine(l)
        case .column(let name):
            hasher.combine(1)
            hasher.combine(name)
        case .parameter(let p):
            hasher.combine(2)
            hasher.combine(p)
        case .unary(let op, _):
            hasher.combine(3)
            hasher.combine(op)
        case .binary(let op, _, _):
            hasher.combine(4)
            hasher.combine(op)
        case .isNull(_, let negated):
            hasher.combine(5)
            hasher.combine(negated)
        case .isBoolean(_, let value, let negated):
            hasher.combine(6)
            hasher.combine(value)
            hasher.combine(negated)
        case .isDistinctFrom(_, _, let negated):
            hasher.combine(7)
            hasher.combine(negated)
        case .between(_, _, _, let negated):
            hasher.combine(8)
            hasher.combine(negated)
        case .inList(_, let items, let negated):
            hasher.combine(9)
            hasher.combine(items.count)
            hasher.combine(negated)
        case .inSubquery(_, _, let negated):
            hasher.combine(10)
            hasher.combine(negated)
        case .like(_, _, let kind, let escape, let negated):
            hasher.combine(11)
            hasher.combine(kind)
            hasher.combine(escape)
            hasher.combine(negated)
        case .exists:
            hasher.combine(12)
        case .subquery:
            hasher.combine(13)
        case .cast(_, let type, let isTry):
            hasher.combine(14)
            hasher.combine(type)
            hasher.combine(isTry)
        case .function(let call):
            hasher.combine(15)
            hasher.combine(call.name)
            hasher.combine(call.arguments.count)
            hasher.combine(call.isStar)
            hasher.combine(call.isDistinct)
        case .caseWhen(let operand, let whens, let elseResult):
            hasher.combine(16)
            hasher.combine(operand == nil)
            hasher.combine(whens.count)
            hasher.combine(elseResult == nil)
        case .extract(let field, _):
            hasher.combine(17)
            hasher.combine(field)
        case .subscripted:
            hasher.combine(18)
        case .fieldAccess(_, let field):
            hasher.combine(19)
            hasher.combine(field)
        case .tuple(let items):
            hasher.combine(20)
            hasher.combine(items.count)
        case .lambda(let parameters, _):
            hasher.combine(21)
            hasher.combine(parameters)
        case .namedArgument(let name, _):
            hasher.combine(22)
            hasher.combine(name)
        }
    }

    /// The expression as SQL, with the parentheses its precedence needs.
    public var description: String {
        var out = ""
        SQLFormat.write(self, to: &out)
        return out
    }
}
