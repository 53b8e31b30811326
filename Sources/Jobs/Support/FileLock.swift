#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive advisory lock on a file (`flock`), held for the duration of a closure. Every
/// call opens the lock file anew, so it excludes other processes and other threads of this
/// process alike (flock locks belong to the open file description).
struct FileLock {
    /// The lock file (created when missing).
    let path: String

    /// Runs `body` while holding the lock.
    func withLock<T>(_ body: () throws -> T) throws -> T {
        try FileSystem.makeDirectories(FileSystem.parent(of: path))
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw JobsError(.io, "cannot open lock file: \(FileSystem.errorText())", at: path) }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            if errno != EINTR { throw JobsError(.io, "cannot lock: \(FileSystem.errorText())", at: path) }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}
