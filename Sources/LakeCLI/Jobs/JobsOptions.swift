#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Lakehouse

/// Where the workspace and warehouse are, shared by `lake workspace` and `lake jobs`.
struct WorkspaceOptions: ParsableArguments {
    @Option(help: "The workspace directory (default: $LAKE_WORKSPACE, else WAREHOUSE/.lake).")
    var workspace: String?

    @Option(help: "The warehouse directory tables live in (default: $LAKE_WAREHOUSE, else the current directory).")
    var warehouse: String?

    /// The resolved workspace and warehouse.
    var resolved: (workspace: Workspace, warehouse: String) { Workspace.resolve(workspace: workspace, warehouse: warehouse) }

    /// The Jobs API over the workspace.
    var api: JobsAPI { JobsAPI(workspace: resolved.workspace) }
}

/// `--output text|json`, as the Databricks CLI spells it.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

/// Reads `--json` values: `@file` or inline JSON.
enum JSONArgument {
    /// The parsed value and the directory relative paths in it resolve against.
    static func read(_ argument: String) throws -> (value: JSONValue, baseDirectory: String) {
        var text = argument
        var base = "."
        if argument.hasPrefix("@") {
            let path = String(argument.dropFirst())
            guard let contents = LocalFile.readText(path) else { throw ValidationError("cannot read the JSON file '\(path)'") }
            text = contents
            base = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
            if base.isEmpty { base = "/" }
        }
        do {
            return (try JSONValue(parsing: text), base)
        } catch {
            throw ValidationError("--json\(argument.hasPrefix("@") ? " \(argument)" : ""): not valid JSON: \(error)")
        }
    }
}

/// The `lake` executable (to start background runners).
enum LakeExecutable {
    static var path: String {
        #if os(Linux)
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if n > 0 { return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        #endif
        return CommandLine.arguments[0]
    }

    /// The command line of a background runner for `runId`.
    static func runnerArguments(runId: Int64, workspace: Workspace) -> [String] {
        [path, "jobs", "_execute-run", String(runId), "--workspace", workspace.root]
    }
}
