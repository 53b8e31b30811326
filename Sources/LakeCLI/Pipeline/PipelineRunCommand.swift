#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Lakehouse

/// `lake pipeline run PIPELINE_FILE`.
struct PipelineRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run an update of a pipeline (incremental unless --full-refresh).",
        discussion: """
            Each dataset is refreshed once its inputs are: new landing files are ingested exactly once, \
            streaming tables process only new input rows, materialized views are recomputed when an input \
            changed. Independent branches run in parallel. The update is recorded in the pipeline's event \
            log (lake pipeline events). Examples:
              lake pipeline run pipeline.yaml
              lake pipeline run pipeline.yaml --full-refresh                    # every dataset from scratch
              lake pipeline run pipeline.yaml --full-refresh bronze.payments    # named ones (and their streaming readers)
              lake pipeline run pipeline.yaml --validate-only                   # check without writing
            """)

    @Argument(help: "The pipeline file (YAML or JSON).")
    var pipelineFile: String

    @Argument(help: "With --full-refresh: the datasets to refresh from scratch (default: all).")
    var datasets: [String] = []

    @Flag(help: "Recompute datasets from scratch: streaming tables are truncated and reprocess all input.")
    var fullRefresh = false

    @Flag(help: "Check the pipeline (inputs, cycles, SQL, expectations, schemas) without writing anything.")
    var validateOnly = false

    @Option(help: "How many datasets may run at once.")
    var parallelism: Int = 2

    @Flag(help: "Plain log lines even on a terminal.")
    var noLive = false

    func validate() throws {
        if !datasets.isEmpty && !fullRefresh {
            throw ValidationError("datasets after the pipeline file name the ones to --full-refresh; add --full-refresh")
        }
        if parallelism < 1 { throw ValidationError("--parallelism must be at least 1") }
    }

    func run() throws {
        let pipeline = try PipelineFile.load(pipelineFile)
        let runner = try UpdateRunner(pipeline)
        if validateOnly {
            let report = runner.validate()
            StandardOutput.line("pipeline \(pipeline.name): \(report.datasets.count) datasets, " + (report.isValid ? "valid" : "\(report.issues.count) problem(s)"))
            let width = (report.datasets.map(\.name.count).max() ?? 0) + 2
            for e in report.datasets {
                let columns = e.schema.map { "\($0.count) columns: " + $0.fields.map { "\($0.name) \($0.type.sqlName)" }.joined(separator: ", ") } ?? "schema unknown"
                StandardOutput.line("  " + e.name.padding(toLength: width, withPad: " ", startingAt: 0) + e.kind.displayName.padding(toLength: 19, withPad: " ", startingAt: 0) + columns + (e.note.map { "  (\($0))" } ?? ""))
            }
            for issue in report.issues { StandardOutput.error("error: \(issue)") }
            if !report.isValid { throw ExitCode.failure }
            return
        }
        let selection: FullRefresh = !fullRefresh ? .none : datasets.isEmpty ? .all
            : .datasets(datasets.flatMap { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } })
        let display = ProgressDisplay(live: noLive ? false : nil)
        let result = try runner.run(UpdateOptions(fullRefresh: selection, parallelism: parallelism)) { display.handle($0) }
        for d in result.datasets where d.status == .failed {
            StandardOutput.error("error: \(d.name): \(d.error ?? "failed")")
        }
        if !result.succeeded { throw ExitCode.failure }
    }
}
