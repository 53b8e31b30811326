import Columnar

/// The window functions of one SELECT, collected while its items, ORDER BY and QUALIFY are
/// bound. Each call is referenced by a placeholder column until the binder knows how many
/// columns the window node's input has (after aggregation, that is only known at the end).
final class WindowBinding {
    /// Placeholder column numbers start here, far above any real column.
    static let placeholderBase = 1 << 40

    /// `WINDOW name AS (...)` definitions, by lowercased name.
    let named: [String: WindowSpecification]
    private(set) var calls: [WindowCall] = []

    init(_ definitions: [NamedWindow], binder: Binder) throws {
        var named: [String: WindowSpecification] = [:]
        for definition in definitions {
            let key = definition.name.name.lowercased()
            guard named[key] == nil else {
                throw binder.error(.invalidArgument, "the window '\(definition.name.name)' is defined twice", at: definition.name.position)
            }
            named[key] = definition.specification
        }
        self.named = named
    }

    /// The column that will hold `call`'s value.
    func reference(_ call: WindowCall) -> BoundExpression {
        let i = calls.firstIndex(of: call) ?? {
            calls.append(call)
            return calls.count - 1
        }()
        return .column(Self.placeholderBase + i, call.resultType)
    }

    /// Placeholder → real column numbers, the window columns following `inputCount` columns.
    func placement(after inputCount: Int) -> [Int: Int] {
        Dictionary(uniqueKeysWithValues: calls.indices.map { (Self.placeholderBase + $0, inputCount + $0) })
    }

    /// The window node over `input`.
    func node(over input: LogicalPlan) -> LogicalPlan {
        guard !calls.isEmpty else { return input }
        let fields = calls.enumerated().map { Field("window\($0.offset)", $0.element.resultType) }
        return .window(input, calls, Schema(input.schema.fields + fields))
    }
}

extension Binder {
    /// Runs `body` with window functions allowed (collected into `windows`).
    func within<T>(_ windows: WindowBinding, _ body: () throws -> T) rethrows -> T {
        let saved = windowBinding
        windowBinding = windows
        defer { windowBinding = saved }
        return try body()
    }

    /// Whether `e` calls a window function (outside subqueries).
    func containsWindow(_ e: Expression) -> Bool {
        switch e.kind {
        case .function(let f):
            return f.over != nil || f.arguments.contains(where: containsWindow) || (f.filter.map(containsWindow) ?? false)
        case .unary(_, let x), .isNull(let x, _), .isBoolean(let x, _, _), .cast(let x, _, _), .extract(_, let x), .fieldAccess(let x, _):
            return containsWindow(x)
        case .binary(_, let l, let r), .isDistinctFrom(let l, let r, _), .subscripted(let l, let r):
            return containsWindow(l) || containsWindow(r)
        case .between(let x, let lo, let hi, _): return containsWindow(x) || containsWindow(lo) || containsWindow(hi)
        case .inList(let x, let list, _): return containsWindow(x) || list.contains(where: containsWindow)
        case .like(let x, let p, _, _, _): return containsWindow(x) || containsWindow(p)
        case .caseWhen(let operand, let whens, let otherwise):
            return (operand.map(containsWindow) ?? false) || whens.contains { containsWindow($0.condition) || containsWindow($0.result) }
                || (otherwise.map(containsWindow) ?? false)
        case .tuple(let es): return es.contains(where: containsWindow)
        default: return false
        }
    }

