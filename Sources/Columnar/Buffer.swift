#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable, 64-byte aligned byte buffer with value semantics (copy on write).
///
/// `Buffer` is the storage under every ``Column``: fixed-width values, string bytes and
/// offsets all live in one. Hot loops open it once with ``withUnsafeMutableBytes(_:)`` or
/// the typed variants and work on raw pointers; appends that grow the buffer reallocate
/// geometrically.
public struct Buffer: @unchecked Sendable {
    @usableFromInline
    final class Storage {
        @usableFromInline var pointer: UnsafeMutableRawPointer
        @usableFromInline var capacity: Int

        @usableFromInline
        init(capacity: Int) {
            let size = Swift.max(capacity, 64)
            var raw: UnsafeMutableRawPointer?
            guard posix_memalign(&raw, 64, size) == 0, let raw else {
                fatalError("Buffer: out of memory allocating \(size) bytes")
            }
            pointer = raw
            self.capacity = size
        }

        deinit { free(pointer) }
    }

    @usableFromInline var storage: Storage
    @usableFromInline var _count: Int
    /// Number of initialized bytes.
    @inlinable public var count: Int { _count }

    /// Creates an empty buffer able to hold `capacity` bytes without reallocating.
    @inlinable
    public init(capacity: Int = 0) {
        storage = Storage(capacity: capacity)
        _count = 0
    }

    /// Creates a buffer of `count` zero bytes.
    public init(zeroed count: Int) {
        storage = Storage(capacity: count)
        memset(storage.pointer, 0, count)
        self._count = count
    }

    /// Creates a buffer holding a copy of `bytes`.
    public init(bytes: UnsafeRawBufferPointer) {
        storage = Storage(capacity: bytes.count)
        if let base = bytes.baseAddress, bytes.count > 0 {
            storage.pointer.copyMemory(from: base, byteCount: bytes.count)
        }
        _count = bytes.count
    }

