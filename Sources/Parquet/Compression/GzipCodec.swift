import CZlib
import Columnar

/// GZIP through zlib: writes the gzip format, reads gzip or zlib streams (detected from the
/// header), including several concatenated gzip members.
enum GzipCodec {
    /// zlib's default level, also parquet-rs's (see ``CompressionCodec/defaultCompressionLevel``).
    static let defaultLevel: Int32 = 6

    /// Decompresses into exactly `output.count` bytes; both pointers are non-nil and both
    /// counts fit in `UInt32` (the caller checks them against `Int32.max`).
    static func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws {
        var stream = z_stream()
        // windowBits 15 + 32: the largest window, with automatic gzip/zlib header detection.
        let initStatus = inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard initStatus == Z_OK else {
            throw ParquetError.decompression(.gzip, input: input.count, declared: output.count, "inflateInit2 failed (zlib status \(initStatus))")
        }
        defer { inflateEnd(&stream) }
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress!.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        stream.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(output.count)
        // Every iteration either makes progress or ends: zlib reports Z_BUF_ERROR when it can
        // neither consume input nor produce output.
        while true {
            let status = inflate(&stream, Z_NO_FLUSH)
            if status == Z_OK { continue }
            if status == Z_STREAM_END {
                if stream.avail_in == 0 { break }
                // Another gzip member follows.
                guard inflateReset(&stream) == Z_OK else {
                    throw ParquetError.decompression(.gzip, input: input.count, declared: output.count, "inflateReset failed")
                }
                continue
            }
            if status == Z_BUF_ERROR {
                if stream.avail_out == 0 {
                    throw ParquetError.decompressedTooLarge(.gzip, input: input.count, declared: output.count)
                }
                throw ParquetError.decompression(.gzip, input: input.count, declared: output.count,
                                                 "the compressed data is truncated after \(output.count - Int(stream.avail_out)) bytes of output")
            }
            throw ParquetError.decompression(.gzip, input: input.count, declared: output.count, zlibMessage(stream, status))
        }
        let produced = output.count - Int(stream.avail_out)
        guard produced == output.count else {
            throw ParquetError.decompressedSize(.gzip, input: input.count, declared: output.count, actual: produced)
        }
    }

    /// Appends `input` (non-nil base, at most `Int32.max` bytes) as one gzip member.
    static func compress(_ input: UnsafeRawBufferPointer, into output: inout Buffer, level: Int32) throws {
        var stream = z_stream()
        // windowBits 15 + 16: the largest window, gzip header and trailer.
        let initStatus = deflateInit2_(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard initStatus == Z_OK else {
            throw ParquetError.compression(.gzip, input: input.count, "deflateInit2 failed (zlib status \(initStatus))")
        }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(input.count)))
        guard bound <= Int(UInt32.max) else {
            throw ParquetError.compression(.gzip, input: input.count, "the output bound \(bound) does not fit zlib's counters")
        }
        let start = output.count
        stream.next_out = output.appendUninitialized(bound).assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(bound)
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress!.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        // With deflateBound's room, one Z_FINISH call completes the stream.
        let status = deflate(&stream, Z_FINISH)
        guard status == Z_STREAM_END else {
            let message = zlibMessage(stream, status)
            output.truncate(to: start)
            throw ParquetError.compression(.gzip, input: input.count, message)
        }
        output.truncate(to: start + (bound - Int(stream.avail_out)))
    }

    /// zlib's message for a failed call, or the status number.
    private static func zlibMessage(_ stream: z_stream, _ status: Int32) -> String {
        if let msg = stream.msg { return "zlib: \(String(cString: msg))" }
        return "zlib status \(status)"
    }
}