    /// Binds `f(...) OVER (...)`: arguments, partition and order keys over the same input as the
    /// surrounding expression (the rows, or the groups of an aggregation), the frame resolved
    /// with SQL's defaults. Returns the column that will hold the value.
    func windowFunction(_ f: FunctionCall, _ over: WindowReference, _ scope: Scope, _ context: BindContext, _ position: SourcePosition) throws -> BoundExpression {
        guard let windows = windowBinding else {
            throw error(.unsupported, "window function \(f.name.last)() is only allowed in SELECT, ORDER BY and QUALIFY (not nested in another window function, WHERE, GROUP BY or HAVING)", at: position)
        }
        let spec = try resolve(over, windows)
        // Nested window functions are not allowed: bind the parts without the binding.
        windowBinding = nil
        defer { windowBinding = windows }
        func bind(_ e: Expression) throws -> BoundExpression { try fold(try bindExpression(e, scope, context: context)) }

        let partitionBy = try spec.partitionBy.map(bind)
        let orderBy = try spec.orderBy.map { sortKey(try bind($0.expression), $0) }
        let name = f.name.last.lowercased()
        let ignoreNulls = f.nullTreatment == .ignoreNulls
        func requireOrder() throws {
            guard !orderBy.isEmpty else { throw error(.invalidArgument, "window function \(name)() needs an ORDER BY in its window", at: position) }
        }
        func requireArguments(_ range: ClosedRange<Int>) throws {
            guard range.contains(f.arguments.count) else {
                let expected = range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
                throw error(.typeMismatch, "window function \(name)() takes \(expected) argument(s), not \(f.arguments.count)", at: position)
            }
        }
        func constant(_ i: Int, _ what: String, positive: Bool) throws -> Int {
            let bound = try bind(f.arguments[i])
            guard case .literal(.int(let v), _) = bound, !positive || v > 0 else {
                throw error(.typeMismatch, "\(name)() needs a constant \(positive ? "positive " : "")integer \(what), not \(f.arguments[i])", at: f.arguments[i].position)
            }
            return Int(v)
        }
        guard f.name.parts.count == 1, !f.isDistinct || AggregateFunction.named(name) != nil else {
            throw error(.unsupported, "\(f) is not a window function", at: position)
        }

        let function: WindowCall.Function
        var arguments: [BoundExpression] = []
        var type: DataType = .int32
        switch name {
        case "row_number", "rank", "dense_rank", "percent_rank", "cume_dist":
            try requireArguments(0...0)
            try requireOrder()
            function = ["row_number": .rowNumber, "rank": .rank, "dense_rank": .denseRank, "percent_rank": .percentRank][name] ?? .cumeDist
            if name == "percent_rank" || name == "cume_dist" { type = .float64 }
        case "ntile":
            try requireArguments(1...1)
            try requireOrder()
            function = .ntile(try constant(0, "number of buckets", positive: true))
        case "lag", "lead":
            try requireArguments(1...3)
            try requireOrder()
            let value = try bind(f.arguments[0])
            var offset = f.arguments.count > 1 ? try constant(1, "offset", positive: false) : 1
            if name == "lag" { offset = -offset }
            function = offset < 0 ? .lag(-offset) : .lead(offset)
            type = value.type
            arguments = [value]
            if f.arguments.count > 2 {
                let fallback = try bind(f.arguments[2])
                guard let common = TypeRules.common(value.type, fallback.type) else {
                    throw error(.typeMismatch, "\(name)() default \(f.arguments[2]) is \(fallback.type.sqlName), not \(value.type.sqlName)", at: position)
                }
                type = common
                arguments = [cast(value, to: common), cast(fallback, to: common)]
            }
        case "first_value", "last_value", "nth_value", "first", "last":
            try requireArguments(name == "nth_value" ? 2...2 : 1...2)
            let value = try bind(f.arguments[0])
            arguments = [value]
            type = value.type
            var skipNulls = ignoreNulls
            if name == "nth_value" {
                function = .nthValue(try constant(1, "position", positive: true))
            } else {
                if f.arguments.count == 2 {
                    guard case .literal(.boolean(let b), _) = try bind(f.arguments[1]) else {
                        throw error(.typeMismatch, "\(name)(x, ignoreNulls) needs a constant boolean", at: position)
                    }
                    skipNulls = skipNulls || b
                }
                function = name.hasPrefix("first") ? .firstValue : .lastValue
            }
            return windows.reference(WindowCall(
                function, arguments: arguments, partitionBy: partitionBy, orderBy: orderBy,
                frame: try frame(spec, orderBy: orderBy), ignoreNulls: skipNulls, resultType: type))
        default:
            guard let aggregate = AggregateFunction.named(name) else {
                throw error(.notFound, "unknown window function \(name)()", at: position)
            }
            if f.isDistinct, !spec.orderBy.isEmpty {
                throw error(.unsupported, "\(name)(DISTINCT ...) with an ORDER BY in its window is not supported", at: position)
            }
            let call = try aggregateCall(aggregate, f, scope, context: context, position: position)
            return windows.reference(WindowCall(
                .aggregate(call), partitionBy: partitionBy, orderBy: orderBy, frame: try frame(spec, orderBy: orderBy),
                resultType: call.resultType))
        }
        return windows.reference(WindowCall(
            function, arguments: arguments, partitionBy: partitionBy, orderBy: orderBy, ignoreNulls: ignoreNulls, resultType: type))
    }

    /// The specification a window reference means, named windows and bases resolved.
    func resolve(_ reference: WindowReference, _ windows: WindowBinding, depth: Int = 0) throws -> WindowSpecification {
        func named(_ id: Identifier) throws -> WindowSpecification {
            guard depth < 16, let spec = windows.named[id.name.lowercased()] else {
                throw error(.notFound, "no window named '\(id.name)' in the WINDOW clause", at: id.position)
            }
            return try resolve(.specification(spec), windows, depth: depth + 1)
        }
        switch reference {
        case .named(let id):
            return try named(id)
        case .specification(var spec):
            guard let baseName = spec.baseWindow else { return spec }
            let base = try named(baseName)
            guard spec.partitionBy.isEmpty else {
                throw error(.invalidArgument, "a window based on '\(baseName.name)' cannot add PARTITION BY", at: spec.position)
            }
            spec.partitionBy = base.partitionBy
            if spec.orderBy.isEmpty { spec.orderBy = base.orderBy }
            if spec.frame == nil { spec.frame = base.frame }
            spec.baseWindow = nil
            return spec
        }
    }

