#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall-clock time in milliseconds since the epoch.
enum Clock {
    static func nowMillis() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    /// Sleeps for `millis` milliseconds.
    static func sleep(millis: Int) {
        var ts = timespec(tv_sec: millis / 1000, tv_nsec: (millis % 1000) * 1_000_000)
        nanosleep(&ts, nil)
    }
}
