#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few POSIX file operations the workspace needs; every write replaces the file
/// atomically (write a temporary file in the same directory, fsync, rename).
enum FileSystem {
    static func errorText() -> String { String(cString: strerror(errno)) }

    /// The file's bytes, or nil when it does not exist.
    static func read(_ path: String) throws -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw JobsError(.io, "cannot open: \(errorText())", at: path)
        }
        defer { close(fd) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw JobsError(.io, "cannot read: \(errorText())", at: path)
            }
            if n == 0 { break }
            out += buffer[0..<n]
        }
        return out
    }

    /// The file as UTF-8 text (invalid bytes repaired), or nil when it does not exist.
    static func readText(_ path: String) throws -> String? {
        try read(path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Writes all of `bytes` to `fd`.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw JobsError(.io, "cannot write: \(errorText())", at: path)
            }
            done += n
        }
    }

    /// Replaces `path` with `bytes` atomically: readers see the old file or the new one, never
    /// a mix. Creates missing parent directories.
    static func writeAtomically(_ path: String, _ bytes: [UInt8]) throws {
        try makeDirectories(parent(of: path))
        let temp = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw JobsError(.io, "cannot create: \(errorText())", at: temp) }
        do {
            try writeAll(fd, bytes, path: temp)
            if fsync(fd) != 0 { throw JobsError(.io, "cannot sync: \(errorText())", at: temp) }
        } catch {
            close(fd)
            unlink(temp)
            throw error
        }
        close(fd)
        if rename(temp, path) != 0 {
            let message = errorText()
            unlink(temp)
            throw JobsError(.io, "cannot replace: \(message)", at: path)
        }
    }

    /// Writes text atomically.
    static func writeAtomically(_ path: String, _ text: String) throws {
        try writeAtomically(path, Array(text.utf8))
    }

    /// Creates `path` and its missing parents.
    static func makeDirectories(_ path: String) throws {
        if isDirectory(path) { return }
        var dir = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            dir += "/" + part
            if mkdir(dir, 0o755) != 0 && errno != EEXIST {
                throw JobsError(.io, "cannot create directory: \(errorText())", at: dir)
            }
        }
    }

    /// The directory part of a path.
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// The last component of a path.
    static func baseName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// The names in a directory (without `.` and `..`), unsorted; empty when it is missing.
    static func list(_ dir: String) -> [String] {
        guard let d = opendir(dir) else { return [] }
        defer { closedir(d) }
        var out: [String] = []
        while let e = readdir(d) {
            let name = withUnsafePointer(to: e.pointee.d_name) { $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) } }
            if name != "." && name != ".." { out.append(name) }
        }
        return out
    }

    /// File status, or nil when the path does not exist.
    static func status(_ path: String) -> stat? {
        var s = stat()
        return stat(path, &s) == 0 ? s : nil
    }

    static func isDirectory(_ path: String) -> Bool {
        guard let s = status(path) else { return false }
        return (s.st_mode & S_IFMT) == S_IFDIR
    }

    static func isFile(_ path: String) -> Bool {
        guard let s = status(path) else { return false }
        return (s.st_mode & S_IFMT) == S_IFREG
    }

    static func exists(_ path: String) -> Bool { status(path) != nil }

    /// Deletes a file (a missing file is fine).
    static func remove(_ path: String) throws {
        if unlink(path) != 0 && errno != ENOENT { throw JobsError(.io, "cannot remove: \(errorText())", at: path) }
    }

    /// Deletes a directory tree (or a file).
    static func removeTree(_ path: String) throws {
        if isDirectory(path) {
            for e in list(path) { try removeTree(path + "/" + e) }
            if rmdir(path) != 0 && errno != ENOENT { throw JobsError(.io, "cannot remove: \(errorText())", at: path) }
        } else {
            try remove(path)
        }
    }

    /// An absolute version of `path` (relative to the current directory), with `.` and `..`
    /// components resolved lexically.
    static func absolute(_ path: String, relativeTo base: String? = nil) -> String {
        var full = path
        if !path.hasPrefix("/") {
            let root = base ?? currentDirectory()
            full = root + "/" + path
        }
        var parts: [Substring] = []
        for part in full.split(separator: "/") {
            if part == "." { continue }
            if part == ".." { _ = parts.popLast(); continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "." }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The environment variable's value, if set and non-empty.
    static func environment(_ name: String) -> String? {
        guard let v = getenv(name) else { return nil }
        let s = String(cString: v)
        return s.isEmpty ? nil : s
    }
}
