#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Lakehouse

/// Writes to the process's standard output and standard error.
enum StandardOutput {
    /// Writes raw bytes to stdout.
    static func write(_ bytes: UnsafeRawBufferPointer) {
        write(bytes, to: STDOUT_FILENO)
    }

    /// Writes all of `bytes` to a file descriptor (a closed pipe ends the process quietly).
    static func write(_ bytes: UnsafeRawBufferPointer, to fd: Int32) {
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(fd, base + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { exit(0) }
                return
            }
            done += n
        }
    }

    /// Writes a line to stdout.
    static func line(_ text: String) {
        var text = text + "\n"
        text.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }

    /// Writes a line to stderr.
    static func error(_ text: String) {
        var text = text + "\n"
        text.withUTF8 { write(UnsafeRawBufferPointer($0), to: STDERR_FILENO) }
    }

    /// A row writer that streams `format` to stdout.
    static func rowWriter(_ format: RowFormat, schema: Schema) -> RowWriter {
        RowWriter(format: format, schema: schema, output: { write($0) })
    }

    /// Prints batches in `format`.
    static func print(_ batches: [RecordBatch], format: RowFormat, schema: Schema) {
        var writer = rowWriter(format, schema: schema)
        for batch in batches { writer.write(batch) }
        writer.finish()
    }
}

extension RowFormat: ExpressibleByArgument {}
