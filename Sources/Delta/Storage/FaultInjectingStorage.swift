import Columnar

/// A ``Storage`` wrapper that fails chosen operations, for testing what the log does when a
/// write fails or a writer dies mid-commit.
///
/// Each operation counts its calls; a rule fails the N-th call of an operation (optionally on
/// paths containing a substring), either before anything happens (`.fail`) or — for
/// ``putIfAbsent(_:_:)`` — after the file landed (`.failAfterWrite`, a crash after the commit
/// but before the writer learned of it).
public final class FaultInjectingStorage: Storage, @unchecked Sendable {
    /// The operations faults can be injected into.
    public enum Operation: Hashable, Sendable {
        case list, read, putIfAbsent, put, delete
    }

    /// How a fault behaves.
    public enum Fault: Sendable {
        /// Throw before touching storage.
        case fail
        /// Perform the operation, then throw as if the process died before seeing the result.
        case failAfterWrite
    }

    struct Rule {
        var operation: Operation
        var call: Int
        var pathContains: String?
        var fault: Fault
    }

    /// The wrapped storage.
    public let base: any Storage
    private var rules: [Rule] = []
    private var calls: [Operation: Int] = [:]
    private let lock = Lock()

    /// Wraps `base`.
    public init(_ base: any Storage) {
        self.base = base
    }

    /// Fails the `call`-th (1-based, counted from now) call of `operation` on a path
    /// containing `pathContains` (any path when nil).
    public func inject(_ fault: Fault, on operation: Operation, call: Int = 1, pathContains: String? = nil) {
        lock.withLock {
            let next = (calls[operation] ?? 0) + call
            rules.append(Rule(operation: operation, call: next, pathContains: pathContains, fault: fault))
        }
    }

    /// Number of calls of `operation` so far.
    public func count(_ operation: Operation) -> Int { lock.withLock { calls[operation] ?? 0 } }

    private func check(_ operation: Operation, _ path: String) -> Fault? {
        lock.withLock {
            let n = (calls[operation] ?? 0) + 1
            calls[operation] = n
            guard let i = rules.firstIndex(where: {
                $0.operation == operation && $0.call <= n && ($0.pathContains.map { path.contains($0) } ?? true)
            }) else { return nil }
            return rules.remove(at: i).fault
        }
    }

    private func injected(_ operation: Operation, _ path: String) -> DeltaError {
        DeltaError(.io, "injected fault in \(operation) of '\(path)'", table: base.location)
    }

    public var location: String { base.location }

    public func localPath(_ path: String) -> String? { base.localPath(path) }

    public func list(_ directory: String) throws -> [StorageEntry] {
        if check(.list, directory) != nil { throw injected(.list, directory) }
        return try base.list(directory)
    }

    public func read(_ path: String) throws -> Buffer {
        if check(.read, path) != nil { throw injected(.read, path) }
        return try base.read(path)
    }

    public func status(_ path: String) throws -> StorageEntry? {
        try base.status(path)
    }

    public func putIfAbsent(_ path: String, _ bytes: UnsafeRawBufferPointer) throws -> Bool {
        switch check(.putIfAbsent, path) {
        case .fail?: throw injected(.putIfAbsent, path)
        case .failAfterWrite?:
            _ = try base.putIfAbsent(path, bytes)
            throw injected(.putIfAbsent, path)
        case nil: return try base.putIfAbsent(path, bytes)
        }
    }

    public func put(_ path: String, _ bytes: UnsafeRawBufferPointer) throws {
        switch check(.put, path) {
        case .fail?: throw injected(.put, path)
        case .failAfterWrite?:
            try base.put(path, bytes)
            throw injected(.put, path)
        case nil: try base.put(path, bytes)
        }
    }

    public func delete(_ path: String) throws {
        if check(.delete, path) != nil { throw injected(.delete, path) }
        try base.delete(path)
    }
}
