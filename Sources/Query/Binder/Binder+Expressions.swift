import Columnar
import Delta

/// How expressions are bound: over input rows, or over an aggregation's output (group keys and
/// aggregate calls become column references).
enum BindContext {
    case plain
    case aggregate(AggregateBinding)
}

/// The aggregation being built while SELECT, HAVING and ORDER BY are bound.
final class AggregateBinding {
    let input: Scope
    let keys: [BoundExpression]
    var calls: [AggregateCall] = []

    init(input: Scope, keys: [BoundExpression]) {
        self.input = input
        self.keys = keys
    }

    /// The output column of an aggregate call (added when new).
    func reference(_ call: AggregateCall) -> BoundExpression {
        if let i = calls.firstIndex(of: call) { return .column(keys.count + i, call.resultType) }
        calls.append(call)
        return .column(keys.count + calls.count - 1, call.resultType)
    }
}

extension Binder {
    /// Whether `e` calls an aggregate function (outside subqueries).
    func containsAggregate(_ e: Expression) -> Bool {
        switch e.kind {
        case .function(let f):
            if f.over == nil, AggregateFunction.named(f.name.last) != nil, f.name.parts.count == 1 { return true }
            if case .specification(let spec)? = f.over,
               spec.partitionBy.contains(where: containsAggregate) || spec.orderBy.contains(where: { containsAggregate($0.expression) }) {
                return true
            }
            return f.arguments.contains(where: containsAggregate) || (f.filter.map(containsAggregate) ?? false)
        case .unary(_, let x), .isNull(let x, _), .isBoolean(let x, _, _), .cast(let x, _, _), .extract(_, let x), .fieldAccess(let x, _):
            return containsAggregate(x)
        case .binary(_, let l, let r), .isDistinctFrom(let l, let r, _), .subscripted(let l, let r):
            return containsAggregate(l) || containsAggregate(r)
        case .between(let x, let lo, let hi, _): return containsAggregate(x) || containsAggregate(lo) || containsAggregate(hi)
        case .inList(let x, let list, _): return containsAggregate(x) || list.contains(where: containsAggregate)
        case .like(let x, let p, _, _, _): return containsAggregate(x) || containsAggregate(p)
        case .caseWhen(let operand, let whens, let otherwise):
            return (operand.map(containsAggregate) ?? false) || whens.contains { containsAggregate($0.condition) || containsAggregate($0.result) }
                || (otherwise.map(containsAggregate) ?? false)
        case .tuple(let es): return es.contains(where: containsAggregate)
        default: return false
        }
    }

