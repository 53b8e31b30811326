import Columnar
import LakeJSON
import Query

/// A task attempt that failed, with the message its state_message shows.
public struct TaskFailure: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    /// Creates a failure.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}

/// Runs notebook and SQL tasks through the query engine: SQL notebooks cell by cell (markdown
/// cells skipped, `%run` notebooks inlined, `CREATE WIDGET` defaults applied), SQL files and
/// inline SQL as one script. Parameters fill `${name}`, `{{name}}` and `:name`; every commit
/// carries the job and run ids; reads and writes are recorded as lineage. A cancel or timeout
/// stops the task between cells.
public enum SQLTaskRunner {
    /// Runs a notebook task.
    public static func run(_ task: NotebookTask, _ context: TaskContext) throws {
        let notebook: Notebook
        do {
            notebook = try context.workspace.notebook(task.notebookPath)
        } catch let e as JobsError {
            throw TaskFailure(e.message)
        }
        guard notebook.language == .sql else {
            throw TaskFailure("notebook \(task.notebookPath) is a \(notebook.language.rawValue) notebook; only SQL notebooks run locally")
        }
        var notebookInfo: [JSONObject.Member] = [.init("notebookPath", .string(task.notebookPath))]
        if let status = try? context.workspace.status(task.notebookPath) {
            notebookInfo.insert(.init("notebookId", .string(String(status.objectId))), at: 0)
        }
        let engine = context.makeEngine(extraCommitInfo: [.init("notebook", .object(JSONObject(notebookInfo)))])
        var substitution = context.substitution(taskParameters: task.baseParameters)
        context.log("notebook \(task.notebookPath): \(notebook.cells.count) cell(s)")
        try runCells(notebook, path: task.notebookPath, engine: engine, substitution: &substitution, context: context, depth: 0)
    }

    /// Runs a SQL task (a workspace file or notebook, else a local file, or inline SQL).
    public static func run(_ task: SQLTask, _ context: TaskContext) throws {
        var substitution = context.substitution(taskParameters: task.parameters)
        let engine = context.makeEngine()
        if let query = task.query {
            try runScript(query, label: "query", engine: engine, substitution: &substitution, context: context)
            return
        }
        guard let file = task.file else { throw TaskFailure("sql_task has neither file nor query") }
        if file.hasPrefix("/"), let parts = try? Workspace.components(file), let stored = context.workspace.storedObject(parts) {
            if stored.type == .notebook {
                let notebook = try context.workspace.notebook(file)
                guard notebook.language == .sql else { throw TaskFailure("\(file) is a \(notebook.language.rawValue) notebook, not SQL") }
                try runCells(notebook, path: file, engine: engine, substitution: &substitution, context: context, depth: 0)
            } else {
                try runScript(try context.workspace.fileText(file) ?? "", label: file, engine: engine, substitution: &substitution, context: context)
            }
            return
        }
        let path = context.resolvePath(file)
        guard let text = try FileSystem.readText(path) else {
            throw TaskFailure("SQL file \(file) does not exist (neither in the workspace nor at \(path))")
        }
        // A file in SOURCE format runs cell by cell.
        if Notebook.hasHeader(text, .sql) {
            try runCells(Notebook(source: text, language: .sql), path: path, engine: engine, substitution: &substitution, context: context, depth: 0)
        } else {
            try runScript(text, label: path, engine: engine, substitution: &substitution, context: context)
        }
    }

