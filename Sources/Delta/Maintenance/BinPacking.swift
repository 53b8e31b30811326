/// Groups a partition's files into bins for OPTIMIZE, as Spark's OptimizeExecutor does.
///
/// Bin-packing: files sorted by size (smallest first) fill a bin until the next one would take
/// it past `maxBinSize`; a bin of one file is dropped (rewriting it alone gains nothing), which
/// makes compaction idempotent. Z-ordering puts every file of the partition in one bin and
/// keeps it even when it holds a single file.
enum BinPacking {
    static func bins(_ files: [AddFile], maxBinSize: Int64, zOrder: Bool) -> [[AddFile]] {
        if zOrder { return files.isEmpty ? [] : [files] }
        let sorted = files.enumerated().sorted { ($0.element.size, $0.offset) < ($1.element.size, $1.offset) }.map(\.element)
        var bins: [[AddFile]] = []
        var current: [AddFile] = []
        var currentSize: Int64 = 0
        for file in sorted {
            if !current.isEmpty && file.size > maxBinSize - currentSize {
                bins.append(current)
                current = []
                currentSize = 0
            }
            current.append(file)
            currentSize += file.size
        }
        if !current.isEmpty { bins.append(current) }
        return bins.filter { $0.count > 1 }
    }
}
