/// A pipeline: named datasets under one storage root, refreshed together by updates.
///
/// Each dataset is the Delta table `ROOT/schema/table`, so `lake sql --warehouse ROOT` reads
/// them by name. The pipeline keeps its ingestion checkpoints under
/// `ROOT/_pipelines/NAME/` and its event log in the table ``eventLog`` (by default
/// `event_log.NAME`).
public struct PipelineDefinition: Sendable, Hashable {
    /// The pipeline's name (letters, digits, `_` and `-`).
    public var name: String
    /// The storage root (absolute): the warehouse directory the datasets live in.
    public var storage: String
    /// The event log's table name, `schema.table` under ``storage``.
    public var eventLog: String
    /// The datasets, in definition order.
    public var datasets: [DatasetDefinition]
    /// The pipeline file it was read from, if any.
    public var file: String?

    /// Creates a pipeline.
    public init(name: String, storage: String, datasets: [DatasetDefinition], eventLog: String? = nil, file: String? = nil) {
        self.name = name
        self.storage = storage
        self.datasets = datasets
        self.eventLog = (eventLog ?? "event_log." + name).lowercased()
        self.file = file
    }

    /// The dataset named `name` (case-insensitive).
    public func dataset(_ name: String) -> DatasetDefinition? {
        let key = name.lowercased()
        return datasets.first { $0.name == key }
    }

    /// The directory of the table `schema.table`.
    public func location(of name: String) -> String {
        storage + "/" + name.lowercased().split(separator: ".").joined(separator: "/")
    }

    /// The directory of the pipeline's own state (checkpoints).
    public var stateDirectory: String { storage + "/_pipelines/" + name }
}
