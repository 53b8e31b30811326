#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CZstd
import Columnar

/// ZSTD through libzstd's one-shot API, with one decompression and one compression context
/// per thread, created on first use and freed when the thread exits.
///
/// A context is used only for the duration of one synchronous call on its thread, so no two
/// calls ever share one; `ZSTD_decompressDCtx` and `ZSTD_compressCCtx` start every call from a
/// clean state (no sticky parameters are ever set), including after an error.
enum ZstdCodec {
    /// The level arrow-cpp and parquet-rs default to (see ``CompressionCodec/defaultCompressionLevel``).
    static let defaultLevel: Int32 = 1

    /// Decompresses into exactly `output.count` bytes; both pointers are non-nil. Several
    /// concatenated frames are accepted.
    static func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws {
        guard let context = decompressionContext() else {
            throw ParquetError.decompression(.zstd, input: input.count, declared: output.count, "cannot allocate a decompression context")
        }
        let result = ZSTD_decompressDCtx(context, output.baseAddress, output.count, input.baseAddress, input.count)
        guard ZSTD_isError(result) == 0 else {
            throw ParquetError.decompression(.zstd, input: input.count, declared: output.count, "zstd: \(String(cString: ZSTD_getErrorName(result)))")
        }
        guard result == output.count else {
            throw ParquetError.decompressedSize(.zstd, input: input.count, declared: output.count, actual: result)
        }
    }

    /// Appends the compressed form of `input` (non-nil base) as one frame.
    static func compress(_ input: UnsafeRawBufferPointer, into output: inout Buffer, level: Int32) throws {
        guard let context = compressionContext() else {
            throw ParquetError.compression(.zstd, input: input.count, "cannot allocate a compression context")
        }
        let bound = ZSTD_compressBound(input.count)
        guard ZSTD_isError(bound) == 0 else {
            throw ParquetError.compression(.zstd, input: input.count, "zstd: \(String(cString: ZSTD_getErrorName(bound)))")
        }
        let start = output.count
        let dst = output.appendUninitialized(bound)
        let result = ZSTD_compressCCtx(context, dst, bound, input.baseAddress, input.count, level)
        guard ZSTD_isError(result) == 0, result <= bound else {
            output.truncate(to: start)
            throw ParquetError.compression(.zstd, input: input.count, "zstd: \(String(cString: ZSTD_getErrorName(result)))")
        }
        output.truncate(to: start + result)
    }

    /// This thread's decompression context.
    private static func decompressionContext() -> OpaquePointer? {
        if let existing = pthread_getspecific(decompressionKey) { return OpaquePointer(existing) }
        guard let fresh = ZSTD_createDCtx() else { return nil }
        guard pthread_setspecific(decompressionKey, UnsafeRawPointer(fresh)) == 0 else {
            ZSTD_freeDCtx(fresh)
            return nil
        }
        return fresh
    }

    /// This thread's compression context.
    private static func compressionContext() -> OpaquePointer? {
        if let existing = pthread_getspecific(compressionKey) { return OpaquePointer(existing) }
        guard let fresh = ZSTD_createCCtx() else { return nil }
        guard pthread_setspecific(compressionKey, UnsafeRawPointer(fresh)) == 0 else {
            ZSTD_freeCCtx(fresh)
            return nil
        }
        return fresh
    }

    /// Thread-local slot of the decompression context; its destructor frees the context.
    private static let decompressionKey: pthread_key_t = makeKey { ZSTD_freeDCtx(OpaquePointer($0)) }

    /// Thread-local slot of the compression context; its destructor frees the context.
    private static let compressionKey: pthread_key_t = makeKey { ZSTD_freeCCtx(OpaquePointer($0)) }

    private static func makeKey(_ destructor: @escaping @convention(c) (UnsafeMutableRawPointer?) -> Void) -> pthread_key_t {
        var key = pthread_key_t()
        let status = pthread_key_create(&key, destructor)
        // Only fails when the process is out of thread-local keys: not recoverable.
        precondition(status == 0, "pthread_key_create failed with status \(status)")
        return key
    }
}
