#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The two local-filesystem calls maintenance needs beyond ``Storage``: RESTORE checks that the
/// files it adds back exist; VACUUM removes the directories it emptied.
enum LocalFile {
    /// Whether a file exists at `path`.
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// Removes an empty directory; false when it is missing or not empty.
    static func removeDirectory(_ path: String) -> Bool {
        rmdir(path) == 0
    }
}
