#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a reader's bytes come from: an open file read sequentially, or bytes in memory.
final class ByteSource {
    private var fd: Int32 = -1
    private let bytes: [UInt8]
    private var offset = 0
    /// The name used in error messages (the path, or the name given with the bytes).
    let name: String

    /// Opens the file at `path` for reading.
    init(path: String) throws(TextFormatError) {
        name = path
        bytes = []
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw TextFormatError(.io, "cannot open: \(String(cString: strerror(errno)))", file: path)
        }
        self.fd = fd
    }

    /// Serves `bytes`.
    init(bytes: [UInt8], name: String) {
        self.name = name
        self.bytes = bytes
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    /// Reads up to `count` bytes into `destination`; 0 means end of input.
    func read(into destination: UnsafeMutablePointer<UInt8>, count: Int) throws(TextFormatError) -> Int {
        if fd < 0 {
            let n = min(count, bytes.count - offset)
            guard n > 0 else { return 0 }
            bytes.withUnsafeBufferPointer { destination.update(from: $0.baseAddress! + offset, count: n) }
            offset += n
            return n
        }
        while true {
            let n = Glibc.read(fd, destination, count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw TextFormatError(.io, "read failed: \(String(cString: strerror(errno)))", file: name)
        }
    }
}
