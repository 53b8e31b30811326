import ArgumentParser

/// `lake parquet ...`: inspect and re-encode single Parquet files.
struct ParquetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parquet",
        abstract: "Inspect and re-encode Parquet files.",
        subcommands: [ParquetSchemaCommand.self, ParquetMetaCommand.self, ParquetCatCommand.self, ParquetRewriteCommand.self]
    )
}
