/// The window of input a reader tokenizes: bytes `[start, end)` of ``pointer`` are loaded and not
/// yet consumed. ``load(compact:)`` reads one more block, first moving the unconsumed bytes to
/// the front when allowed (no tokenized field still points into the buffer).
struct BlockBuffer {
    /// Owns the memory.
    final class Storage {
        var pointer: UnsafeMutablePointer<UInt8>
        var capacity: Int

        init(capacity: Int) {
            pointer = .allocate(capacity: capacity)
            self.capacity = capacity
        }

        deinit { pointer.deallocate() }
    }

    /// The largest buffer a reader may need (positions are stored as `Int32`).
    static let maximumSize = Int(Int32.max)

    let source: ByteSource
    let blockSize: Int
    let storage: Storage
    /// The first byte not yet consumed.
    var start = 0
    /// One past the last loaded byte.
    var end = 0
    /// Whether the source is exhausted.
    var atEOF = false
    /// Bytes loaded before the current buffer start (for error messages and offsets).
    var discarded = 0

    /// A buffer reading `blockSize` bytes at a time from `source`.
    init(source: ByteSource, blockSize: Int) {
        self.source = source
        self.blockSize = blockSize
        storage = Storage(capacity: blockSize + 1)
    }

    /// The buffer's memory (valid until the next ``load(compact:)``).
    var pointer: UnsafeMutablePointer<UInt8> { storage.pointer }

    /// Reads the next block after ``end``. With `compact`, the unconsumed bytes first move to
    /// the front (invalidating positions into the buffer). Sets ``atEOF`` when nothing is left.
    mutating func load(compact: Bool) throws(TextFormatError) {
        guard !atEOF else { return }
        if compact && start > 0 {
            let kept = end - start
            if kept > 0 { storage.pointer.update(from: storage.pointer + start, count: kept) }
            discarded += start
            start = 0
            end = kept
        }
        if end + blockSize > storage.capacity {
            let needed = end + blockSize
            guard needed <= BlockBuffer.maximumSize else {
                throw TextFormatError(.invalidArgument, "a record or the inference sample exceeds \(BlockBuffer.maximumSize) bytes", file: source.name)
            }
            let newCapacity = min(max(needed, storage.capacity * 2), BlockBuffer.maximumSize)
            let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            fresh.update(from: storage.pointer, count: end)
            storage.pointer.deallocate()
            storage.pointer = fresh
            storage.capacity = newCapacity
        }
        let n = try source.read(into: storage.pointer + end, count: blockSize)
        if n == 0 { atEOF = true }
        end += n
    }
}
