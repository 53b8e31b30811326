#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LakeJSON

/// A local workspace: a directory (by default `.lake/` under the warehouse) holding imported
/// notebooks and files (`workspace/`), job definitions (`jobs/<id>.json`) and run records
/// (`runs/<id>/run.json` with per-task logs).
///
/// Safe under concurrent use by several `lake` processes: every file is replaced atomically
/// (write, fsync, rename) and every read-modify-write — id allocation, import, job updates,
/// run-state changes — holds an exclusive `flock` on `lock`.
public final class Workspace: Sendable {
    /// The workspace directory (absolute).
    public let root: String

    /// A workspace in `root` (created on first write).
    public init(root: String) {
        self.root = FileSystem.absolute(root)
    }

    /// The workspace and warehouse directories a command uses: `--workspace`, else
    /// `$LAKE_WORKSPACE`, else `WAREHOUSE/.lake`; the warehouse is `--warehouse`, else
    /// `$LAKE_WAREHOUSE`, else the current directory.
    public static func resolve(workspace: String?, warehouse: String?) -> (workspace: Workspace, warehouse: String) {
        let wh = FileSystem.absolute(warehouse ?? FileSystem.environment("LAKE_WAREHOUSE") ?? ".")
        let ws = workspace ?? FileSystem.environment("LAKE_WORKSPACE") ?? (wh + "/.lake")
        return (Workspace(root: ws), wh)
    }

    var objectsRoot: String { root + "/workspace" }
    var jobsDirectory: String { root + "/jobs" }
    var runsDirectory: String { root + "/runs" }
    var lock: FileLock { FileLock(path: root + "/lock") }

    /// Runs `body` holding the workspace's exclusive lock.
    func withLock<T>(_ body: () throws -> T) throws -> T {
        try lock.withLock(body)
    }

    /// Allocates `count` consecutive ids of a kind ("job" or "run"); never reuses one.
    /// Call with the lock held.
    func allocateIDs(_ kind: String, count: Int = 1) throws -> [Int64] {
        let path = root + "/ids.json"
        var ids = (try FileSystem.readText(path)).flatMap { try? JSONValue(parsing: $0) }?.objectValue ?? JSONObject()
        let key = "next_\(kind)_id"
        let first = ids[key]?.int64Value ?? 1
        ids[key] = .int(first + Int64(count))
        try FileSystem.writeAtomically(path, JSONValue.object(ids).serialized(pretty: true) + "\n")
        return (0..<Int64(count)).map { first + $0 }
    }

    // MARK: Workspace paths

    /// Checks a workspace path (`/Users/me/x`) and returns its components.
    static func components(_ path: String) throws -> [String] {
        guard path.hasPrefix("/") else { throw JobsError(.invalidArgument, "workspace paths are absolute (start with '/')", at: path) }
        let parts = path.split(separator: "/").map(String.init)
        for p in parts {
            if p == "." || p == ".." || p.contains("\0") || p.hasPrefix(".") {
                throw JobsError(.invalidArgument, "'\(p)' is not allowed in a workspace path", at: path)
            }
        }
        guard path.utf8.count <= 4096 else { throw JobsError(.invalidArgument, "path too long", at: path) }
        return parts
    }

    /// The canonical form of a workspace path (`/a/b`, no trailing slash).
    static func canonical(_ path: String) throws -> String {
        "/" + (try components(path)).joined(separator: "/")
    }

    func directory(_ parts: [String]) -> String {
        parts.isEmpty ? objectsRoot : objectsRoot + "/" + parts.joined(separator: "/")
    }

    /// The stored file of a notebook or file at `parts`, with its type; nil when none.
    func storedObject(_ parts: [String]) -> (file: String, type: WorkspaceObject.ObjectType, language: NotebookLanguage?)? {
        guard let name = parts.last else { return nil }
        let dir = directory(Array(parts.dropLast()))
        for language in NotebookLanguage.allCases {
            let file = "\(dir)/\(name).notebook.\(language.fileExtension)"
            if FileSystem.isFile(file) { return (file, .notebook, language) }
        }
        let file = "\(dir)/\(name).file"
        if FileSystem.isFile(file) { return (file, .file, nil) }
        return nil
    }

