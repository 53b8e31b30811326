import ArgumentParser

/// `lake pipeline ...`: medallion pipelines (declarative datasets, incremental ingestion,
/// expectations, an event log).
struct PipelineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Run declarative pipelines: ingest landing files, refine bronze → silver → gold, check expectations.",
        subcommands: [PipelineRunCommand.self, PipelineGraphCommand.self, PipelineEventsCommand.self]
    )
}
