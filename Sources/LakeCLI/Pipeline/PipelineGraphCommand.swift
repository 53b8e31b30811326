import ArgumentParser
import Lakehouse

extension GraphFormat: ExpressibleByArgument {}

/// `lake pipeline graph PIPELINE_FILE`.
struct PipelineGraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Show a pipeline's dependency graph (as text, or Mermaid or Graphviz DOT for a picture).",
        discussion: "The graph is inferred from what each dataset's SQL reads; it is checked for unknown inputs and cycles.")

    @Argument(help: "The pipeline file (YAML or JSON).")
    var pipelineFile: String

    @Option(help: "text, mermaid or dot.")
    var format: GraphFormat = .text

    func run() throws {
        let graph = try DependencyGraph(try PipelineFile.load(pipelineFile))
        StandardOutput.line(graph.render(format))
    }
}