    /// The object at a workspace path.
    public func status(_ path: String) throws -> WorkspaceObject {
        let parts = try Self.components(path)
        let canonical = "/" + parts.joined(separator: "/")
        if let stored = storedObject(parts), let s = FileSystem.status(stored.file) {
            return WorkspaceObject(path: canonical, objectType: stored.type, language: stored.language, objectId: Int64(s.st_ino),
                                   size: Int64(s.st_size), modifiedAt: Self.millis(s.st_mtim))
        }
        let dir = directory(parts)
        if let s = FileSystem.status(dir), (s.st_mode & S_IFMT) == S_IFDIR {
            return WorkspaceObject(path: canonical, objectType: .directory, language: nil, objectId: Int64(s.st_ino), size: nil, modifiedAt: Self.millis(s.st_mtim))
        }
        if parts.isEmpty {
            return WorkspaceObject(path: "/", objectType: .directory, language: nil, objectId: 0, size: nil, modifiedAt: 0)
        }
        throw JobsError(.notFound, "no such workspace object (import it with `lake workspace import`)", at: canonical)
    }

    static func millis(_ t: timespec) -> Int64 { Int64(t.tv_sec) * 1000 + Int64(t.tv_nsec) / 1_000_000 }

    /// Imports content at `path`: a notebook (SOURCE, or AUTO with a notebook header) or a
    /// file (RAW, or AUTO without one). Parent directories are created. An existing notebook or
    /// file is replaced only with `overwrite`; a directory never is.
    @discardableResult
    public func importObject(path: String, content: [UInt8], format: ImportFormat, language: NotebookLanguage?, overwrite: Bool) throws -> WorkspaceObject {
        let parts = try Self.components(path)
        guard let name = parts.last else { throw JobsError(.invalidArgument, "cannot import onto the workspace root", at: path) }
        let text = String(decoding: content, as: UTF8.self)
        var kind: (type: WorkspaceObject.ObjectType, language: NotebookLanguage?)
        var stored = content
        switch format {
        case .source:
            guard let language else {
                throw JobsError(.invalidArgument, "--format SOURCE needs --language (SQL, PYTHON, SCALA or R)", at: path)
            }
            kind = (.notebook, language)
            stored = Array(Notebook(source: text, language: language).source.utf8)
        case .auto:
            if let detected = Notebook.detectLanguage(text) {
                kind = (.notebook, language ?? detected)
            } else {
                kind = (.file, nil)
            }
        case .raw:
            kind = (.file, nil)
        }
        return try withLock {
            // No ancestor may be a notebook or a file.
            for i in 1..<max(1, parts.count) {
                if let s = storedObject(Array(parts[..<i])) {
                    throw JobsError(.invalidArgument, "/\(parts[..<i].joined(separator: "/")) is a \(s.type.rawValue.lowercased()), not a directory", at: path)
                }
            }
            if FileSystem.isDirectory(directory(parts)) {
                throw JobsError(.alreadyExists, "a directory exists at this path", at: path)
            }
            if let existing = storedObject(parts) {
                guard overwrite else {
                    throw JobsError(.alreadyExists, "a \(existing.type.rawValue.lowercased()) exists at this path; use --overwrite to replace it", at: path)
                }
                try FileSystem.remove(existing.file)
            }
            let dir = directory(Array(parts.dropLast()))
            let file = kind.type == .notebook ? "\(dir)/\(name).notebook.\(kind.language!.fileExtension)" : "\(dir)/\(name).file"
            try FileSystem.writeAtomically(file, stored)
            return try status(path)
        }
    }

