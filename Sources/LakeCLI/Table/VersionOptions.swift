import ArgumentParser
import Lakehouse

/// `--version N | --timestamp TS`: which version of a table to read.
struct VersionOptions: ParsableArguments {
    @Option(name: .customLong("version"), help: "Read this table version (time travel).")
    var version: Int64?

    @Option(help: "Read the version current at this time: 'YYYY-MM-DD HH:MM:SS[.fff]' or ISO 8601, UTC unless it has an offset.")
    var timestamp: String?

    func validate() throws {
        if version != nil && timestamp != nil { throw ValidationError("give --version or --timestamp, not both") }
        if let timestamp, Literals.timestamp(timestamp, utc: true) == nil {
            throw ValidationError("'\(timestamp)' is not a timestamp; use 'YYYY-MM-DD HH:MM:SS' or ISO 8601")
        }
    }

    /// The snapshot the options select.
    func snapshot(_ table: DeltaTable) throws -> Snapshot {
        try validate()
        if let timestamp, let micros = Literals.timestamp(timestamp, utc: true) {
            return try table.snapshot(timestamp: micros / 1000)
        }
        return try table.snapshot(version: version)
    }
}