    /// Binds an expression.
    func bindExpression(_ e: Expression, _ scope: Scope, context: BindContext) throws -> BoundExpression {
        if case .aggregate(let agg) = context {
            if !containsAggregate(e) && !containsWindow(e) {
                // Whole subexpressions equal to a group key read the key.
                if let bound = try? bindExpression(e, agg.input, context: .plain), let k = agg.keys.firstIndex(of: bound) {
                    return .column(k, bound.type)
                }
                if case .column(let name) = e.kind {
                    _ = try bindExpression(e, agg.input, context: .plain)  // unknown columns report as such
                    throw error(.typeMismatch, "column '\(name)' must appear in GROUP BY or be used in an aggregate function", at: e.position)
                }
                if case .literal = e.kind { return try bindExpression(e, agg.input, context: .plain) }
            } else if case .function(let f) = e.kind, f.over == nil, f.name.parts.count == 1, let fn = AggregateFunction.named(f.name.last) {
                return agg.reference(try aggregateCall(fn, f, agg.input, position: e.position))
            }
        }
        let scope: Scope = { if case .aggregate = context { return Scope([]) }; return scope }()
        func child(_ x: Expression) throws -> BoundExpression { try bindExpression(x, scope, context: context) }

        switch e.kind {
        case .literal(let literal):
            return try bindLiteral(literal, e.position)
        case .column(let name):
            return try column(name.names, scope, e.position)
        case .fieldAccess(let base, let field):
            let b = try child(base)
            return try structField(b, field.name, e.position)
        case .parameter(let p):
            guard let value = session.parameters[p.name] else {
                throw error(.notFound, "no value for the parameter \(p); pass it with the query's parameters", at: e.position)
            }
            return .literal(value.value, value.type)
        case .unary(let op, let x):
            let b = try child(x)
            switch op {
            case .minus:
                guard TypeRules.isNumeric(b.type) || isNullLiteral(b) else {
                    throw error(.typeMismatch, "cannot negate \(x) of type \(b.type.sqlName)", at: e.position)
                }
                return .negate(b)
            case .plus: return b
            case .not: return .not(try boolean(b, x))
            case .bitwiseNot: throw error(.unsupported, "bitwise NOT is not supported", at: e.position)
            }
        case .binary(let op, let l, let r):
            return try binary(op, try child(l), try child(r), l, r, e.position)
        case .isNull(let x, let negated):
            let b = try child(x)
            return negated ? .isNotNull(b) : .isNull(b)
        case .isBoolean(let x, let value, let negated):
            let b = try boolean(try child(x), x)
            // IS [NOT] TRUE/FALSE/UNKNOWN: never null.
            let test: BoundExpression
            if let value {
                test = .and([.isNotNull(b), value ? b : .not(b)])
            } else {
                test = .isNull(b)
            }
            return negated ? .not(test) : test
        case .isDistinctFrom(let l, let r, let negated):
            let (a, b) = try coerce(try child(l), try child(r), e.position)
            let same = BoundExpression.comparison(.nullSafeEqual, a, b)
            return negated ? same : .not(same)
        case .between(let x, let lo, let hi, let negated):
            let v = try child(x)
            let (a1, b1) = try coerce(v, try child(lo), e.position)
            let (a2, b2) = try coerce(v, try child(hi), e.position)
            let range = BoundExpression.and([.comparison(.greaterOrEqual, a1, b1), .comparison(.lessOrEqual, a2, b2)])
            return negated ? .not(range) : range
        case .inList(let x, let list, let negated):
            let v = try child(x)
            var bound = try list.map { try child($0) }
            var t = v.type
            for b in bound where !isNullLiteral(b) {
                guard let c = TypeRules.common(t, b.type) else {
                    throw error(.typeMismatch, "IN compares \(v.type.sqlName) with \(b.type.sqlName)", at: e.position)
                }
                t = c
            }
            bound = try bound.map { try fold(cast($0, to: t)) }
            let value = cast(v, to: t)
            if bound.allSatisfy({ if case .literal = $0 { true } else { false } }) {
                return .inList(value, bound.map { if case .literal(let c, _) = $0 { c } else { .null } }, negated: negated)
            }
            let any = BoundExpression.or(bound.map { .comparison(.equal, value, $0) })
            return negated ? .not(any) : any
        case .like(let x, let pattern, let kind, let escape, let negated):
            let v = try child(x)
            guard case .literal(let p, _) = try fold(try child(pattern)), case .string(var text) = p else {
                throw error(.unsupported, "LIKE needs a constant pattern", at: pattern.position)
            }
            if kind == .rlike { throw error(.unsupported, "RLIKE (regular expressions) is not supported yet", at: e.position) }
            if let escape, escape != "\\" { text = text.replacingOccurrences(of: escape, with: "\\") }
            return .like(cast(v, to: .string), pattern: text, caseInsensitive: kind == .ilike, negated: negated)
        case .cast(let x, let typeName, let isTry):
            let t = try dataType(typeName, e.position)
            let b = try child(x)
            if b.type == t { return b }
            return .cast(b, t, isTry: isTry)
        case .caseWhen(let operand, let whens, let otherwise):
            let op = try operand.map { try child($0) }
            var conditions: [BoundExpression] = []
            var results: [BoundExpression] = []
            for w in whens {
                let c = try child(w.condition)
                if let op {
                    let (a, b) = try coerce(op, c, w.condition.position)
                    conditions.append(.comparison(.equal, a, b))
                } else {
                    conditions.append(try boolean(c, w.condition))
                }
                results.append(try child(w.result))
            }
            let elseBound = try otherwise.map { try child($0) }
            var t: DataType? = nil
            for r in results + (elseBound.map { [$0] } ?? []) where !isNullLiteral(r) {
                guard let c = t.map({ TypeRules.common($0, r.type) }) ?? r.type else {
                    throw error(.typeMismatch, "CASE branches mix \(t!.sqlName) and \(r.type.sqlName)", at: e.position)
                }
                t = c
            }
            let type = t ?? .string
            return .caseWhen(
                zip(conditions, results).map { BoundExpression.WhenClause($0, cast($1, to: type)) },
                otherwise: elseBound.map { cast($0, to: type) }, type)
        case .extract(let field, let x):
            let name = field.lowercased()
            let map: [String: ScalarFunction] = [
                "year": .year, "month": .month, "day": .day, "dayofmonth": .day, "quarter": .quarter, "hour": .hour,
                "minute": .minute, "second": .second, "dow": .dayofweek, "dayofweek": .dayofweek, "doy": .dayofyear, "week": .weekofyear,
            ]
            guard let f = map[name] else { throw error(.unsupported, "EXTRACT(\(field) ...) is not supported", at: e.position) }
            return .function(f, [try child(x)], .int32)
        case .function(let f):
            if let over = f.over { return try windowFunction(f, over, scope, context, e.position) }
            if AggregateFunction.named(f.name.last) != nil, f.name.parts.count == 1 {
                throw error(.typeMismatch, "aggregate function \(f.name.last)() is not allowed here", at: e.position)
            }
            return try scalarFunction(f, scope, context, e.position)
        case .subquery(let query):
            // Over an aggregation, outer names mean the input's columns (and then cannot be
            // decorrelated here: scalarJoins is not set in that context).
            let outer: Scope = { if case .aggregate(let agg) = context { return agg.input }; return scope }()
            let (plan, correlation) = try bindSubquery(query, outer: outer)
            guard plan.schema.count == 1 else {
                throw error(.typeMismatch, "a scalar subquery must return one column, not \(plan.schema.count)", at: e.position)
            }
            if !correlation.references.isEmpty {
                guard let joins = scalarJoins else {
                    throw error(.unsupported, "a correlated scalar subquery is supported in WHERE and in the SELECT list of a query without GROUP BY", at: e.position)
                }
                let (entry, whenEmpty) = try scalarSubqueryJoin(plan, correlation, position: e.position)
                let start = joins.add(entry)
                let k = entry.outerKeys.count
                let value = BoundExpression.column(start + k, entry.plan.schema.fields[k].type)
                if case .literal(.null, _) = whenEmpty { return value }
                let matched = BoundExpression.column(start + k + 1, .boolean)
                return .caseWhen([.init(.isNotNull(matched), value)], otherwise: whenEmpty, value.type)
            }
            // An uncorrelated scalar subquery, evaluated now.
            let result = try session.executor.executeOne(.limit(plan, limit: 2, offset: 0))
            guard result.count <= 1 else { throw error(.typeMismatch, "a scalar subquery returned more than one row", at: e.position) }
            return .literal(result.count == 0 ? .null : result.columns[0].value(at: 0), plan.schema.fields[0].type)
        case .inSubquery, .exists:
            throw error(.unsupported, "IN (subquery) and EXISTS are supported only as top-level conditions of WHERE", at: e.position)
        case .subscripted(let base, let index):
            let b = try child(base), i = try fold(try child(index))
            return .function(.elementAt, [b, i], elementType(b.type, e.position))
        case .tuple:
            throw error(.unsupported, "row values (a, b) are not supported here", at: e.position)
        case .lambda, .namedArgument:
            throw error(.unsupported, "lambda functions and named arguments are not supported", at: e.position)
        }
    }

