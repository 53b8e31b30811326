/// The deleted rows of one data file, from its deletion vector.
struct DeletionMask {
    let bitmap: RoaringBitmapArray

    init(_ descriptor: DeletionVectorDescriptor, tableRoot: String, file: String) throws {
        do {
            bitmap = try descriptor.load(tableRoot: tableRoot)
        } catch let error as DeltaError {
            throw DeltaError(error.code, "deletion vector of '\(file)': \(error.message)", table: tableRoot, cause: error.cause)
        }
    }

    /// Indices (relative to `start`) of the rows in `start ..< start + count` that survive.
    func survivors(from start: Int, count: Int) -> [Int32] {
        bitmap.survivingIndices(start: UInt64(start), count: count)
    }
}
