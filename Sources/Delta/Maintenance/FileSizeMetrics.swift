/// Size statistics of a set of files, as OPTIMIZE's `filesAdded` / `filesRemoved` report them.
public struct FileSizeMetrics: Sendable, Equatable {
    /// The smallest file's size (0 for no files).
    public var min: Int64 = 0
    /// The largest file's size (0 for no files).
    public var max: Int64 = 0
    /// The average size (0 for no files).
    public var avg: Double = 0
    /// How many files.
    public var totalFiles: Int64 = 0
    /// Their total size.
    public var totalSize: Int64 = 0

    /// The statistics of files of `sizes`.
    public init(_ sizes: [Int64] = []) {
        guard let lo = sizes.min(), let hi = sizes.max() else { return }
        min = lo
        max = hi
        totalFiles = Int64(sizes.count)
        totalSize = sizes.reduce(0, +)
        avg = Double(totalSize) / Double(sizes.count)
    }
}
