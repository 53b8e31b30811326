import ArgumentParser
import Lakehouse

/// `lake workspace`: notebooks and files in the local workspace (the Databricks CLI's
/// `databricks workspace`).
struct WorkspaceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workspace",
        abstract: "Import, list, export and delete notebooks in the local workspace.",
        discussion: "The workspace is a directory (default WAREHOUSE/.lake, or --workspace, or $LAKE_WORKSPACE) shared by `lake jobs`.",
        subcommands: [WorkspaceImportCommand.self, WorkspaceListCommand.self, WorkspaceExportCommand.self, WorkspaceMkdirsCommand.self, WorkspaceDeleteCommand.self])
}

/// `lake workspace import`.
struct WorkspaceImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a notebook (or file) into the workspace.",
        discussion: """
            Example: lake workspace import --path /Users/me/DataProcessing --language SQL --format SOURCE --file notebook.sql. \
            SOURCE needs --language; a file without the "-- Databricks notebook source" header becomes a one-cell notebook. \
            AUTO imports a notebook when the file has a notebook header, else a plain file; RAW imports a plain file.
            """)

    @Argument(help: "The workspace path (or use --path).")
    var target: String?

    @Option(help: "The workspace path, e.g. /Users/me/DataProcessing.")
    var path: String?

    @Option(help: "The notebook language: SQL, PYTHON, SCALA or R.")
    var language: String?

    @Option(help: "SOURCE, AUTO or RAW.")
    var format: String = "SOURCE"

    @Option(help: "The local file to import.")
    var file: String

    @Flag(help: "Replace an existing notebook or file.")
    var overwrite = false

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        guard let target = path ?? target else { throw ValidationError("give the workspace path (--path /Users/me/Notebook)") }
        guard let fmt = ImportFormat(rawValue: format.uppercased()) else {
            throw ValidationError("--format \(format): expected SOURCE, AUTO or RAW (HTML, JUPYTER and DBC are not supported)")
        }
        let lang = try language.map { l -> NotebookLanguage in
            guard let v = NotebookLanguage(name: l) else { throw ValidationError("--language \(l): expected SQL, PYTHON, SCALA or R") }
            return v
        }
        guard let bytes = LocalFile.read(file) else { throw ValidationError("cannot read '\(file)'") }
        let object = try options.resolved.workspace.importObject(path: target, content: bytes, format: fmt, language: lang, overwrite: overwrite)
        StandardOutput.error("imported \(object.objectType.rawValue.lowercased()) \(object.path)" + (object.language.map { " (\($0.rawValue))" } ?? ""))
    }
}

/// `lake workspace list`.
struct WorkspaceListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List a workspace directory.")

    @Argument(help: "The directory (default /).")
    var path: String = "/"

    @Flag(name: .shortAndLong, help: "List subdirectories too.")
    var recursive = false

    @Option(help: "text or json.")
    var output: OutputFormat = .text

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        let ws = options.resolved.workspace
        let objects = recursive ? try ws.listRecursively(path) : try ws.list(path)
        if output == .json {
            StandardOutput.line(JSONValue.array(objects.map(JobsOutput.json)).serialized(pretty: true))
            return
        }
        JobsOutput.table(["ID", "Type", "Language", "Path"], objects.map { [String($0.objectId), $0.objectType.rawValue, $0.language?.rawValue ?? "", $0.path] })
    }
}

/// `lake workspace export`.
struct WorkspaceExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Export a notebook in SOURCE format (or a file as is).")

    @Argument(help: "The workspace path.")
    var path: String

    @Option(help: "Write to this file instead of standard output.")
    var file: String?

    @Option(help: "SOURCE (the only format).")
    var format: String = "SOURCE"

    @Flag(help: "Replace an existing --file.")
    var overwrite = false

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        guard format.uppercased() == "SOURCE" || format.uppercased() == "AUTO" else { throw ValidationError("--format \(format): only SOURCE is supported") }
        let bytes = try options.resolved.workspace.export(path)
        if let file {
            if !overwrite && LocalFile.read(file) != nil { throw ValidationError("'\(file)' exists; use --overwrite") }
            try LocalFile.write(bytes, to: file)
            StandardOutput.error("exported \(path) to \(file)")
        } else {
            bytes.withUnsafeBytes { StandardOutput.write($0) }
        }
    }
}

/// `lake workspace mkdirs`.
struct WorkspaceMkdirsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "mkdirs", abstract: "Create a workspace directory and its parents.")

    @Argument(help: "The workspace path.")
    var path: String

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        try options.resolved.workspace.mkdirs(path)
    }
}

/// `lake workspace delete`.
struct WorkspaceDeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a notebook, file or directory.")

    @Argument(help: "The workspace path.")
    var path: String

    @Flag(help: "Delete a non-empty directory with everything in it.")
    var recursive = false

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        try options.resolved.workspace.delete(path, recursive: recursive)
    }
}
