#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs work on a fresh thread with a large stack and waits for it, so that deep (but bounded)
/// recursion never depends on the caller's stack size (Swift concurrency threads may have
/// small stacks, and debug builds use large frames).
enum LargeStack {
    /// The stack size of parser threads: room for ``Parser/maximumDepth`` levels of the
    /// parser's deepest recursion in a debug build, several times over. Only touched pages
    /// are committed.
    static let size = 32 << 20

    private final class Job: @unchecked Sendable {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Runs `body` on a new thread and returns after it finished; returns false (without
    /// running `body`) when no thread could be created.
    static func run(_ body: @escaping () -> Void) -> Bool {
        var attributes = pthread_attr_t()
        guard pthread_attr_init(&attributes) == 0 else { return false }
        defer { pthread_attr_destroy(&attributes) }
        guard pthread_attr_setstacksize(&attributes, size) == 0 else { return false }
        let job = Unmanaged.passRetained(Job(body))
        #if canImport(Darwin)
        var thread: pthread_t?
        let rc = pthread_create(&thread, &attributes, { context in
            Unmanaged<Job>.fromOpaque(context).takeRetainedValue().body()
            return nil
        }, job.toOpaque())
        guard rc == 0, let thread else {
            job.release()
            return false
        }
        pthread_join(thread, nil)
        #else
        var thread = pthread_t()
        let rc = pthread_create(&thread, &attributes, { context in
            if let context { Unmanaged<Job>.fromOpaque(context).takeRetainedValue().body() }
            return nil
        }, job.toOpaque())
        guard rc == 0 else {
            job.release()
            return false
        }
        pthread_join(thread, nil)
        #endif
        return true
    }
}
