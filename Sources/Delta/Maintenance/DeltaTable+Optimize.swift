extension DeltaTable {
    /// OPTIMIZE: compacts small files into files of about the target size (bin-packing), or
    /// with ``OptimizeOptions/zOrderBy`` rewrites each partition Z-ordered by those columns,
    /// so statistics skip more files for filters on any of them.
    ///
    /// The commit (operation `OPTIMIZE`) removes and adds files with dataChange = false at
    /// SnapshotIsolation: a concurrent append never conflicts with it, a concurrent removal of
    /// a file it rewrote does (a ``DeltaError/Code/concurrentModification``). Rows marked
    /// deleted by deletion vectors are dropped from the files rewritten. Bin-packing is
    /// idempotent: when no partition has two files to combine, nothing is committed
    /// (``OptimizeMetrics/commit`` is nil).
    ///
    /// ```swift
    /// var options = OptimizeOptions()
    /// options.zOrderBy = ["x", "y"]
    /// let metrics = try DeltaTable(path: "/data/events").optimize(options)
    /// ```
    @discardableResult
    public func optimize(_ options: OptimizeOptions = OptimizeOptions()) throws -> OptimizeMetrics {
        guard try exists() else { throw DeltaError(.tableNotFound, "no Delta table here", table: location) }
        return try OptimizeExecutor(table: self, snapshot: try snapshot(), options: options).run()
    }
}
