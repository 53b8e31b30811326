#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Columnar
import Delta

/// Table names resolved against a warehouse directory: `schema.table` is the Delta table at
/// `WAREHOUSE/schema/table`, a bare `table` lives in the current schema (`default` unless
/// `USE` says otherwise). Schemas are directories; tables are directories holding a
/// `_delta_log`.
public final class Catalog: @unchecked Sendable {
    /// The warehouse directory.
    public let warehouse: String
    /// The schema bare table names resolve in.
    public var currentSchema = "default"

    /// A catalog over `warehouse` (made absolute).
    public init(warehouse: String) {
        self.warehouse = LocalStorage(root: warehouse).root
    }

    /// The directory of table `name` (one part: in the current schema; two: schema.table;
    /// three: catalog.schema.table, the catalog ignored).
    public func location(_ name: [String]) throws -> String {
        switch name.count {
        case 1: return warehouse + "/" + currentSchema + "/" + name[0]
        case 2: return warehouse + "/" + name[0] + "/" + name[1]
        case 3: return warehouse + "/" + name[1] + "/" + name[2]
        default: throw QueryError(.notFound, "'\(name.joined(separator: "."))' is not a table name (use table, schema.table or catalog.schema.table)")
        }
    }

    /// The Delta table `name`, which must exist.
    public func table(_ name: [String]) throws -> DeltaTable {
        let path = try location(name)
        let table = DeltaTable(path: path)
        guard try table.exists() else {
            let schema = name.count >= 2 ? name[name.count - 2] : currentSchema
            let candidates = (try? tables(in: schema)) ?? []
            let hint = Suggestions.nearest(name.last!, candidates).map { "; did you mean '\($0)'?" } ?? ""
            throw QueryError(.notFound, "table '\(name.joined(separator: "."))' not found (no Delta table at \(path))\(hint)")
        }
        return table
    }

    /// The schemas (directories of the warehouse), sorted.
    public func schemas() throws -> [String] {
        entries(warehouse).filter { isDirectory(warehouse + "/" + $0) && !$0.hasPrefix(".") && !$0.hasPrefix("_") }.sorted()
    }

    /// The tables of `schema`, sorted.
    public func tables(in schema: String) throws -> [String] {
        let dir = warehouse + "/" + schema
        return entries(dir).filter { isDirectory(dir + "/" + $0 + "/_delta_log") }.sorted()
    }

    /// Creates a schema directory.
    public func createSchema(_ name: String, ifNotExists: Bool) throws {
        let dir = warehouse + "/" + name
        if isDirectory(dir) {
            if ifNotExists { return }
            throw QueryError(.invalidArgument, "schema '\(name)' already exists")
        }
        try makeDirectories(dir)
    }

    /// Deletes a table's directory.
    public func dropTable(_ name: [String], ifExists: Bool) throws {
        let path = try location(name)
        guard isDirectory(path + "/_delta_log") else {
            if ifExists { return }
            throw QueryError(.notFound, "table '\(name.joined(separator: "."))' not found")
        }
        try removeTree(path)
    }

    func entries(_ dir: String) -> [String] {
        guard let d = opendir(dir) else { return [] }
        defer { closedir(d) }
        var out: [String] = []
        while let e = readdir(d) {
            let name = withUnsafePointer(to: e.pointee.d_name) { $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) } }
            if name != "." && name != ".." { out.append(name) }
        }
        return out
    }

    func isDirectory(_ path: String) -> Bool {
        var s = stat()
        return stat(path, &s) == 0 && (s.st_mode & S_IFMT) == S_IFDIR
    }

    func makeDirectories(_ path: String) throws {
        var dir = ""
        for part in path.split(separator: "/") {
            dir += "/" + part
            if mkdir(dir, 0o755) != 0 && errno != EEXIST {
                throw QueryError(.execution, "cannot create directory '\(dir)': \(String(cString: strerror(errno)))")
            }
        }
    }

    func removeTree(_ path: String) throws {
        if isDirectory(path) {
            for e in entries(path) { try removeTree(path + "/" + e) }
            if rmdir(path) != 0 { throw QueryError(.execution, "cannot remove '\(path)': \(String(cString: strerror(errno)))") }
        } else if unlink(path) != 0 && errno != ENOENT {
            throw QueryError(.execution, "cannot remove '\(path)': \(String(cString: strerror(errno)))")
        }
    }
}
