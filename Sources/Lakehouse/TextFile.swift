#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Query

/// A file written sequentially (for text results).
final class TextFile {
    private let fd: Int32
    private let path: String
    private var failed: String?

    init(path: String) throws {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw QueryError(.execution, "cannot create '\(path)': \(String(cString: strerror(errno)))") }
    }

    func write(_ bytes: UnsafeRawBufferPointer) {
        guard failed == nil, let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(fd, base + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                failed = String(cString: strerror(errno))
                return
            }
            done += n
        }
    }

    func close() throws {
        Glibc.close(fd)
        if let failed { throw QueryError(.execution, "cannot write '\(path)': \(failed)") }
    }
}
