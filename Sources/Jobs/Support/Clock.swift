#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall-clock and monotonic time, and sleeping.
enum Clock {
    /// Milliseconds since the Unix epoch.
    static func nowMillis() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    /// Monotonic milliseconds (for deadlines and durations).
    static func monotonicMillis() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    /// Sleeps `millis` milliseconds.
    static func sleep(millis: Int64) {
        guard millis > 0 else { return }
        var request = timespec(tv_sec: Int(millis / 1000), tv_nsec: Int(millis % 1000) * 1_000_000)
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }

    /// `2026-03-01T10:15:00Z`-style UTC text for a millisecond timestamp.
    static func isoUTC(_ millis: Int64) -> String {
        let c = CivilTime(epochSeconds: millis >= 0 ? millis / 1000 : (millis - 999) / 1000)
        return c.isoText + "Z"
    }
}
