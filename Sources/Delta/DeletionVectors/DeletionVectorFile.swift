#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A local deletion vector file opened for positioned reads.
struct DeletionVectorFile {
    /// The path, for messages.
    let path: String
    /// The open descriptor.
    let descriptor: Int32
    /// Size in bytes.
    let size: Int

    /// Opens `path` for reading; throws ``DeltaError/Code/io`` when it cannot be opened or is a
    /// directory.
    init(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw DeltaError(.io, "cannot open the deletion vector file '\(path)': \(String(cString: strerror(errno)))")
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let message = String(cString: strerror(errno))
            _ = Glibc.close(fd)
            throw DeltaError(.io, "cannot stat the deletion vector file '\(path)': \(message)")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            _ = Glibc.close(fd)
            throw DeltaError(.io, "the deletion vector path '\(path)' is not a regular file")
        }
        self.path = path
        self.descriptor = fd
        self.size = Int(info.st_size)
    }

    /// Reads `count` bytes at `offset`; the caller has checked they lie within ``size``.
    func read(offset: Int, count: Int) throws -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= size, count <= size - offset else {
            throw DeltaError(.corruptLog, "a read of \(count) bytes at offset \(offset) runs past the end of the \(size)-byte file '\(path)'")
        }
        return try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var done = 0
            while done < count {
                let n = pread(descriptor, buffer.baseAddress! + done, count - done, off_t(offset + done))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw DeltaError(.io, "reading the deletion vector file '\(path)' failed: \(String(cString: strerror(errno)))")
                }
                if n == 0 {
                    throw DeltaError(.io, "the deletion vector file '\(path)' ended after \(offset + done) bytes; expected \(offset + count)")
                }
                done += n
            }
            initialized = count
        }
    }

    /// Closes the descriptor.
    func close() {
        _ = Glibc.close(descriptor)
    }
}
