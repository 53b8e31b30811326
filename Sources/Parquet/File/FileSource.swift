#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Columnar

/// Where a reader's bytes come from: a local file read with `pread`, or bytes in memory.
/// Reads of disjoint ranges may run concurrently.
enum FileSource: @unchecked Sendable {
    case file(descriptor: Int32, size: Int)
    case memory(Buffer)

    /// Opens a local file for reading.
    static func open(path: String) throws -> FileSource {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw ParquetError(.io, "cannot open the file: \(String(cString: strerror(errno)))", file: path)
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let message = String(cString: strerror(errno))
            Glibc.close(fd)
            throw ParquetError(.io, "cannot stat the file: \(message)", file: path)
        }
        if info.st_mode & S_IFMT == S_IFDIR {
            Glibc.close(fd)
            throw ParquetError(.io, "is a directory, not a Parquet file", file: path)
        }
        return .file(descriptor: fd, size: Int(info.st_size))
    }

    /// Total size in bytes.
    var size: Int {
        switch self {
        case .file(_, let size): size
        case .memory(let buffer): buffer.count
        }
    }

    /// Reads `count` bytes at `offset` into a new buffer.
    func read(offset: Int, count: Int) throws -> Buffer {
        guard offset >= 0, count >= 0, offset <= size, count <= size - offset else {
            throw ParquetError(.truncated, "a read of \(count) bytes at offset \(offset) runs past the end of the \(size)-byte file")
        }
        switch self {
        case .memory(let buffer):
            return buffer.withUnsafeBytes { Buffer(bytes: UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + count)])) }
        case .file(let fd, _):
            var out = Buffer(capacity: count)
            let raw = out.appendUninitialized(count)
            var done = 0
            while done < count {
                let n = pread(fd, raw + done, count - done, off_t(offset + done))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw ParquetError(.io, "read failed: \(String(cString: strerror(errno)))")
                }
                if n == 0 {
                    throw ParquetError(.truncated, "the file ended after \(offset + done) bytes; expected \(offset + count)")
                }
                done += n
            }
            return out
        }
    }

    /// Releases the file descriptor.
    func close() {
        if case .file(let fd, _) = self { _ = Glibc.close(fd) }
    }
}
