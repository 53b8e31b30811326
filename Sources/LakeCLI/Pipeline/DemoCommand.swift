#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Lakehouse

/// `lake demo`.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build a Brazilian online shop's lakehouse locally: landing files → bronze → silver → gold.",
        discussion: """
            The first run writes a pipeline file and four months of generated landing files (CSV and JSON \
            lines, with duplicates, late updates, bad values and a column that appears in April) into DIR, \
            and runs two updates. Running it again with nothing new changes no table.
              lake demo --dir .demo --new-file    # another month lands; exactly its files are ingested
              lake demo --dir .demo --bad-file    # a broken payments export: a fail expectation stops the update
            """)

    @Option(help: "The demo directory.")
    var dir: String = ".demo"

    @Flag(help: "Land the next month's files before the update.")
    var newFile = false

    @Flag(help: "Land a broken payments export before the update (the update fails and commits nothing).")
    var badFile = false

    @Option(help: "Data size: about 1,200 orders per unit over four months.")
    var scale: Int = 3

    @Flag(help: "Plain log lines even on a terminal.")
    var noLive = false

    func validate() throws {
        if newFile && badFile { throw ValidationError("choose --new-file or --bad-file") }
        if scale < 1 || scale > 1000 { throw ValidationError("--scale must be between 1 and 1000") }
    }

    func run() throws {
        let demo = Demo(directory: dir, scale: scale)
        let display = ProgressDisplay(live: noLive ? false : nil)
        let action: Demo.Action = newFile ? .newMonth : badFile ? .badFile : .run
        let report = try demo.run(action) { step, event in
            if case .updateStarted = event, let step { display.heading(step.title) }
            display.handle(event)
        }
        // Suggest commands the way lake was run (`.build/release/lake` after `make demo`).
        let invoked = CommandLine.arguments.first ?? "lake"
        let lake = invoked.contains("/") && !invoked.hasPrefix("/") ? invoked : "lake"
        StandardOutput.line(report.render(color: isatty(STDOUT_FILENO) == 1 && getenv("NO_COLOR") == nil, lake: lake))
        if !report.succeeded { throw ExitCode.failure }
    }
}
