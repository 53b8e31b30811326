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
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        _ = fwrite(base, 1, bytes.count, stdout)
    }

    /// Writes a line to stdout.
    static func line(_ text: String) {
        var text = text + "\n"
        text.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }

    /// Writes a line to stderr.
    static func error(_ text: String) {
        fputs(text + "\n", stderr)
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
        fflush(stdout)
    }
}

extension RowFormat: ExpressibleByArgument {}
