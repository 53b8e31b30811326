import Columnar

/// One decoded leaf column chunk: its level streams and its non-null values, densely packed.
struct LeafData: Sendable {
    /// Definition levels, one byte per entry; empty when the max definition level is 0.
    var definitionLevels: Buffer
    /// Repetition levels, one byte per entry; empty when the max repetition level is 0.
    var repetitionLevels: Buffer
    /// Number of level entries (values including nulls and empty lists).
    var entryCount: Int
    /// The values of the entries whose definition level is the maximum, in order, no validity.
    var values: Column

    init(valueType: DataType, capacity: Int = 0) {
        definitionLevels = Buffer()
        repetitionLevels = Buffer()
        entryCount = 0
        values = Column(empty: valueType, capacity: capacity)
    }
}