    /// The frame of a window: as written, or SQL's default (the whole partition without
    /// ORDER BY, else from the partition's start through the current row's peers).
    func frame(_ spec: WindowSpecification, orderBy: [SortKey]) throws -> WindowCall.Frame {
        guard let written = spec.frame else { return orderBy.isEmpty ? .partition : .runningRange }
        func bound(_ b: WindowFrame.Bound) throws -> WindowCall.Frame.Bound {
            switch b {
            case .unboundedPreceding: return .unboundedPreceding
            case .currentRow: return .currentRow
            case .unboundedFollowing: return .unboundedFollowing
            case .preceding(let e), .following(let e):
                let n = written.units == .rows ? try constantInt(e, "a window frame offset") : try rangeOffset(e, orderBy)
                if case .preceding = b { return .preceding(n) }
                return .following(n)
            }
        }
        let start = try bound(written.start)
        let end = try written.end.map(bound) ?? .currentRow
        func rank(_ b: WindowCall.Frame.Bound) -> Int {
            switch b {
            case .unboundedPreceding: 0
            case .preceding: 1
            case .currentRow: 2
            case .following: 3
            case .unboundedFollowing: 4
            }
        }
        guard start != .unboundedFollowing, end != .unboundedPreceding, rank(start) <= rank(end) else {
            throw error(.invalidArgument, "the window frame \(written) ends before it starts", at: written.position)
        }
        return WindowCall.Frame(written.units == .rows ? .rows : .range, start, end)
    }

    /// A RANGE frame offset in the units of the window's only ORDER BY key: a number for
    /// numeric keys (scaled for decimals), days (a number or an INTERVAL of days or weeks) for
    /// dates, an INTERVAL of days to microseconds for timestamps.
    func rangeOffset(_ e: Expression, _ orderBy: [SortKey]) throws -> Int {
        guard orderBy.count == 1, let key = orderBy.first?.expression.type else {
            throw error(.invalidArgument, "a RANGE frame with an offset (\(e)) needs exactly one ORDER BY key", at: e.position)
        }
        let bound = try fold(try bindExpression(e, Scope([]), context: .plain))
        func bad(_ why: String) -> QueryError {
            error(.typeMismatch, "the RANGE offset \(e) does not fit an ORDER BY key of type \(key.sqlName): \(why)", at: e.position)
        }
        var amount: Int128
        switch (bound, key) {
        case (.literal(.struct(let parts), .struct), .date), (.literal(.struct(let parts), .struct), .timestamp), (.literal(.struct(let parts), .struct), .timestampNTZ):
            let micros: [String: Int128] = ["week": 604_800_000_000, "day": 86_400_000_000, "hour": 3_600_000_000, "minute": 60_000_000, "second": 1_000_000, "millisecond": 1000, "microsecond": 1]
            amount = 0
            for part in parts {
                guard case .struct(let pair) = part, case .int(let n) = pair[0], case .string(let unit) = pair[1], let scale = micros[unit] else {
                    throw bad("only week, day, hour, minute, second, millisecond and microsecond intervals have a fixed length")
                }
                amount += Int128(n) * scale
            }
            if key == .date {
                guard amount % 86_400_000_000 == 0 else { throw bad("dates move by whole days") }
                amount /= 86_400_000_000
            }
        case (.literal(.int(let n), _), .int8), (.literal(.int(let n), _), .int16), (.literal(.int(let n), _), .int32),
             (.literal(.int(let n), _), .int64), (.literal(.int(let n), _), .date), (.literal(.int(let n), _), .float32),
             (.literal(.int(let n), _), .float64):
            amount = Int128(n)
        case (.literal(.int(let n), _), .decimal(_, let scale)):
            amount = Int128(n) * Arithmetic.powersOfTen[scale]
        case (.literal(.decimal(let d), .decimal(_, let ds)), .decimal(_, let scale)) where ds <= scale:
            amount = d * Arithmetic.powersOfTen[scale - ds]
        default:
            throw bad("use a constant number (an INTERVAL for timestamps)")
        }
        guard amount >= 0, amount <= Int128(Int.max / 4) else { throw bad("the offset must be a non-negative constant") }
        return Int(amount)
    }
}
