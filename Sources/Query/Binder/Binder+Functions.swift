import Columnar
import Delta

extension Binder {
    /// A scalar function call: arguments checked and cast, the result typed.
    func scalarFunction(_ f: FunctionCall, _ scope: Scope, _ context: BindContext, _ position: SourcePosition) throws -> BoundExpression {
        let name = f.name.last.lowercased()
        func args() throws -> [BoundExpression] { try f.arguments.map { try bindExpression($0, scope, context: context) } }
        func arity(_ range: ClosedRange<Int>) throws {
            guard range.contains(f.arguments.count) else {
                let expected = range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
                throw error(.typeMismatch, "\(name)() takes \(expected) argument(s), not \(f.arguments.count)", at: position)
            }
        }
        // Functions that are constants of the query.
        switch name {
        case "current_date", "curdate":
            try arity(0...0)
            return .literal(.date(Int32(session.now / 86_400_000_000)), .date)
        case "current_timestamp", "now", "localtimestamp":
            try arity(0...0)
            return .literal(.timestamp(session.now), .timestamp)
        case "current_schema", "current_database":
            return .literal(.string(session.catalog.currentSchema), .string)
        default:
            break
        }
        guard let fn = ScalarFunction.named(name), fn != .addInterval, fn != .getField, fn != .elementAt else {
            let known = ScalarFunction.allCases.map(\.rawValue) + ["count", "sum", "avg", "min", "max", "stddev", "percentile", "current_date", "current_timestamp"]
            let hint = Suggestions.nearest(name, known).map { "; did you mean \($0)()?" } ?? ""
            throw error(.notFound, "unknown function \(name)()\(hint)", at: position)
        }
        var a = try args()
        func integer(_ i: Int) { if i < a.count { a[i] = cast(a[i], to: .int64) } }
        func string(_ i: Int) { if i < a.count { a[i] = cast(a[i], to: .string) } }
        let result: DataType
        switch fn {
        case .coalesce, .greatest, .least:
            try arity(1...255)
            var t: DataType? = nil
            for x in a where !isNullLiteral(x) {
                guard let c = t.map({ TypeRules.common($0, x.type) }) ?? x.type else {
                    throw error(.typeMismatch, "\(name)() mixes \(t!.sqlName) and \(x.type.sqlName)", at: position)
                }
                t = c
            }
            result = t ?? .string
            a = a.map { cast($0, to: result) }
        case .nullif:
            try arity(2...2)
            let (x, y) = try coerce(a[0], a[1], position)
            a = [x, y]
            result = x.type
        case .if:
            try arity(3...3)
            a[0] = try boolean(a[0], f.arguments[0])
            let t = isNullLiteral(a[1]) ? a[2].type : isNullLiteral(a[2]) ? a[1].type : TypeRules.common(a[1].type, a[2].type)
            guard let t else { throw error(.typeMismatch, "if() branches mix \(a[1].type.sqlName) and \(a[2].type.sqlName)", at: position) }
            a[1] = cast(a[1], to: t)
            a[2] = cast(a[2], to: t)
            result = t
        case .abs:
            try arity(1...1)
            result = a[0].type
        case .round, .floor, .ceil:
            try arity(1...2)
            integer(1)
            let places: Int = try {
                guard a.count > 1 else { return 0 }
                guard case .literal(.int(let p), _) = try fold(a[1]) else { throw error(.typeMismatch, "\(name)()'s scale must be a constant", at: position) }
                return Int(p)
            }()
            switch a[0].type {
            case .decimal(let p, let s):
                if fn == .round || places > 0 {
                    let scale = max(0, min(s, places))
                    result = TypeRules.boundedDecimal(p - s + scale + 1, scale)
                } else {
                    result = TypeRules.boundedDecimal(p - s + 1, 0)
                }
            case .float32, .float64: result = fn == .round || places > 0 ? .float64 : .int64
            default:
                guard TypeRules.isIntegral(a[0].type) || isNullLiteral(a[0]) else {
                    throw error(.typeMismatch, "\(name)() needs a number, not \(a[0].type.sqlName)", at: position)
                }
                result = fn == .round ? a[0].type : .int64
            }
        case .sqrt, .exp, .ln, .log10, .sign:
            try arity(1...1)
            a[0] = cast(a[0], to: .float64)
            result = .float64
        case .power:
            try arity(2...2)
            a = a.map { cast($0, to: .float64) }
            result = .float64
        case .lower, .upper, .trim, .ltrim, .rtrim, .reverse, .initcap:
            try arity(1...1)
            string(0)
            result = .string
        case .length:
            try arity(1...1)
            if a[0].type != .binary { string(0) }
            result = .int32
        case .substring:
            try arity(2...3)
            string(0); integer(1); integer(2)
            result = .string
        case .left, .right:
            try arity(2...2)
            string(0); integer(1)
            result = .string
        case .lpad, .rpad:
            try arity(2...3)
            string(0); integer(1); string(2)
            result = .string
        case .concat:
            try arity(1...255)
            a = a.map { cast($0, to: .string) }
            result = .string
        case .concatWs:
            try arity(1...255)
            a = a.map { cast($0, to: .string) }
            result = .string
        case .replace:
            try arity(2...3)
            for i in a.indices { string(i) }
            result = .string
        case .splitPart:
            try arity(3...3)
            string(0); string(1); integer(2)
            result = .string
        case .instr:
            try arity(2...2)
            string(0); string(1)
            result = .int32
        case .startswith, .endswith, .contains:
            try arity(2...2)
            string(0); string(1)
            result = .boolean
        case .year, .quarter, .month, .day, .dayofweek, .dayofyear, .weekofyear:
            try arity(1...1)
            if a[0].type == .string { a[0] = cast(a[0], to: .date) }
            guard [.date, .timestamp, .timestampNTZ].contains(a[0].type) || isNullLiteral(a[0]) else {
                throw error(.typeMismatch, "\(name)() needs a date or timestamp, not \(a[0].type.sqlName)", at: position)
            }
            result = .int32
        case .hour, .minute, .second:
            try arity(1...1)
            if a[0].type != .timestamp && a[0].type != .timestampNTZ { a[0] = cast(a[0], to: .timestamp) }
            result = .int32
        case .dateTrunc:
            try arity(2...2)
            string(0)
            if a[1].type == .string { a[1] = cast(a[1], to: .timestamp) }
            result = .timestamp
        case .dateAdd, .dateSub, .addMonths:
            try arity(2...2)
            if a[0].type != .date { a[0] = cast(a[0], to: .date) }
            integer(1)
            result = .date
        case .datediff:
            try arity(2...2)
            a = a.map { $0.type == .date ? $0 : cast($0, to: .date) }
            result = .int32
        case .lastDay:
            try arity(1...1)
            if a[0].type != .date { a[0] = cast(a[0], to: .date) }
            result = .date
        case .makeDate:
            try arity(3...3)
            integer(0); integer(1); integer(2)
            result = .date
        case .toDate:
            try arity(1...2)
            if a.count == 2 { throw error(.unsupported, "to_date with a format is not supported yet; the ISO form is read without one", at: position) }
            result = .date
        case .toTimestamp:
            try arity(1...2)
            if a.count == 2 { throw error(.unsupported, "to_timestamp with a format is not supported yet; the ISO form is read without one", at: position) }
            result = .timestamp
        case .addInterval, .getField, .elementAt:
            throw error(.notFound, "unknown function \(name)()", at: position)
        }
        return .function(fn, a, result)
    }
}
