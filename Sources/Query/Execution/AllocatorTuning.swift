#if canImport(Glibc)
import Glibc
#endif

/// Keeps glibc's allocator from handing query-sized buffers back to the kernel.
///
/// Batches are a Parquet row group (~100k rows), so every kernel allocates buffers of a few
/// hundred kilobytes to a few megabytes and frees them a moment later. With glibc's defaults
/// those come from `mmap` (or the heap top is trimmed after each free), so every batch pays
/// for fresh zeroed pages — a third of TPC-H Q1's time went to page faults. Raising the mmap
/// and trim thresholds once keeps the memory in the process for reuse (the resident size stays
/// at its high-water mark). Elsewhere this does nothing.
enum AllocatorTuning {
    /// Applied on first use.
    static let applied: Void = {
        #if canImport(Glibc)
        _ = glibcMallopt(-3, 32 << 20)  // M_MMAP_THRESHOLD: glibc's largest allowed value
        _ = glibcMallopt(-1, 128 << 20)  // M_TRIM_THRESHOLD
        #endif
    }()
}

#if canImport(Glibc)
/// glibc's `int mallopt(int param, int value)` (malloc.h is not in the Glibc module).
@_silgen_name("mallopt")
private func glibcMallopt(_ param: Int32, _ value: Int32) -> Int32
#endif