    /// The objects directly under a directory (or the object itself, for a notebook or file),
    /// sorted by path.
    public func list(_ path: String = "/") throws -> [WorkspaceObject] {
        let parts = try Self.components(path)
        let object = try status(path)
        guard object.objectType == .directory else { return [object] }
        let dir = directory(parts)
        var out: [WorkspaceObject] = []
        let prefix = parts.isEmpty ? "" : "/" + parts.joined(separator: "/")
        for entry in FileSystem.list(dir) where !entry.hasPrefix(".") && !entry.contains(".tmp-") {
            var name = entry
            if FileSystem.isDirectory(dir + "/" + entry) {
                // a directory
            } else if let language = NotebookLanguage.allCases.first(where: { entry.hasSuffix(".notebook.\($0.fileExtension)") }) {
                name = String(entry.dropLast(".notebook.\(language.fileExtension)".count))
            } else if entry.hasSuffix(".file") {
                name = String(entry.dropLast(5))
            } else {
                continue
            }
            if let o = try? status(prefix + "/" + name) { out.append(o) }
        }
        return out.sorted { $0.path < $1.path }
    }

    /// Every object under a directory, depth first.
    public func listRecursively(_ path: String = "/") throws -> [WorkspaceObject] {
        var out: [WorkspaceObject] = []
        let this = try Self.canonical(path)
        for o in try list(path) {
            out.append(o)
            if o.objectType == .directory && o.path != this { out += try listRecursively(o.path) }
        }
        return out
    }

    /// A notebook's SOURCE text (header, cells, `MAGIC` lines as imported) or a file's bytes.
    public func export(_ path: String) throws -> [UInt8] {
        let parts = try Self.components(path)
        guard let stored = storedObject(parts) else {
            if FileSystem.isDirectory(directory(parts)) { throw JobsError(.invalidArgument, "is a directory; export a notebook or a file", at: path) }
            throw JobsError(.notFound, "no such notebook or file in the workspace", at: path)
        }
        return try FileSystem.read(stored.file) ?? []
    }

    /// The notebook at `path`.
    public func notebook(_ path: String) throws -> Notebook {
        let parts = try Self.components(path)
        guard let stored = storedObject(parts) else {
            throw JobsError(.notFound, "notebook \(path) does not exist in the workspace (\(objectsRoot)); import it with `lake workspace import \(path) --language SQL --format SOURCE --file notebook.sql`", at: path)
        }
        guard stored.type == .notebook, let language = stored.language else {
            throw JobsError(.invalidNotebook, "\(path) is a file, not a notebook", at: path)
        }
        return Notebook(source: try FileSystem.readText(stored.file) ?? "", language: language)
    }

    /// A workspace file's text (or a notebook's source), nil when the path holds neither.
    func fileText(_ path: String) throws -> String? {
        guard let parts = try? Self.components(path), let stored = storedObject(parts) else { return nil }
        return try FileSystem.readText(stored.file)
    }

    /// Creates a directory and its parents.
    public func mkdirs(_ path: String) throws {
        let parts = try Self.components(path)
        try withLock {
            for i in 1...max(1, parts.count) where i <= parts.count {
                if let s = storedObject(Array(parts[..<i])) {
                    throw JobsError(.alreadyExists, "/\(parts[..<i].joined(separator: "/")) is a \(s.type.rawValue.lowercased())", at: path)
                }
            }
            try FileSystem.makeDirectories(directory(parts))
        }
    }

    /// Deletes a notebook, a file, or a directory (a non-empty one only with `recursive`).
    public func delete(_ path: String, recursive: Bool) throws {
        let parts = try Self.components(path)
        guard !parts.isEmpty else { throw JobsError(.invalidArgument, "cannot delete the workspace root", at: path) }
        try withLock {
            if let stored = storedObject(parts) {
                try FileSystem.remove(stored.file)
                return
            }
            let dir = directory(parts)
            guard FileSystem.isDirectory(dir) else { throw JobsError(.notFound, "no such workspace object", at: path) }
            let children = FileSystem.list(dir).filter { !$0.hasPrefix(".") }
            if !children.isEmpty && !recursive {
                throw JobsError(.invalidState, "directory is not empty (\(children.count) object(s)); use --recursive", at: path)
            }
            try FileSystem.removeTree(dir)
        }
    }
}
