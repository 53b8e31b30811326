#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Columnar

/// Where a writer's bytes go: a local file (written sequentially, fsynced on close when asked)
/// or memory.
final class FileSink {
    enum Target {
        case file(descriptor: Int32, path: String)
        case memory
    }

    private let target: Target
    /// Bytes written so far (the next write's file offset).
    private(set) var position: Int64 = 0
    /// The bytes, for a memory sink.
    private(set) var memory = Buffer()

    /// Creates (or truncates) the file at `path`.
    init(path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw ParquetError(.io, "cannot create the file: \(String(cString: strerror(errno)))", file: path)
        }
        target = .file(descriptor: fd, path: path)
    }

    /// A sink that keeps the bytes in memory.
    init() {
        target = .memory
    }

    /// Appends bytes.
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count > 0 else { return }
        switch target {
        case .memory:
            memory.append(bytes: bytes)
        case .file(let fd, let path):
            var done = 0
            while done < bytes.count {
                let n = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw ParquetError(.io, "write failed: \(String(cString: strerror(errno)))", file: path)
                }
                done += n
            }
        }
        position += Int64(bytes.count)
    }

    func write(_ buffer: Buffer) throws {
        try buffer.withUnsafeBytes { try write($0) }
    }

    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Flushes to stable storage (files only) and closes.
    func close(sync: Bool) throws {
        guard case .file(let fd, let path) = target else { return }
        defer { Glibc.close(fd) }
        if sync && fsync(fd) != 0 {
            throw ParquetError(.io, "fsync failed: \(String(cString: strerror(errno)))", file: path)
        }
    }

    /// Closes without syncing, ignoring errors (after a failure).
    func abandon() {
        if case .file(let fd, _) = target { Glibc.close(fd) }
    }
}
