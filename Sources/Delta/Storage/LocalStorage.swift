#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Columnar

/// A table on the local filesystem.
///
/// ``putIfAbsent(_:_:)`` writes a temporary file in the same directory, fsyncs it, then
/// `link(2)`s it to the final name — link fails with EEXIST when another writer created the
/// version first — and fsyncs the directory; this is how delta-rs commits to local storage.
/// ``put(_:_:)`` writes a temporary file and `rename(2)`s it over the target.
public struct LocalStorage: Storage {
    /// The table root directory.
    public let root: String

    /// Storage rooted at `root` (created on first write when missing).
    public init(root: String) {
        var r = root
        if r.hasPrefix("file://") { r = String(r.dropFirst(7)) }
        if !r.hasPrefix("/") {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let cwd = getcwd(&buffer, buffer.count).map { String(cString: $0) } ?? "."
            r = r == "." ? cwd : cwd + "/" + (r.hasPrefix("./") ? String(r.dropFirst(2)) : r)
        }
        while r.count > 1 && r.hasSuffix("/") { r.removeLast() }
        self.root = r
    }

    public var location: String { root }

    public func localPath(_ path: String) -> String? { full(path) }

    func full(_ path: String) -> String {
        path.isEmpty ? root : root + "/" + path
    }

    static func errorText() -> String { String(cString: strerror(errno)) }

    func ioError(_ what: String, _ path: String) -> DeltaError {
        DeltaError(.io, "\(what) '\(path)': \(Self.errorText())", table: root)
    }

    public func list(_ directory: String) throws -> [StorageEntry] {
        let dirPath = full(directory)
        guard let dir = opendir(dirPath) else {
            if errno == ENOENT || errno == ENOTDIR { return [] }
            throw ioError("cannot list", directory)
        }
        defer { closedir(dir) }
        var out: [StorageEntry] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            var info = stat()
            guard stat(dirPath + "/" + name, &info) == 0 else { continue }  // vanished meanwhile
            out.append(Self.entry(name, info))
        }
        out.sort { $0.name < $1.name }
        return out
    }

    static func entry(_ name: String, _ info: stat) -> StorageEntry {
        let millis = Int64(info.st_mtim.tv_sec) * 1000 + Int64(info.st_mtim.tv_nsec) / 1_000_000
        return StorageEntry(
            name: name, size: Int64(info.st_size), modificationTime: millis,
            isDirectory: info.st_mode & S_IFMT == S_IFDIR)
    }

    public func status(_ path: String) throws -> StorageEntry? {
        var info = stat()
        guard stat(full(path), &info) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw ioError("cannot stat", path)
        }
        return Self.entry(String(path.split(separator: "/").last ?? ""), info)
    }

    public func read(_ path: String) throws -> Buffer {
        let fd = open(full(path), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { throw DeltaError(.io, "file not found: '\(path)'", table: root) }
            throw ioError("cannot open", path)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ioError("cannot stat", path) }
        let size = Int(info.st_size)
        var out = Buffer(capacity: size)
        let raw = out.appendUninitialized(size)
        var done = 0
        while done < size {
            let n = Glibc.read(fd, raw + done, size - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw ioError("cannot read", path)
            }
            if n == 0 { break }
            done += n
        }
        if done < size { out.truncate(to: done) }
        return out
    }

    /// Creates the directories on the way to `path`.
    func makeParents(_ path: String) throws {
        var dir = ""
        let parts = full(path).split(separator: "/", omittingEmptySubsequences: false).dropLast()
        for (i, part) in parts.enumerated() {
            dir += (i == 0 ? "" : "/") + part
            if dir.isEmpty { continue }
            if mkdir(dir, 0o755) != 0 && errno != EEXIST {
                throw ioError("cannot create directory", dir)
            }
        }
    }

    /// Writes `bytes` to a new temporary file next to `path` and fsyncs it; returns its path.
    func writeTemporary(near path: String, _ bytes: UnsafeRawBufferPointer) throws -> String {
        try makeParents(path)
        let target = full(path)
        var random = SystemRandomNumberGenerator()
        let temp = target + ".tmp-" + String(random.next(), radix: 36)
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ioError("cannot create", temp) }
        var done = 0
        while done < bytes.count {
            let n = write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                let e = ioError("cannot write", temp)
                close(fd)
                unlink(temp)
                throw e
            }
            done += n
        }
        if fsync(fd) != 0 {
            let e = ioError("cannot fsync", temp)
            close(fd)
            unlink(temp)
            throw e
        }
        close(fd)
        return temp
    }

    func syncDirectory(of path: String) {
        let dir = String(full(path).split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/"))
        let fd = open(dir.isEmpty ? "/" : dir, O_RDONLY | O_CLOEXEC)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }

    public func putIfAbsent(_ path: String, _ bytes: UnsafeRawBufferPointer) throws -> Bool {
        let temp = try writeTemporary(near: path, bytes)
        defer { unlink(temp) }
        if link(temp, full(path)) != 0 {
            if errno == EEXIST { return false }
            throw ioError("cannot create", path)
        }
        syncDirectory(of: path)
        return true
    }

    public func put(_ path: String, _ bytes: UnsafeRawBufferPointer) throws {
        let temp = try writeTemporary(near: path, bytes)
        if rename(temp, full(path)) != 0 {
            let e = ioError("cannot replace", path)
            unlink(temp)
            throw e
        }
        syncDirectory(of: path)
    }

    public func delete(_ path: String) throws {
        if unlink(full(path)) != 0 && errno != ENOENT {
            throw ioError("cannot delete", path)
        }
    }
}
