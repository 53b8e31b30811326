/// A function call with its optional aggregate and window decorations:
/// `name([DISTINCT] args | *) [WITHIN GROUP (ORDER BY ...)] [FILTER (WHERE cond)]
/// [IGNORE NULLS | RESPECT NULLS] [OVER window]`.
///
/// Special forms that read like calls have their own nodes (`CAST`, `TRY_CAST`, `EXTRACT`,
/// `EXISTS (query)`); everything else, including `count`, `coalesce`, `array`, `struct`,
/// `if`, `left` and the bare `CURRENT_DATE` / `CURRENT_TIMESTAMP` / `CURRENT_USER`
/// (which become calls with no arguments), is a `FunctionCall`.
public struct FunctionCall: Hashable, Sendable, CustomStringConvertible {
    /// The function name, possibly qualified (`s.my_udf`), as written.
    public var name: QualifiedName
    /// The arguments. They may include ``Expression/Kind/lambda(parameters:body:)`` and
    /// ``Expression/Kind/namedArgument(_:_:)`` nodes. Empty for `f()` and `f(*)`.
    public var arguments: [Expression]
    /// `f(*)`, as in `count(*)`.
    public var isStar: Bool
    /// `f(DISTINCT ...)`.
    public var isDistinct: Bool
    /// `WITHIN GROUP (ORDER BY ...)`; empty when absent.
    public var withinGroup: [OrderItem]
    /// `FILTER (WHERE cond)`.
    public var filter: Expression?
    /// `IGNORE NULLS` / `RESPECT NULLS` after the call.
    public var nullTreatment: NullTreatment?
    /// `OVER ...`: makes the call a window function.
    public var over: WindowReference?

    /// `IGNORE NULLS` or `RESPECT NULLS`.
    public enum NullTreatment: String, Hashable, Sendable {
        /// `IGNORE NULLS`.
        case ignoreNulls = "IGNORE NULLS"
        /// `RESPECT NULLS`.
        case respectNulls = "RESPECT NULLS"
    }

    /// Creates a call.
    public init(
        name: QualifiedName, arguments: [Expression] = [], isStar: Bool = false, isDistinct: Bool = false,
        withinGroup: [OrderItem] = [], filter: Expression? = nil, nullTreatment: NullTreatment? = nil,
        over: WindowReference? = nil
    ) {
        self.name = name
        self.arguments = arguments
        self.isStar = isStar
        self.isDistinct = isDistinct
        self.withinGroup = withinGroup
        self.filter = filter
        self.nullTreatment = nullTreatment
        self.over = over
    }

    /// The call as SQL.
    public var description: String {
        var out = ""
        SQLFormat.write(self, to: &out)
        return out
    }
}

/// The target of `OVER`: a window named in the `WINDOW` clause or an inline specification.
public enum WindowReference: Hashable, Sendable, CustomStringConvertible {
    /// `OVER w`.
    case named(Identifier)
    /// `OVER (...)`.
    case specification(WindowSpecification)

    /// `w` or `(...)`.
    public var description: String {
        switch self {
        case .named(let name): return name.description
        case .specification(let spec): return "(" + spec.description + ")"
        }
    }
}

/// A window: `[base] [PARTITION BY ...] [ORDER BY ...] [frame]` (the text inside `OVER (...)`
/// or `WINDOW w AS (...)`).
public struct WindowSpecification: Hashable, Sendable, CustomStringConvertible {
    /// A named window this one refines: `OVER (w ORDER BY x)`.
    public var baseWindow: Identifier?
    /// `PARTITION BY` expressions.
    public var partitionBy: [Expression]
    /// `ORDER BY` items.
    public var orderBy: [OrderItem]
    /// `ROWS|RANGE ...`.
    public var frame: WindowFrame?
    /// Where the specification starts.
    public var position: SourcePosition

    /// Creates a specification.
    public init(
        baseWindow: Identifier? = nil, partitionBy: [Expression] = [], orderBy: [OrderItem] = [],
        frame: WindowFrame? = nil, position: SourcePosition = .unknown
    ) {
        self.baseWindow = baseWindow
        self.partitionBy = partitionBy
        self.orderBy = orderBy
        self.frame = frame
        self.position = position
    }