    func elementType(_ t: DataType) -> DataType {
        switch t {
        case .list(let e): e.type
        case .map(_, let v): v.type
        default: .string
        }
    }

    func elementType(_ t: DataType, _ position: SourcePosition) -> DataType { elementType(t) }

    func boolean(_ b: BoundExpression, _ e: Expression) throws -> BoundExpression {
        if b.type == .boolean { return b }
        if isNullLiteral(b) { return .literal(.null, .boolean) }
        if b.type == .string { return .cast(b, .boolean, isTry: false) }
        throw error(.typeMismatch, "\(e) is \(b.type.sqlName), not boolean", at: e.position)
    }

    func column(_ parts: [String], _ scope: Scope, _ position: SourcePosition) throws -> BoundExpression {
        switch scope.resolve(parts) {
        case .some(.some(let (index, fields))):
            var e = BoundExpression.column(index, scope.entries[index].type)
            for f in fields { e = try structField(e, f, position) }
            return e
        case .some(.none):
            throw error(.notFound, "column '\(parts.joined(separator: "."))' is ambiguous; qualify it with a table alias", at: position)
        case .none:
            if let correlation, case .some(.some(let (index, fields))) = correlation.outer.resolve(parts) {
                // A column of the enclosing query: a correlated subquery.
                var e = correlation.placeholder(index)
                for f in fields { e = try structField(e, f, position) }
                return e
            }
            let hint = Suggestions.nearest(parts.last!, scope.names.map { String($0.split(separator: ".").last!) })
                .map { "; did you mean '\($0)'?" } ?? ""
            throw error(.notFound, "column '\(parts.joined(separator: "."))' not found (columns: \(scope.names.joined(separator: ", ")))\(hint)", at: position)
        }
    }