    /// Creates a buffer holding a copy of `bytes`.
    public init<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        self.init(capacity: bytes.count)
        append(contentsOf: bytes)
    }

    /// Creates a buffer holding the raw bytes of `values`.
    public init<T: BitwiseCopyable>(values: [T]) {
        self = values.withUnsafeBytes { Buffer(bytes: $0) }
    }

    /// Bytes the buffer can hold before it must reallocate.
    @inlinable public var capacity: Int { storage.capacity }

    @inlinable
    mutating func makeUnique(minimumCapacity: Int) {
        let unique = isKnownUniquelyReferenced(&storage)
        if unique && storage.capacity >= minimumCapacity { return }
        let newCapacity = unique ? Swift.max(minimumCapacity, storage.capacity &* 2) : Swift.max(minimumCapacity, count)
        let fresh = Storage(capacity: newCapacity)
        if count > 0 { fresh.pointer.copyMemory(from: storage.pointer, byteCount: count) }
        storage = fresh
    }

    /// Makes room for at least `byteCount` bytes in total.
    @inlinable
    public mutating func reserveCapacity(_ byteCount: Int) {
        makeUnique(minimumCapacity: byteCount)
    }

    /// Appends `byteCount` uninitialized bytes and returns a pointer to them; the caller
    /// must initialize them before reading. The pointer is valid until the next mutation.
    @inlinable
    public mutating func appendUninitialized(_ byteCount: Int) -> UnsafeMutableRawPointer {
        makeUnique(minimumCapacity: count &+ byteCount)
        let p = storage.pointer + count
        _count &+= byteCount
        return p
    }

    /// Appends `byteCount` zero bytes.
    @inlinable
    public mutating func appendZeros(_ byteCount: Int) {
        guard byteCount > 0 else { return }
        memset(appendUninitialized(byteCount), 0, byteCount)
    }

    /// Appends one value's raw bytes.
    @inlinable
    public mutating func append<T: BitwiseCopyable>(_ value: T) {
        appendUninitialized(MemoryLayout<T>.size).storeBytes(of: value, as: T.self)
    }

    /// Appends raw bytes.
    @inlinable
    public mutating func append(bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        appendUninitialized(bytes.count).copyMemory(from: base, byteCount: bytes.count)
    }

    /// Appends the bytes of a collection.
    @inlinable
    public mutating func append<C: Collection>(contentsOf bytes: C) where C.Element == UInt8 {
        if let done: Void = bytes.withContiguousStorageIfAvailable({ append(bytes: UnsafeRawBufferPointer($0)) }) {
            return done
        }
        let p = appendUninitialized(bytes.count)
        var i = 0
        for b in bytes { p.storeBytes(of: b, toByteOffset: i, as: UInt8.self); i += 1 }
    }

    /// Removes all bytes, keeping the allocation when the buffer is not shared.
    @inlinable
    public mutating func removeAll(keepingCapacity: Bool = true) {
        if keepingCapacity && isKnownUniquelyReferenced(&storage) {
            _count = 0
        } else {
            storage = Storage(capacity: 0)
            _count = 0
        }
    }

    /// Shrinks the buffer to `byteCount` bytes.
    @inlinable
    public mutating func truncate(to byteCount: Int) {
        precondition(byteCount <= count)
        makeUnique(minimumCapacity: byteCount)
        _count = byteCount
    }

    /// Calls `body` with the initialized bytes.
    @inlinable
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: storage.pointer, count: count))
    }

    /// Calls `body` with the initialized bytes, mutable.
    @inlinable
    public mutating func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        makeUnique(minimumCapacity: count)
        return try body(UnsafeMutableRawBufferPointer(start: storage.pointer, count: count))
    }

    /// Calls `body` with the bytes viewed as values of `T` (the buffer is 64-byte aligned).
    @inlinable
    public func withUnsafeBufferPointer<T: BitwiseCopyable, R>(
        as type: T.Type, _ body: (UnsafeBufferPointer<T>) throws -> R
    ) rethrows -> R {
        let n = count / MemoryLayout<T>.stride
        return try body(UnsafeBufferPointer(start: storage.pointer.assumingMemoryBound(to: T.self), count: n))
    }

    /// Calls `body` with the bytes viewed as mutable values of `T`.
    @inlinable
    public mutating func withUnsafeMutableBufferPointer<T: BitwiseCopyable, R>(
        as type: T.Type, _ body: (UnsafeMutableBufferPointer<T>) throws -> R
    ) rethrows -> R {
        makeUnique(minimumCapacity: count)
        let n = count / MemoryLayout<T>.stride
        return try body(UnsafeMutableBufferPointer(start: storage.pointer.assumingMemoryBound(to: T.self), count: n))
    }

    /// The value of type `T` at element index `index`.
    @inlinable
    public func load<T: BitwiseCopyable>(_ index: Int, as type: T.Type) -> T {
        precondition(index >= 0 && (index &+ 1) &* MemoryLayout<T>.stride <= count, "Buffer index out of range")
        return storage.pointer.load(fromByteOffset: index &* MemoryLayout<T>.stride, as: T.self)
    }

    /// The number of whole `T` values the buffer holds.
    @inlinable
    public func elementCount<T>(of type: T.Type) -> Int { count / MemoryLayout<T>.stride }

    /// The bytes as an array (for tests and cold paths).
    public var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    /// The values as an array (for tests and cold paths).
    public func array<T: BitwiseCopyable>(of type: T.Type) -> [T] {
        withUnsafeBufferPointer(as: T.self) { Array($0) }
    }
}

extension Buffer: Equatable {
    public static func == (lhs: Buffer, rhs: Buffer) -> Bool {
        lhs.count == rhs.count && (lhs.storage === rhs.storage || memcmp(lhs.storage.pointer, rhs.storage.pointer, lhs.count) == 0)
    }
}
