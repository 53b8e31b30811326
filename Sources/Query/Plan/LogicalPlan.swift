import Columnar
import Delta

/// A bound query plan: every node knows its output schema; expressions refer to the output
/// columns of the node's input by position.
public indirect enum LogicalPlan: Sendable {
    /// Rows of a table or files.
    case scan(TableScan)
    /// Literal rows.
    case values(RecordBatch)
    /// Rows where the predicate is true.
    case filter(LogicalPlan, BoundExpression)
    /// Computed columns.
    case project(LogicalPlan, [BoundExpression], Schema)
    /// Grouping (keys first, then aggregates, in the output).
    case aggregate(LogicalPlan, groupBy: [BoundExpression], aggregates: [AggregateCall], Schema)
    /// A join on equal keys (plus an optional residual condition over both sides' columns,
    /// left columns first).
    case join(LogicalPlan, LogicalPlan, JoinKind, leftKeys: [BoundExpression], rightKeys: [BoundExpression], residual: BoundExpression?, Schema)
    /// Ordering.
    case sort(LogicalPlan, [SortKey])
    /// `LIMIT n OFFSET m`.
    case limit(LogicalPlan, limit: Int?, offset: Int)
    /// Duplicate rows removed.
    case distinct(LogicalPlan)
    /// Concatenated inputs of one schema.
    case union([LogicalPlan], Schema)
    /// The input's columns plus one column per window function (computed over partitions of
    /// the input, in order, over frames of rows).
    case window(LogicalPlan, [WindowCall], Schema)

    /// The output schema.
    public var schema: Schema {
        switch self {
        case .scan(let s): s.schema
        case .values(let b): b.schema
        case .filter(let p, _), .sort(let p, _), .limit(let p, _, _), .distinct(let p): p.schema
        case .project(_, _, let s), .aggregate(_, _, _, let s), .join(_, _, _, _, _, _, let s), .union(_, let s), .window(_, _, let s): s
        }
    }
}

/// Join kinds.
public enum JoinKind: String, Sendable {
    case inner = "INNER", left = "LEFT", right = "RIGHT", full = "FULL", cross = "CROSS", semi = "SEMI", anti = "ANTI"
}

/// One ORDER BY key.
public struct SortKey: Hashable, Sendable {
    /// The expression, over the sort's input.
    public var expression: BoundExpression
    /// Ascending order.
    public var ascending: Bool
    /// Nulls before values (Spark's default: first for ascending, last for descending).
    public var nullsFirst: Bool

    /// Creates a key.
    public init(_ expression: BoundExpression, ascending: Bool = true, nullsFirst: Bool? = nil) {
        self.expression = expression
        self.ascending = ascending
        self.nullsFirst = nullsFirst ?? ascending
    }
}

/// What a scan reads and what it pushes down.
public struct TableScan: Sendable {
    /// Where the rows come from.
    public enum Source: Sendable {
        /// A Delta table version.
        case delta(DeltaTable, Snapshot)
        /// Parquet files.
        case parquet([String])
        /// CSV files.
        case csv([String])
        /// JSON-lines files.
        case json([String])
        /// Rows already in memory.
        case batches([RecordBatch])
    }

    /// The source.
    public var source: Source
    /// A name for EXPLAIN and errors.
    public var name: String
    /// The columns of the source (all of them).
    public var sourceSchema: Schema
    /// Indices into ``sourceSchema`` of the columns read, in output order.
    public var columns: [Int]
    /// A predicate over the *output* columns, pushed to pruning and skipping (rows are still
    /// filtered above the scan).
    public var pushedPredicate: BoundExpression?

    /// The output schema.
    public var schema: Schema { Schema(columns.map { sourceSchema.fields[$0] }) }
}