    func structField(_ e: BoundExpression, _ name: String, _ position: SourcePosition) throws -> BoundExpression {
        guard case .struct(let fields) = e.type else {
            throw error(.typeMismatch, "cannot read field '\(name)' of a \(e.type.sqlName)", at: position)
        }
        guard let i = fields.firstIndex(where: { $0.name.lowercased() == name.lowercased() }) else {
            throw error(.notFound, "struct has no field '\(name)' (fields: \(fields.map(\.name).joined(separator: ", ")))", at: position)
        }
        return .function(.getField, [e, .literal(.int(Int64(i)), .int32)], fields[i].type)
    }

    /// Both operands cast to their common type.
    func coerce(_ a: BoundExpression, _ b: BoundExpression, _ position: SourcePosition) throws -> (BoundExpression, BoundExpression) {
        if a.type == b.type { return (a, b) }
        if isNullLiteral(a) { return (.literal(.null, b.type), b) }
        if isNullLiteral(b) { return (a, .literal(.null, a.type)) }
        // A string literal compared with a typed column takes the column's type.
        if case .literal(.string, _) = b, a.type != .string { return (a, try fold(cast(b, to: a.type))) }
        if case .literal(.string, _) = a, b.type != .string { return (try fold(cast(a, to: b.type)), b) }
        guard let t = TypeRules.common(a.type, b.type) else {
            throw error(.typeMismatch, "cannot compare \(a.type.sqlName) with \(b.type.sqlName)", at: position)
        }
        return (try fold(cast(a, to: t)), try fold(cast(b, to: t)))
    }

    func cast(_ e: BoundExpression, to t: DataType) -> BoundExpression {
        if e.type == t { return e }
        if case .literal(.null, _) = e { return .literal(.null, t) }
        return .cast(e, t, isTry: false)
    }

    func binary(_ op: Expression.BinaryOperator, _ a: BoundExpression, _ b: BoundExpression, _ l: Expression, _ r: Expression, _ position: SourcePosition) throws -> BoundExpression {
        switch op {
        case .and: return .and([try boolean(a, l), try boolean(b, r)])
        case .or: return .or([try boolean(a, l), try boolean(b, r)])
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .nullSafeEqual:
            let (x, y) = try coerce(a, b, position)
            let cmp: ComparisonOperator = switch op {
            case .equal: .equal
            case .notEqual: .notEqual
            case .less: .less
            case .lessOrEqual: .lessOrEqual
            case .greater: .greater
            case .greaterOrEqual: .greaterOrEqual
            default: .nullSafeEqual
            }
            return .comparison(cmp, x, y)
        case .concat:
            return .function(.concat, [cast(a, to: .string), cast(b, to: .string)], .string)
        case .plus, .minus, .multiply, .divide, .modulo, .integerDivide:
            let arith: ArithmeticOperator = switch op {
            case .plus: .add
            case .minus: .subtract
            case .multiply: .multiply
            case .divide: .divide
            case .modulo: .remainder
            default: .integerDivide
            }
            // Dates and timestamps: interval and day arithmetic.
            if let temporal = try temporalArithmetic(arith, a, b, position) { return temporal }
            var x = a, y = b
            if x.type == .string { x = cast(x, to: .float64) }
            if y.type == .string { y = cast(y, to: .float64) }
            if isNullLiteral(x) { x = .literal(.null, y.type) }
            if isNullLiteral(y) { y = .literal(.null, x.type) }
            guard let t = TypeRules.arithmetic(arith, x.type, y.type) else {
                throw error(.typeMismatch, "'\(op.rawValue)' needs numbers, not \(a.type.sqlName) and \(b.type.sqlName) (in \(l) \(op.rawValue) \(r))", at: position)
            }
            // Operands: the result's family (decimals keep their own precision and scale).
            let operandType: (BoundExpression) -> DataType = { e in
                switch t {
                case .decimal: TypeRules.decimalOf(e.type) ?? e.type
                case .int64 where arith == .integerDivide:
                    TypeRules.isIntegral(e.type) ? .int64 : (TypeRules.decimalOf(e.type) ?? .float64)
                default: t
                }
            }
            if arith == .integerDivide, case .decimal = x.type {
                let common = TypeRules.common(x.type, y.type) ?? x.type
                return .cast(.arithmetic(.divide, cast(x, to: common), cast(y, to: common), TypeRules.arithmetic(.divide, common, common) ?? .float64), .int64, isTry: false)
            }
            return .arithmetic(arith, cast(x, to: operandType(x)), cast(y, to: operandType(y)), t)
        case .bitwiseOr, .bitwiseAnd, .bitwiseXor:
            throw error(.unsupported, "bitwise operators are not supported", at: position)
        }
    }