    static func runCells(_ notebook: Notebook, path: String, engine: QueryEngine, substitution: inout ParameterSubstitution, context: TaskContext, depth: Int) throws {
        for (i, cell) in notebook.cells.enumerated() {
            if let reason = context.stopReason { throw TaskStopped(reason) }
            let label = "\(path) cell \(i + 1) (line \(cell.line))"
            switch cell.kind {
            case .markdown:
                continue
            case .magic(let name):
                throw TaskFailure("\(label) is a %\(name) cell; only SQL cells run locally")
            case .run(let target):
                guard depth < 16 else { throw TaskFailure("\(label): %run nests more than 16 notebooks deep") }
                let resolved = target.hasPrefix("/") ? target : FileSystem.absolute(target, relativeTo: FileSystem.parent(of: path))
                let inner: Notebook
                do { inner = try context.workspace.notebook(resolved) } catch let e as JobsError { throw TaskFailure("\(label): %run: \(e.message)") }
                context.log("-- \(label): %run \(resolved)")
                try runCells(inner, path: resolved, engine: engine, substitution: &substitution, context: context, depth: depth + 1)
            case .code:
                try runScript(cell.text, label: label, engine: engine, substitution: &substitution, context: context)
            }
        }
    }

    /// Runs one cell or script: widget statements first, then the SQL.
    static func runScript(_ text: String, label: String, engine: QueryEngine, substitution: inout ParameterSubstitution, context: TaskContext) throws {
        if let reason = context.stopReason { throw TaskStopped(reason) }
        let sql = substitution.apply(Widgets.apply(text, to: &substitution))
        context.log("-- \(label)")
        let results: [QueryResult]
        do {
            results = try engine.run(sql, parameters: substitution.parameters.mapValues { .string($0) })
        } catch {
            context.log("error: \(error)")
            throw TaskFailure("\(label): \(error)")
        }
        for result in results {
            if let message = result.message { context.log(message) }
            if !result.schema.fields.isEmpty {
                var options = RowWriter.Options()
                options.tableRowLimit = 20
                context.log(RowWriter.string(result.batches, format: .table, schema: result.schema, options: options))
            }
        }
    }
}

/// `CREATE WIDGET TEXT name DEFAULT 'value'` (and DROPDOWN/COMBOBOX/MULTISELECT) and
/// `REMOVE WIDGET name` statements in SQL notebooks: a widget's default fills the parameter
/// when the run gives no value; the statements are removed before the SQL runs.
enum Widgets {
    static func apply(_ text: String, to substitution: inout ParameterSubstitution) -> String {
        guard text.uppercased().contains("WIDGET") else { return text }
        var kept: [Substring] = []
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        while let line = lines.popFirst() {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { $0.uppercased() }
            let isCreate = words.count >= 2 && words[0] == "CREATE" && words[1] == "WIDGET"
            let isRemove = words.count >= 2 && words[0] == "REMOVE" && words[1] == "WIDGET"
            guard isCreate || isRemove else {
                kept.append(line)
                continue
            }
            // The statement runs to the next ';' (or the end of the cell).
            var statement = String(line)
            while !statement.contains(";"), let next = lines.popFirst() { statement += "\n" + next }
            if isCreate, let (name, value) = parseCreate(statement), substitution.parameters[name] == nil {
                substitution.parameters[name] = value
            }
        }
        return kept.joined(separator: "\n")
    }

    /// `CREATE WIDGET kind name DEFAULT 'value' ...` → (name, value).
    static func parseCreate(_ statement: String) -> (String, String)? {
        let tokens = statement.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
        guard tokens.count >= 4 else { return nil }
        let name = String(tokens[3]).trimmingCharacters(in: "`;")
        guard let d = tokens.firstIndex(where: { $0.uppercased() == "DEFAULT" }) else { return (name, "") }
        // The default is a quoted string, possibly with spaces.
        let after = statement[tokens[d].endIndex...].drop { $0 == " " || $0 == "\t" }
        guard let quote = after.first, quote == "'" || quote == "\"" else {
            return (name, String(after.prefix { !$0.isWhitespace && $0 != ";" }))
        }
        var value = ""
        var i = after.index(after: after.startIndex)
        while i < after.endIndex {
            let c = after[i]
            if c == quote {
                let next = after.index(after: i)
                if next < after.endIndex, after[next] == quote { value.append(c); i = after.index(after: next); continue }
                return (name, value)
            }
            value.append(c)
            i = after.index(after: i)
        }
        return (name, value)
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s = s.dropFirst() }
        while let c = s.last, set.contains(c) { s = s.dropLast() }
        return String(s)
    }
}
