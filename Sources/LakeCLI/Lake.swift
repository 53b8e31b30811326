#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Lakehouse

/// The `lake` command: a local lakehouse engine (Delta Lake tables over Parquet).
@main
struct Lake: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lake",
        abstract: "A local lakehouse engine: Parquet files and Delta Lake tables, queried and maintained from the command line.",
        discussion: "Run `lake --version` for the version.",
        subcommands: [
            SQLCommand.self, PipelineCommand.self, DemoCommand.self, WriteCommand.self, CatCommand.self, HistoryCommand.self, DescribeCommand.self,
            OptimizeCommand.self, VacuumCommand.self, RestoreCommand.self, ParquetCommand.self,
            WorkspaceCommand.self, JobsCommand.self, RunsCommand.self,
        ]
    )

    static func main() {
        // `lake ... | head` ends quietly: writes to a closed pipe report EPIPE instead of killing us.
        signal(SIGPIPE, SIG_IGN)
        // `lake --version` by hand: ArgumentParser's own version flag would also claim the
        // subcommands' `--version N` (time travel).
        if Array(CommandLine.arguments.dropFirst()) == ["--version"] {
            print(LakeVersion.current)
            return
        }
        main(nil)
    }
}