    /// `date ± n` (days), `date - date` (days), `temporal ± INTERVAL`.
    func temporalArithmetic(_ op: ArithmeticOperator, _ a: BoundExpression, _ b: BoundExpression, _ position: SourcePosition) throws -> BoundExpression? {
        func isTemporal(_ t: DataType) -> Bool { t == .date || t == .timestamp || t == .timestampNTZ }
        if case .literal(.struct(let parts), _) = b, isTemporal(a.type) || a.type == .string, op == .add || op == .subtract {
            return interval(a.type == .string ? cast(a, to: .timestamp) : a, parts, negate: op == .subtract)
        }
        if case .literal(.struct(let parts), _) = a, isTemporal(b.type), op == .add {
            return interval(b, parts, negate: false)
        }
        if a.type == .date && TypeRules.isIntegral(b.type) && (op == .add || op == .subtract) {
            return .function(op == .add ? .dateAdd : .dateSub, [a, cast(b, to: .int32)], .date)
        }
        if a.type == .date && b.type == .date && op == .subtract {
            return .function(.datediff, [a, b], .int32)
        }
        return nil
    }

    /// `value + INTERVAL parts` (an interval literal is a struct of (amount, unit) pairs).
    func interval(_ value: BoundExpression, _ parts: [Value], negate: Bool) -> BoundExpression {
        var e = value
        for part in parts {
            guard case .struct(let pair) = part, case .int(let amount) = pair[0], case .string(let unit) = pair[1] else { continue }
            let type: DataType = e.type == .date && ["day", "week", "month", "year"].contains(unit) ? .date : (e.type == .date ? .timestamp : e.type)
            e = .function(.addInterval, [e, .literal(.int(negate ? -amount : amount), .int64), .literal(.string(unit), .string)], type)
        }
        return e
    }

    func bindLiteral(_ literal: Literal, _ position: SourcePosition) throws -> BoundExpression {
        switch literal {
        case .null: return .literal(.null, .string)
        case .boolean(let b): return .literal(.boolean(b), .boolean)
        case .integer(let text):
            if let i = Int32(text) { return .literal(.int(Int64(i)), .int32) }
            if let i = Int64(text) { return .literal(.int(i), .int64) }
            return try decimalLiteral(text, position)
        case .decimal(let text):
            return try decimalLiteral(text, position)
        case .scientific(let text):
            guard let d = Double(text) else { throw error(.syntax, "'\(text)' is not a number", at: position) }
            return .literal(.double(d), .float64)
        case .typedNumber(let text, let suffix):
            switch suffix {
            case .tinyint: return .literal(.int(Int64(text) ?? 0), .int8)
            case .smallint: return .literal(.int(Int64(text) ?? 0), .int16)
            case .bigint: return .literal(.int(Int64(text) ?? 0), .int64)
            case .float: return .literal(.float(Float(text) ?? 0), .float32)
            case .double: return .literal(.double(Double(text) ?? 0), .float64)
            case .decimal: return try decimalLiteral(text, position)
            }
        case .string(let s): return .literal(.string(s), .string)
        case .binary(let b): return .literal(.binary(b), .binary)
        case .date(let s):
            guard let d = Literals.date(s.trimmingSpaces) else { throw error(.syntax, "'\(s)' is not a DATE (YYYY-MM-DD)", at: position) }
            return .literal(.date(d), .date)
        case .timestamp(let s), .timestampLTZ(let s):
            guard let t = Literals.timestamp(s.trimmingSpaces, utc: true) else { throw error(.syntax, "'\(s)' is not a TIMESTAMP", at: position) }
            return .literal(.timestamp(t), .timestamp)
        case .timestampNTZ(let s):
            guard let t = Literals.timestamp(s.trimmingSpaces, utc: false) else { throw error(.syntax, "'\(s)' is not a TIMESTAMP_NTZ", at: position) }
            return .literal(.timestamp(t), .timestampNTZ)
        case .interval(let interval):
            return .literal(.struct(try intervalParts(interval, position)), .struct([Field("amount", .int64), Field("unit", .string)]))
        }
    }

