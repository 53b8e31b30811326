import ArgumentParser
import Lakehouse

/// `lake vacuum TABLE [--retain-hours N] [--dry-run]`.
struct VacuumCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vacuum",
        abstract: "Delete a Delta table's data files that no version within the retention needs (VACUUM).",
        discussion: """
            Files removed from the table more than the retention ago (delta.deletedFileRetentionDuration, \
            7 days by default) and files no version references, last modified before that, are deleted; \
            _delta_log and hidden files are never touched. Versions older than the retention can no \
            longer be read afterwards. A retention below the table's is refused unless \
            --disable-retention-check. --dry-run lists the files instead.
            """)

    @Argument(help: "The table directory.")
    var table: String

    @Option(help: "Keep files removed within this many hours (default: the table's retention).")
    var retainHours: Double?

    @Flag(help: "List what would be deleted, delete nothing.")
    var dryRun = false

    @Flag(help: "Allow a retention shorter than the table's (spark.databricks.delta.retentionDurationCheck.enabled = false).")
    var disableRetentionCheck = false

    func run() throws {
        var options = VacuumOptions()
        options.retentionHours = retainHours
        options.dryRun = dryRun
        options.enforceRetentionDuration = !disableRetentionCheck
        let delta = DeltaTable(path: table)
        let result: VacuumResult
        do {
            result = try delta.vacuum(options)
        } catch let e as DeltaError where e.message.hasPrefix("Are you sure") {
            throw DeltaError(e.code, e.message + "\n(lake vacuum: pass --disable-retention-check to turn the check off.)", table: e.table)
        }
        if result.dryRun {
            let root = delta.location
            for path in result.paths { StandardOutput.line(root + "/" + path) }
            StandardOutput.error("Found \(result.paths.count) files (\(result.bytes) bytes) and directories in a total of \(result.numDirectories) directories that are safe to delete.")
        } else {
            StandardOutput.error("Deleted \(result.numDeletedFiles) files and directories (\(result.bytes) bytes) in a total of \(result.numDirectories) directories.")
        }
    }
}
