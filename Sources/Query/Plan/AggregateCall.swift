import Columnar

/// Aggregate functions.
public enum AggregateFunction: String, Hashable, Sendable {
    case count, countStar = "count(*)", sum, avg, min, max
    case stddevSamp = "stddev_samp", stddevPop = "stddev_pop", varianceSamp = "var_samp", variancePop = "var_pop"
    case percentile, first, last, anyValue = "any_value", boolAnd = "bool_and", boolOr = "bool_or"

    /// The function SQL `name` calls (with aliases), or nil.
    public static func named(_ name: String) -> AggregateFunction? {
        switch name.lowercased() {
        case "count": .count
        case "sum": .sum
        case "avg", "mean": .avg
        case "min": .min
        case "max": .max
        case "stddev", "stddev_samp", "std": .stddevSamp
        case "stddev_pop": .stddevPop
        case "variance", "var_samp": .varianceSamp
        case "var_pop": .variancePop
        case "percentile", "percentile_approx", "approx_percentile", "median": .percentile
        case "first", "first_value": .first
        case "last", "last_value": .last
        case "any_value", "any": .anyValue
        case "bool_and", "every": .boolAnd
        case "bool_or", "some": .boolOr
        default: nil
        }
    }
}

/// One aggregate in an aggregation: function, argument, DISTINCT, FILTER and result type.
public struct AggregateCall: Hashable, Sendable {
    /// The function.
    public var function: AggregateFunction
    /// The argument (nil for count(*)).
    public var argument: BoundExpression?
    /// Aggregate distinct values only.
    public var distinct: Bool
    /// `FILTER (WHERE ...)`.
    public var filter: BoundExpression?
    /// A constant parameter (the percentile's fraction).
    public var parameter: Double?
    /// The result type.
    public var resultType: DataType

    /// Creates an aggregate call.
    public init(_ function: AggregateFunction, _ argument: BoundExpression?, distinct: Bool = false, filter: BoundExpression? = nil, parameter: Double? = nil, resultType: DataType) {
        self.function = function
        self.argument = argument
        self.distinct = distinct
        self.filter = filter
        self.parameter = parameter
        self.resultType = resultType
    }

    /// Spark's result type of `function` over `argument` type `t`.
    public static func resultType(_ function: AggregateFunction, _ t: DataType?) -> DataType {
        switch function {
        case .count, .countStar: return .int64
        case .sum:
            switch t {
            case .decimal(let p, let s)?: return .decimal(precision: Swift.min(38, p + 10), scale: s)
            case .float32?, .float64?: return .float64
            default: return .int64
            }
        case .avg:
            if case .decimal(let p, let s)? = t { return .decimal(precision: Swift.min(38, p + 4), scale: Swift.min(38, s + 4)) }
            return .float64
        case .stddevSamp, .stddevPop, .varianceSamp, .variancePop, .percentile: return .float64
        case .boolAnd, .boolOr: return .boolean
        case .min, .max, .first, .last, .anyValue: return t ?? .int64
        }
    }
}
