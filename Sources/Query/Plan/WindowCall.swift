import Columnar

/// One window function in a ``LogicalPlan/window(_:_:_:)`` node: what it computes, over which
/// partition and order, and over which frame of rows.
public struct WindowCall: Hashable, Sendable {
    /// The function.
    public enum Function: Hashable, Sendable {
        case rowNumber, rank, denseRank, percentRank, cumeDist
        /// `ntile(n)`.
        case ntile(Int)
        /// `lag(x, offset, default)`: the value `offset` rows before (arguments: value, default).
        case lag(Int)
        /// `lead(x, offset, default)`: the value `offset` rows after.
        case lead(Int)
        /// `first_value(x)` in the frame.
        case firstValue
        /// `last_value(x)` in the frame.
        case lastValue
        /// `nth_value(x, n)` in the frame (1-based).
        case nthValue(Int)
        /// An aggregate over the frame.
        case aggregate(AggregateCall)

        /// The SQL name, for EXPLAIN and errors.
        public var name: String {
            switch self {
            case .rowNumber: "row_number"
            case .rank: "rank"
            case .denseRank: "dense_rank"
            case .percentRank: "percent_rank"
            case .cumeDist: "cume_dist"
            case .ntile: "ntile"
            case .lag: "lag"
            case .lead: "lead"
            case .firstValue: "first_value"
            case .lastValue: "last_value"
            case .nthValue: "nth_value"
            case .aggregate(let call): call.function == .countStar ? "count" : call.function.rawValue
            }
        }

        /// Whether the function reads a frame (aggregates and first/last/nth value); ranking
        /// functions and lag/lead ignore it.
        public var usesFrame: Bool {
            switch self {
            case .firstValue, .lastValue, .nthValue, .aggregate: true
            default: false
            }
        }
    }

    /// A frame: the rows around the current one the function sees.
    public struct Frame: Hashable, Sendable {
        /// `ROWS` counts rows; `RANGE` counts peer groups (rows equal in the ORDER BY keys).
        public enum Units: String, Hashable, Sendable { case rows = "ROWS", range = "RANGE" }
        /// One end of a frame.
        public enum Bound: Hashable, Sendable {
            case unboundedPreceding, preceding(Int), currentRow, following(Int), unboundedFollowing
        }

        /// Rows or range.
        public var units: Units
        /// Where the frame starts.
        public var start: Bound
        /// Where the frame ends.
        public var end: Bound

        /// Creates a frame.
        public init(_ units: Units, _ start: Bound, _ end: Bound) {
            self.units = units
            self.start = start
            self.end = end
        }

        /// Whether a bound is an offset (`n PRECEDING`/`n FOLLOWING`): rows for ROWS; for RANGE,
        /// a distance in the single ORDER BY key's units (integers; days for dates;
        /// microseconds for timestamps; unscaled units for decimals).
        public var hasOffsets: Bool {
            func offset(_ b: Bound) -> Bool {
                switch b {
                case .preceding, .following: true
                default: false
                }
            }
            return offset(start) || offset(end)
        }

        /// The whole partition.
        public static let partition = Frame(.rows, .unboundedPreceding, .unboundedFollowing)
        /// SQL's default with ORDER BY: the partition's start through the current row's peers.
        public static let runningRange = Frame(.range, .unboundedPreceding, .currentRow)
    }

    /// The function.
    public var function: Function
    /// Arguments over the input: the value for lag/lead/first/last/nth (and lag/lead's default
    /// second); empty for ranking functions and aggregates (which carry their own).
    public var arguments: [BoundExpression]
    /// `PARTITION BY` expressions over the input.
    public var partitionBy: [BoundExpression]
    /// `ORDER BY` keys over the input.
    public var orderBy: [SortKey]
    /// The frame (only read by functions that use one).
    public var frame: Frame
    /// `IGNORE NULLS` (first_value, last_value, nth_value, lag, lead).
    public var ignoreNulls: Bool
    /// The result type.
    public var resultType: DataType

    /// Creates a window call.
    public init(
        _ function: Function, arguments: [BoundExpression] = [], partitionBy: [BoundExpression] = [], orderBy: [SortKey] = [],
        frame: Frame = .partition, ignoreNulls: Bool = false, resultType: DataType
    ) {
        self.function = function
        self.arguments = arguments
        self.partitionBy = partitionBy
        self.orderBy = orderBy
        self.frame = frame
        self.ignoreNulls = ignoreNulls
        self.resultType = resultType
    }

    /// Every input column the call reads.
    public var columns: Set<Int> {
        var out = Set<Int>()
        for e in arguments + partitionBy + orderBy.map(\.expression) { out.formUnion(e.columns) }
        if case .aggregate(let call) = function {
            if let a = call.argument { out.formUnion(a.columns) }
            if let f = call.filter { out.formUnion(f.columns) }
        }
        return out
    }

    /// The call with its input columns renumbered by `map`.
    public func remapped(_ map: [Int: Int]) -> WindowCall {
        var out = self
        out.arguments = arguments.map { $0.remapped(map) }
        out.partitionBy = partitionBy.map { $0.remapped(map) }
        out.orderBy = orderBy.map { SortKey($0.expression.remapped(map), ascending: $0.ascending, nullsFirst: $0.nullsFirst) }
        if case .aggregate(var call) = function {
            call.argument = call.argument?.remapped(map)
            call.filter = call.filter?.remapped(map)
            out.function = .aggregate(call)
        }
        return out
    }
}