    /// The specification as SQL, without the surrounding parentheses.
    public var description: String {
        var parts: [String] = []
        if let baseWindow { parts.append(baseWindow.description) }
        if !partitionBy.isEmpty {
            parts.append("PARTITION BY " + partitionBy.map(\.description).joined(separator: ", "))
        }
        if !orderBy.isEmpty { parts.append("ORDER BY " + orderBy.map(\.description).joined(separator: ", ")) }
        if let frame { parts.append(frame.description) }
        return parts.joined(separator: " ")
    }
}

/// A window frame: `ROWS|RANGE start` or `ROWS|RANGE BETWEEN start AND end`.
public struct WindowFrame: Hashable, Sendable, CustomStringConvertible {
    /// `ROWS` or `RANGE`.
    public var units: Units
    /// The first bound.
    public var start: Bound
    /// The second bound (`BETWEEN` form), or nil for the one-bound form (which ends at the current row).
    public var end: Bound?
    /// Where the frame starts.
    public var position: SourcePosition

    /// `ROWS` or `RANGE`.
    public enum Units: String, Hashable, Sendable {
        /// `ROWS`.
        case rows = "ROWS"
        /// `RANGE`.
        case range = "RANGE"
    }

    /// A frame bound.
    public enum Bound: Hashable, Sendable, CustomStringConvertible {
        /// `UNBOUNDED PRECEDING`.
        case unboundedPreceding
        /// `n PRECEDING` (an expression, an interval for `RANGE` on timestamps).
        case preceding(Expression)
        /// `CURRENT ROW`.
        case currentRow
        /// `n FOLLOWING`.
        case following(Expression)
        /// `UNBOUNDED FOLLOWING`.
        case unboundedFollowing

        /// The bound as SQL.
        public var description: String {
            switch self {
            case .unboundedPreceding: return "UNBOUNDED PRECEDING"
            case .preceding(let e): return SQLFormat.operand(e, minimumPrecedence: SQLFormat.additivePrecedence) + " PRECEDING"
            case .currentRow: return "CURRENT ROW"
            case .following(let e): return SQLFormat.operand(e, minimumPrecedence: SQLFormat.additivePrecedence) + " FOLLOWING"
            case .unboundedFollowing: return "UNBOUNDED FOLLOWING"
            }
        }
    }

    /// Creates a frame.
    public init(units: Units, start: Bound, end: Bound? = nil, position: SourcePosition = .unknown) {
        self.units = units
        self.start = start
        self.end = end
        self.position = position
    }

    /// The frame as SQL.
    public var description: String {
        if let end { return "\(units.rawValue) BETWEEN \(start) AND \(end)" }
        return "\(units.rawValue) \(start)"
    }
}

/// A sort key: `expr [ASC|DESC] [NULLS FIRST|LAST]` (in `ORDER BY`, windows, `WITHIN GROUP`).
public struct OrderItem: Hashable, Sendable, CustomStringConvertible {
    /// The key.
    public var expression: Expression
    /// `ASC`/`DESC` as written; nil when not written (ascending).
    public var direction: Direction?
    /// `NULLS FIRST`/`NULLS LAST` as written; nil when not written (Spark: nulls first when
    /// ascending, last when descending).
    public var nulls: NullOrdering?

    /// `ASC` or `DESC`.
    public enum Direction: String, Hashable, Sendable {
        /// `ASC`.
        case ascending = "ASC"
        /// `DESC`.
        case descending = "DESC"
    }

    /// `NULLS FIRST` or `NULLS LAST`.
    public enum NullOrdering: String, Hashable, Sendable {
        /// `NULLS FIRST`.
        case first = "NULLS FIRST"
        /// `NULLS LAST`.
        case last = "NULLS LAST"
    }

    /// Creates a sort key.
    public init(expression: Expression, direction: Direction? = nil, nulls: NullOrdering? = nil) {
        self.expression = expression
        self.direction = direction
        self.nulls = nulls
    }

    /// Whether the order is descending.
    public var isDescending: Bool { direction == .descending }

    /// Whether nulls sort first, applying Spark's default when not written.
    public var nullsFirst: Bool { nulls.map { $0 == .first } ?? !isDescending }

    /// The item as SQL.
    public var description: String {
        var s = expression.description
        if let direction { s += " " + direction.rawValue }
        if let nulls { s += " " + nulls.rawValue }
        return s
    }
}
