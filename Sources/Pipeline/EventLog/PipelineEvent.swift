import Columnar
import LakeJSON

/// One event of a pipeline's event log, shaped after Databricks' event log: `event_type`,
/// `level`, `message` and a JSON `details` object (`flow_progress.metrics`,
/// `flow_progress.data_quality.expectations[]`, ...), with the `origin` fields and the
/// data-quality and flow metrics also as plain columns so that SQL can read them directly.
public struct PipelineEvent: Sendable {
    /// Event types.
    public enum EventType: String, Sendable {
        /// An update started (details: cause, full refresh selection).
        case createUpdate = "create_update"
        /// The update's state changed: RUNNING, COMPLETED, FAILED.
        case updateProgress = "update_progress"
        /// A dataset's definition as this update runs it: inputs and output (lineage).
        case flowDefinition = "flow_definition"
        /// A dataset finished (COMPLETED, FAILED, SKIPPED, UP_TO_DATE) with its metrics.
        case flowProgress = "flow_progress"
        /// One expectation's counts for one dataset in one update (one row per expectation,
        /// repeating what flow_progress' data_quality holds).
        case expectation
    }

    /// Severity.
    public enum Level: String, Sendable {
        case info = "INFO", warn = "WARN", error = "ERROR", metrics = "METRICS"
    }

    /// A unique id.
    public var id: String
    /// The event's position in the pipeline's log.
    public var sequence: Int64 = 0
    /// When (microseconds since the epoch, UTC).
    public var timestamp: Int64
    /// The update.
    public var updateID: String
    /// The type.
    public var eventType: EventType
    /// Severity.
    public var level: Level
    /// The dataset (flow) concerned, if any.
    public var dataset: String?
    /// A sentence for people.
    public var message: String
    /// The details object.
    public var details: JSONObject
    /// The error, for failures.
    public var error: String?
    /// The expectation (for `expectation` events).
    public var expectation: String?
    /// The expectation's action.
    public var action: String?
    /// Rows passing the expectation.
    public var passedRecords: Int64?
    /// Rows failing the expectation.
    public var failedRecords: Int64?
    /// Rows dropped (by the expectation, or by all of a dataset's, for flow_progress).
    public var droppedRecords: Int64?
    /// Rows read by the flow.
    public var inputRows: Int64?
    /// Rows written by the flow.
    public var outputRows: Int64?
    /// Rows upserted (APPLY CHANGES).
    public var upsertedRows: Int64?
    /// Rows deleted (APPLY CHANGES).
    public var deletedRows: Int64?
    /// The table version the flow committed.
    public var version: Int64?
    /// How long the flow took.
    public var durationMs: Int64?

    /// Creates an event.
    public init(id: String, timestamp: Int64, updateID: String, eventType: EventType, level: Level, dataset: String? = nil, message: String, details: JSONObject = JSONObject(), error: String? = nil) {
        self.id = id
        self.timestamp = timestamp
        self.updateID = updateID
        self.eventType = eventType
        self.level = level
        self.dataset = dataset
        self.message = message
        self.details = details
        self.error = error
    }

    /// The event log table's schema.
    public static let schema = Schema([
        Field("id", .string, nullable: false),
        Field("sequence", .int64, nullable: false),
        Field("timestamp", .timestamp, nullable: false),
        Field("pipeline_name", .string, nullable: false),
        Field("update_id", .string, nullable: false),
        Field("event_type", .string, nullable: false),
        Field("level", .string, nullable: false),
        Field("dataset", .string),
        Field("message", .string),
        Field("details", .string),
        Field("error", .string),
        Field("expectation", .string),
        Field("action", .string),
        Field("passed_records", .int64),
        Field("failed_records", .int64),
        Field("dropped_records", .int64),
        Field("input_rows", .int64),
        Field("output_rows", .int64),
        Field("upserted_rows", .int64),
        Field("deleted_rows", .int64),
        Field("version", .int64),
        Field("duration_ms", .int64),
    ])

    /// Events as one batch of the event log's schema.
    static func batch(_ events: [PipelineEvent], pipeline: String) -> RecordBatch {
        func s(_ v: String?) -> Value { v.map { .string($0) } ?? .null }
        func i(_ v: Int64?) -> Value { v.map { .int($0) } ?? .null }
        let rows: [[Value]] = events.map { e in
            [
                .string(e.id), .int(e.sequence), .timestamp(e.timestamp), .string(pipeline), .string(e.updateID),
                .string(e.eventType.rawValue), .string(e.level.rawValue), s(e.dataset), .string(e.message),
                .string(JSONValue.object(e.details).serialized()), s(e.error), s(e.expectation), s(e.action),
                i(e.passedRecords), i(e.failedRecords), i(e.droppedRecords), i(e.inputRows), i(e.outputRows),
                i(e.upsertedRows), i(e.deletedRows), i(e.version), i(e.durationMs),
            ]
        }
        let columns = schema.fields.indices.map { c in Column(schema.fields[c].type, rows.map { $0[c] }) }
        return RecordBatch(schema: schema, columns: columns, count: events.count)
    }
}