    /// An interval as (amount, unit) pairs.
    func intervalParts(_ interval: IntervalLiteral, _ position: SourcePosition) throws -> [Value] {
        switch interval {
        case .units(let parts):
            return try parts.map { part in
                guard let n = Int64(part.value.trimmingSpaces.filter { $0 != "'" }) else {
                    throw error(.syntax, "INTERVAL '\(part.value)' \(part.unit.rawValue): the amount must be a whole number", at: position)
                }
                return .struct([.int(n), .string(part.unit.rawValue.lowercased())])
            }
        case .string(let text):
            // 'n unit [n unit ...]'
            let words = text.split(separator: " ").map(String.init)
            guard words.count % 2 == 0, !words.isEmpty else { throw error(.syntax, "cannot read the interval '\(text)'", at: position) }
            return try stride(from: 0, to: words.count, by: 2).map { i in
                guard let n = Int64(words[i]), let unit = IntervalUnit(keyword: words[i + 1].uppercased()) else {
                    throw error(.syntax, "cannot read the interval '\(text)'", at: position)
                }
                return .struct([.int(n), .string(unit.rawValue.lowercased())])
            }
        case .range:
            throw error(.unsupported, "interval ranges (DAY TO SECOND) are not supported", at: position)
        }
    }

    func decimalLiteral(_ text: String, _ position: SourcePosition) throws -> BoundExpression {
        let digits = text.filter(\.isNumber)
        let scale = text.split(separator: ".").dropFirst().first?.count ?? 0
        let precision = max(1, digits.drop { $0 == "0" }.count, scale)
        guard precision <= 38, let v = Literals.decimal(text, precision: precision, scale: scale) else {
            guard let d = Double(text) else { throw error(.syntax, "'\(text)' is not a number", at: position) }
            return .literal(.double(d), .float64)
        }
        return .literal(.decimal(v), .decimal(precision: precision, scale: scale))
    }

    /// A SQL type name as a data type.
    func dataType(_ t: TypeName, _ position: SourcePosition) throws -> DataType {
        switch t {
        case .boolean: return .boolean
        case .tinyint: return .int8
        case .smallint: return .int16
        case .int: return .int32
        case .bigint: return .int64
        case .float: return .float32
        case .double: return .float64
        case .decimal(let p, let s):
            let precision = p ?? 10, scale = s ?? 0
            guard precision >= 1, precision <= 38, scale >= 0, scale <= precision else {
                throw error(.typeMismatch, "DECIMAL(\(precision),\(scale)) is not valid (precision 1...38, scale 0...precision)", at: position)
            }
            return .decimal(precision: precision, scale: scale)
        case .string, .varchar, .char: return .string
        case .binary: return .binary
        case .date: return .date
        case .timestamp, .timestampLTZ: return .timestamp
        case .timestampNTZ: return .timestampNTZ
        case .array(let e): return .list(Field("element", try dataType(e, position)))
        case .map(let k, let v): return .map(key: Field("key", try dataType(k, position), nullable: false), value: Field("value", try dataType(v, position)))
        case .struct(let fields):
            return .struct(try fields.map { Field($0.name.name, try dataType($0.type, position), nullable: !$0.notNull) })
        case .interval: throw error(.unsupported, "INTERVAL columns are not supported", at: position)
        }
    }

    /// Evaluates constant subexpressions now.
    func fold(_ e: BoundExpression) throws -> BoundExpression {
        if case .literal = e { return e }
        guard e.columns.isEmpty, !isVolatile(e) else { return e }
        let one = RecordBatch(schema: Schema([]), columns: [], count: 1)
        let column = try session.evaluator.evaluate(e, one)
        return .literal(column.value(at: 0), e.type)
    }

    func isVolatile(_ e: BoundExpression) -> Bool {
        if case .literal(.struct, .struct) = e { return true }  // interval literals stay symbolic
        return false
    }
}
